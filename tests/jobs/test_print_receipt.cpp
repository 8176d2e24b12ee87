#include "actors/jobs/print_receipt_job.hpp"
#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/identify_job.hpp"
#include "job_test_support.hpp"
#include "receipt_samples.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

namespace {

print_receipt_job receipt_job(const ffd::receipt_content& c, shift_policy policy = {}) {
  return print_receipt_job(c, ffd::calculate_receipt(c), policy);
}

archived_document archived(registered_device& d, std::uint32_t number) {
  return parse_archived_document(d.find(number));
}

}  // namespace

TEST_CASE("print receipt opens the shift and prints once", "[jobs][receipt]") {
  registered_device d("receipt-happy");
  auto job = receipt_job(milk_and_bread());
  run_job(job, *d.device);
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(job.opened_shift());
  CHECK_FALSE(job.cancelled_open_receipt());
  // FD 1 registration, FD 2 shift open, FD 3 this receipt.
  CHECK(d.device->last_document_number() == 3);
  CHECK(job.result().document_number == 3);
  CHECK(job.result().total == 22530);
  CHECK(job.result().fn_number == d.device->fn_serial_number());
  CHECK_FALSE(job.result().recovered);
  CHECK(job.result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(job.result().receipt_in_shift == std::optional<std::uint32_t>(1));
  CHECK(job.result().change == 0);
  const archived_document doc = archived(d, 3);
  CHECK(doc.document_type == form::receipt);
  CHECK(doc.total == std::optional<std::uint64_t>(22530));
  CHECK(doc.settlement_sign == std::optional<std::uint8_t>(1));
  CHECK(doc.fiscal_sign == job.result().fiscal_sign);
  CHECK(doc.date_time == job.result().date_time);

  // The second receipt needs no shift work: FD 4.
  auto second = receipt_job(single_row(1000));
  run_job(second, *d.device);
  REQUIRE(second.failure().kind == failure_kind::none);
  CHECK_FALSE(second.opened_shift());
  CHECK(second.result().document_number == 4);
  CHECK(second.result().receipt_in_shift == std::optional<std::uint32_t>(2));
  CHECK(archived(d, 4).total == std::optional<std::uint64_t>(1000));
}

TEST_CASE("print receipt renews a shift over 24 hours", "[jobs][receipt][shift]") {
  registered_device d("receipt-renew");
  auto first = receipt_job(single_row(500));
  run_job(first, *d.device);
  REQUIRE(first.failure().kind == failure_kind::none);  // FD 2 shift open, FD 3 receipt
  d.wait(std::chrono::hours(25));
  auto job = receipt_job(single_row(700));
  run_job(job, *d.device);
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(job.closed_shift());
  CHECK(job.opened_shift());
  // FD 4 shift close, FD 5 shift open, FD 6 the receipt.
  CHECK(archived(d, 4).document_type == form::shift_close);
  CHECK(archived(d, 5).document_type == form::shift_open);
  CHECK(job.result().document_number == 6);
  CHECK(d.device->last_document_number() == 6);
}

TEST_CASE("print receipt renews a shift about to pass 24 hours", "[jobs][receipt][shift]") {
  registered_device d("receipt-margin");
  auto first = receipt_job(single_row(500));
  run_job(first, *d.device);
  REQUIRE(first.failure().kind == failure_kind::none);
  // 23 h 50 min in: within the 15 minute margin.
  d.wait(std::chrono::hours(23) + std::chrono::minutes(50));
  auto job = receipt_job(single_row(700));
  run_job(job, *d.device);
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(job.closed_shift());
  CHECK(job.result().document_number == 6);

  // 23 h 30 min into the new shift with a 15 minute margin: kept.
  d.wait(std::chrono::hours(23) + std::chrono::minutes(30));
  auto kept = receipt_job(single_row(900));
  run_job(kept, *d.device);
  REQUIRE(kept.failure().kind == failure_kind::none);
  CHECK_FALSE(kept.closed_shift());
  CHECK(kept.result().document_number == 7);
}

TEST_CASE("print receipt with the shift policy off is wrong_state", "[jobs][receipt][shift]") {
  registered_device d("receipt-policy-off");
  shift_policy off;
  off.manage_shift = false;
  auto closed = receipt_job(single_row(500), off);
  run_job(closed, *d.device);
  CHECK(closed.failure().kind == failure_kind::wrong_state);
  CHECK(d.device->last_document_number() == 1);

  auto opener = make_open_shift_job();
  run_job(*opener, *d.device);
  REQUIRE(opener->failure().kind == failure_kind::none);
  d.wait(std::chrono::hours(25));
  auto expired = receipt_job(single_row(500), off);
  run_job(expired, *d.device);
  CHECK(expired.failure().kind == failure_kind::wrong_state);
  CHECK(d.device->last_document_number() == 2);
}

TEST_CASE("print receipt cancels a receipt left open", "[jobs][receipt]") {
  registered_device d("receipt-left-open");
  auto opener = make_open_shift_job();
  run_job(*opener, *d.device);
  REQUIRE(opener->failure().kind == failure_kind::none);
  shtrih::open_receipt_request open;
  REQUIRE(shtrih::parse_reply_header(d.device->execute(open.encode()).reply).error == 0);
  REQUIRE(shtrih::mode_number(d.mode()) == shtrih::kkt_mode::document_open);
  auto job = receipt_job(single_row(1234));
  run_job(job, *d.device);
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(job.cancelled_open_receipt());
  CHECK(job.result().document_number == 3);
  CHECK(archived(d, 3).total == std::optional<std::uint64_t>(1234));
}

TEST_CASE("print receipt refused by the device is a safe failure with its error", "[jobs][receipt]") {
  registered_device d("receipt-refused");
  d.device->set_paper_present(false);
  auto job = receipt_job(single_row(1000));
  run_job(job, *d.device);
  CHECK(job.failure().kind == failure_kind::safe);
  REQUIRE(job.failure().device_error.has_value());
  CHECK(*job.failure().device_error == shtrih::device_error::no_receipt_paper);
  CHECK(job.failure().device_error_text.find("6Bh") != std::string::npos);
  CHECK(d.device->last_document_number() <= 2);  // at most the shift opened
  CHECK(shtrih::mode_number(d.mode()) != shtrih::kkt_mode::document_open);
}

TEST_CASE("print receipt on an unregistered FN is wrong_state", "[jobs][receipt]") {
  registered_device d("receipt-unregistered", false);
  auto job = receipt_job(single_row(1000));
  run_job(job, *d.device);
  CHECK(job.failure().kind == failure_kind::wrong_state);
  CHECK(d.device->last_document_number() == 0);
}

TEST_CASE("a deadline before the closing command is a timeout", "[jobs][receipt]") {
  registered_device d("receipt-timeout");
  auto job = receipt_job(single_row(1000));
  for (int i = 0; i < 3; ++i) {
    auto step = job.next();
    REQUIRE(step);
    const auto answer = d.device->execute(step->command);
    job.on_outcome(shtrih::link_outcome{shtrih::link_outcome::kind::reply, answer.reply});
  }
  job.on_deadline();
  REQUIRE(job.finished());
  CHECK(job.failure().kind == failure_kind::timeout);
}

TEST_CASE("a printed receipt tells the FN's state it left exactly as FF01h reads it", "[jobs][receipt]") {
  registered_device d("receipt-fn-after");
  const auto fn_read = [&d] {
    fn_refresh_job refresh;
    run_job(refresh, *d.device);
    REQUIRE(refresh.result());
    return *refresh.result();
  };
  const auto check_same = [](const shtrih::fn_status_reply& told, const shtrih::fn_status_reply& read) {
    CHECK(told.fn_number == read.fn_number);
    CHECK(told.phase == read.phase);
    CHECK(told.shift_open == read.shift_open);
    CHECK(told.last_document_number == read.last_document_number);
  };
  // The first receipt opens the shift (FD 2) before it (FD 3); the second is FD 4; the
  // third renews a shift over 24 hours (FD 5 close, FD 6 open) before it (FD 7).
  for (const auto hours_before : {0, 0, 25}) {
    d.wait(std::chrono::hours(hours_before));
    auto job = receipt_job(single_row(1000));
    run_job(job, *d.device);
    REQUIRE(job.failure().kind == failure_kind::none);
    const auto told = job.fn_status_after();
    REQUIRE(told);
    CHECK(told->last_document_number == job.result().document_number);
    check_same(*told, fn_read());
  }
  CHECK(d.device->last_document_number() == 7);

  // A receipt the device refuses tells nothing (the runner reads FF01h itself).
  d.device->set_paper_present(false);
  auto refused = receipt_job(single_row(1000));
  run_job(refused, *d.device);
  CHECK(refused.failure().kind != failure_kind::none);
  CHECK_FALSE(refused.fn_status_after());
  d.device->set_paper_present(true);

  // Nor does one whose closing answer was lost and which was found in the archive.
  auto recovered = receipt_job(single_row(1000));
  run_job(recovered, *d.device, on_closing_command(fault::lost_after_execution));
  REQUIRE(recovered.failure().kind == failure_kind::none);
  CHECK(recovered.result().recovered);
  CHECK_FALSE(recovered.fn_status_after());
}
