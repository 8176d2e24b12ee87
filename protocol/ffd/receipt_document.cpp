#include "protocol/ffd/receipt_document.hpp"

#include "protocol/ffd/document_fields.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

using namespace detail;

namespace {

constexpr std::size_t inn_width = 12;

// --- enums stored as bytes -----------------------------------------------------------

receipt_type read_receipt_type(const tlv& doc) {
  const auto v = u8_of(doc, tag::settlement_sign);
  if (v < 1 || v > 4) throw format_error("tag 1054 has value " + std::to_string(v));
  return static_cast<receipt_type>(v);
}

taxation_system read_taxation(const tlv& doc) {
  const auto v = u8_of(doc, tag::taxation_system);
  for (auto t : {taxation_system::osn, taxation_system::usn_income, taxation_system::usn_income_minus_charge,
                 taxation_system::esn_calc_income, taxation_system::esn_agriculture, taxation_system::patent})
    if (static_cast<std::uint8_t>(t) == v) return t;
  throw format_error("tag 1055 must have exactly one known bit, has " + std::to_string(v));
}

agent_type read_agent(const tlv& doc, tag_t t) {
  const tlv* node = doc.find(t);
  if (!node) return agent_type::none_agent;
  const auto v = static_cast<std::uint8_t>(uint_of(*node, 1));
  if (v == 0 || (v & (v - 1)) != 0 || v > 0x40)
    throw format_error("tag " + std::to_string(t) + " must have exactly one agent bit, has " + std::to_string(v));
  return static_cast<agent_type>(v);
}

void add_agent(tlv& doc, tag_t t, agent_type agent) {
  if (agent != agent_type::none_agent) doc.add(tlv::u8(t, static_cast<std::uint8_t>(agent)));
}

// --- items ---------------------------------------------------------------------------

tlv build_item(const receipt_item& item) {
  tlv node = tlv::structure(tag::item);
  node.add(tlv::u8(tag::payment_method, ffd_code(item.method)));
  node.add(tlv::u8(tag::payment_object, static_cast<std::uint8_t>(item.object)));
  add_agent(node, tag::item_agent_flags, item.agent);
  if (item.supplier) {
    tlv supplier = tlv::structure(tag::supplier_data);
    add_text_if(supplier, tag::supplier_phone, item.supplier->phone);
    add_text_if(supplier, tag::supplier_name, item.supplier->name);
    if (!supplier.children().empty()) node.add(std::move(supplier));
    node.add(tlv::fixed_string(tag::supplier_inn, item.supplier->inn, inn_width));
  }
  node.add(tlv::string(tag::item_name, item.name));
  add_text_if(node, tag::item_unit, item.unit);
  node.add(tlv::money_vln(tag::item_price, item.price));
  node.add(tlv::fvln(tag::item_quantity, item.qty));
  node.add(tlv::u8(tag::vat_rate, ffd_vat_code(item.rate)));
  // A row without VAT has no VAT sum to state.
  if (carries_vat(item.rate)) node.add(tlv::money_vln(tag::item_vat_sum, item.vat));
  node.add(tlv::money_vln(tag::item_amount, item.amount));
  return node;
}

receipt_item parse_item(const tlv& node) {
  receipt_item item;
  const auto method = payment_method_from_ffd_code(u8_of(node, tag::payment_method));
  if (!method) throw format_error("tag 1214 has an unknown value");
  item.method = *method;
  const auto object = u8_of(node, tag::payment_object);
  if (object < 1 || object > 13) throw format_error("tag 1212 has value " + std::to_string(object));
  item.object = static_cast<payment_object>(object);
  item.agent = read_agent(node, tag::item_agent_flags);
  if (const tlv* inn = node.find(tag::supplier_inn)) {
    supplier_info s;
    s.inn = inn->as_trimmed_string();
    if (const tlv* data = node.find(tag::supplier_data)) {
      s.phone = text_of(*data, tag::supplier_phone);
      s.name = text_of(*data, tag::supplier_name);
    }
    item.supplier = s;
  }
  item.name = node.at(tag::item_name).as_string();
  item.unit = text_of(node, tag::item_unit);
  item.price = node.at(tag::item_price).as_money();
  item.qty = node.at(tag::item_quantity).as_quantity();
  const auto rate = vat_rate_from_ffd_code(u8_of(node, tag::vat_rate));
  if (!rate) throw format_error("tag 1199 has an unknown value");
  item.rate = *rate;
  if (const tlv* vat = node.find(tag::item_vat_sum)) item.vat = vat->as_money();
  item.amount = node.at(tag::item_amount).as_money();
  return item;
}

// --- sums ----------------------------------------------------------------------------

void add_payments(tlv& doc, const payment_sums& p) {
  doc.add(tlv::money_vln(tag::cash_sum, p.cash));
  doc.add(tlv::money_vln(tag::electronic_sum, p.electronic));
  doc.add(tlv::money_vln(tag::prepayment_sum, p.prepayment));
  doc.add(tlv::money_vln(tag::postpayment_sum, p.credit));
  doc.add(tlv::money_vln(tag::counter_provision_sum, p.counter_provision));
}

money money_of(const tlv& doc, tag_t t) {
  const tlv* node = doc.find(t);
  return node ? node->as_money() : money{};
}

payment_sums read_payments(const tlv& doc) {
  payment_sums p;
  p.cash = money_of(doc, tag::cash_sum);
  p.electronic = money_of(doc, tag::electronic_sum);
  p.prepayment = money_of(doc, tag::prepayment_sum);
  p.credit = money_of(doc, tag::postpayment_sum);
  p.counter_provision = money_of(doc, tag::counter_provision_sum);
  return p;
}

struct vat_slot {
  tag_t tag;
  std::optional<money> vat_sums::*field;
};

constexpr vat_slot vat_slots[] = {
    {tag::vat_20_sum, &vat_sums::vat_20},          {tag::vat_10_sum, &vat_sums::vat_10},
    {tag::vat_0_amount, &vat_sums::amount_vat_0},  {tag::vat_none_amount, &vat_sums::amount_no_vat},
    {tag::vat_20_120_sum, &vat_sums::vat_20_120},  {tag::vat_10_110_sum, &vat_sums::vat_10_110},
};

void add_vat(tlv& doc, const vat_sums& v) {
  for (const auto& slot : vat_slots)
    if (const auto& sum = v.*(slot.field)) doc.add(tlv::money_vln(slot.tag, *sum));
}

vat_sums read_vat(const tlv& doc) {
  vat_sums v;
  for (const auto& slot : vat_slots)
    if (const tlv* node = doc.find(slot.tag)) v.*(slot.field) = node->as_money();
  return v;
}

}  // namespace

