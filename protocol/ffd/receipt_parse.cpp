#include "protocol/ffd/receipt_parse.hpp"

#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/fiscal_text.hpp"
#include "protocol/ffd/inn.hpp"

namespace ws::ffd {

namespace {

template <class E>
E parse_enum(std::optional<E> value, const std::string& name, const std::string& path) {
  if (!value) throw field_error(path, "unknown value \"" + name + "\"");
  return *value;
}

constexpr std::size_t max_item_name = 128;  // tag 1030
constexpr std::size_t max_item_unit = 16;   // tag 1197

void check_inn(const std::string& inn, const std::string& path) {
  if (auto error = inn_error(inn)) throw field_error(path, *error);
}

/// Tags 1171 and 1073 (at most 19 characters): empty means none.
std::string optional_phone(const std::string& text, const std::string& path) {
  return text.empty() ? std::string() : fiscal_phone(text, path);
}

supplier_info parse_supplier(const supplier_info& s, const std::string& path) {
  check_inn(s.inn, path + ".inn");
  supplier_info out;
  out.inn = s.inn;
  out.name = fiscal_text(s.name, 256, path + ".name");
  out.phone = optional_phone(s.phone, path + ".phone");
  return out;
}

receipt_row parse_row(const receipt_row_text& t, const std::string& path) {
  receipt_row row;
  row.price = parse_money_field(t.price, path + ".price");
  row.qty = parse_quantity_field(t.qty, path + ".qty");
  row.tax = parse_enum(parse_vat_rate(t.tax_type), t.tax_type, path + ".tax_type");
  row.method = parse_enum(parse_payment_method(t.payment_type_type), t.payment_type_type,
                          path + ".payment_type_type");
  row.text = fiscal_text(t.text, max_item_name, path + ".text");
  if (t.unit) row.unit = fiscal_text(*t.unit, max_item_unit, path + ".unit");
  if (t.agent_type) row.agent = parse_enum(parse_agent_type(*t.agent_type), *t.agent_type, path + ".agent_type");
  if (t.supplier_info) row.supplier = parse_supplier(*t.supplier_info, path + ".supplier_info");
  return row;
}

payment parse_payment(const payment_text& t, const std::string& path) {
  payment p;
  p.amount = parse_money_field(t.amount, path + ".amount");
  p.type = parse_enum(parse_request_payment_type(t.payment_type), t.payment_type, path + ".payment_type");
  return p;
}

}  // namespace

money parse_money_field(std::string_view text, const std::string& path) {
  try {
    return parse_money(text);
  } catch (const decimal_error& e) {
    throw field_error(path, e.what());
  }
}

quantity parse_quantity_field(std::string_view text, const std::string& path) {
  try {
    return parse_quantity(text);
  } catch (const decimal_error& e) {
    throw field_error(path, e.what());
  }
}

receipt_content parse_receipt_content(const receipt_content_text& t, const std::string& path) {
  receipt_content c;
  check_inn(t.firm_inn, path + ".firm_inn");
  c.firm_inn = t.firm_inn;
  c.type = parse_enum(parse_receipt_type(t.receipt_type), t.receipt_type, path + ".receipt_type");
  c.taxation = parse_enum(parse_taxation_system(t.taxation_type), t.taxation_type, path + ".taxation_type");
  c.agent = parse_enum(parse_agent_type(t.agent_type), t.agent_type, path + ".agent_type");

  c.client_email_or_phone = fiscal_email_or_phone(t.client_email_or_phone, 64, path + ".client_email_or_phone");
  if (t.client_inn) {
    check_inn(*t.client_inn, path + ".client_inn");
    c.client_inn = *t.client_inn;
  }
  if (!t.firm_reply_email.empty()) c.firm_reply_email = fiscal_email(t.firm_reply_email, 64, path + ".firm_reply_email");
  c.firm_url = fiscal_text(t.firm_url, 256, path + ".firm_url");
  if (t.supplier_phone) c.supplier_phone = optional_phone(*t.supplier_phone, path + ".supplier_phone");
  if (t.additional_document_requisite)
    c.additional_document_requisite =
        fiscal_text(*t.additional_document_requisite, 16, path + ".additional_document_requisite");
  if (t.additional_user_requisite) {
    user_requisite requisite;
    requisite.name = fiscal_text(t.additional_user_requisite->name, 64, path + ".additional_user_requisite.name");
    requisite.value = fiscal_text(t.additional_user_requisite->value, 256, path + ".additional_user_requisite.value");
    c.additional_user_requisite = requisite;
  }

  for (std::size_t i = 0; i < t.rows.size(); ++i) c.rows.push_back(parse_row(t.rows[i], indexed(path + ".rows", i)));
  for (std::size_t i = 0; i < t.payments.size(); ++i)
    c.payments.push_back(parse_payment(t.payments[i], indexed(path + ".payments", i)));
  return c;
}

}  // namespace ws::ffd
