// The exact exchanges of a one-row receipt: what the register is asked, in order, on a
// shift it remembers, on the first receipt of a shift, with no memory of the shift, on a
// shift to renew; and that the answer still carries every field (FD number, fiscal sign,
// date-time, FN number, shift number, number in the shift, total).

#include <catch2/catch.hpp>

#include <vector>

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

/// Runs `j` and returns the command codes it sent, in order.
std::vector<std::uint16_t> exchanges_of(job& j, registered_device& d, fault_plan faults = {}) {
  std::vector<std::uint16_t> codes;
  run_job(j, *d.device, [&codes, faults](const step_info& s) {
    codes.push_back(s.code().value());
    return faults ? faults(s) : fault::none;
  });
  INFO(j.failure().message);
  REQUIRE(j.failure().kind == failure_kind::none);
  return codes;
}

/// The FN's own record of receipt `number`, to compare the job's answer with.
void check_answer_against_archive(registered_device& d, const printed_document& r, std::uint32_t number,
                                  std::uint64_t total) {
  CHECK(r.document_number == number);
  const archived_document doc = parse_archived_document(d.find(number));
  CHECK(doc.document_type == form::receipt);
  CHECK(r.fiscal_sign == doc.fiscal_sign);
  CHECK(r.fiscal_sign != 0);
  CHECK(r.date_time == doc.date_time);
  CHECK(r.total == total);
  CHECK(*doc.total == total);
  CHECK(r.fn_number.size() == 16);
}

using codes = std::vector<std::uint16_t>;

}  // namespace

TEST_CASE("a receipt on a remembered open shift takes six exchanges", "[jobs][exchanges]") {
  registered_device d("exchanges-known");  // FD 1: registration
  auto first = receipt(100);
  // Shift closed: open it (FF41h + FF0Bh: FD 2, shift 1), no second FF01h, no read-back.
  CHECK(exchanges_of(first, d) == codes{0x11, 0xFF01, 0xFF41, 0xFF0B, 0x8D, 0xFF46, 0xFF45, 0xFF40});
  CHECK(first.opened_shift());
  check_answer_against_archive(d, first.result(), 3, 100);
  CHECK(first.result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(first.result().receipt_in_shift == std::optional<std::uint32_t>(1));
  CHECK_FALSE(first.result().recovered);
  const auto known = first.known_shift();
  REQUIRE(known);
  CHECK(known->document_number == 2);

  d.wait(std::chrono::minutes(5));
  auto second = receipt(250);
  second.set_known_shift(*known);
  CHECK(exchanges_of(second, d) == codes{0x11, 0xFF01, 0x8D, 0xFF46, 0xFF45, 0xFF40});
  check_answer_against_archive(d, second.result(), 4, 250);
  CHECK(second.result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(second.result().receipt_in_shift == std::optional<std::uint32_t>(2));
  CHECK(second.archive_reads() == 0);
}

TEST_CASE("a receipt with no memory of the open shift reads its opening once", "[jobs][exchanges]") {
  registered_device d("exchanges-unknown");
  auto open = make_open_shift_job();
  run_job(*open, *d.device);  // FD 2
  REQUIRE(open->failure().kind == failure_kind::none);
  auto j = receipt(700);
  CHECK(exchanges_of(j, d) == codes{0x11, 0xFF01, 0xFF0A, 0x8D, 0xFF46, 0xFF45, 0xFF40});
  check_answer_against_archive(d, j.result(), 3, 700);
  CHECK(j.result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(j.result().receipt_in_shift == std::optional<std::uint32_t>(1));
}

TEST_CASE("a shift near 24 hours is renewed and the receipt still takes no extra FF01h", "[jobs][exchanges]") {
  registered_device d("exchanges-renew");
  auto first = receipt(100);  // FD 2 shift open, FD 3 receipt
  exchanges_of(first, d);
  const auto known = first.known_shift();
  REQUIRE(known);
  d.wait(std::chrono::hours(23) + std::chrono::minutes(50));  // within the 15-minute margin
  auto late = receipt(900);
  late.set_known_shift(*known);
  CHECK(exchanges_of(late, d) ==
        codes{0x11, 0xFF01, 0xFF42, 0xFF43, 0xFF41, 0xFF0B, 0x8D, 0xFF46, 0xFF45, 0xFF40});
  CHECK(late.closed_shift());
  CHECK(late.opened_shift());
  // FD 4 shift close, FD 5 shift 2 open, FD 6 the receipt.
  check_answer_against_archive(d, late.result(), 6, 900);
  CHECK(late.result().shift_number == std::optional<std::uint16_t>(2));
  CHECK(late.result().receipt_in_shift == std::optional<std::uint32_t>(1));
}

TEST_CASE("after opening the shift a lost close reply is still found by the FF0Bh number", "[jobs][exchanges]") {
  // The last document before the receipt comes from FF0Bh, not a second FF01h: recovery
  // must find the receipt right after the shift opening, and only it.
  registered_device d("exchanges-recover");
  auto j = receipt(4200);
  run_job(j, *d.device, on_closing_command(fault::lost_after_execution));
  INFO(j.failure().message);
  REQUIRE(j.failure().kind == failure_kind::none);
  CHECK(j.result().recovered);
  check_answer_against_archive(d, j.result(), 3, 4200);
  // Read from the receipt's own TLV on this path.
  CHECK(j.result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(j.result().receipt_in_shift == std::optional<std::uint32_t>(1));
  CHECK(d.device->last_document_number() == 3);

  // And a closing command lost before it ran: nothing printed, the register clean.
  auto k = receipt(4300);
  k.set_known_shift(*j.known_shift());
  run_job(k, *d.device, on_closing_command(fault::lost_before_execution));
  CHECK(k.failure().kind == failure_kind::safe);
  CHECK(d.device->last_document_number() == 3);
  CHECK(shtrih::mode_number(d.mode()) == shtrih::kkt_mode::shift_open);
}

TEST_CASE("a register that refuses FF40h still answers the shift and receipt numbers", "[jobs][exchanges]") {
  registered_device d("exchanges-no-ff40");
  auto j = receipt(1500);
  std::vector<std::uint16_t> sent;
  for (int guard = 0; !j.finished(); ++guard) {
    REQUIRE(guard < 1000);
    const auto step = j.next();
    REQUIRE(step);
    const auto code = shtrih::command_code::peek(step->command);
    sent.push_back(code.value());
    shtrih::link_outcome o;
    o.what = shtrih::link_outcome::kind::reply;
    // An older firmware: "unknown command" (FN error 01h) for FF40h.
    o.reply = code.value() == 0xFF40 ? shtrih::error_reply(code, shtrih::fn_error::bad_command)
                                     : d.device->execute(step->command).reply;
    j.on_outcome(o);
  }
  INFO(j.failure().message);
  REQUIRE(j.failure().kind == failure_kind::none);
  // FF40h refused: the receipt's TLV is read back instead.
  REQUIRE(sent.size() > 9);
  CHECK(codes(sent.begin(), sent.begin() + 9) ==
        codes{0x11, 0xFF01, 0xFF41, 0xFF0B, 0x8D, 0xFF46, 0xFF45, 0xFF40, 0xFF3A});
  check_answer_against_archive(d, j.result(), 3, 1500);
  CHECK(j.result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(j.result().receipt_in_shift == std::optional<std::uint32_t>(1));
}