vat_sums vat_sums_from(const std::vector<vat_total>& totals) {
  vat_sums v;
  for (const auto& t : totals) {
    const auto slot_tag = receipt_vat_tag(t.rate);
    if (!slot_tag) continue;
    const bool carries_amount = *slot_tag == tag::vat_0_amount || *slot_tag == tag::vat_none_amount;
    for (const auto& slot : vat_slots) {
      if (slot.tag != *slot_tag) continue;
      auto& sum = v.*(slot.field);
      sum = add_money(sum.value_or(money{}), carries_amount ? t.amount : t.vat);
    }
  }
  return v;
}

payment_sums payment_sums_from(const std::vector<payment_total>& totals) {
  payment_sums p;
  for (const auto& t : totals) {
    switch (payment_sum_tag(t.type)) {
      case tag::cash_sum: p.cash = add_money(p.cash, t.amount); break;
      case tag::electronic_sum: p.electronic = add_money(p.electronic, t.amount); break;
      case tag::prepayment_sum: p.prepayment = add_money(p.prepayment, t.amount); break;
      case tag::postpayment_sum: p.credit = add_money(p.credit, t.amount); break;
      default: p.counter_provision = add_money(p.counter_provision, t.amount); break;
    }
  }
  return p;
}

receipt_document receipt_document_from(const receipt_content& content, const calculated_receipt& calculated) {
  receipt_document d;
  d.type = content.type;
  d.taxation = content.taxation;
  d.agent = content.agent;
  d.buyer_contact = content.client_email_or_phone;
  d.buyer_inn = content.client_inn;
  d.sender_email = content.firm_reply_email;
  d.supplier_phone = content.supplier_phone;
  d.additional_requisite = content.additional_document_requisite;
  d.user_property = content.additional_user_requisite;
  for (std::size_t i = 0; i < content.rows.size() && i < calculated.rows.size(); ++i) {
    const receipt_row& row = content.rows[i];
    receipt_item item;
    item.name = row.text;
    item.price = row.price;
    item.qty = row.qty;
    item.rate = row.tax;
    item.vat = calculated.rows[i].vat;
    item.amount = calculated.rows[i].amount;
    item.method = row.method;
    item.object = row.object;
    item.unit = row.unit;
    item.agent = row.agent;
    item.supplier = row.supplier;
    d.items.push_back(std::move(item));
  }
  d.total = calculated.total;
  d.payments = payment_sums_from(calculated.payments);
  d.vat = vat_sums_from(calculated.vat_totals);
  return d;
}

