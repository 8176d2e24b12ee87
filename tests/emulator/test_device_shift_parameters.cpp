// FF40h, the current shift's parameters, as the FN description gives them: state, shift
// number, and the last receipt in the shift; a closed shift keeps its numbers until the
// next one opens.

#include <catch2/catch.hpp>

#include "tests/emulator/device_fixture.hpp"

using namespace ws;
using namespace ws::emulator::testing;

namespace {

shtrih::shift_parameters_reply shift_of(device_fixture& d) {
  return d.ok<shtrih::shift_parameters_reply>(shtrih::shift_parameters_request{});
}

}  // namespace

TEST_CASE("FF40h follows the shift and its receipts", "[device][shift_parameters]") {
  device_fixture d("shift-params");
  // Before registration there are no shifts: the FN's wrong-state error.
  CHECK(d.error_of(shtrih::shift_parameters_request{}) == shtrih::fn_error::wrong_state);

  d.register_fn();
  auto s = shift_of(d);
  CHECK_FALSE(s.shift_open);
  CHECK(s.shift_number == 0);
  CHECK(s.receipt_number == 0);

  d.open_shift();
  s = shift_of(d);
  CHECK(s.shift_open);
  CHECK(s.shift_number == 1);
  CHECK(s.receipt_number == 0);

  d.sell(1000);
  d.sell(2500);
  s = shift_of(d);
  CHECK(s.shift_open);
  CHECK(s.shift_number == 1);
  CHECK(s.receipt_number == 2);

  d.ok<shtrih::z_report_reply>(shtrih::z_report_request{});
  s = shift_of(d);
  CHECK_FALSE(s.shift_open);
  CHECK(s.shift_number == 1);    // the last closed shift
  CHECK(s.receipt_number == 2);  // and its receipts

  d.open_shift();
  s = shift_of(d);
  CHECK(s.shift_open);
  CHECK(s.shift_number == 2);
  CHECK(s.receipt_number == 0);
}

TEST_CASE("FF40h wants the system administrator's password", "[device][shift_parameters]") {
  device_fixture d("shift-params-password");
  d.register_fn();
  shtrih::shift_parameters_request cashier;
  cashier.password = 1;
  CHECK(d.error_of(cashier) == shtrih::device_error::wrong_password);
}

TEST_CASE("FF40h reply wire layout", "[device][shift_parameters]") {
  // CMD FF 40, ERR 00, state 01, shift 0x0038 = 56, receipt 0x0102 = 258 (little-endian).
  const bytes wire{0xFF, 0x40, 0x00, 0x01, 0x38, 0x00, 0x02, 0x01};
  const auto r = shtrih::shift_parameters_reply::decode(wire);
  CHECK(r.shift_open);
  CHECK(r.shift_number == 56);
  CHECK(r.receipt_number == 258);
  CHECK(r.encode() == wire);
  // The vendor driver's table has no state byte: the two numbers alone.
  const auto driver = shtrih::shift_parameters_reply::decode(bytes{0xFF, 0x40, 0x00, 0x38, 0x00, 0x02, 0x01});
  CHECK(driver.shift_number == 56);
  CHECK(driver.receipt_number == 258);
  CHECK_THROWS_AS(shtrih::shift_parameters_reply::decode(bytes{0xFF, 0x40, 0x00, 0x02, 0x38, 0x00, 0x02, 0x01}),
                  format_error);
  CHECK(shtrih::shift_parameters_request{}.encode() == bytes{0xFF, 0x40, 30, 0, 0, 0});
}
