// A whole working day on one emulated register: registration, shift, sales by the FN
// commands and by the legacy ones, a cancelled receipt, X and Z reports; then every
// document read back by number, as fields (FF0Ah) and as TLV (FF3Ah/FF3Bh).
#include "device_fixture.hpp"

#include "emulator/fiscal_sign.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
namespace tag = ws::ffd::tag;

namespace {

/// The document STLV without its fiscal sign: the bytes the FN signed.
bytes signed_part(const bytes& document) {
  const ffd::tlv whole = ffd::decode_one(document);
  ffd::tlv part = ffd::tlv::structure(whole.tag());
  for (const auto& child : whole.children())
    if (child.tag() != tag::fiscal_sign) part.add(child);
  return ffd::encode(part);
}

std::uint32_t sign_in(const ffd::tlv& document) {
  const bytes& v = document.at(tag::fiscal_sign).value();
  REQUIRE(v.size() == 6);
  return (std::uint32_t{v[2]} << 24) | (std::uint32_t{v[3]} << 16) | (std::uint32_t{v[4]} << 8) | v[5];
}

}  // namespace

TEST_CASE("a new device is an unregistered FN with its serial numbers", "[device][day]") {
  device_fixture f("new");
  const auto type = f.ok<shtrih::device_type_reply>(shtrih::device_type_request{});
  CHECK(type.type == 0);
  CHECK(type.name == "ШТРИХ-М-01Ф");
  const auto status = f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{});
  CHECK(status.phase == shtrih::fn_phase::configured);
  CHECK(status.fn_number == "9999078900901234");
  CHECK(status.last_document_number == 0);
  CHECK_FALSE(status.shift_open);
  CHECK(f.ok<shtrih::fn_number_reply>(shtrih::fn_number_request{}).fn_number == "9999078900901234");
  CHECK(f.mode() == 0x04);
  CHECK(f.submode() == 0);
  const auto full = f.ok<shtrih::full_status_reply>(shtrih::full_status_request{});
  CHECK(full.current_date == shtrih::date{2, 3, 26});
  CHECK(full.current_time == shtrih::time_of_day{10, 0, 0});
  CHECK(full.serial_number() == 12345678901234ULL);
  CHECK(full.inn == 0xFFFF'FFFF'FFFFULL);
}

