#pragma once
// The FN's lifecycle: registration (FF05h + FF06h), re-registration (FF05h + FF34h),
// closing the fiscal mode (FF3Dh + FF3Eh). All take the system administrator's password.

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// FF05h report types.
namespace registration_report {
inline constexpr std::uint8_t registration = 0;
inline constexpr std::uint8_t reregistration_fn_replaced = 1;
inline constexpr std::uint8_t reregistration = 2;
}  // namespace registration_report

/// FF05h: begins a registration or re-registration report.
struct begin_registration_request {
  static constexpr command_code code = cmd::fn_begin_registration;
  std::uint32_t password = default_admin_password;
  std::uint8_t report_type = registration_report::registration;

  bytes encode() const;
  static begin_registration_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, report_type); }
};
using begin_registration_reply = empty_reply<0xFF05>;

/// What registration fixes in the FN. Wire: INN 12 ASCII and registration number 20
/// ASCII, both padded with spaces (FFD tags 1018, 1037); taxation systems 1 (bit mask,
/// see taxation::); work mode 1 (bit mask).
struct registration_params {
  std::string inn;
  std::string registration_number;
  std::uint8_t taxation_systems = 1;
  std::uint8_t work_mode = 0;
  auto fields() const { return std::tie(inn, registration_number, taxation_systems, work_mode); }
};

/// FF06h: forms the registration report.
struct registration_request {
  static constexpr command_code code = cmd::fn_registration;
  std::uint32_t password = default_admin_password;
  registration_params params;

  bytes encode() const;
  static registration_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, params); }
};
using registration_reply = fiscal_document_reply<0xFF06>;

/// FF34h: forms the re-registration report. The protocol text sends only the reason
/// code; the driver's table sends the registration parameters before it. Both forms are
/// encoded and decoded (by length): `params` set means the long form.
struct reregistration_request {
  static constexpr command_code code = cmd::fn_reregistration;
  std::uint32_t password = default_admin_password;
  std::optional<registration_params> params;
  std::uint8_t reason = 0;

  bytes encode() const;
  static reregistration_request decode(const bytes& payload);
  auto fields() const { return std::tie(password, params, reason); }
};
using reregistration_reply = fiscal_document_reply<0xFF34>;

/// FF3Dh: begins closing the fiscal mode.
using begin_close_fn_request = password_request<0xFF3D, default_admin_password>;
using begin_close_fn_reply = empty_reply<0xFF3D>;

/// FF3Eh: closes the fiscal mode (the FN's last fiscal document).
using close_fn_request = password_request<0xFF3E, default_admin_password>;
using close_fn_reply = fiscal_document_reply<0xFF3E>;

}  // namespace ws::shtrih
