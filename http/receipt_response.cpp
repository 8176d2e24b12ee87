#include "http/receipt_response.hpp"

#include <cstdio>

#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/qr_code.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::http {

std::string format_date_time(const ffd::civil_time& t) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  return text;
}

std::string receipt_qr(const ffd::receipt_content& content, const ffd::calculated_receipt& calculated,
                       const receipt_document_fields& document) {
  ffd::qr_fields fields;
  fields.date_time = static_cast<std::uint32_t>(ffd::from_civil(document.date_time));
  fields.total = calculated.total;
  fields.fn_number = document.fn_number;
  fields.fd_number = document.fd_number;
  fields.fiscal_sign = document.fiscal_sign;
  fields.type = content.type;
  return ffd::qr_string(fields);
}

namespace {

void write_row(json_writer& json, const ffd::receipt_row& row) {
  json.begin_object()
      .member("price", ffd::format_money(row.price))
      .member("qty", ffd::format_quantity(row.qty))
      .member("tax_type", ffd::to_string(row.tax))
      .member("payment_type_type", ffd::to_string(row.method))
      .member("text", row.text);
  if (!row.unit.empty()) json.member("unit", row.unit);
  if (row.agent != ffd::agent_type::none_agent) json.member("agent_type", ffd::to_string(row.agent));
  if (row.supplier) {
    json.key("supplier_info").begin_object().member("inn", row.supplier->inn);
    if (!row.supplier->name.empty()) json.member("name", row.supplier->name);
    if (!row.supplier->phone.empty()) json.member("phone", row.supplier->phone);
    json.end_object();
  }
  json.end_object();
}

}  // namespace

void write_receipt_content(json_writer& json, const ffd::receipt_content& content) {
  json.begin_object()
      .member("firm_inn", content.firm_inn)
      .member("receipt_type", ffd::to_string(content.type))
      .member("taxation_type", ffd::to_string(content.taxation))
      .member("agent_type", ffd::to_string(content.agent))
      .member("client_email_or_phone", content.client_email_or_phone);
  if (!content.client_inn.empty()) json.member("client_inn", content.client_inn);
  if (!content.supplier_phone.empty()) json.member("supplier_phone", content.supplier_phone);
  json.member("firm_reply_email", content.firm_reply_email).member("firm_url", content.firm_url);
  if (!content.additional_document_requisite.empty()) {
    json.member("additional_document_requisite", content.additional_document_requisite);
  }
  if (content.additional_user_requisite) {
    json.key("additional_user_requisite")
        .begin_object()
        .member("name", content.additional_user_requisite->name)
        .member("value", content.additional_user_requisite->value)
        .end_object();
  }
  json.key("rows").begin_array();
  for (const ffd::receipt_row& row : content.rows) write_row(json, row);
  json.end_array();
  json.key("payments").begin_array();
  for (const ffd::payment& payment : content.payments) {
    json.begin_object()
        .member("amount", ffd::format_money(payment.amount))
        .member("payment_type", ffd::to_string(payment.type))
        .end_object();
  }
  json.end_array().end_object();
}

void write_receipt_calculated_content(json_writer& json, const ffd::receipt_content& content,
                                      const ffd::calculated_receipt& calculated, const std::string& qr) {
  json.begin_object()
      .member("total", ffd::format_money(calculated.total))
      .member("money_received_total", ffd::format_money(calculated.money_received))
      .member("firm_reply_email", content.firm_reply_email)
      .member("firm_url", content.firm_url)
      .member("qr", qr);
  json.key("rows").begin_array();
  for (std::size_t i = 0; i < content.rows.size() && i < calculated.rows.size(); ++i) {
    const ffd::receipt_row& row = content.rows[i];
    json.begin_object()
        .member("price", ffd::format_money(row.price))
        .member("qty", ffd::format_quantity(row.qty))
        .member("amount", ffd::format_money(calculated.rows[i].amount))
        .member("tax_type", ffd::to_string(row.tax))
        .member("tax_pct", ffd::tax_pct_text(row.tax))
        .member("tax_amount", ffd::format_money(calculated.rows[i].vat))
        .member("payment_type_type", ffd::to_string(row.method))
        .member("text", row.text)
        .end_object();
  }
  json.end_array();
  json.key("tax_totals").begin_array();
  for (const ffd::vat_total& line : calculated.vat_totals) {
    json.begin_object()
        .member("amount", ffd::format_money(line.amount))
        .member("tax_type", ffd::to_string(line.rate))
        .member("tax_pct", ffd::tax_pct_text(line.rate))
        .member("tax_amount", ffd::format_money(line.vat))
        .end_object();
  }
  json.end_array();
  write_payment_totals(json, calculated.payments);
  json.end_object();
}

void write_payment_totals(json_writer& json, const std::vector<ffd::payment_total>& totals) {
  json.key("totals").begin_array();
  for (const ffd::payment_total& line : totals) {
    json.begin_object()
        .member("amount", ffd::format_money(line.amount))
        .member("payment_type", ffd::to_string(line.type))
        .end_object();
  }
  json.end_array();
}

std::string write_receipt_response(const ffd::receipt_content& content,
                                   const ffd::calculated_receipt& calculated,
                                   const receipt_document_fields& document) {
  json_writer json;
  json.begin_object()
      .key("id").unsigned_number(document.fd_number)
      .member("dt", format_date_time(document.date_time))
      .key("fp").unsigned_number(document.fiscal_sign)
      .key("shift_number").unsigned_number(document.shift_number)
      .key("document_index").unsigned_number(document.receipt_number)
      .key("ofd_ticket_received").boolean(document.ofd_ticket_received);
  if (!document.check_url.empty()) json.member("check_url", document.check_url);
  json.key("firm")
      .begin_object()
      .member("inn", content.firm_inn)
      .member("reply_email", content.firm_reply_email)
      .end_object();
  json.key("fn").begin_object().member("sn", document.fn_number).end_object();
  json.key("kkt").begin_object().member("sn", document.kkt_serial);
  if (!document.kkt_registration_number.empty()) json.member("rn", document.kkt_registration_number);
  json.end_object();
  json.key("receipt_content");
  write_receipt_content(json, content);
  json.key("receipt_calculated_content");
  write_receipt_calculated_content(json, content, calculated, receipt_qr(content, calculated, document));
  json.end_object();
  return json.text();
}

}  // namespace ws::http
