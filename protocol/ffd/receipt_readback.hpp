#pragma once
// A receipt the FN keeps, read back in the API's terms: the content POST /v1/receipts
// would have sent for it and the figures it computed, taken from the document's own
// tags. Rows' amounts and VAT, the total and the payment sums are the FN's (what it
// signed), not recomputed, so comparing them with an answer shows any difference.
// What the FN cannot know reads back in one canonical form: several payments of one
// kind are one payment (card, emoney and emoney_other all read back as card: one tag,
// 1081, holds them), nds_18 reads back as nds_20 and the payment method "prepayment"
// as "partial_prepayment_wo_delivery" (each pair shares one FFD code), and a row's
// payment object is not part of the API's row.

#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/receipt_document.hpp"

namespace ws::ffd {

struct receipt_readback {
  receipt_content content;
  calculated_receipt calculated;
};

receipt_readback read_back_receipt(const receipt_document& document);

/// The payments of the FN's sums, one per sum that is not zero, in the API's order.
std::vector<payment> payments_read_back(const payment_sums& sums);

}  // namespace ws::ffd
