// "Never print twice" with faults on the closing command (FF45h): each success matches
// exactly one new receipt in the FN, no safe failure leaves one behind, and
// outcome_unknown names the document to check.

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/correction_receipt_job.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "job_test_support.hpp"
#include "receipt_samples.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

namespace {

/// A registered device with its shift open and one receipt printed (FD 3).
struct device_in_shift : registered_device {
  explicit device_in_shift(const std::string& name) : registered_device(name) {
    const auto c = single_row(100);
    print_receipt_job job(c, ffd::calculate_receipt(c));
    run_job(job, *device);
    REQUIRE(job.failure().kind == failure_kind::none);
    REQUIRE(device->last_document_number() == 3);
  }
};

print_receipt_job receipt_job(const ffd::receipt_content& c) {
  return print_receipt_job(c, ffd::calculate_receipt(c));
}

bool receipt_is_open(registered_device& d) {
  return shtrih::mode_number(d.mode()) == shtrih::kkt_mode::document_open;
}

}  // namespace

TEST_CASE("closing command not delivered is safe and the receipt is cancelled", "[jobs][never_twice]") {
  device_in_shift d("nt-not-delivered");
  auto job = receipt_job(single_row(4200));
  run_job(job, *d.device, on_closing_command(fault::not_delivered));
  CHECK(job.failure().kind == failure_kind::safe);
  CHECK(job.failure().command == std::optional<std::uint16_t>(0xFF45));
  CHECK(d.device->last_document_number() == 3);
  CHECK_FALSE(receipt_is_open(d));
}

TEST_CASE("closing reply lost after the device printed is a recovered success", "[jobs][never_twice]") {
  device_in_shift d("nt-lost-after");
  auto job = receipt_job(single_row(4200));
  const run_report report = run_job(job, *d.device, on_closing_command(fault::lost_after_execution));
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(report.line_waits == 1);
  CHECK(job.result().recovered);
  CHECK(job.result().document_number == 4);
  CHECK(d.device->last_document_number() == 4);
  const auto doc = parse_archived_document(d.find(4));
  CHECK(doc.total == std::optional<std::uint64_t>(4200));
  CHECK(doc.fiscal_sign == job.result().fiscal_sign);
  CHECK(job.result().receipt_in_shift == std::optional<std::uint32_t>(2));
  CHECK(job.result().shift_number == std::optional<std::uint16_t>(1));
}

TEST_CASE("closing command lost before the device ran it is safe", "[jobs][never_twice]") {
  device_in_shift d("nt-lost-before");
  auto job = receipt_job(single_row(4200));
  run_job(job, *d.device, on_closing_command(fault::lost_before_execution));
  CHECK(job.failure().kind == failure_kind::safe);
  CHECK(job.failure().message.find("not made") != std::string::npos);
  CHECK(d.device->last_document_number() == 3);
  CHECK_FALSE(receipt_is_open(d));
  // The next receipt prints normally as FD 4.
  auto next = receipt_job(single_row(4300));
  run_job(next, *d.device);
  REQUIRE(next.failure().kind == failure_kind::none);
  CHECK(next.result().document_number == 4);
}

TEST_CASE("line lost until the deadline after printing is outcome_unknown naming the FD", "[jobs][never_twice]") {
  device_in_shift d("nt-line-down-printed");
  auto job = receipt_job(single_row(4200));
  const run_report report = run_job(job, *d.device, on_closing_command(fault::line_down));
  CHECK(report.deadline_used);
  CHECK(job.failure().kind == failure_kind::outcome_unknown);
  CHECK(job.failure().document_to_check == std::optional<std::uint32_t>(4));
  CHECK(d.device->last_document_number() == 4);
  CHECK(parse_archived_document(d.find(4)).total == std::optional<std::uint64_t>(4200));
}

TEST_CASE("line lost until the deadline before printing is outcome_unknown naming the FD", "[jobs][never_twice]") {
  device_in_shift d("nt-line-down-unprinted");
  auto job = receipt_job(single_row(4200));
  run_job(job, *d.device, on_closing_command(fault::line_down_unexecuted));
  CHECK(job.failure().kind == failure_kind::outcome_unknown);
  CHECK(job.failure().document_to_check == std::optional<std::uint32_t>(4));
  CHECK(d.device->last_document_number() == 3);  // FD 4 does not exist: the caller finds that out
}

