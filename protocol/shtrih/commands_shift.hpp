#pragma once
// Shifts and reports: open shift (E0h, or FF41h + FF0Bh), close shift with the Z report
// (41h, or FF42h + FF43h), X report (40h).

#include <cstdint>
#include <optional>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// E0h: opens the shift in the FN and prints the shift-open report (35 s).
using open_shift_request = password_request<0xE0, default_operator_password>;
using open_shift_reply = operator_reply<0xE0>;

/// FF41h: begins opening the shift (the host may then send FF0Ch TLVs).
using fn_begin_open_shift_request = password_request<0xFF41, default_admin_password>;
using fn_begin_open_shift_reply = empty_reply<0xFF41>;

/// FF0Bh: opens the shift in the FN.
using fn_open_shift_request = password_request<0xFF0B, default_admin_password>;

struct fn_open_shift_reply {
  static constexpr command_code code = cmd::fn_open_shift;
  std::uint16_t shift_number = 0;
  std::uint32_t document_number = 0;
  std::uint32_t fiscal_sign = 0;

  bytes encode() const;
  static fn_open_shift_reply decode(const bytes& payload);
  auto fields() const { return std::tie(shift_number, document_number, fiscal_sign); }
};

/// 41h: daily report with clearing, closes the shift (65 s). Administrator's password.
using z_report_request = password_request<0x41, default_admin_password>;
using z_report_reply = operator_reply<0x41>;

/// FF42h: begins closing the shift.
using fn_begin_close_shift_request = password_request<0xFF42, default_admin_password>;
using fn_begin_close_shift_reply = empty_reply<0xFF42>;

/// FF43h: closes the shift in the FN.
using fn_close_shift_request = password_request<0xFF43, default_admin_password>;

struct fn_close_shift_reply {
  static constexpr command_code code = cmd::fn_close_shift;
  std::uint16_t shift_number = 0;  ///< the shift just closed
  std::uint32_t document_number = 0;
  std::uint32_t fiscal_sign = 0;
  std::optional<fn_date_time> date_time;  ///< in the driver's table, not in the protocol text

  bytes encode() const;
  static fn_close_shift_reply decode(const bytes& payload);
  auto fields() const { return std::tie(shift_number, document_number, fiscal_sign, date_time); }
};

/// 40h: daily report without clearing (30 s). Administrator's password.
using x_report_request = password_request<0x40, default_admin_password>;
using x_report_reply = operator_reply<0x40>;

}  // namespace ws::shtrih
