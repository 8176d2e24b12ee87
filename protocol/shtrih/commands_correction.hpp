#pragma once
// Correction receipts: in one command (FF4Ah), or begin (FF35h) + form (FF36h).

#include <array>
#include <cstdint>
#include <optional>

#include "protocol/shtrih/commands_common.hpp"
#include "protocol/shtrih/commands_receipt.hpp"

namespace ws::shtrih {

/// FF4Ah: correction receipt ("FS print correction receipt" in the driver's table).
/// Wire: password 4, correction type 1 (0 own initiative, 1 by order), settlement sign 1,
/// total 5, cash 5, electronic 5, prepayment 5, postpayment 5, counter-provision 5,
/// 6 VAT sums x 5 (vat_slot order), taxation system 1.
struct correction_request {
  static constexpr command_code code = cmd::correction;
  std::uint32_t password = default_operator_password;
  std::uint8_t correction_type = 0;  ///< tag 1173: 0 own initiative, 1 by order
  settlement_sign sign = settlement_sign::income;
  std::uint64_t total = 0;
  std::uint64_t cash = 0;
  std::uint64_t electronic = 0;
  std::uint64_t prepayment = 0;
  std::uint64_t postpayment = 0;
  std::uint64_t counter_provision = 0;
  std::array<std::uint64_t, vat_slot::count> vat_sums{};
  std::uint8_t taxation_system = taxation::osn;

  bytes encode() const;
  static correction_request decode(const bytes& payload);
  auto fields() const {
    return std::tie(password, correction_type, sign, total, cash, electronic, prepayment, postpayment,
                    counter_provision, vat_sums, taxation_system);
  }
};

/// FF4Ah and FF36h replies: the receipt's number in the shift, then the FN document.
template <std::uint16_t Code, bool DateTimeRequired>
struct correction_reply_t {
  static constexpr command_code code{Code};
  std::uint16_t receipt_number = 0;
  std::uint32_t document_number = 0;
  std::uint32_t fiscal_sign = 0;
  std::optional<fn_date_time> date_time;

  bytes encode() const {
    if (DateTimeRequired && !date_time) throw format_error("correction reply needs its date-time");
    bytes out = wire::begin_reply(code);
    wire::write_uint(out, receipt_number, 2);
    wire::write_uint(out, document_number, 4);
    wire::write_uint(out, fiscal_sign, 4);
    if (date_time) wire::write_fn_date_time(out, *date_time);
    return out;
  }
  static correction_reply_t decode(const bytes& payload) {
    byte_reader in = wire::open_reply(payload, code);
    correction_reply_t r;
    r.receipt_number = in.u16();
    r.document_number = in.u32();
    r.fiscal_sign = in.u32();
    if (DateTimeRequired || in.remaining() >= 5) r.date_time = wire::read_fn_date_time(in);
    return r;
  }
  auto fields() const { return std::tie(receipt_number, document_number, fiscal_sign, date_time); }
};
/// FF4Ah: date-time always present.
using correction_reply = correction_reply_t<0xFF4A, true>;

/// FF35h: begins a correction receipt.
using begin_correction_request = password_request<0xFF35, default_admin_password>;
using begin_correction_reply = empty_reply<0xFF35>;

/// FF36h: forms the correction receipt begun by FF35h. Wire: password 4, total 5,
/// operation 1 (settlement sign).
struct correction_v1_request {
  static constexpr command_code code = cmd::fn_correction;
  std::uint32_t password = default_admin_password;
  std::uint64_t total = 0;
  settlement_sign sign = settlement_sign::income;

  bytes encode() const;
  static correction_v1_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, total, sign); }
};
/// FF36h: the protocol text has no date-time, the driver's table has it.
using correction_v1_reply = correction_reply_t<0xFF36, false>;

}  // namespace ws::shtrih
