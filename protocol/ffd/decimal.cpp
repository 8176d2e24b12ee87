#include "protocol/ffd/decimal.hpp"

#include <limits>

namespace ws::ffd {

namespace {

__extension__ using uint128 = unsigned __int128;

std::string quoted(std::string_view text) {
  constexpr std::size_t shown = 40;
  std::string out = "\"";
  out.append(text.substr(0, shown));
  if (text.size() > shown) out += "...";
  return out + "\"";
}

/// Parses an unsigned decimal into units of 10^-decimals, rejecting anything beyond
/// `limit`. `what` names the kind of value for messages ("money", "quantity").
std::int64_t parse_scaled(std::string_view text, int decimals, std::int64_t limit, const char* what) {
  const std::string bad = std::string("invalid ") + what + " " + quoted(text) + ": ";
  if (text.empty()) throw decimal_error(bad + "empty string");
  if (text.front() == '+' || text.front() == '-') throw decimal_error(bad + "sign not allowed");

  std::int64_t value = 0;
  std::size_t i = 0;
  std::size_t int_digits = 0;
  auto push_digit = [&](char c) {
    const int d = c - '0';
    if (value > (limit - d) / 10) throw decimal_error(bad + "too large");
    value = value * 10 + d;
  };
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) push_digit(text[i]);
  if (int_digits == 0) throw decimal_error(bad + "expected a digit first");

  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const std::size_t frac_start = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (frac_digits < decimals) {
        push_digit(text[i]);
        ++frac_digits;
      } else if (text[i] != '0') {
        throw decimal_error(bad + "more than " + std::to_string(decimals) + " decimals");
      }
    }
    if (i == frac_start) throw decimal_error(bad + "expected digits after the point");
  }
  if (i < text.size()) {
    const char c = text[i];
    if (c == 'e' || c == 'E') throw decimal_error(bad + "exponent not allowed");
    throw decimal_error(bad + "unexpected character '" + std::string(1, c) + "'");
  }
  for (; frac_digits < decimals; ++frac_digits) push_digit('0');
  return value;
}

std::string format_scaled(std::int64_t value, int decimals, bool trim) {
  const bool negative = value < 0;
  // Work on the magnitude in unsigned so INT64_MIN does not overflow.
  std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
  std::uint64_t unit = 1;
  for (int k = 0; k < decimals; ++k) unit *= 10;
  std::string frac = std::to_string(magnitude % unit);
  frac.insert(0, static_cast<std::size_t>(decimals) - frac.size(), '0');
  if (trim)
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string out = negative ? "-" : "";
  out += std::to_string(magnitude / unit);
  if (!frac.empty()) out += "." + frac;
  return out;
}

}  // namespace

money parse_money(std::string_view text, bool allow_negative) {
  if (allow_negative && !text.empty() && text.front() == '-') {
    const std::int64_t magnitude = parse_scaled(text.substr(1), 2, max_money.kopecks, "money");
    return money{-magnitude};
  }
  return money{parse_scaled(text, 2, max_money.kopecks, "money")};
}

quantity parse_quantity(std::string_view text) {
  return quantity{parse_scaled(text, 6, max_quantity.millionths, "quantity")};
}

std::string format_money(money m) { return format_scaled(m.kopecks, 2, false); }
std::string format_quantity(quantity q) { return format_scaled(q.millionths, 6, true); }

std::int64_t mul_div_half_up(std::int64_t a, std::int64_t b, std::int64_t denominator) {
  if (a < 0 || b < 0 || denominator <= 0)
    throw decimal_error("mul_div_half_up needs non-negative factors and a positive divisor");
  const uint128 product = static_cast<uint128>(a) * static_cast<uint128>(b);
  const auto d = static_cast<uint128>(denominator);
  const uint128 result = (product + d / 2) / d;
  if (result > static_cast<uint128>(std::numeric_limits<std::int64_t>::max()))
    throw decimal_error("result out of range");
  return static_cast<std::int64_t>(result);
}

money row_amount(money price, quantity qty) {
  const std::int64_t kopecks = mul_div_half_up(price.kopecks, qty.millionths, quantity::scale);
  if (kopecks > max_money.kopecks)
    throw decimal_error("amount " + format_scaled(kopecks, 2, false) + " exceeds the register's limit " +
                        format_money(max_money));
  return money{kopecks};
}

money add_money(money a, money b) {
  if (a.kopecks < 0 || b.kopecks < 0) throw decimal_error("add_money needs non-negative sums");
  if (a.kopecks > max_money.kopecks - b.kopecks)
    throw decimal_error("sum exceeds the register's limit " + format_money(max_money));
  return money{a.kopecks + b.kopecks};
}

}  // namespace ws::ffd
