#pragma once
// How large a fiscal document may be, in one place for the farm and the emulator's FN.
// FFD 1.05 formats (the paragraph before table 1): the data structure of a receipt or a
// BSO holds at most 32768 bytes, of every other fiscal document 4096 (a correction
// receipt counts as a receipt here, being one of its kinds); an FN refuses a larger one
// with its error 10h "TLV data too large".

#include <cstddef>
#include <string>

#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

/// The largest content (the bytes inside the document's own STLV) the FN signs for `form`.
std::size_t max_document_bytes(form_code form);

/// A receipt's content size as the most verbose register would form it: every text the
/// register adds itself (the user's name, the settlement address and place, the cashier,
/// the FNS site, its serial number) at its longest. A receipt within max_document_bytes
/// by this count fits in the FN of every register.
std::size_t worst_case_receipt_bytes(const receipt_content& content, const calculated_receipt& calculated);

/// field_error at `path`.rows when the receipt would not fit by worst_case_receipt_bytes.
void check_receipt_fits(const receipt_content& content, const calculated_receipt& calculated,
                        const std::string& path);

}  // namespace ws::ffd
