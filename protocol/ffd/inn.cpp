#include "protocol/ffd/inn.hpp"

#include <array>
#include <cstddef>

namespace ws::ffd {

namespace {

/// Σ digit × weight mod 11 mod 10 over the digits before the check digit.
int check_digit(std::string_view digits, const int* weights, std::size_t count) {
  int sum = 0;
  for (std::size_t i = 0; i < count; ++i) sum += (digits[i] - '0') * weights[i];
  return sum % 11 % 10;
}

}  // namespace

bool is_valid_inn(std::string_view inn) {
  if (inn.size() != 10 && inn.size() != 12) return false;
  for (char c : inn)
    if (c < '0' || c > '9') return false;
  return true;
}

bool inn_checksum_ok(std::string_view inn) {
  if (!is_valid_inn(inn)) return false;
  static constexpr std::array<int, 9> w10{2, 4, 10, 3, 5, 9, 4, 6, 8};
  static constexpr std::array<int, 10> w11{7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
  static constexpr std::array<int, 11> w12{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
  if (inn.size() == 10) return check_digit(inn, w10.data(), w10.size()) == inn[9] - '0';
  return check_digit(inn, w11.data(), w11.size()) == inn[10] - '0' &&
         check_digit(inn, w12.data(), w12.size()) == inn[11] - '0';
}

std::optional<std::string> inn_error(std::string_view inn) {
  if (!is_valid_inn(inn)) return "must be 10 or 12 digits";
  if (!inn_checksum_ok(inn)) return "the INN's check digits are wrong (a typo?)";
  return std::nullopt;
}

}  // namespace ws::ffd
