// Wiping data on the emulated register: FF07h "reset FN state" (request code 16h), which
// only a debug FN takes (fn-1.2-description 7.7, "Отладочные команды"), and 27h general
// clearing of the KKT's own registers, which leaves the FN alone.

#include <catch2/catch.hpp>

#include "tests/emulator/device_fixture.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
namespace fn_phase = ws::shtrih::fn_phase;

namespace {

shtrih::fn_status_reply fn_status(device_fixture& fx) {
  return fx.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{});
}

/// Registered (FD 1), a shift (FD 2) and one receipt of 100.00 (FD 3).
void a_day_of_sales(device_fixture& fx) {
  fx.register_fn();
  fx.open_shift();
  fx.sell(10000);
}

}  // namespace

TEST_CASE("a debug FN takes FF07h and is blank and unfiscalised after it", "[emulator][clearing]") {
  device_fixture fx("fn-reset-debug");
  fx.device->set_fn_debug(true);
  CHECK_FALSE(fx.ok<shtrih::fn_version_reply>(shtrih::fn_version_request{}).release);  // FF04h: debug version
  a_day_of_sales(fx);
  const std::string fn_number = fn_status(fx).fn_number;

  CHECK(fx.error_of(shtrih::fn_reset_request{}) == 0);
  const auto blank = fn_status(fx);
  CHECK(blank.phase == fn_phase::configured);
  CHECK(blank.last_document_number == 0);
  CHECK_FALSE(blank.shift_open);
  CHECK(blank.fn_number == fn_number);  // the same FN, wiped
  shtrih::find_document_request first;
  first.document_number = 1;
  CHECK(fx.error_of(first) == shtrih::fn_error::wrong_state);  // an unfiscalised FN has no archive to read
  CHECK(fx.ok<shtrih::full_status_reply>(shtrih::full_status_request{}).inn == 0xFFFFFFFFFFFFull);  // no INN
  CHECK(shtrih::mode_number(fx.mode()) == shtrih::kkt_mode::shift_closed);

  // It is kept so across a restart, and fiscalises again from document 1.
  fx.reopen();
  CHECK(fn_status(fx).last_document_number == 0);
  CHECK(fx.device->fn_debug());
  CHECK(fx.register_fn().document_number == 1);
}

TEST_CASE("a production FN refuses FF07h with FN error 01h and keeps everything", "[emulator][clearing]") {
  device_fixture fx("fn-reset-production");
  CHECK(fx.ok<shtrih::fn_version_reply>(shtrih::fn_version_request{}).release);  // FF04h: serial version
  a_day_of_sales(fx);
  const auto before = fn_status(fx);

  CHECK(fx.error_of(shtrih::fn_reset_request{}) == shtrih::fn_error::bad_command);
  const auto after = fn_status(fx);
  CHECK(after.phase == before.phase);
  CHECK(after.last_document_number == 3);
  CHECK(after.shift_open);
  CHECK(fx.find(3).document_type == 3);  // the receipt is still there
}

TEST_CASE("a debug FN refuses FF07h with another request code or a document under way", "[emulator][clearing]") {
  device_fixture fx("fn-reset-refusals");
  fx.device->set_fn_debug(true);
  a_day_of_sales(fx);
  shtrih::fn_reset_request other_code;
  other_code.request_code = 0x01;
  CHECK(fx.error_of(other_code) == shtrih::fn_error::bad_command);
  shtrih::fn_reset_request cashier;
  cashier.password = shtrih::default_operator_password;
  CHECK(fx.error_of(cashier) == shtrih::device_error::wrong_password);
  fx.ok<shtrih::position_reply>(fx.item(500));  // a receipt open
  CHECK(fx.error_of(shtrih::fn_reset_request{}) == shtrih::fn_error::wrong_state);
  CHECK(fn_status(fx).last_document_number == 3);
}

TEST_CASE("27h general clearing zeroes the KKT's registers between shifts and leaves the FN alone",
          "[emulator][clearing]") {
  device_fixture fx("general-clearing");
  a_day_of_sales(fx);
  CHECK(fx.device->registers().receipts == 1);
  CHECK(fx.device->registers().totals_by_sign[0] == 10000);

  CHECK(fx.error_of(shtrih::general_clearing_request{}) == shtrih::device_error::not_in_mode);  // shift open
  CHECK(fx.device->registers().receipts == 1);
  fx.ok<shtrih::z_report_reply>(shtrih::z_report_request{});  // FD 4
  shtrih::general_clearing_request cashier;
  cashier.password = shtrih::default_operator_password;
  CHECK(fx.error_of(cashier) == shtrih::device_error::wrong_password);

  CHECK(fx.error_of(shtrih::general_clearing_request{}) == 0);
  CHECK(fx.device->registers().cleared());
  CHECK(fn_status(fx).last_document_number == 4);
  CHECK(fx.find(3).document_type == 3);  // the receipt is still there
  CHECK(fx.error_of(shtrih::general_clearing_request{}) == shtrih::device_error::already_cleared);

  fx.reopen();
  CHECK(fx.device->registers().cleared());
}
