#include "http/server/document_answers.hpp"

#include <stdexcept>

#include "http/json_writer.hpp"
#include "http/server/receipt_page.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::http::server {

ffd::civil_time civil_of(const shtrih::fn_date_time& t) {
  ffd::civil_time out;
  out.year = 2000 + t.day.year;
  out.month = t.day.month;
  out.day = t.day.day;
  out.hour = t.hour;
  out.minute = t.minute;
  return out;
}

jobs::printed_document printed_document_of(const jobs::document_read& read, const std::string& fn_number) {
  jobs::printed_document printed;
  printed.document_number = read.document.document_number;
  printed.fiscal_sign = read.document.fiscal_sign;
  printed.date_time = read.document.date_time;
  printed.fn_number = fn_number;
  printed.total = read.document.total.value_or(0);
  try {
    for (const auto& node : ffd::decode(read.tlv)) {
      if (node.tag() == ffd::tag::shift_number) printed.shift_number = static_cast<std::uint16_t>(node.as_uint());
      if (node.tag() == ffd::tag::receipt_in_shift) printed.receipt_in_shift = static_cast<std::uint32_t>(node.as_uint());
    }
  } catch (const std::exception&) {
    // An unreadable TLV leaves these out of the answer; the archive's fields still hold.
  }
  return printed;
}

ffd::tlv document_tlv_of(std::uint16_t form, const bytes& body) {
  ffd::tlv document = ffd::tlv::structure(form);
  for (auto& node : ffd::decode(body)) document.add(std::move(node));
  return document;
}

ffd::tlv document_tlv_of(const jobs::document_read& read) { return document_tlv_of(read.tlv_document_type, read.tlv); }

receipt_document_fields receipt_fields_of(const jobs::printed_document& document, const std::string& kkt_serial,
                                          const std::string& kkt_registration_number, const std::string& public_url) {
  receipt_document_fields out;
  out.fd_number = document.document_number;
  out.fiscal_sign = document.fiscal_sign;
  out.fn_number = document.fn_number;
  out.date_time = civil_of(document.date_time);
  out.shift_number = document.shift_number.value_or(0);
  out.receipt_number = document.receipt_in_shift.value_or(0);
  out.kkt_serial = kkt_serial;
  out.kkt_registration_number = kkt_registration_number;
  out.check_url = receipt_page_link(public_url, out.fn_number, out.fd_number, out.fiscal_sign);
  return out;
}

fiscal_document_summary summary_of(fiscal_document_type type, const jobs::printed_document& document) {
  fiscal_document_summary out;
  out.type = type;
  out.fd_number = document.document_number;
  out.fiscal_sign = document.fiscal_sign;
  out.date_time = civil_of(document.date_time);
  if (document.shift_number) out.shift_number = *document.shift_number;
  return out;
}

std::string correction_answer(ffd::receipt_type type, const jobs::printed_document& document) {
  auto summary = summary_of(fiscal_document_type::correction_receipt, document);
  summary.receipt_type = type;
  summary.amount = ffd::money{static_cast<std::int64_t>(document.total)};
  return write_fiscal_document(summary);
}

std::optional<fiscal_document_type> document_type_of_form(std::uint8_t form) {
  switch (form) {
    case jobs::form::registration: return fiscal_document_type::registration_report;
    case jobs::form::reregistration: return fiscal_document_type::re_registration_report;
    case jobs::form::shift_open: return fiscal_document_type::shift_open_report;
    case jobs::form::shift_close: return fiscal_document_type::shift_close_report;
    case jobs::form::receipt: return fiscal_document_type::receipt;
    case jobs::form::correction: return fiscal_document_type::correction_receipt;
    case jobs::form::fn_close: return fiscal_document_type::close_fn_report;
    case jobs::form::settlement_report: return fiscal_document_type::current_report;
    default: return std::nullopt;
  }
}

fiscal_document_summary summary_of(const jobs::archived_document& document) {
  fiscal_document_summary out;
  out.type = document_type_of_form(document.document_type).value_or(fiscal_document_type::receipt);
  out.fd_number = document.document_number;
  out.fiscal_sign = document.fiscal_sign;
  out.date_time = civil_of(document.date_time);
  out.ofd_ticket_received = document.ticket_received;
  if (document.shift_number) out.shift_number = *document.shift_number;
  if (document.settlement_sign && *document.settlement_sign >= 1 && *document.settlement_sign <= 4)
    out.receipt_type = static_cast<ffd::receipt_type>(*document.settlement_sign);
  if (document.total) out.amount = ffd::money{static_cast<std::int64_t>(*document.total)};
  return out;
}

std::string with_members(std::string object_json, const std::vector<std::pair<std::string, std::string>>& members) {
  if (object_json.size() < 2 || object_json.back() != '}') throw std::logic_error("with_members: not an object");
  object_json.pop_back();
  bool empty = object_json == "{";
  for (const auto& [name, value] : members) {
    if (!empty) object_json += ',';
    object_json += json_quote(name) + ':' + value;
    empty = false;
  }
  object_json += '}';
  return object_json;
}

}  // namespace ws::http::server
