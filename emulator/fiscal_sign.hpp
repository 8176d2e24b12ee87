#pragma once
// The fiscal sign (FFD tag 1077, "ФПД") of the emulated FN: a MAC over the document's
// bytes under a key that belongs to one FN, shown as an unsigned 32-bit number. Here it
// is the low 32 bits of SipHash-2-4, so changing any byte of a document changes its sign
// (with certainty up to 2^-32) and another FN signs the same bytes differently.

#include <cstdint>
#include <string_view>

#include "emulator/siphash.hpp"
#include "protocol/common/bytes.hpp"

namespace ws::emulator {

/// The key a new FN is "manufactured" with, derived from its serial number so that a
/// device created again from the same settings signs exactly as before.
siphash_key fn_key_for_serial(std::string_view fn_serial);

/// Fiscal sign of `document` (the encoded document TLV without tag 1077) under `key`.
std::uint32_t fiscal_sign(const siphash_key& key, const bytes& document);

}  // namespace ws::emulator
