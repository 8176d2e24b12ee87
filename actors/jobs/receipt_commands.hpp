#pragma once
// How an API receipt becomes Shtrih-M commands: the 8Dh receipt type, one FF46h per row
// with its FF4Dh TLVs (agent and supplier data), the receipt's FF0Ch TLVs, and the FF45h
// close with payment slots, VAT sums and the taxation system. Pure functions of the
// receipt, so they are tested on their own.

#include <vector>

#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::jobs {

shtrih::receipt_type shtrih_receipt_type(ffd::receipt_type type);
shtrih::settlement_sign shtrih_settlement_sign(ffd::receipt_type type);

shtrih::position_request position_of(const ffd::receipt_content& content, std::size_t row,
                                      const ffd::calculated_receipt& calculated);
/// FF4Dh TLV for a row (agent flags 1222, supplier data 1224); empty when it has none.
bytes position_tlv_of(const ffd::receipt_row& row);
/// FF0Ch blocks for the receipt: one TLV per command (each must fit 250 bytes).
std::vector<bytes> receipt_tlvs_of(const ffd::receipt_content& content);
shtrih::close_receipt_request close_of(const ffd::receipt_content& content,
                                       const ffd::calculated_receipt& calculated);

}  // namespace ws::jobs
