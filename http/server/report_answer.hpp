#pragma once
// The FiscalDocument answer of a report job (shift open/close, registration, closing
// the FN). The form commands' replies carry the FD number and fiscal sign but not always
// the document's date-time; then it is read back from the FN archive (FF0Ah) on the same
// register, so `dt` is the FN's own and never a placeholder.

#include <string>

#include "actors/broker_actor.hpp"
#include "http/fiscal_document_response.hpp"
#include "http/server/front_state.hpp"

namespace ws::http::server {

/// Throws OutcomeUnknown when the job holds no document.
fiscal_document_summary report_summary(front_state& state, const std::string& serial, const std::string& operation,
                                       fiscal_document_type type, const actors::broker_result& result);

}  // namespace ws::http::server
