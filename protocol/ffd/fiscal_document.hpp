#pragma once
// Any fiscal document the FN stores, read from or written to its TLV form by form code.

#include <optional>
#include <string_view>
#include <variant>

#include "protocol/ffd/registration_report.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/shift_reports.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::ffd {

using fiscal_document = std::variant<registration_report, shift_open_report, shift_close_report, settlement_report,
                                     receipt_document, correction_receipt_document, fn_close_report>;

/// Reads a document by its form code (the STLV's tag); throws format_error for forms
/// not modelled (BSO 4/41, operator confirmation 7) and for missing tags.
fiscal_document parse_document(const tlv& document);
/// Decodes the bytes of one document STLV and reads it.
fiscal_document parse_document(const bytes& encoded);
tlv build_document(const fiscal_document& document);

form_code form_of(const fiscal_document& document);
const document_header& header_of(const fiscal_document& document);

/// The API's FiscalDocument.document_type for a form ("Receipt", "ShiftOpenReport"...).
std::string_view api_document_type(form_code form);

}  // namespace ws::ffd
