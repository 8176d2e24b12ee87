// Every rule of the model answers with its own error code in the wrong state. Each table
// row is a state the device is brought to, a command, and the ERR byte it must get.
#include "device_fixture.hpp"

#include <functional>

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
namespace dev = ws::shtrih::device_error;
namespace fnerr = ws::shtrih::fn_error;

namespace {

struct rule_case {
  const char* what;
  std::function<void(device_fixture&)> setup;
  std::function<bytes(device_fixture&)> command;
  std::uint8_t expected;
};

void registered(device_fixture& f) { f.register_fn(); }
void shift_open(device_fixture& f) {
  f.register_fn();
  f.open_shift();
}
void receipt_open(device_fixture& f) {
  shift_open(f);
  f.ok<shtrih::position_reply>(f.item(10000));
}
void shift_expired(device_fixture& f) {
  shift_open(f);
  f.device->advance_clock(std::chrono::hours(24) + std::chrono::seconds(1));
}
void receipt_open_then_expired(device_fixture& f) {
  receipt_open(f);
  f.device->advance_clock(std::chrono::hours(25));
}

template <class Request>
std::function<bytes(device_fixture&)> send(Request r) {
  return [r](device_fixture&) { return r.encode(); };
}

shtrih::close_receipt_request paying(std::uint64_t cash, std::uint64_t electronic = 0) {
  shtrih::close_receipt_request c;
  c.payments[shtrih::payment_slot::cash] = cash;
  c.payments[shtrih::payment_slot::electronic] = electronic;
  return c;
}

template <class Request>
Request with_password(Request r, std::uint32_t password) {
  r.password = password;
  return r;
}

shtrih::find_document_request find(std::uint32_t n) {
  shtrih::find_document_request r;
  r.document_number = n;
  return r;
}

}  // namespace

