#pragma once
// Comparing a secret a client sent (mysecret, the API token) with the configured one in
// time that does not depend on where they differ, so that timing the answers cannot
// guess the secret byte by byte. The time depends only on the configured secret's length.

#include <string_view>

namespace ws::http {

/// True when `given` equals `expected`; every byte of `expected` is looked at whatever
/// `given` holds.
bool secret_equals(std::string_view given, std::string_view expected);

}  // namespace ws::http