TEST_CASE("a full day from registration to the Z report", "[device][day]") {
  device_fixture f("day");
  std::vector<std::uint32_t> numbers;

  const auto reg = f.register_fn();
  CHECK(reg.document_number == 1);
  numbers.push_back(reg.document_number);
  CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).phase == 0x03);

  f.wait(std::chrono::seconds(60));
  f.open_shift();
  CHECK(f.mode() == 0x02);
  CHECK(f.last_document() == 2);
  numbers.push_back(2);

  // Sale by FF46h + FF45h: 1.5 x 100.00 at 20% VAT, paid 200.00 in cash.
  f.wait(std::chrono::seconds(60));
  CHECK(f.ok<shtrih::position_reply>(f.item(10000, 1'500'000)) == shtrih::position_reply{});
  CHECK(f.mode() == 0x08);  // sale receipt open
  const auto sale = f.ok<shtrih::close_receipt_reply>(f.cash(20000));
  CHECK(sale.change == 5000);
  CHECK(sale.document_number == 3);
  CHECK(sale.date_time == shtrih::fn_date_time{shtrih::date{2, 3, 26}, 10, 2});
  numbers.push_back(sale.document_number);

  // Legacy sale 80h + close 85h: 2 x 50.50 (quantity in thousandths), exact cash.
  shtrih::legacy_sale_request legacy;
  legacy.quantity = 2000;
  legacy.price = 5050;
  legacy.taxes = {1, 0, 0, 0};
  legacy.text = "Булка";
  CHECK(f.ok<shtrih::legacy_sale_reply>(legacy).operator_number == 1);
  shtrih::legacy_close_receipt_request legacy_close;
  legacy_close.payments = {10100, 0, 0, 0};
  CHECK(f.ok<shtrih::legacy_close_receipt_reply>(legacy_close).change == 0);
  CHECK(f.last_document() == 4);
  numbers.push_back(4);

  // A cancelled receipt signs nothing.
  f.ok<shtrih::open_receipt_reply>(shtrih::open_receipt_request{});
  f.ok<shtrih::position_reply>(f.item(999));
  f.ok<shtrih::cancel_receipt_reply>(shtrih::cancel_receipt_request{});
  CHECK(f.last_document() == 4);
  CHECK(f.mode() == 0x02);

  const auto x = f.send(shtrih::x_report_request{});
  CHECK(shtrih::x_report_reply::decode(x.reply).operator_number == 30);
  CHECK(x.busy_for == std::chrono::milliseconds(100 + 18 * 10));
  CHECK(f.last_document() == 4);

  f.ok<shtrih::z_report_reply>(shtrih::z_report_request{});
  CHECK(f.mode() == 0x04);
  CHECK(f.last_document() == 5);
  numbers.push_back(5);
  for (std::size_t i = 1; i < numbers.size(); ++i) CHECK(numbers[i] == numbers[i - 1] + 1);

  // --- read back by number ----------------------------------------------------------
  const std::uint8_t types[] = {1, 2, 3, 3, 5};
  const siphash_key key = fn_key_for_serial("9999078900901234");
  for (std::uint32_t n = 1; n <= 5; ++n) {
    INFO("document " << n);
    const auto found = f.find(n);
    CHECK(found.document_type == types[n - 1]);
    const bytes tlv = f.read_tlv(n);
    CHECK(f.read_tlv(n) == tlv);  // the same bytes every time
    const ffd::tlv doc = ffd::decode_one(tlv);
    CHECK(doc.tag() == types[n - 1]);
    CHECK(doc.at(tag::fd_number).as_uint() == n);
    CHECK(doc.at(tag::fn_number).as_string() == "9999078900901234");
    CHECK(doc.at(tag::user_inn).as_trimmed_string() == "7701234567");
    // The fiscal sign is the FN's MAC over the document without tag 1077.
    const std::uint32_t sign = sign_in(doc);
    CHECK(fiscal_sign(key, signed_part(tlv)) == sign);
    // FF0Ah fields: date-time 5, FD 4, fiscal sign 4, ...
    byte_reader fields(found.data);
    fields.raw(5);
    CHECK(fields.u32() == n);
    CHECK(fields.u32() == sign);
  }

  // The FF46h receipt, field by field.
  const ffd::tlv receipt = ffd::decode_one(f.read_tlv(3));
  CHECK(sign_in(receipt) == sale.fiscal_sign);
  CHECK(receipt.at(tag::shift_number).as_uint() == 1);
  CHECK(receipt.at(tag::receipt_in_shift).as_uint() == 1);
  CHECK(receipt.at(tag::settlement_sign).as_uint() == 1);
  CHECK(receipt.at(tag::taxation_system).as_uint() == 1);
  CHECK(receipt.at(tag::total).as_uint() == 15000);
  CHECK(receipt.at(tag::cash_sum).as_uint() == 15000);  // 200.00 paid, 50.00 change
  CHECK(receipt.at(tag::electronic_sum).as_uint() == 0);
  CHECK(receipt.at(tag::vat_20_sum).as_uint() == 2500);
  const ffd::tlv& item = receipt.at(tag::item);
  CHECK(item.at(tag::item_name).as_string() == "Товар");
  CHECK(item.at(tag::item_price).as_uint() == 10000);
  CHECK(item.at(tag::item_quantity).as_quantity() == ffd::quantity{1'500'000});
  CHECK(item.at(tag::item_amount).as_uint() == 15000);
  CHECK(item.at(tag::item_vat_sum).as_uint() == 2500);
  CHECK(item.at(tag::vat_rate).as_uint() == 1);
  CHECK(item.at(tag::payment_method).as_uint() == 4);
  CHECK(item.at(tag::payment_object).as_uint() == 1);
  const auto receipt_fields = f.find(3);
  byte_reader rf(receipt_fields.data);
  rf.raw(13);
  CHECK(rf.u8() == 1);
  CHECK(rf.u32() == 15000);

  // The legacy receipt: same model, default tax from group 1 (20%), department 1.
  const ffd::tlv legacy_doc = ffd::decode_one(f.read_tlv(4));
  CHECK(legacy_doc.at(tag::receipt_in_shift).as_uint() == 2);
  CHECK(legacy_doc.at(tag::total).as_uint() == 10100);
  CHECK(legacy_doc.at(tag::item).at(tag::item_name).as_string() == "Булка");
  CHECK(legacy_doc.at(tag::item).at(tag::item_quantity).as_quantity() == ffd::quantity{2'000'000});
  CHECK(legacy_doc.at(tag::item).at(tag::item_vat_sum).as_uint() == 1683);  // 101.00 * 20/120

  // The shift close counts the shift's documents and receipts.
  const ffd::tlv close = ffd::decode_one(f.read_tlv(5));
  CHECK(close.at(tag::shift_number).as_uint() == 1);
  CHECK(close.at(tag::fd_count_in_shift).as_uint() == 4);
  CHECK(close.at(tag::receipts_in_shift).as_uint() == 2);

  // Past the last document there is nothing.
  shtrih::find_document_request missing;
  missing.document_number = 6;
  CHECK(f.error_of(missing) == shtrih::fn_error::no_data);
}

