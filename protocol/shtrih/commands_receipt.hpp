#pragma once
// A receipt: open (8Dh), positions (FF46h), extra TLV for the receipt (FF0Ch) or for the
// last position (FF4Dh), close (FF45h), cancel (88h), and continue printing after the
// paper ran out (B0h).

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// 8Dh: opens a receipt of `type`.
struct open_receipt_request {
  static constexpr command_code code = cmd::open_receipt;
  std::uint32_t password = default_operator_password;
  receipt_type type = receipt_type::sale;

  bytes encode() const;
  static open_receipt_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, type); }
};
using open_receipt_reply = operator_reply<0x8D>;

/// FFD tag 1054: the settlement sign of a position or receipt.
enum class settlement_sign : std::uint8_t {
  income = 1,
  income_return = 2,
  expense = 3,
  expense_return = 4,
};

/// The VAT code byte of FF46h (vendor driver, 2026). Other byte values pass through.
enum class vat_code : std::uint8_t {
  vat20 = 0x01,
  vat10 = 0x02,
  vat0 = 0x04,
  none = 0x08,  ///< not subject to VAT
  vat20_120 = 0x10,
  vat10_110 = 0x20,
  vat5 = 0x81,
  vat7 = 0x82,
  vat5_105 = 0x84,
  vat7_107 = 0x88,
  vat22 = 0xCB,
  vat22_122 = 0xCC,
};

/// Largest money value a 5-byte field holds; FF46h reserves it for "not given".
inline constexpr std::uint64_t max_money = 0xFF'FFFF'FFFF;
/// Largest FF46h quantity (6 bytes, millionths).
inline constexpr std::uint64_t max_quantity = 0xFFFF'FFFF'FFFF;

/// FF46h: one position ("operation V2").
/// Wire: password 4, operation 1, quantity 6 (millionths), price 5, amount 5
/// (FF..FF = price x quantity computed by the device), VAT sum 5 (FF..FF = not given),
/// VAT code 1, department 1, payment method 1 (tag 1214), payment object 1 (tag 1212),
/// name 0..128 bytes CP1251.
struct position_request {
  static constexpr command_code code = cmd::position;
  static constexpr std::size_t max_name_bytes = 128;
  std::uint32_t password = default_operator_password;
  settlement_sign operation = settlement_sign::income;
  std::uint64_t quantity = 1'000'000;  ///< millionths: 1'000'000 is 1
  std::uint64_t price = 0;             ///< kopecks
  std::optional<std::uint64_t> amount;   ///< kopecks; nullopt = device computes it
  std::optional<std::uint64_t> vat_sum;  ///< kopecks; nullopt = device computes it
  vat_code vat = vat_code::none;
  std::uint8_t department = 1;
  std::uint8_t payment_method = 4;  ///< tag 1214: 4 = full settlement
  std::uint8_t payment_object = 1;  ///< tag 1212: 1 = goods
  std::string name;                 ///< UTF-8; at most 128 bytes in CP1251

  bytes encode() const;
  static position_request decode(const bytes& payload);
  auto fields() const {
    return std::tie(password, operation, quantity, price, amount, vat_sum, vat, department,
                    payment_method, payment_object, name);
  }
};
using position_reply = empty_reply<0xFF46>;

/// FF0Ch / FF4Dh: raw TLV data (FFD tags) for the receipt or for its last position.
template <std::uint16_t Code>
struct tlv_request {
  static constexpr command_code code{Code};
  static constexpr std::size_t max_tlv_bytes = 250;
  std::uint32_t password = default_admin_password;
  bytes tlv;

  bytes encode() const {
    if (tlv.size() > max_tlv_bytes) throw format_error("TLV data over 250 bytes");
    bytes out = wire::begin_request(code);
    wire::write_uint(out, password, 4);
    out.insert(out.end(), tlv.begin(), tlv.end());
    return out;
  }
  static tlv_request decode(const bytes& payload) {
    byte_reader in = wire::open_request(payload, code);
    tlv_request r;
    r.password = in.u32();
    if (in.remaining() > max_tlv_bytes) throw format_error("TLV data over 250 bytes");
    r.tlv = in.rest();
    return r;
  }
  auto fields() const { return std::tie(password, tlv); }
};
using write_tlv_request = tlv_request<0xFF0C>;
using write_tlv_reply = empty_reply<0xFF0C>;
using position_tlv_request = tlv_request<0xFF4D>;
using position_tlv_reply = empty_reply<0xFF4D>;

/// FF45h payment slots (16 sums): cash, 12 electronic, then the three advance forms.
namespace payment_slot {
inline constexpr std::size_t cash = 0;
inline constexpr std::size_t electronic = 1;  ///< slots 1..12 are all electronic
inline constexpr std::size_t prepayment = 13;
inline constexpr std::size_t postpayment = 14;  ///< credit
inline constexpr std::size_t counter_provision = 15;
inline constexpr std::size_t count = 16;
}  // namespace payment_slot

/// FF45h / FF4Ah VAT sums, in wire order.
namespace vat_slot {
inline constexpr std::size_t vat20 = 0;  ///< formerly 18%
inline constexpr std::size_t vat10 = 1;
inline constexpr std::size_t vat0 = 2;   ///< turnover at 0%
inline constexpr std::size_t none = 3;   ///< turnover without VAT
inline constexpr std::size_t vat20_120 = 4;
inline constexpr std::size_t vat10_110 = 5;
inline constexpr std::size_t count = 6;
}  // namespace vat_slot

/// Taxation system bits (FF45h, FF4Ah, FF06h; FFD tag 1055).
namespace taxation {
inline constexpr std::uint8_t osn = 1u << 0;
inline constexpr std::uint8_t usn_income = 1u << 1;
inline constexpr std::uint8_t usn_income_expense = 1u << 2;
inline constexpr std::uint8_t envd = 1u << 3;
inline constexpr std::uint8_t eshn = 1u << 4;
inline constexpr std::uint8_t patent = 1u << 5;
}  // namespace taxation

/// FF45h: closes the receipt ("extended close, variant 2").
/// Wire: password 4, 16 payment sums x 5, rounding 1 (kopecks), 6 VAT sums x 5,
/// taxation system 1, text 0..64 bytes CP1251.
struct close_receipt_request {
  static constexpr command_code code = cmd::close_receipt;
  static constexpr std::size_t max_text_bytes = 64;
  std::uint32_t password = default_operator_password;
  std::array<std::uint64_t, payment_slot::count> payments{};  ///< kopecks
  std::uint8_t rounding = 0;                                  ///< kopecks rounded off
  std::array<std::uint64_t, vat_slot::count> vat_sums{};      ///< kopecks
  std::uint8_t taxation_system = taxation::osn;
  std::string text;

  bytes encode() const;
  static close_receipt_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, payments, rounding, vat_sums, taxation_system, text); }
};

struct close_receipt_reply {
  static constexpr command_code code = cmd::close_receipt;
  std::uint64_t change = 0;  ///< kopecks
  std::uint32_t document_number = 0;
  std::uint32_t fiscal_sign = 0;
  fn_date_time date_time;

  bytes encode() const;
  static close_receipt_reply decode(const bytes& payload);
  auto fields() const { return std::tie(change, document_number, fiscal_sign, date_time); }
};

/// 88h: cancels the open receipt.
using cancel_receipt_request = password_request<0x88, default_operator_password>;
using cancel_receipt_reply = operator_reply<0x88>;

/// B0h: continue printing after paper was loaded (submode 3).
using continue_print_request = password_request<0xB0, default_operator_password>;
using continue_print_reply = operator_reply<0xB0>;

}  // namespace ws::shtrih
