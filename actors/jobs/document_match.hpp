#pragma once
// Is this FN document the one a receipt or correction order prints? The one rule behind
// two answers: a job whose closing reply was lost reads the FN's last document back
// (job_script_closing), and the front resolves a journal entry whose outcome nobody saw
// (a crash, a lost line) from the first receipt or correction after the FN's last
// document before the job (http/server/outcome_resolver).

#include <optional>

#include "actors/jobs/archived_document.hpp"
#include "protocol/ffd/correction.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::jobs {

/// A receipt (form 3) with the content's settlement sign and total. With `tlv` (the
/// document's TLV as FF3Ah/FF3Bh give it) also its rows, one by one: name, price,
/// quantity and amount of every 1059 in order. A TLV that cannot be decoded never matches.
bool is_receipt_of(const ffd::receipt_content& content, const ffd::calculated_receipt& calculated,
                   const archived_document& document, const bytes* tlv = nullptr);

/// A correction (form 31) with the content's settlement sign and total.
bool is_correction_of(const ffd::correction_content& content, const archived_document& document);

}  // namespace ws::jobs
