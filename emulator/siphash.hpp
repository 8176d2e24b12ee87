#pragma once
// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit MAC over a byte string.
// The emulated FN uses it to sign documents (see fiscal_sign.hpp); written here from the
// algorithm's description so the emulator needs no crypto library.

#include <cstddef>
#include <cstdint>

namespace ws::emulator {

/// A 128-bit SipHash key as two little-endian 64-bit words (k0 = key bytes 0..7).
struct siphash_key {
  std::uint64_t k0 = 0;
  std::uint64_t k1 = 0;
};

/// SipHash-2-4 of `size` bytes at `data` under `key`.
std::uint64_t siphash_2_4(const siphash_key& key, const std::uint8_t* data, std::size_t size);

}  // namespace ws::emulator
