#pragma once
// Clock and service: set time (21h), set date (22h) and confirm it (23h), beep (13h),
// reboot (FE F3h, no reply).

#include <cstdint>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// 21h: sets the clock. Wire: password 4, HH MM SS.
struct set_time_request {
  static constexpr command_code code = cmd::set_time;
  std::uint32_t password = default_admin_password;
  time_of_day time;

  bytes encode() const;
  static set_time_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, time); }
};
using set_time_reply = empty_reply<0x21>;

/// 22h sets the date and 23h confirms it (the device waits in mode 6 between them).
/// Wire: password 4, DD MM YY.
template <std::uint16_t Code>
struct date_request {
  static constexpr command_code code{Code};
  std::uint32_t password = default_admin_password;
  date day;

  bytes encode() const {
    bytes out = wire::begin_request(code);
    wire::write_uint(out, password, 4);
    wire::write_date(out, day);
    return out;
  }
  static date_request decode(const bytes& payload) {
    byte_reader in = wire::open_request(payload, code);
    date_request r;
    r.password = in.u32();
    r.day = wire::read_date(in);
    wire::expect_end(in);
    return r;
  }
  auto fields() const { return std::tie(password, day); }
};
using set_date_request = date_request<0x22>;
using set_date_reply = empty_reply<0x22>;
using confirm_date_request = date_request<0x23>;
using confirm_date_reply = empty_reply<0x23>;

/// 13h: beep.
using beep_request = password_request<0x13, default_operator_password>;
using beep_reply = operator_reply<0x13>;

/// FE F3h: restarts the device. Sent as FE F3 00 00 00 00; the device does not answer
/// (expects_reply(cmd::reboot) is false).
using reboot_request = password_request<0xFEF3, 0>;

}  // namespace ws::shtrih
