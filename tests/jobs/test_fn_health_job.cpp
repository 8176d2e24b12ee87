// The register's health read (FF39h, and FF03h when asked) against the emulator model:
// the OFD backlog with its oldest document, the FN's expiry date, and a question the
// device does not answer left empty without failing the job.

#include "actors/jobs/fn_health_job.hpp"
#include "job_test_support.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

TEST_CASE("the health read gives the OFD backlog and the FN expiry when asked for it", "[jobs][health]") {
  registered_device d("health-read");
  d.device->set_ofd_online(false);  // the registration report waits for its ticket

  fn_health_job with_expiry(true);
  const auto report = run_job(with_expiry, *d.device);
  REQUIRE(with_expiry.failure().kind == failure_kind::none);
  CHECK(report.steps == 2);
  REQUIRE(with_expiry.result().ofd);
  CHECK(with_expiry.result().ofd->queue_size == 1);
  CHECK(with_expiry.result().ofd->first_document_number == 1);
  REQUIRE(with_expiry.result().expiry);
  CHECK(with_expiry.result().expiry->expiry.year > 26);  // years after the test day of 2026

  fn_health_job without_expiry(false);
  CHECK(run_job(without_expiry, *d.device).steps == 1);
  CHECK(without_expiry.result().ofd);
  CHECK_FALSE(without_expiry.result().expiry);
}

TEST_CASE("a health read the device does not answer ends with nothing read and no failure", "[jobs][health]") {
  registered_device d("health-silent");
  fn_health_job silent(true);
  const auto report = run_job(silent, *d.device, [](const step_info&) { return fault::lost_before_execution; });
  CHECK(silent.failure().kind == failure_kind::none);
  CHECK(report.steps == 1);  // no FF03h after an unanswered FF39h
  CHECK_FALSE(silent.result().ofd);
  CHECK_FALSE(silent.result().expiry);
}