TEST_CASE("the FN pairs open and close a shift with the host's TLVs", "[device][day]") {
  device_fixture f("fn-shift");
  f.register_fn();
  f.ok<shtrih::fn_begin_open_shift_reply>(shtrih::fn_begin_open_shift_request{});
  CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).current_document == shtrih::fn_document::shift_open);
  shtrih::write_tlv_request cashier;
  cashier.tlv = ffd::encode(ffd::tlv::string(tag::cashier, "Иванов"));
  f.ok<shtrih::write_tlv_reply>(cashier);
  const auto opened = f.ok<shtrih::fn_open_shift_reply>(shtrih::fn_open_shift_request{});
  CHECK(opened.shift_number == 1);
  CHECK(opened.document_number == 2);
  const ffd::tlv doc = ffd::decode_one(f.read_tlv(2));
  CHECK(doc.at(tag::cashier).as_string() == "Иванов");
  CHECK(sign_in(doc) == opened.fiscal_sign);

  f.sell(100);
  f.ok<shtrih::fn_begin_close_shift_reply>(shtrih::fn_begin_close_shift_request{});
  const auto closed = f.ok<shtrih::fn_close_shift_reply>(shtrih::fn_close_shift_request{});
  CHECK(closed.shift_number == 1);
  CHECK(closed.document_number == 4);
  f.open_shift();
  const ffd::tlv second = ffd::decode_one(f.read_tlv(5));
  CHECK(second.at(tag::shift_number).as_uint() == 2);
  const auto next = f.sell(200);
  CHECK(ffd::decode_one(f.read_tlv(next.document_number)).at(tag::receipt_in_shift).as_uint() == 1);
}