TEST_CASE("each rule answers with its error code in the wrong state", "[device][rules]") {
  const auto position = [](std::uint64_t price, shtrih::settlement_sign sign = shtrih::settlement_sign::income) {
    shtrih::position_request p;
    p.price = price;
    p.operation = sign;
    p.vat = shtrih::vat_code::vat20;
    p.name = "x";
    return p;
  };
  shtrih::legacy_sale_request legacy_sale;
  legacy_sale.price = 100;
  legacy_sale.text = "x";
  shtrih::registration_request registration;
  registration.params.inn = "7701234567";
  registration.params.registration_number = "1";

  const std::vector<rule_case> cases = {
      // FN phase: nothing fiscal before registration.
      {"E0h before registration", {}, send(shtrih::open_shift_request{}), dev::not_fiscalized},
      {"8Dh before registration", {}, send(shtrih::open_receipt_request{}), dev::not_fiscalized},
      {"FF41h before registration", {}, send(shtrih::fn_begin_open_shift_request{}), fnerr::wrong_state},
      {"FF46h before registration", {}, send(position(100)), fnerr::wrong_state},
      {"FF0Ah before registration", {}, send(find(1)), fnerr::wrong_state},
      {"FF06h without FF05h", {}, send(registration), fnerr::wrong_state},
      {"FF05h when registered", registered, send(shtrih::begin_registration_request{}), fnerr::wrong_state},
      // Shift not open.
      {"8Dh shift closed", registered, send(shtrih::open_receipt_request{}), dev::shift_not_open},
      {"80h shift closed", registered, send(legacy_sale), dev::shift_not_open},
      {"FF46h shift closed", registered, send(position(100)), dev::shift_not_open_operation},
      {"41h shift closed", registered, send(shtrih::z_report_request{}), dev::shift_not_open},
      {"FF42h shift closed", registered, send(shtrih::fn_begin_close_shift_request{}), fnerr::wrong_state},
      // Shift already open.
      {"E0h shift open", shift_open, send(shtrih::open_shift_request{}), dev::shift_already_open},
      {"FF41h shift open", shift_open, send(shtrih::fn_begin_open_shift_request{}), fnerr::wrong_state},
      {"FF3Dh shift open", shift_open, send(shtrih::begin_close_fn_request{}), fnerr::wrong_state},
      // Receipt closed.
      {"FF45h no receipt", shift_open, send(paying(100)), dev::receipt_closed},
      {"85h no receipt", shift_open, send(shtrih::legacy_close_receipt_request{}), dev::receipt_closed},
      {"88h no receipt", shift_open, send(shtrih::cancel_receipt_request{}), dev::receipt_closed},
      {"FF4Dh no receipt", shift_open, send(shtrih::position_tlv_request{}), dev::receipt_closed},
      // Receipt open.
      {"8Dh receipt open", receipt_open, send(shtrih::open_receipt_request{}), dev::receipt_open},
      {"E0h receipt open", receipt_open, send(shtrih::open_shift_request{}), dev::receipt_open},
      {"40h receipt open", receipt_open, send(shtrih::x_report_request{}), dev::receipt_open},
      {"41h receipt open", receipt_open, send(shtrih::z_report_request{}), dev::receipt_open},
      {"FF46h other settlement sign", receipt_open, send(position(100, shtrih::settlement_sign::expense)), 0x49},
      // Payments.
      {"FF45h payments below total", receipt_open, send(paying(9999)), dev::payments_less_than_total},
      {"FF45h non-cash over total", receipt_open, send(paying(0, 10001)), 0x4D},
      {"FF45h zero total",
       [](device_fixture& f) {
         shift_open(f);
         f.ok<shtrih::open_receipt_reply>(shtrih::open_receipt_request{});
       },
       send(paying(0)), dev::zero_total},
      {"85h zero total",
       [](device_fixture& f) {
         shift_open(f);
         shtrih::legacy_sale_request free;
         free.price = 0;
         f.ok<shtrih::legacy_sale_reply>(free);
       },
       send(shtrih::legacy_close_receipt_request{}), dev::zero_total},
      // Shift over 24 hours.
      {"8Dh shift over 24h", shift_expired, send(shtrih::open_receipt_request{}), dev::shift_over_24h},
      {"80h shift over 24h", shift_expired, send(legacy_sale), dev::shift_over_24h},
      {"FF46h shift over 24h", shift_expired, send(position(100)), fnerr::shift_over_24h},
      {"FF45h receipt left open past 24h", receipt_open_then_expired, send(paying(10000)), fnerr::shift_over_24h},
      {"85h receipt left open past 24h", receipt_open_then_expired,
       send([] {
         shtrih::legacy_close_receipt_request c;
         c.payments = {10000, 0, 0, 0};
         return c;
       }()),
       dev::shift_over_24h},
      {"E0h shift over 24h is still open", shift_expired, send(shtrih::open_shift_request{}), dev::shift_already_open},
      // Passwords.
      {"10h unknown password", {}, send(with_password(shtrih::short_status_request{}, 31)), dev::wrong_password},
      {"40h cashier password", registered, send(with_password(shtrih::x_report_request{}, 1)), dev::wrong_password},
      {"41h cashier password", shift_open, send(with_password(shtrih::z_report_request{}, 28)), dev::wrong_password},
      {"FF01h cashier password", {}, send(with_password(shtrih::fn_status_request{}, 1)), dev::wrong_password},
      {"FF45h bad password", receipt_open, send(with_password(paying(10000), 0)), dev::wrong_password},
      {"21h cashier password", {}, send(with_password(shtrih::set_time_request{}, 5)), dev::wrong_password},
      // Archive.
      {"FF0Ah unknown number", registered, send(find(2)), fnerr::no_data},
      {"FF3Bh without FF3Ah", registered, send(shtrih::read_document_block_request{}), fnerr::wrong_state},
      {"FF3Ch no ticket yet", registered,
       send([] {
         shtrih::ofd_ticket_request t;
         t.document_number = 1;
         return t;
       }()),
       fnerr::no_data},
      // Malformed and unknown commands.
      {"FF46h unknown VAT code", shift_open,
       send([&] {
         auto p = position(100);
         p.vat = static_cast<shtrih::vat_code>(0x03);
         return p;
       }()),
       dev::bad_parameters},
      {"FF46h amount off by two kopecks", shift_open,
       send([&] {
         auto p = position(100);
         p.amount = 102;
         return p;
       }()),
       dev::bad_parameters},
      {"truncated 8Dh", shift_open, [](device_fixture&) { return bytes{0x8D, 0x01, 0x00}; }, dev::bad_parameters},
      {"unknown classic command", {}, [](device_fixture&) { return bytes{0x99}; }, dev::not_supported},
      {"unknown FN command", {}, [](device_fixture&) { return bytes{0xFF, 0x77, 30, 0, 0, 0}; }, fnerr::bad_command},
  };

  for (const auto& c : cases) {
    SECTION(c.what) {
      device_fixture f("rules");
      if (c.setup) c.setup(f);
      const bytes reply = f.device->execute(c.command(f)).reply;
      const auto header = shtrih::parse_reply_header(reply);
      INFO(c.what);
      CHECK(int{header.error} == int{c.expected});
      CHECK(reply.size() == header.code.wire_size() + 1);  // an error reply is CMD + ERR only
    }
  }
}

