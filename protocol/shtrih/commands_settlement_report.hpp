#pragma once
// The report on the current state of settlements (FF37h to begin, FF38h to form).

#include <cstdint>
#include <optional>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// FF37h: begins the report.
using begin_settlement_report_request = password_request<0xFF37, default_admin_password>;
using begin_settlement_report_reply = empty_reply<0xFF37>;

/// FF38h: forms the report.
using settlement_report_request = password_request<0xFF38, default_admin_password>;

/// Wire: FD number 4, fiscal sign 4, unconfirmed documents 4, date of the first
/// unconfirmed one 3 (YY MM DD), then (driver's table only) the report's date-time 5.
struct settlement_report_reply {
  static constexpr command_code code = cmd::fn_settlement_report;
  std::uint32_t document_number = 0;
  std::uint32_t fiscal_sign = 0;
  std::uint32_t unconfirmed_count = 0;
  date first_unconfirmed_date;
  std::optional<fn_date_time> date_time;

  bytes encode() const;
  static settlement_report_reply decode(const bytes& payload);
  auto fields() const {
    return std::tie(document_number, fiscal_sign, unconfirmed_count, first_unconfirmed_date, date_time);
  }
};

}  // namespace ws::shtrih
