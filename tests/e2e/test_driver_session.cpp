// A new user's session: kkt-emulator started as a program, one of its registers opened
// through its pty symlink at 115200 8N1 by a host driver, and a whole fiscal day driven
// over the line — status, FN status, registration, shift, sales by FF46h/FF45h and by the
// legacy 80h/85h, a cancelled receipt, X and Z reports, every document read back by
// number. Then kkt-cli, the command-line driver, does its demo on another register.

#include <catch2/catch.hpp>

#include "apps/host_driver/kkt_session.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"
#include "tests/emulator/test_host_support.hpp"
#include "tests/support/child_process.hpp"

using namespace ws;
using namespace ws::test;
using host_driver::kkt_session;
using host_driver::session_error;
namespace tag = ws::ffd::tag;

namespace {

#ifndef WS_KKT_CLI_PATH
#define WS_KKT_CLI_PATH ""
#endif

/// kkt-emulator with `count` registers in `dir`.
std::vector<std::string> emulator_arguments(const temp_dir& dir, int count) {
  return {"--count", std::to_string(count), "--dir", dir.path().string()};
}

std::uint32_t last_document(kkt_session& kkt) {
  return kkt.call<shtrih::fn_status_reply>(shtrih::fn_status_request{}).last_document_number;
}

std::uint8_t mode(kkt_session& kkt) {
  return kkt.call<shtrih::short_status_reply>(shtrih::short_status_request{}).mode;
}

}  // namespace

TEST_CASE("a host driver runs a whole fiscal day on an emulated register over its pty", "[e2e]") {
  temp_dir dir;
  child_process emulator(WS_KKT_EMULATOR_PATH, emulator_arguments(dir, 2));
  REQUIRE(emulator.wait_for_output("ready:", 20s));
  kkt_session kkt(line_client::open_serial((dir.path() / "kkt-0001").string()));

  // Identify, as drivers do first.
  const auto type = kkt.call<shtrih::device_type_reply>(shtrih::device_type_request{});
  CHECK(type.type == 0);
  CHECK_FALSE(type.name.empty());
  const auto full = kkt.call<shtrih::full_status_reply>(shtrih::full_status_request{});
  CHECK(full.serial_number() == 1);
  CHECK(full.mode == 0x04);  // shift closed
  const auto fn = kkt.call<shtrih::fn_status_reply>(shtrih::fn_status_request{});
  CHECK(fn.phase == shtrih::fn_phase::configured);
  CHECK(fn.last_document_number == 0);
  CHECK(fn.fn_number.size() == 16);

  // Selling before registration is refused, and signs nothing.
  CHECK_THROWS_AS(kkt.call<shtrih::open_shift_reply>(shtrih::open_shift_request{}), session_error);
  CHECK(last_document(kkt) == 0);

  kkt.call<shtrih::begin_registration_reply>(shtrih::begin_registration_request{});
  shtrih::registration_request registration;
  registration.params.inn = "7701234567";
  registration.params.registration_number = "0000000001012345";
  registration.params.taxation_systems = shtrih::taxation::osn;
  CHECK(kkt.call<shtrih::registration_reply>(registration).document_number == 1);

  kkt.call<shtrih::open_shift_reply>(shtrih::open_shift_request{});
  CHECK(mode(kkt) == 0x02);
  CHECK(last_document(kkt) == 2);

  // FF46h + FF45h: 3 × 33.33 at 20 %, paid 100.00 cash: total 99.99, change 0.01.
  shtrih::position_request item;
  item.name = "Тетрадь";
  item.price = 3333;
  item.quantity = 3'000'000;
  item.vat = shtrih::vat_code::vat20;
  kkt.call<shtrih::position_reply>(item);
  shtrih::close_receipt_request close;
  close.payments[shtrih::payment_slot::cash] = 10000;
  close.taxation_system = shtrih::taxation::osn;
  const auto sale = kkt.call<shtrih::close_receipt_reply>(close);
  CHECK(sale.document_number == 3);
  CHECK(sale.change == 1);
  CHECK(sale.fiscal_sign != 0);

  // Legacy 80h + 85h: 2 × 50.50 exact.
  shtrih::legacy_sale_request legacy;
  legacy.quantity = 2000;
  legacy.price = 5050;
  legacy.taxes = {1, 0, 0, 0};
  legacy.text = "Булка";
  kkt.call<shtrih::legacy_sale_reply>(legacy);
  shtrih::legacy_close_receipt_request legacy_close;
  legacy_close.payments = {10100, 0, 0, 0};
  CHECK(kkt.call<shtrih::legacy_close_receipt_reply>(legacy_close).change == 0);
  CHECK(last_document(kkt) == 4);

  // Paying less than the total is refused; the receipt stays open until cancelled.
  kkt.call<shtrih::position_reply>(item);
  shtrih::close_receipt_request short_payment = close;
  short_payment.payments[shtrih::payment_slot::cash] = 100;
  CHECK_THROWS_WITH(kkt.call<shtrih::close_receipt_reply>(short_payment), Catch::Contains("45h"));
  CHECK(shtrih::mode_number(mode(kkt)) == shtrih::kkt_mode::document_open);
  kkt.call<shtrih::cancel_receipt_reply>(shtrih::cancel_receipt_request{});
  CHECK(mode(kkt) == 0x02);
  CHECK(last_document(kkt) == 4);

  kkt.call<shtrih::x_report_reply>(shtrih::x_report_request{});
  CHECK(last_document(kkt) == 4);
  kkt.call<shtrih::z_report_reply>(shtrih::z_report_request{});
  CHECK(mode(kkt) == 0x04);
  CHECK(last_document(kkt) == 5);

  const std::uint16_t forms[] = {1, 2, 3, 3, 5};
  for (std::uint32_t number = 1; number <= 5; ++number) {
    INFO("document " << number);
    shtrih::find_document_request find;
    find.document_number = number;
    CHECK(kkt.call<shtrih::find_document_reply>(find).document_type == forms[number - 1]);
    const ffd::tlv document = ffd::decode_one(kkt.read_document_tlv(number));
    CHECK(document.tag() == forms[number - 1]);
    CHECK(document.at(tag::fd_number).as_uint() == number);
    CHECK(document.at(tag::fn_number).as_string() == fn.fn_number);
  }
  const ffd::tlv receipt = ffd::decode_one(kkt.read_document_tlv(3));
  CHECK(receipt.at(tag::total).as_uint() == 9999);
  CHECK(receipt.at(tag::item).at(tag::item_name).as_string() == "Тетрадь");
  const ffd::tlv legacy_receipt = ffd::decode_one(kkt.read_document_tlv(4));
  CHECK(legacy_receipt.at(tag::total).as_uint() == 10100);

  shtrih::find_document_request missing;
  missing.document_number = 6;
  CHECK_THROWS_AS(kkt.call<shtrih::find_document_reply>(missing), session_error);

  CHECK(emulator.terminate(10s) == 0);
}