tlv build_document(const receipt_document& r) {
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::receipt));
  add_header(doc, r.header);
  add_text_if(doc, tag::user_name, r.user_name);
  doc.add(tlv::u32(tag::receipt_in_shift, r.receipt_in_shift));
  doc.add(tlv::u32(tag::shift_number, r.shift_number));
  doc.add(tlv::u8(tag::settlement_sign, static_cast<std::uint8_t>(r.type)));
  doc.add(tlv::u8(tag::taxation_system, static_cast<std::uint8_t>(r.taxation)));
  add_text_if(doc, tag::cashier, r.cashier);
  add_fixed_text_if(doc, tag::cashier_inn, r.cashier_inn, inn_width);
  add_text_if(doc, tag::settlement_address, r.settlement_address);
  add_text_if(doc, tag::settlement_place, r.settlement_place);
  add_text_if(doc, tag::buyer_contact, r.buyer_contact);
  add_fixed_text_if(doc, tag::buyer_inn, r.buyer_inn, inn_width);
  for (const auto& item : r.items) doc.add(build_item(item));
  doc.add(tlv::money_vln(tag::total, r.total));
  add_payments(doc, r.payments);
  add_vat(doc, r.vat);
  add_text_if(doc, tag::sender_email, r.sender_email);
  add_agent(doc, tag::agent_flags, r.agent);
  add_text_if(doc, tag::supplier_phone, r.supplier_phone);
  add_text_if(doc, tag::fns_site, r.fns_site);
  add_text_if(doc, tag::additional_receipt_requisite, r.additional_requisite);
  if (r.user_property) {
    doc.add(tlv::structure(tag::user_property, {tlv::string(tag::user_property_name, r.user_property->name),
                                                tlv::string(tag::user_property_value, r.user_property->value)}));
  }
  return doc;
}

receipt_document parse_receipt_document(const tlv& doc) {
  expect_form(doc, {form_code::receipt});
  receipt_document r;
  r.header = read_header(doc);
  r.user_name = text_of(doc, tag::user_name);
  r.receipt_in_shift = u32_of(doc, tag::receipt_in_shift);
  r.shift_number = u32_of(doc, tag::shift_number);
  r.type = read_receipt_type(doc);
  r.taxation = read_taxation(doc);
  r.cashier = text_of(doc, tag::cashier);
  r.cashier_inn = trimmed_text_of(doc, tag::cashier_inn);
  r.settlement_address = text_of(doc, tag::settlement_address);
  r.settlement_place = text_of(doc, tag::settlement_place);
  r.buyer_contact = text_of(doc, tag::buyer_contact);
  r.buyer_inn = trimmed_text_of(doc, tag::buyer_inn);
  for (const tlv* item : doc.find_all(tag::item)) r.items.push_back(parse_item(*item));
  r.total = doc.at(tag::total).as_money();
  r.payments = read_payments(doc);
  r.vat = read_vat(doc);
  r.sender_email = text_of(doc, tag::sender_email);
  r.agent = read_agent(doc, tag::agent_flags);
  r.supplier_phone = text_of(doc, tag::supplier_phone);
  r.fns_site = text_of(doc, tag::fns_site);
  r.additional_requisite = text_of(doc, tag::additional_receipt_requisite);
  if (const tlv* prop = doc.find(tag::user_property))
    r.user_property = user_requisite{text_of(*prop, tag::user_property_name), text_of(*prop, tag::user_property_value)};
  return r;
}

tlv build_document(const correction_receipt_document& r) {
  if (r.type != receipt_type::income && r.type != receipt_type::charge)
    throw format_error("a correction receipt is income (1) or charge (3), not " +
                       std::to_string(static_cast<int>(r.type)));
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::correction_receipt));
  add_header(doc, r.header);
  doc.add(tlv::u32(tag::receipt_in_shift, r.receipt_in_shift));
  doc.add(tlv::u32(tag::shift_number, r.shift_number));
  doc.add(tlv::u8(tag::settlement_sign, static_cast<std::uint8_t>(r.type)));
  doc.add(tlv::u8(tag::taxation_system, static_cast<std::uint8_t>(r.taxation)));
  add_text_if(doc, tag::cashier, r.cashier);
  add_fixed_text_if(doc, tag::cashier_inn, r.cashier_inn, inn_width);
  doc.add(tlv::u8(tag::correction_type, r.correction_type));
  tlv basis = tlv::structure(tag::correction_basis);
  basis.add(tlv::string(tag::correction_basis_name, r.basis_name));
  basis.add(tlv::unix_time(tag::correction_basis_date, r.basis_date));
  add_text_if(basis, tag::correction_basis_number, r.basis_number);
  doc.add(std::move(basis));
  doc.add(tlv::money_vln(tag::total, r.total));
  add_payments(doc, r.payments);
  add_vat(doc, r.vat);
  return doc;
}

correction_receipt_document parse_correction_receipt_document(const tlv& doc) {
  expect_form(doc, {form_code::correction_receipt});
  correction_receipt_document r;
  r.header = read_header(doc);
  r.receipt_in_shift = u32_of(doc, tag::receipt_in_shift);
  r.shift_number = u32_of(doc, tag::shift_number);
  r.type = read_receipt_type(doc);
  r.taxation = read_taxation(doc);
  r.cashier = text_of(doc, tag::cashier);
  r.cashier_inn = trimmed_text_of(doc, tag::cashier_inn);
  r.correction_type = u8_of(doc, tag::correction_type);
  const tlv& basis = doc.at(tag::correction_basis);
  r.basis_name = text_of(basis, tag::correction_basis_name);
  r.basis_date = u32_of(basis, tag::correction_basis_date);
  r.basis_number = text_of(basis, tag::correction_basis_number);
  r.total = doc.at(tag::total).as_money();
  r.payments = read_payments(doc);
  r.vat = read_vat(doc);
  return r;
}

}  // namespace ws::ffd
