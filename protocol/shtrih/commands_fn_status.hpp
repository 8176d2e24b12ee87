#pragma once
// What the FN says about itself: status (FF01h), number (FF02h), expiry (FF03h),
// version (FF04h), OFD exchange status (FF39h), documents without an OFD ticket (FF3Fh).
// All take the system administrator's password.

#include <cstdint>
#include <string>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// FF01h phase bits ("life phase state").
namespace fn_phase {
inline constexpr std::uint8_t configured = 1u << 0;
inline constexpr std::uint8_t fiscal_mode = 1u << 1;
inline constexpr std::uint8_t fiscal_mode_closed = 1u << 2;
inline constexpr std::uint8_t archive_sent = 1u << 3;  ///< all data passed to the OFD
}  // namespace fn_phase

/// FF01h current document codes.
namespace fn_document {
inline constexpr std::uint8_t none = 0x00;
inline constexpr std::uint8_t registration = 0x01;
inline constexpr std::uint8_t shift_open = 0x02;
inline constexpr std::uint8_t receipt = 0x04;
inline constexpr std::uint8_t shift_close = 0x08;
inline constexpr std::uint8_t fn_close = 0x10;
inline constexpr std::uint8_t bso = 0x11;
inline constexpr std::uint8_t reregistration_fn_replaced = 0x12;
inline constexpr std::uint8_t reregistration = 0x13;
inline constexpr std::uint8_t correction_receipt = 0x14;
inline constexpr std::uint8_t correction_bso = 0x15;
inline constexpr std::uint8_t settlement_report = 0x17;
}  // namespace fn_document

using fn_status_request = password_request<0xFF01, default_admin_password>;

struct fn_status_reply {
  static constexpr command_code code = cmd::fn_status;
  std::uint8_t phase = 0;             ///< fn_phase bits
  std::uint8_t current_document = 0;  ///< fn_document code
  bool document_data_received = false;
  bool shift_open = false;
  std::uint8_t warning_flags = 0;
  fn_date_time date_time;
  std::string fn_number;  ///< 16 ASCII digits
  std::uint32_t last_document_number = 0;

  bytes encode() const;
  static fn_status_reply decode(const bytes& payload);
  auto fields() const {
    return std::tie(phase, current_document, document_data_received, shift_open, warning_flags,
                    date_time, fn_number, last_document_number);
  }
};

using fn_number_request = password_request<0xFF02, default_admin_password>;

struct fn_number_reply {
  static constexpr command_code code = cmd::fn_number;
  std::string fn_number;  ///< 16 ASCII digits

  bytes encode() const;
  static fn_number_reply decode(const bytes& payload);
  auto fields() const { return std::tie(fn_number); }
};

using fn_expiry_request = password_request<0xFF03, default_admin_password>;

struct fn_expiry_reply {
  static constexpr command_code code = cmd::fn_expiry;
  date expiry;  ///< YY MM DD on the wire

  bytes encode() const;
  static fn_expiry_reply decode(const bytes& payload);
  auto fields() const { return std::tie(expiry); }
};

using fn_version_request = password_request<0xFF04, default_admin_password>;

struct fn_version_reply {
  static constexpr command_code code = cmd::fn_version;
  std::string version;  ///< up to 16 ASCII characters
  bool release = true;  ///< 1 = serial (release) firmware, 0 = debug

  bytes encode() const;
  static fn_version_reply decode(const bytes& payload);
  auto fields() const { return std::tie(version, release); }
};

/// FF39h exchange status bits.
namespace ofd_exchange {
inline constexpr std::uint8_t connected = 1u << 0;
inline constexpr std::uint8_t has_message = 1u << 1;
inline constexpr std::uint8_t waiting_ticket = 1u << 2;
inline constexpr std::uint8_t has_ofd_command = 1u << 3;
inline constexpr std::uint8_t settings_changed = 1u << 4;
inline constexpr std::uint8_t waiting_command_answer = 1u << 5;
}  // namespace ofd_exchange

using ofd_exchange_status_request = password_request<0xFF39, default_admin_password>;

struct ofd_exchange_status_reply {
  static constexpr command_code code = cmd::fn_ofd_exchange_status;
  std::uint8_t status = 0;  ///< ofd_exchange bits
  bool reading_message = false;
  std::uint16_t queue_size = 0;  ///< messages waiting for the OFD
  std::uint32_t first_document_number = 0;
  fn_date_time first_document_time;

  bytes encode() const;
  static ofd_exchange_status_reply decode(const bytes& payload);
  auto fields() const {
    return std::tie(status, reading_message, queue_size, first_document_number, first_document_time);
  }
};

using unticketed_count_request = password_request<0xFF3F, default_admin_password>;

/// The protocol text gives the count 2 bytes, the driver's table 4: encode() writes 2,
/// decode() takes 4 when 4 are there.
struct unticketed_count_reply {
  static constexpr command_code code = cmd::fn_unticketed_count;
  std::uint32_t count = 0;

  bytes encode() const;
  static unticketed_count_reply decode(const bytes& payload);
  auto fields() const { return std::tie(count); }
};

}  // namespace ws::shtrih
