#pragma once
// Shared checks for the command codec tests: a value encodes to the bytes worked out by
// hand, those bytes decode back to the value, and a buffer cut short is refused.

#include <catch2/catch.hpp>

#include <cstddef>

#include "protocol/common/bytes.hpp"

namespace ws::shtrih::testing {

/// `expected` is the hand-made wire form of `value`. Every prefix shorter than
/// `fixed_length` (the bytes before any variable or optional part; default all of them)
/// must be refused with format_error.
template <class T>
void check_codec(const T& value, const bytes& expected, std::size_t fixed_length) {
  CHECK(value.encode() == expected);
  const T decoded = T::decode(expected);
  CHECK(decoded == value);
  CHECK(T::decode(value.encode()) == value);
  for (std::size_t n = 0; n < fixed_length; ++n) {
    INFO("cut to " << n << " bytes");
    CHECK_THROWS_AS(T::decode(bytes(expected.begin(), expected.begin() + static_cast<std::ptrdiff_t>(n))),
                    format_error);
  }
}

template <class T>
void check_codec(const T& value, const bytes& expected) {
  check_codec(value, expected, expected.size());
}

/// Appends `n` zero bytes: long runs of empty money fields.
inline bytes& zeros(bytes& b, std::size_t n) {
  b.insert(b.end(), n, 0);
  return b;
}

}  // namespace ws::shtrih::testing
