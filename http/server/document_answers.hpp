#pragma once
// The register's record of a document (jobs::printed_document, jobs::archived_document)
// as the API's answer fields (Receipt's document fields, FiscalDocument).

#include <string>
#include <utility>
#include <vector>

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/document_read.hpp"
#include "actors/jobs/printed_document.hpp"
#include "http/fiscal_document_response.hpp"
#include "http/receipt_response.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::http::server {

/// The FN's date-time (two-digit year, minutes) as a civil time in 20YY.
ffd::civil_time civil_of(const shtrih::fn_date_time& t);

/// A document read from the FN archive as the POST that printed it saw it: the archive's
/// number, sign, date-time and total, the shift and receipt numbers from its TLV (left
/// out when the TLV lacks them), and the FN number the caller knows.
jobs::printed_document printed_document_of(const jobs::document_read& read, const std::string& fn_number);

/// The document's STLV (its form code's tag around the TLV read); throws ffd::format_error
/// when the TLV does not decode.
ffd::tlv document_tlv_of(const jobs::document_read& read);
/// The same from a form code and TLV body as the journal keeps them.
ffd::tlv document_tlv_of(std::uint16_t form, const bytes& body);

/// The Receipt's document fields; check_url from `public_url` (receipt_page.hpp).
receipt_document_fields receipt_fields_of(const jobs::printed_document& document, const std::string& kkt_serial,
                                          const std::string& kkt_registration_number, const std::string& public_url);

fiscal_document_summary summary_of(fiscal_document_type type, const jobs::printed_document& document);

/// A printed correction as make_correction_receipt answers it (its type and total with
/// the document fields): the POST's answer, and the one rebuilt from the FN when an
/// unknown outcome is resolved.
std::string correction_answer(ffd::receipt_type type, const jobs::printed_document& document);

/// nullopt when the FN form code has no FiscalDocument type.
std::optional<fiscal_document_type> document_type_of_form(std::uint8_t form);
fiscal_document_summary summary_of(const jobs::archived_document& document);

/// `object_json` (a JSON object written by json_writer) with more members appended;
/// each value is JSON text written by json_writer.
std::string with_members(std::string object_json, const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace ws::http::server
