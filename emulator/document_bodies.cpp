#include "emulator/document_bodies.hpp"

#include "protocol/ffd/tags.hpp"

namespace ws::emulator {
namespace {

using ffd::tlv;
namespace tag = ffd::tag;

void append(std::vector<tlv>& out, std::vector<tlv> more) {
  for (auto& t : more) out.push_back(std::move(t));
}

void add_text_if_any(std::vector<tlv>& out, std::uint16_t t, const std::string& text) {
  if (!text.empty()) out.push_back(tlv::string(t, text));
}

/// The user and register fields every document starts with.
std::vector<tlv> common_header(const registration_data& reg, const kkt_identity& kkt) {
  std::vector<tlv> out;
  add_text_if_any(out, tag::user_name, reg.user_name);
  out.push_back(tlv::fixed_string(tag::user_inn, reg.inn, 12));
  out.push_back(tlv::fixed_string(tag::kkt_reg_number, reg.rnm, 20));
  add_text_if_any(out, tag::settlement_address, reg.address);
  add_text_if_any(out, tag::settlement_place, reg.place);
  out.push_back(tlv::string(tag::kkt_serial, kkt.serial));
  out.push_back(tlv::u8(tag::ffd_version, ffd_version_105));
  return out;
}

void add_money_if_any(std::vector<tlv>& out, std::uint16_t t, std::uint64_t kopecks) {
  if (kopecks != 0) out.push_back(tlv::vln(t, kopecks));
}

void add_receipt_money(std::vector<tlv>& out, const receipt_money& money) {
  out.push_back(tlv::vln(tag::total, money.total));
  out.push_back(tlv::vln(tag::cash_sum, money.payments.cash));
  out.push_back(tlv::vln(tag::electronic_sum, money.payments.electronic));
  add_money_if_any(out, tag::prepayment_sum, money.payments.prepayment);
  add_money_if_any(out, tag::postpayment_sum, money.payments.postpayment);
  add_money_if_any(out, tag::counter_provision_sum, money.payments.counter_provision);
  for (std::size_t slot = 0; slot < money.vat.size(); ++slot)
    add_money_if_any(out, static_cast<std::uint16_t>(tag::vat_20_sum + slot), money.vat[slot]);
}

void add_unsent(std::vector<tlv>& out, const shift_summary& s) {
  out.push_back(tlv::u32(tag::unsent_count, s.unsent_count));
  if (s.unsent_count != 0) {
    out.push_back(tlv::u32(tag::first_unsent_number, s.first_unsent_number));
    out.push_back(tlv::unix_time(tag::first_unsent_date, static_cast<std::uint32_t>(s.first_unsent_time)));
  }
}

tlv position_tlv(const receipt_position& p) {
  tlv item = tlv::structure(tag::item);
  item.add(tlv::string(tag::item_name, p.name));
  item.add(tlv::vln(tag::item_price, p.price));
  item.add(tlv::fvln(tag::item_quantity, ffd::quantity{static_cast<std::int64_t>(p.quantity)}));
  item.add(tlv::u8(tag::vat_rate, ffd::ffd_vat_code(p.rate)));
  if (p.rate != ffd::vat_rate::nds_none) item.add(tlv::vln(tag::item_vat_sum, p.vat_sum));
  item.add(tlv::vln(tag::item_amount, p.amount));
  item.add(tlv::u8(tag::payment_method, p.payment_method));
  item.add(tlv::u8(tag::payment_object, p.payment_object));
  for (const tlv& t : p.extra) item.add(t);
  return item;
}

}  // namespace

std::string find_text(const std::vector<ffd::tlv>& tlvs, std::uint16_t t) {
  for (const tlv& node : tlvs)
    if (node.tag() == t && !node.is_structure()) return node.as_trimmed_string();
  return {};
}

std::vector<tlv> registration_body(const registration_data& reg, const kkt_identity& kkt,
                                   std::optional<std::uint8_t> reason, std::vector<tlv> extra) {
  std::vector<tlv> out = common_header(reg, kkt);
  out.push_back(tlv::string(tag::kkt_version, kkt.version));
  out.push_back(tlv::u8(tag::kkt_ffd_version, ffd_version_105));
  out.push_back(tlv::u8(tag::fn_ffd_version, ffd_version_105));
  out.push_back(tlv::u8(tag::taxation_systems, reg.taxation_systems));
  // Work mode bits of FF06h, each also a flag tag of the report.
  const std::uint16_t mode_tags[] = {tag::encryption, tag::offline_mode, tag::automatic_mode,
                                     tag::services, tag::bso_mode, tag::internet_only};
  for (std::size_t bit = 0; bit < 6; ++bit)
    out.push_back(tlv::u8(mode_tags[bit], (reg.work_modes >> bit) & 1));
  if (reason) out.push_back(tlv::u8(tag::re_registration_reason, *reason));
  append(out, std::move(extra));
  return out;
}

std::vector<tlv> shift_open_body(const registration_data& reg, const kkt_identity& kkt, std::uint16_t shift_number,
                                 std::vector<tlv> extra) {
  std::vector<tlv> out = common_header(reg, kkt);
  out.push_back(tlv::string(tag::kkt_version, kkt.version));
  out.push_back(tlv::u32(tag::shift_number, shift_number));
  append(out, std::move(extra));
  return out;
}

std::vector<tlv> shift_close_body(const registration_data& reg, const kkt_identity& kkt, const shift_summary& s,
                                  std::vector<tlv> extra) {
  std::vector<tlv> out = common_header(reg, kkt);
  out.push_back(tlv::u32(tag::shift_number, s.shift_number));
  out.push_back(tlv::u32(tag::fd_count_in_shift, s.documents_in_shift));
  out.push_back(tlv::u32(tag::receipts_in_shift, s.receipts_in_shift));
  add_unsent(out, s);
  append(out, std::move(extra));
  return out;
}

std::vector<tlv> settlement_report_body(const registration_data& reg, const kkt_identity& kkt,
                                        const shift_summary& s, std::vector<tlv> extra) {
  std::vector<tlv> out = common_header(reg, kkt);
  add_unsent(out, s);
  append(out, std::move(extra));
  return out;
}

std::vector<tlv> receipt_body(const registration_data& reg, const kkt_identity& kkt, std::uint16_t shift_number,
                              std::uint16_t receipt_number, const open_receipt& receipt,
                              std::uint8_t taxation_system, const receipt_money& money) {
  std::vector<tlv> out = common_header(reg, kkt);
  out.push_back(tlv::u32(tag::shift_number, shift_number));
  out.push_back(tlv::u32(tag::receipt_in_shift, receipt_number));
  out.push_back(tlv::u8(tag::settlement_sign, receipt.settlement_sign()));
  out.push_back(tlv::u8(tag::taxation_system, taxation_system));
  for (const receipt_position& p : receipt.positions()) out.push_back(position_tlv(p));
  add_receipt_money(out, money);
  for (const tlv& t : receipt.extra()) out.push_back(t);
  return out;
}

std::vector<tlv> correction_body(const registration_data& reg, const kkt_identity& kkt, std::uint16_t shift_number,
                                 std::uint16_t receipt_number, std::uint8_t settlement_sign,
                                 std::uint8_t correction_type, std::uint8_t taxation_system,
                                 const receipt_money& money, std::vector<tlv> extra) {
  std::vector<tlv> out = common_header(reg, kkt);
  out.push_back(tlv::u32(tag::shift_number, shift_number));
  out.push_back(tlv::u32(tag::receipt_in_shift, receipt_number));
  out.push_back(tlv::u8(tag::settlement_sign, settlement_sign));
  out.push_back(tlv::u8(tag::correction_type, correction_type));
  out.push_back(tlv::u8(tag::taxation_system, taxation_system));
  add_receipt_money(out, money);
  append(out, std::move(extra));
  return out;
}

std::vector<tlv> fn_close_body(const registration_data& reg, const kkt_identity& kkt, std::uint16_t shift_number,
                               std::vector<tlv> extra) {
  std::vector<tlv> out = common_header(reg, kkt);
  out.push_back(tlv::u32(tag::shift_number, shift_number));
  append(out, std::move(extra));
  return out;
}

}  // namespace ws::emulator
