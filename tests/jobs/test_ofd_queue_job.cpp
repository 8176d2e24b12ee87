// The OFD queue job (FF39h) against the emulator model: documents wait for their OFD
// ticket, which the model gives ofd_ack_delay (2 s) after each, while online.

#include "actors/jobs/ofd_queue_job.hpp"
#include "job_test_support.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

TEST_CASE("ofd queue job counts documents waiting for their OFD ticket", "[jobs][ofd]") {
  registered_device d("ofd-queue");
  d.device->set_ofd_online(false);  // no tickets come while the OFD is unreachable
  auto shift = make_open_shift_job();
  run_job(*shift, *d.device);
  REQUIRE(shift->failure().kind == failure_kind::none);

  ofd_queue_job waiting;
  run_job(waiting, *d.device);
  REQUIRE(waiting.failure().kind == failure_kind::none);
  CHECK(waiting.result().queue_size == 2);  // the registration report and the shift opening
  CHECK(waiting.result().first_document_number == 1);
  CHECK((waiting.result().status & shtrih::ofd_exchange::connected) == 0);
  CHECK((waiting.result().status & shtrih::ofd_exchange::has_message) != 0);
  // The registration report's time: the test day, 2026-03-02 10:00.
  CHECK(waiting.result().first_document_time == shtrih::fn_date_time{shtrih::date{2, 3, 26}, 10, 0});

  d.device->set_ofd_online(true);
  d.wait(std::chrono::seconds(60));
  ofd_queue_job sent;
  run_job(sent, *d.device);
  REQUIRE(sent.failure().kind == failure_kind::none);
  CHECK(sent.result().queue_size == 0);
  CHECK(sent.result().first_document_number == 0);
  CHECK((sent.result().status & shtrih::ofd_exchange::connected) != 0);
}
