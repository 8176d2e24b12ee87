#include "actors/jobs/receipt_commands.hpp"

#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::jobs {

shtrih::receipt_type shtrih_receipt_type(ffd::receipt_type type) {
  switch (type) {
    case ffd::receipt_type::income: return shtrih::receipt_type::sale;
    case ffd::receipt_type::return_income: return shtrih::receipt_type::sale_return;
    case ffd::receipt_type::charge: return shtrih::receipt_type::buy;
    case ffd::receipt_type::return_charge: return shtrih::receipt_type::buy_return;
  }
  throw format_error("unknown receipt type");
}

shtrih::settlement_sign shtrih_settlement_sign(ffd::receipt_type type) {
  // Tag 1054 values are the same numbers on both sides.
  return static_cast<shtrih::settlement_sign>(static_cast<std::uint8_t>(type));
}

shtrih::position_request position_of(const ffd::receipt_content& content, std::size_t row,
                                      const ffd::calculated_receipt& calculated) {
  const ffd::receipt_row& r = content.rows.at(row);
  shtrih::position_request p;
  p.operation = shtrih_settlement_sign(content.type);
  p.quantity = static_cast<std::uint64_t>(r.qty.millionths);
  p.price = static_cast<std::uint64_t>(r.price.kopecks);
  p.amount = static_cast<std::uint64_t>(calculated.rows.at(row).amount.kopecks);
  if (ffd::carries_vat(r.tax)) p.vat_sum = static_cast<std::uint64_t>(calculated.rows.at(row).vat.kopecks);
  p.vat = static_cast<shtrih::vat_code>(ffd::shtrih_vat_code(r.tax));
  p.payment_method = ffd::ffd_code(r.method);
  p.payment_object = static_cast<std::uint8_t>(r.object);
  p.name = r.text;
  return p;
}

bytes position_tlv_of(const ffd::receipt_row& row) {
  std::vector<ffd::tlv> tlvs;
  if (!row.unit.empty()) tlvs.push_back(ffd::tlv::string(ffd::tag::item_unit, row.unit));
  if (row.agent != ffd::agent_type::none_agent)
    tlvs.push_back(ffd::tlv::u8(ffd::tag::item_agent_flags, static_cast<std::uint8_t>(row.agent)));
  if (row.supplier) {
    ffd::tlv data = ffd::tlv::structure(ffd::tag::supplier_data);
    if (!row.supplier->phone.empty()) data.add(ffd::tlv::string(ffd::tag::supplier_phone, row.supplier->phone));
    if (!row.supplier->name.empty()) data.add(ffd::tlv::string(ffd::tag::supplier_name, row.supplier->name));
    tlvs.push_back(std::move(data));
    tlvs.push_back(ffd::tlv::fixed_string(ffd::tag::supplier_inn, row.supplier->inn, 12));
  }
  return tlvs.empty() ? bytes{} : ffd::encode(tlvs);
}

std::vector<bytes> receipt_tlvs_of(const ffd::receipt_content& c) {
  std::vector<bytes> out;
  const auto add_text = [&out](ffd::tag_t t, const std::string& text) {
    if (!text.empty()) out.push_back(ffd::encode(ffd::tlv::string(t, text)));
  };
  add_text(ffd::tag::buyer_contact, c.client_email_or_phone);
  if (!c.client_inn.empty()) out.push_back(ffd::encode(ffd::tlv::fixed_string(ffd::tag::buyer_inn, c.client_inn, 12)));
  add_text(ffd::tag::sender_email, c.firm_reply_email);
  add_text(ffd::tag::settlement_place, c.firm_url);
  add_text(ffd::tag::supplier_phone, c.supplier_phone);
  add_text(ffd::tag::additional_receipt_requisite, c.additional_document_requisite);
  if (c.agent != ffd::agent_type::none_agent)
    out.push_back(ffd::encode(ffd::tlv::u8(ffd::tag::agent_flags, static_cast<std::uint8_t>(c.agent))));
  if (c.additional_user_requisite) {
    ffd::tlv property = ffd::tlv::structure(ffd::tag::user_property);
    property.add(ffd::tlv::string(ffd::tag::user_property_name, c.additional_user_requisite->name));
    property.add(ffd::tlv::string(ffd::tag::user_property_value, c.additional_user_requisite->value));
    out.push_back(ffd::encode(property));
  }
  return out;
}

namespace {

/// The FF45h VAT slot for a rate's receipt tag (1102..1107), in wire order.
std::optional<std::size_t> vat_slot_of(ffd::vat_rate rate) {
  const auto t = ffd::receipt_vat_tag(rate);
  if (!t) return std::nullopt;
  return static_cast<std::size_t>(*t - 1102);
}

}  // namespace

shtrih::close_receipt_request close_of(const ffd::receipt_content& content,
                                       const ffd::calculated_receipt& calculated) {
  shtrih::close_receipt_request close;
  for (const ffd::payment_total& p : calculated.payments) {
    const auto slot = static_cast<std::size_t>(ffd::shtrih_payment_index(p.type) - 1);
    close.payments.at(slot) += static_cast<std::uint64_t>(p.amount.kopecks);
  }
  for (const ffd::vat_total& v : calculated.vat_totals) {
    const auto slot = vat_slot_of(v.rate);
    if (!slot) continue;  // 5% and 7% have no FF45h slot: the device sums them itself
    // 0% and "no VAT" carry the turnover, the others the VAT itself.
    const bool turnover = *slot == shtrih::vat_slot::vat0 || *slot == shtrih::vat_slot::none;
    close.vat_sums.at(*slot) += static_cast<std::uint64_t>((turnover ? v.amount : v.vat).kopecks);
  }
  close.taxation_system = static_cast<std::uint8_t>(content.taxation);
  return close;
}

}  // namespace ws::jobs