TEST_CASE("paper out while closing is resolved from the archive", "[jobs][never_twice]") {
  device_in_shift d("nt-paper");
  d.device->paper_runs_out_after_lines(2);
  auto job = receipt_job(milk_and_bread());
  run_job(job, *d.device);
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(job.result().recovered);
  CHECK(job.result().document_number == 4);
  CHECK(d.device->last_document_number() == 4);
  CHECK(parse_archived_document(d.find(4)).total == std::optional<std::uint64_t>(22530));
  // Paper loaded: the next receipt sends B0h for the waiting printout, then prints FD 5.
  d.device->set_paper_present(true);
  auto next = receipt_job(single_row(555));
  run_job(next, *d.device);
  REQUIRE(next.failure().kind == failure_kind::none);
  CHECK(next.result().document_number == 5);
}

TEST_CASE("lost reply to the shift-open command is recovered", "[jobs][never_twice]") {
  registered_device d("nt-open-shift");
  auto job = make_open_shift_job();
  run_job(*job, *d.device, on_closing_command(fault::lost_after_execution));
  REQUIRE(job->failure().kind == failure_kind::none);
  CHECK(job->result().recovered);
  CHECK(job->result().document_number == 2);
  CHECK(job->result().shift_number == std::optional<std::uint16_t>(1));

  auto again = make_open_shift_job();
  run_job(*again, *d.device);
  CHECK(again->failure().kind == failure_kind::wrong_state);
  CHECK(d.device->last_document_number() == 2);
}

TEST_CASE("a closing command refused with a state error is wrong_state and leaves nothing", "[jobs][never_twice]") {
  device_in_shift d("nt-refused-close");
  auto job = receipt_job(single_row(4200));
  // The shift passes 24 hours between the last row and the close.
  run_job(job, *d.device, [&d](const step_info& s) {
    if (s.step->closes_document) d.wait(std::chrono::hours(25));
    return fault::none;
  });
  CHECK(job.failure().kind == failure_kind::wrong_state);
  CHECK(job.failure().command == std::optional<std::uint16_t>(0xFF45));
  REQUIRE(job.failure().device_error.has_value());
  CHECK(job.failure().device_error_text.find("ФН") != std::string::npos);
  CHECK(d.device->last_document_number() == 3);
  CHECK_FALSE(receipt_is_open(d));
}

TEST_CASE("lost reply to a correction receipt is recovered once", "[jobs][never_twice]") {
  device_in_shift d("nt-correction");
  ffd::correction_content c;
  c.taxes = {ffd::correction_tax_amount{ffd::correction_tax::nds_none, ffd::money{777}}};
  c.payments = {ffd::payment{ffd::payment_type::cash, ffd::money{777}}};
  correction_receipt_job job(c);
  run_job(job, *d.device, on_closing_command(fault::lost_after_execution));
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(job.result().recovered);
  CHECK(job.result().document_number == 4);
  CHECK(d.device->last_document_number() == 4);

  correction_receipt_job unsent(c);
  run_job(unsent, *d.device, on_closing_command(fault::lost_before_execution));
  CHECK(unsent.failure().kind == failure_kind::safe);
  CHECK(d.device->last_document_number() == 4);
}

TEST_CASE("a status read lost during the resolution is asked again", "[jobs][never_twice]") {
  device_in_shift d("nt-retry-resolve");
  auto job = receipt_job(single_row(4200));
  // The close is executed and its reply lost; the first FF01h of the resolution is lost too.
  int closing_seen = 0;
  run_job(job, *d.device, [&closing_seen](const step_info& s) {
    if (s.step->closes_document) {
      ++closing_seen;
      return fault::lost_after_execution;
    }
    if (closing_seen == 1 && s.code() == shtrih::cmd::fn_status) {
      ++closing_seen;
      return fault::lost_before_execution;
    }
    return fault::none;
  });
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(closing_seen == 2);
  CHECK(job.result().recovered);
  CHECK(job.result().document_number == 4);
  CHECK(d.device->last_document_number() == 4);
}

TEST_CASE("power cycle instead of the close is safe and the receipt is gone", "[jobs][never_twice]") {
  device_in_shift d("nt-power-cycle");
  auto job = receipt_job(single_row(4200));
  run_job(job, *d.device, on_closing_command(fault::power_cycle));
  CHECK(job.failure().kind == failure_kind::safe);
  CHECK(d.device->last_document_number() == 3);
  CHECK_FALSE(receipt_is_open(d));
}

TEST_CASE("deadline with the closing command handed out is outcome_unknown", "[jobs][never_twice]") {
  device_in_shift d("nt-deadline-closing");
  auto job = receipt_job(single_row(4200));
  run_job(job, *d.device, on_closing_command(fault::deadline));
  CHECK(job.failure().kind == failure_kind::outcome_unknown);
  CHECK(job.failure().document_to_check == std::optional<std::uint32_t>(4));
}
