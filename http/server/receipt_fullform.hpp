#pragma once
// with_fullform: a receipt the FN keeps as the Receipt object POST /v1/receipts answers
// with, rebuilt from the document's TLV alone ("origin": "fn"), so any front can show it
// at any time and a client can compare it with the answer it got. What the FN cannot
// know reads back in canonical form (ffd/receipt_readback.hpp), and the request's trace
// is not there. A correction gets the Receipt fields a correction has: the document's
// own fields, firm, FN, KKT and its calculated totals (no rows).

#include <optional>
#include <string>

#include "actors/jobs/document_read.hpp"

namespace ws::http::server {

/// The fullform JSON object, or nullopt for a document that is neither a receipt nor a
/// correction. Throws ffd::format_error when the TLV is not a well-formed document.
/// check_url is built on `public_url` as in the POST's answer.
std::optional<std::string> receipt_fullform(const jobs::document_read& read, const std::string& kkt_serial,
                                            const std::string& public_url);

}  // namespace ws::http::server
