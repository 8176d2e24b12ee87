#include "protocol/ffd/fiscal_document.hpp"

namespace ws::ffd {

fiscal_document parse_document(const tlv& doc) {
  if (!doc.is_structure()) throw format_error("tag " + std::to_string(doc.tag()) + " is not a document");
  switch (static_cast<form_code>(doc.tag())) {
    case form_code::registration:
    case form_code::re_registration: return parse_registration_report(doc);
    case form_code::shift_open: return parse_shift_open_report(doc);
    case form_code::shift_close: return parse_shift_close_report(doc);
    case form_code::settlement_report: return parse_settlement_report(doc);
    case form_code::receipt: return parse_receipt_document(doc);
    case form_code::correction_receipt: return parse_correction_receipt_document(doc);
    case form_code::fn_close: return parse_fn_close_report(doc);
    default: throw format_error("document form " + std::to_string(doc.tag()) + " is not supported");
  }
}

fiscal_document parse_document(const bytes& encoded) { return parse_document(decode_one(encoded)); }

tlv build_document(const fiscal_document& document) {
  return std::visit([](const auto& d) { return build_document(d); }, document);
}

form_code form_of(const fiscal_document& document) {
  struct visitor {
    form_code operator()(const registration_report& r) const {
      return r.is_re_registration ? form_code::re_registration : form_code::registration;
    }
    form_code operator()(const shift_open_report&) const { return form_code::shift_open; }
    form_code operator()(const shift_close_report&) const { return form_code::shift_close; }
    form_code operator()(const settlement_report&) const { return form_code::settlement_report; }
    form_code operator()(const receipt_document&) const { return form_code::receipt; }
    form_code operator()(const correction_receipt_document&) const { return form_code::correction_receipt; }
    form_code operator()(const fn_close_report&) const { return form_code::fn_close; }
  };
  return std::visit(visitor{}, document);
}

const document_header& header_of(const fiscal_document& document) {
  return std::visit([](const auto& d) -> const document_header& { return d.header; }, document);
}

std::string_view api_document_type(form_code form) {
  switch (form) {
    case form_code::registration: return "RegistrationReport";
    case form_code::re_registration: return "ReRegistrationReport";
    case form_code::shift_open: return "ShiftOpenReport";
    case form_code::shift_close: return "ShiftCloseReport";
    case form_code::receipt: return "Receipt";
    case form_code::bso: return "BSO";
    case form_code::correction_receipt: return "CorrectionReceipt";
    case form_code::bso_correction: return "CorrectionBSO";
    case form_code::fn_close: return "CloseFNReport";
    case form_code::settlement_report: return "CurrentReport";
    case form_code::operator_confirmation: return "OperatorConfirmation";
  }
  return "Unknown";
}

}  // namespace ws::ffd
