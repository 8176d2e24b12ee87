// The shift opening a register hands a receipt job (job::set_known_shift): used without
// any archive read while it names the device's open shift, ignored when it is stale.

#include <catch2/catch.hpp>

#include "actors/jobs/fn_lifecycle_jobs.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "tests/jobs/job_test_support.hpp"
#include "tests/jobs/receipt_samples.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

namespace {

print_receipt_job receipt(std::int64_t kopecks) {
  const auto content = single_row(kopecks);
  return print_receipt_job(content, ffd::calculate_receipt(content));
}

void run_ok(job& j, registered_device& d) {
  run_job(j, *d.device);
  INFO(j.failure().message);
  REQUIRE(j.failure().kind == failure_kind::none);
}

}  // namespace

TEST_CASE("a known shift opening spares every archive read", "[jobs][shift_memory]") {
  registered_device d("known-shift");
  auto open = make_open_shift_job();
  run_ok(*open, d);
  const auto from_open = open->known_shift();
  REQUIRE(from_open);
  CHECK(from_open->document_number == 2);
  CHECK(from_open->shift_number == 1);
  CHECK_FALSE(from_open->opened_minutes);  // FF0Bh carries no time

  auto first = receipt(100);
  first.set_known_shift(*from_open);
  run_ok(first, d);
  CHECK(first.archive_reads() == 1);  // the opening's time, once
  const auto learnt = first.known_shift();
  REQUIRE(learnt);
  REQUIRE(learnt->opened_minutes);
  // The shift was opened at the test day's start, 2026-03-02 10:00.
  CHECK(*learnt->opened_minutes == minutes_since_2000(shtrih::date{2, 3, 26}, 10, 0));

  d.wait(std::chrono::hours(2));
  auto second = receipt(200);
  second.set_known_shift(*learnt);
  run_ok(second, d);
  CHECK(second.archive_reads() == 0);
  CHECK_FALSE(second.closed_shift());
  CHECK(second.result().document_number == 4);
  CHECK(d.device->last_document_number() == 4);
}

TEST_CASE("a stale known shift is checked against the device and ignored", "[jobs][shift_memory]") {
  registered_device d("stale-shift");
  auto open = make_open_shift_job();
  run_ok(*open, d);  // FD 2: shift 1
  auto close = make_close_shift_job();
  run_ok(*close, d);  // FD 3
  auto reopen = make_open_shift_job();
  run_ok(*reopen, d);  // FD 4: shift 2

  // Shift 1's opening, and a time that would call for renewal if it were believed.
  auto job = receipt(300);
  job.set_known_shift(shift_opening{2, 1, std::int64_t{0}});
  run_ok(job, d);
  CHECK_FALSE(job.closed_shift());      // not renewed on the stale time
  CHECK(job.archive_reads() == 1);      // walked back from FD 4, the opening of shift 2
  const auto learnt = job.known_shift();
  REQUIRE(learnt);
  CHECK(learnt->document_number == 4);
  CHECK(learnt->shift_number == 2);
  CHECK(job.result().document_number == 5);
  CHECK(d.device->last_document_number() == 5);
}
