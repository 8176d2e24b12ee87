#pragma once
// The INN (taxpayer number) rules, in one place: its form (10 digits for a company, 12
// for a person) and its check digits, so that a typo is caught where the INN enters the
// farm (the configured demo firm at start-up, requests, registration data).

#include <optional>
#include <string>
#include <string_view>

namespace ws::ffd {

/// True for 10 or 12 ASCII digits.
bool is_valid_inn(std::string_view inn);

/// True when the form is valid and the check digits are right (10 digits: one check
/// digit; 12: two).
bool inn_checksum_ok(std::string_view inn);

/// What is wrong with an INN, for a 400 answer; nullopt when it is well formed with the
/// right check digits.
std::optional<std::string> inn_error(std::string_view inn);

}  // namespace ws::ffd