TEST_CASE("per-position TLV and receipt TLV go into the receipt", "[device][day]") {
  device_fixture f("tlv");
  f.register_fn();
  f.open_shift();
  f.ok<shtrih::position_reply>(f.item(5000, 1'000'000, shtrih::vat_code::none, "Услуга"));
  shtrih::position_tlv_request unit;
  unit.tlv = ffd::encode(ffd::tlv::string(tag::item_unit, "шт"));
  f.ok<shtrih::position_tlv_reply>(unit);
  shtrih::write_tlv_request buyer;
  buyer.tlv = ffd::encode(ffd::tlv::string(tag::buyer_contact, "buyer@example.com"));
  f.ok<shtrih::write_tlv_reply>(buyer);
  shtrih::close_receipt_request close;
  close.payments[shtrih::payment_slot::electronic] = 5000;
  close.taxation_system = shtrih::taxation::usn_income;
  const auto closed = f.ok<shtrih::close_receipt_reply>(close);
  const ffd::tlv doc = ffd::decode_one(f.read_tlv(closed.document_number));
  CHECK(doc.at(tag::buyer_contact).as_string() == "buyer@example.com");
  CHECK(doc.at(tag::taxation_system).as_uint() == shtrih::taxation::usn_income);
  CHECK(doc.at(tag::electronic_sum).as_uint() == 5000);
  CHECK(doc.at(tag::cash_sum).as_uint() == 0);
  CHECK(doc.at(tag::vat_none_amount).as_uint() == 5000);
  const ffd::tlv& item = doc.at(tag::item);
  CHECK(item.at(tag::item_unit).as_string() == "шт");
  CHECK(item.at(tag::vat_rate).as_uint() == 6);
  CHECK(item.find(tag::item_vat_sum) == nullptr);
}

TEST_CASE("correction receipts settlement report and closing the FN", "[device][day]") {
  device_fixture f("lifecycle");
  f.register_fn();
  f.open_shift();
  shtrih::correction_request corr;
  corr.total = 30000;
  corr.cash = 10000;
  corr.electronic = 20000;
  corr.sign = shtrih::settlement_sign::income;
  corr.taxation_system = shtrih::taxation::osn;
  const auto c = f.ok<shtrih::correction_reply>(corr);
  CHECK(c.receipt_number == 1);
  CHECK(c.document_number == 3);
  const ffd::tlv doc = ffd::decode_one(f.read_tlv(3));
  CHECK(doc.tag() == 31);
  CHECK(doc.at(tag::total).as_uint() == 30000);
  CHECK(doc.at(tag::electronic_sum).as_uint() == 20000);

  f.ok<shtrih::begin_settlement_report_reply>(shtrih::begin_settlement_report_request{});
  const auto report = f.ok<shtrih::settlement_report_reply>(shtrih::settlement_report_request{});
  CHECK(report.document_number == 4);
  CHECK(report.unconfirmed_count == 3);  // documents 1..3 have no ticket yet (no time passed)
  CHECK(f.find(4).document_type == 21);

  f.ok<shtrih::z_report_reply>(shtrih::z_report_request{});
  f.ok<shtrih::begin_close_fn_reply>(shtrih::begin_close_fn_request{});
  const auto closed = f.ok<shtrih::close_fn_reply>(shtrih::close_fn_request{});
  CHECK(closed.document_number == 6);
  CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).phase == 0x07);
  CHECK(f.error_of(shtrih::open_shift_request{}) == shtrih::device_error::not_in_mode);
  // Once the OFD has every document, the FN is a read-only archive.
  f.wait(std::chrono::seconds(60));
  CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).phase == 0x0F);
  CHECK(f.find(6).document_type == 6);
}

TEST_CASE("the FN expiry counts from registration", "[device][day]") {
  device_fixture f("expiry", 15);
  CHECK(f.ok<shtrih::fn_expiry_reply>(shtrih::fn_expiry_request{}).expiry == shtrih::date{2, 6, 27});
  f.wait(std::chrono::hours(24 * 10));
  f.register_fn();  // on 2026-03-12
  CHECK(f.ok<shtrih::fn_expiry_reply>(shtrih::fn_expiry_request{}).expiry == shtrih::date{12, 6, 27});
  // Past the expiry the FN signs nothing more.
  f.wait(std::chrono::hours(24 * 500));
  f.ok<shtrih::fn_begin_open_shift_reply>(shtrih::fn_begin_open_shift_request{});
  CHECK(f.error_of(shtrih::fn_open_shift_request{}) == shtrih::fn_error::lifetime_over);
}