TEST_CASE("kkt-cli runs its demo on an emulated register and reports refusals", "[e2e][cli]") {
  temp_dir dir;
  child_process emulator(WS_KKT_EMULATOR_PATH, emulator_arguments(dir, 1));
  REQUIRE(emulator.wait_for_output("ready:", 20s));
  const std::string port = (dir.path() / "kkt-0001").string();

  child_process demo(WS_KKT_CLI_PATH, {port, "demo"});
  CHECK(demo.wait_exit(60s) == 0);
  demo.wait_for_output("ok\n", 1s);
  CHECK_THAT(demo.output(), Catch::Contains("registered: FD 1") && Catch::Contains("shift opened: FD 2") &&
                                Catch::Contains("receipt: FD 3") && Catch::Contains("total 360.00"));

  child_process z_report(WS_KKT_CLI_PATH, {port, "z-report"});
  CHECK(z_report.wait_exit(60s) == 0);
  child_process second_z_report(WS_KKT_CLI_PATH, {port, "z-report"});
  CHECK(second_z_report.wait_exit(60s) == 1);  // the shift is closed now: 16h

  child_process status(WS_KKT_CLI_PATH, {port, "status"});
  CHECK(status.wait_exit(60s) == 0);
  status.wait_for_output("ok\n", 1s);
  CHECK_THAT(status.output(), Catch::Contains("last FD number: 4") && Catch::Contains("shift:          closed"));

  child_process bad_price(WS_KKT_CLI_PATH, {port, "sell", "Чай", "1e3"});
  CHECK(bad_price.wait_exit(60s) == 2);

  CHECK(emulator.terminate(10s) == 0);
}
