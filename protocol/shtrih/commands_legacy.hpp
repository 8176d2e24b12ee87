#pragma once
// The classic (pre-FN) receipt commands still found in drivers: sale (80h) and close
// receipt (85h). The farm uses FF46h and FF45h; these are here so the emulator can answer
// and tests can drive old clients.

#include <array>
#include <cstdint>
#include <string>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// Tax group bytes of the classic commands: 0 none, 1..4 a tax group.
using tax_groups = std::array<std::uint8_t, 4>;

/// 80h: sale. Wire: password 4, quantity 5, price 5, department 1, taxes 4 x 1,
/// text 40 bytes (or longer on some models) CP1251, zero-padded.
struct legacy_sale_request {
  static constexpr command_code code = cmd::legacy_sale;
  static constexpr std::size_t min_text_bytes = 40;
  std::uint32_t password = default_operator_password;
  /// Thousandths (the classic "normal precision"; 1000 is 1), the raw wire value.
  std::uint64_t quantity = 1000;
  std::uint64_t price = 0;  ///< kopecks
  std::uint8_t department = 1;
  tax_groups taxes{};
  std::string text;  ///< UTF-8

  bytes encode() const;
  static legacy_sale_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, quantity, price, department, taxes, text); }
};
using legacy_sale_reply = operator_reply<0x80>;

/// 85h: close receipt. Wire: password 4, cash 5, payment types 2..4 x 5, discount (or,
/// negative, a surcharge) 2 signed in hundredths of a percent, taxes 4 x 1, text 40
/// bytes (or longer) CP1251, zero-padded.
struct legacy_close_receipt_request {
  static constexpr command_code code = cmd::legacy_close_receipt;
  static constexpr std::size_t min_text_bytes = 40;
  std::uint32_t password = default_operator_password;
  std::array<std::uint64_t, 4> payments{};  ///< kopecks: cash, types 2, 3, 4
  std::int16_t discount = 0;                ///< -9999..9999, hundredths of a percent
  tax_groups taxes{};
  std::string text;

  bytes encode() const;
  static legacy_close_receipt_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, payments, discount, taxes, text); }
};

struct legacy_close_receipt_reply {
  static constexpr command_code code = cmd::legacy_close_receipt;
  std::uint8_t operator_number = 1;
  std::uint64_t change = 0;  ///< kopecks

  bytes encode() const;
  static legacy_close_receipt_reply decode(const bytes& payload);
  auto fields() const { return std::tie(operator_number, change); }
};

}  // namespace ws::shtrih
