#include "http/fiscal_document_response.hpp"

#include "http/receipt_response.hpp"

namespace ws::http {

std::string_view to_string(fiscal_document_type type) {
  switch (type) {
    case fiscal_document_type::registration_report: return "RegistrationReport";
    case fiscal_document_type::re_registration_report: return "ReRegistrationReport";
    case fiscal_document_type::shift_open_report: return "ShiftOpenReport";
    case fiscal_document_type::shift_close_report: return "ShiftCloseReport";
    case fiscal_document_type::receipt: return "Receipt";
    case fiscal_document_type::bso: return "BSO";
    case fiscal_document_type::correction_receipt: return "CorrectionReceipt";
    case fiscal_document_type::correction_bso: return "CorrectionBSO";
    case fiscal_document_type::close_fn_report: return "CloseFNReport";
    case fiscal_document_type::current_report: return "CurrentReport";
  }
  return "";
}

void write_fiscal_document(json_writer& json, const fiscal_document_summary& document) {
  json.begin_object()
      .member("id", std::to_string(document.fd_number))
      .member("document_type", to_string(document.type))
      .member("dt", format_date_time(document.date_time))
      .member("fp", std::to_string(document.fiscal_sign))
      .key("ofd_ticket_received").boolean(document.ofd_ticket_received);
  if (!document.inn.empty()) json.member("inn", document.inn);
  if (!document.rnm.empty()) json.member("rnm", document.rnm);
  if (document.shift_number) json.key("shift_number").unsigned_number(*document.shift_number);
  if (document.receipt_type) json.member("receipt_type", ffd::to_string(*document.receipt_type));
  if (document.amount) json.member("amount", ffd::format_money(*document.amount));
  json.end_object();
}

std::string write_fiscal_document(const fiscal_document_summary& document) {
  json_writer json;
  write_fiscal_document(json, document);
  return json.text();
}

}  // namespace ws::http