TEST_CASE("the mode byte follows the shift and the receipt", "[device][rules]") {
  device_fixture f("modes");
  f.register_fn();
  CHECK(f.mode() == 0x04);
  f.open_shift();
  CHECK(f.mode() == 0x02);
  shtrih::open_receipt_request ret;
  ret.type = shtrih::receipt_type::sale_return;
  f.ok<shtrih::open_receipt_reply>(ret);
  CHECK(f.mode() == 0x28);
  f.ok<shtrih::cancel_receipt_reply>(shtrih::cancel_receipt_request{});
  f.ok<shtrih::position_reply>([&] {
    auto p = f.item(100);
    p.operation = shtrih::settlement_sign::expense;
    return p;
  }());
  CHECK(f.mode() == 0x18);  // a buy receipt
  f.ok<shtrih::cancel_receipt_reply>(shtrih::cancel_receipt_request{});
  f.device->advance_clock(std::chrono::hours(24));
  CHECK(f.mode() == 0x02);  // exactly 24 hours is not over 24
  f.device->advance_clock(std::chrono::seconds(1));
  CHECK(f.mode() == 0x03);
  f.ok<shtrih::z_report_reply>(shtrih::z_report_request{});  // the Z report still closes it
  CHECK(f.mode() == 0x04);
}

TEST_CASE("setting the date waits for its confirmation", "[device][rules]") {
  device_fixture f("date");
  shtrih::set_date_request set;
  set.day = shtrih::date{15, 4, 26};
  f.ok<shtrih::set_date_reply>(set);
  CHECK(f.mode() == 0x06);
  CHECK(f.error_of(shtrih::open_shift_request{}) == dev::confirm_date);
  shtrih::confirm_date_request wrong;
  wrong.day = shtrih::date{16, 4, 26};
  CHECK(f.error_of(wrong) == 0x7C);
  CHECK(f.mode() == 0x04);  // a mismatch drops the pending date
  f.ok<shtrih::set_date_reply>(set);
  shtrih::confirm_date_request confirm;
  confirm.day = set.day;
  f.ok<shtrih::confirm_date_reply>(confirm);
  shtrih::set_time_request time;
  time.time = shtrih::time_of_day{9, 30, 0};
  f.ok<shtrih::set_time_reply>(time);
  const auto status = f.ok<shtrih::full_status_reply>(shtrih::full_status_request{});
  CHECK(status.current_date == shtrih::date{15, 4, 26});
  CHECK(status.current_time == shtrih::time_of_day{9, 30, 0});
  f.reopen();  // the clock setting is kept
  CHECK(f.ok<shtrih::full_status_reply>(shtrih::full_status_request{}).current_date == shtrih::date{15, 4, 26});
}

TEST_CASE("the FN refuses a document dated before the last one", "[device][rules]") {
  device_fixture f("clock-back");
  f.register_fn();
  f.open_shift();
  shtrih::set_time_request back;
  back.time = shtrih::time_of_day{9, 0, 0};  // an hour before the shift was opened
  f.ok<shtrih::set_time_reply>(back);
  f.ok<shtrih::position_reply>(f.item(100));
  CHECK(f.error_of(f.cash(100)) == fnerr::bad_date_time);
  CHECK(f.last_document() == 2);
}

TEST_CASE("reboot answers nothing and loses the open receipt", "[device][rules]") {
  device_fixture f("reboot");
  f.register_fn();
  f.open_shift();
  f.ok<shtrih::position_reply>(f.item(100));
  const auto answer = f.device->execute(bytes{0xFE, 0xF3, 0, 0, 0, 0});
  CHECK(answer.reply.empty());
  CHECK(answer.reboots);
  CHECK(f.mode() == 0x02);
  CHECK(f.last_document() == 2);
}

TEST_CASE("a receipt of 30 KB is signed as the FFD allows it 32 KB", "[device][rules]") {
  device_fixture f("large");
  f.register_fn();
  f.open_shift();
  const std::string name(120, 'n');  // a position is about 165 bytes: 180 make about 30 KB
  for (int i = 0; i < 180; ++i) f.ok<shtrih::position_reply>(f.item(100, 1'000'000, shtrih::vat_code::vat20, name));
  CHECK(f.error_of(f.cash(18000)) == 0);
  CHECK(f.last_document() == 3);
}

TEST_CASE("a receipt too large for one document is refused and stays open", "[device][rules]") {
  device_fixture f("huge");
  f.register_fn();
  f.open_shift();
  const std::string name(120, 'n');
  for (int i = 0; i < 210; ++i) f.ok<shtrih::position_reply>(f.item(100, 1'000'000, shtrih::vat_code::vat20, name));
  CHECK(f.error_of(f.cash(40000)) == fnerr::tlv_too_large);
  shtrih::legacy_close_receipt_request legacy;
  legacy.payments = {40000, 0, 0, 0};
  CHECK(f.error_of(legacy) == 0x4B);  // receipt buffer full
  CHECK(f.last_document() == 2);
  CHECK(f.mode() == 0x08);
  f.ok<shtrih::cancel_receipt_reply>(shtrih::cancel_receipt_request{});
  CHECK(f.sell(100).document_number == 3);
}
