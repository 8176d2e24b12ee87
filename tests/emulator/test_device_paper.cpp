// Paper: without it printing commands get 6Bh; when it runs out half way through a
// document the document stays signed, the device waits in submode 2, then 3 once paper is
// loaded, refusing printing commands with 58h until "continue printing" (B0h).
#include "device_fixture.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
namespace dev = ws::shtrih::device_error;

TEST_CASE("without paper printing commands are refused with 6Bh", "[device][paper]") {
  device_fixture f("no-paper");
  f.register_fn();
  f.open_shift();
  f.device->set_paper_present(false);
  CHECK(f.submode() == 1);
  const auto status = f.ok<shtrih::short_status_reply>(shtrih::short_status_request{});
  CHECK((status.flags & shtrih::kkt_flag::receipt_paper) == 0);
  CHECK(f.error_of(shtrih::open_receipt_request{}) == dev::no_receipt_paper);
  CHECK(f.error_of(f.item(100)) == dev::no_receipt_paper);
  CHECK(f.error_of(shtrih::x_report_request{}) == dev::no_receipt_paper);
  CHECK(f.error_of(shtrih::z_report_request{}) == dev::no_receipt_paper);
  CHECK(f.last_document() == 2);  // nothing was signed
  f.device->set_paper_present(true);
  CHECK(f.submode() == 0);
  CHECK(f.ok<shtrih::short_status_reply>(shtrih::short_status_request{}).flags & shtrih::kkt_flag::receipt_paper);
  f.sell(100);
  CHECK(f.last_document() == 3);
}

TEST_CASE("paper running out mid-receipt needs B0h to continue", "[device][paper]") {
  device_fixture f("paper-out");
  f.register_fn();
  f.open_shift();
  f.ok<shtrih::position_reply>(f.item(2500));
  f.device->paper_runs_out_after_lines(5);  // the receipt needs 12 + 3 lines

  const auto close = f.send(f.cash(2500));
  CHECK(shtrih::parse_reply_header(close.reply).error == dev::no_receipt_paper);
  CHECK(close.busy_for == std::chrono::milliseconds(100 + 5 * 10));
  // The FN signed the receipt before the printer stopped: the host finds it by number.
  CHECK(f.last_document() == 3);
  CHECK(f.find(3).document_type == 3);
  CHECK(f.mode() == 0x02);  // the receipt is closed
  CHECK(f.submode() == 2);
  CHECK(f.error_of(shtrih::continue_print_request{}) == dev::no_receipt_paper);
  CHECK(f.error_of(shtrih::open_receipt_request{}) == dev::no_receipt_paper);

  f.device->set_paper_present(true);
  CHECK(f.submode() == 3);
  CHECK(f.error_of(shtrih::open_receipt_request{}) == dev::waiting_continue);
  CHECK(f.error_of(f.item(100)) == dev::waiting_continue);
  CHECK(f.error_of(shtrih::x_report_request{}) == dev::waiting_continue);
  CHECK(f.error_of(shtrih::open_shift_request{}) == dev::shift_already_open);  // state rules come first
  // Commands that print nothing still work.
  CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).last_document_number == 3);

  const auto resumed = f.send(shtrih::continue_print_request{});
  CHECK(shtrih::continue_print_reply::decode(resumed.reply).operator_number == 1);
  CHECK(resumed.busy_for == std::chrono::milliseconds(100 + 10 * 10));  // the 10 lines left
  CHECK(f.submode() == 0);
  f.sell(100);
  CHECK(f.last_document() == 4);
}

TEST_CASE("a report interrupted by the paper continues after B0h", "[device][paper]") {
  device_fixture f("x-out");
  f.register_fn();
  f.device->paper_runs_out_after_lines(0);
  CHECK(f.error_of(shtrih::x_report_request{}) == dev::no_receipt_paper);
  CHECK(f.submode() == 2);
  f.device->set_paper_present(true);
  CHECK(f.submode() == 3);
  CHECK(f.send(shtrih::continue_print_request{}).busy_for == std::chrono::milliseconds(100 + 18 * 10));
  CHECK(f.submode() == 0);
}

TEST_CASE("printing takes time per document and per line", "[device][paper]") {
  device_fixture f("busy");
  f.register_fn();
  CHECK(f.send(shtrih::open_shift_request{}).busy_for == std::chrono::milliseconds(100 + 14 * 10));
  f.ok<shtrih::position_reply>(f.item(100));
  f.ok<shtrih::position_reply>(f.item(200));
  CHECK(f.send(f.cash(300)).busy_for == std::chrono::milliseconds(100 + (12 + 2 * 3) * 10));
  CHECK(f.send(shtrih::short_status_request{}).busy_for == std::chrono::milliseconds(0));
}
