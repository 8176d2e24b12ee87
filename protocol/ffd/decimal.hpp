#pragma once
// Exact decimals for fiscal data. Money is a whole number of kopecks and a quantity a
// whole number of millionths: FFD prints money with 2 decimals and the Shtrih-M position
// command carries quantities with 6, so both are exact integers end to end and never
// pass through floating point. The API sends both as decimal strings ("123.45", "0.5").

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ws::ffd {

/// A sum of money in kopecks (1/100 rouble).
struct money {
  std::int64_t kopecks = 0;

  friend constexpr bool operator==(money a, money b) { return a.kopecks == b.kopecks; }
  friend constexpr bool operator!=(money a, money b) { return a.kopecks != b.kopecks; }
  friend constexpr bool operator<(money a, money b) { return a.kopecks < b.kopecks; }
  friend constexpr bool operator>(money a, money b) { return a.kopecks > b.kopecks; }
  friend constexpr bool operator<=(money a, money b) { return a.kopecks <= b.kopecks; }
  friend constexpr bool operator>=(money a, money b) { return a.kopecks >= b.kopecks; }
};

/// A quantity in millionths of its unit (6 decimals, as the FF46h position carries it).
struct quantity {
  std::int64_t millionths = 0;

  static constexpr std::int64_t scale = 1'000'000;
  friend constexpr bool operator==(quantity a, quantity b) { return a.millionths == b.millionths; }
  friend constexpr bool operator!=(quantity a, quantity b) { return a.millionths != b.millionths; }
  friend constexpr bool operator<(quantity a, quantity b) { return a.millionths < b.millionths; }
  friend constexpr bool operator>(quantity a, quantity b) { return a.millionths > b.millionths; }
};

/// The largest sum a register takes: FF46h price and amount and the FF45h payment sums
/// are 5-byte fields (2^40 - 1 kopecks = 10 995 116 277.75 roubles); FFD's 6-byte VLN
/// holds more, so this limit is the binding one.
inline constexpr money max_money{(std::int64_t{1} << 40) - 1};
/// The largest quantity: FF46h carries it in 6 bytes of millionths.
inline constexpr quantity max_quantity{(std::int64_t{1} << 48) - 1};

/// A decimal string that is not a valid amount; what() says what is wrong with it.
struct decimal_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// Parses money: digits, optionally '.' and at most 2 more digits ("10", "10.5",
/// "10.50"). Extra decimals are accepted only when they are zeros ("10.500") since the
/// value is still exact. No exponent, no spaces, no '+'; '-' only when
/// `allow_negative`. Throws decimal_error above `max_money` (or below its negative).
money parse_money(std::string_view text, bool allow_negative = false);

/// Parses a quantity with at most 6 decimals under the same rules; never negative.
/// Throws decimal_error above `max_quantity`.
quantity parse_quantity(std::string_view text);

/// "123.45", "0.05", "-1.50": always two decimals.
std::string format_money(money m);
/// "2", "1.5", "0.000001": trailing fractional zeros dropped.
std::string format_quantity(quantity q);

/// `numerator / denominator` of non-negative values rounded half up, computed in 128
/// bits so the product never overflows; throws decimal_error for a negative input, a
/// zero denominator, or a result beyond int64.
std::int64_t mul_div_half_up(std::int64_t a, std::int64_t b, std::int64_t denominator);

/// Row amount = price × quantity rounded half up to the kopeck (0.35 × 0.5 = 0.175 ->
/// 0.18). Throws decimal_error when the result exceeds `max_money`.
money row_amount(money price, quantity qty);

/// Checked sum; throws decimal_error past `max_money`.
money add_money(money a, money b);

}  // namespace ws::ffd
