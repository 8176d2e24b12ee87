#pragma once
// Identification and status: device type (FCh), short status (10h), full status (11h).

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

/// FCh: asks what the device is; drivers send it first. No password.
struct device_type_request {
  static constexpr command_code code = cmd::device_type;
  bytes encode() const;
  static device_type_request decode(const bytes& payload);
  auto fields() const { return std::tuple<>{}; }
};

struct device_type_reply {
  static constexpr command_code code = cmd::device_type;
  std::uint8_t type = 0;      ///< 0 = KKT
  std::uint8_t subtype = 0;
  std::uint8_t protocol_version = 1;
  std::uint8_t protocol_subversion = 0;
  std::uint8_t model = 0;
  std::uint8_t language = 0;  ///< 0 = Russian
  std::string name;           ///< UTF-8; CP1251 on the wire, the rest of the reply

  bytes encode() const;
  static device_type_reply decode(const bytes& payload);
  auto fields() const {
    return std::tie(type, subtype, protocol_version, protocol_subversion, model, language, name);
  }
};

/// 10h: short status.
using short_status_request = password_request<0x10, default_operator_password>;

/// The "KKT flags" bit field shared by 10h and 11h (the bits the farm reads).
namespace kkt_flag {
inline constexpr std::uint16_t journal_roll = 1u << 0;
inline constexpr std::uint16_t receipt_roll = 1u << 1;
inline constexpr std::uint16_t decimal_point = 1u << 4;
inline constexpr std::uint16_t journal_paper = 1u << 6;  ///< optical sensor: paper present
inline constexpr std::uint16_t receipt_paper = 1u << 7;  ///< optical sensor: paper present
inline constexpr std::uint16_t journal_lever_down = 1u << 8;
inline constexpr std::uint16_t receipt_lever_down = 1u << 9;
inline constexpr std::uint16_t cover_open = 1u << 10;
inline constexpr std::uint16_t cash_drawer_open = 1u << 11;
}  // namespace kkt_flag

struct short_status_reply {
  static constexpr command_code code = cmd::short_status;
  std::uint8_t operator_number = 1;
  std::uint16_t flags = 0;  ///< kkt_flag bits
  std::uint8_t mode = 0;    ///< see commands_status_mode.hpp
  std::uint8_t submode = 0;
  /// Operations in the open receipt; the wire splits it into a low byte (after the
  /// submode) and a high byte (after the EKLZ error).
  std::uint16_t receipt_operations = 0;
  std::uint8_t battery_voltage = 0;
  std::uint8_t supply_voltage = 0;
  std::uint8_t fm_error = 0;
  std::uint8_t eklz_error = 0;
  /// The last print's result (0 ok, 1 paper broke, 2 printer error, 5 printing), sent
  /// only by some models after 3 reserved bytes.
  std::optional<std::uint8_t> last_print_result;

  bytes encode() const;
  static short_status_reply decode(const bytes& payload);
  auto fields() const {
    return std::tie(operator_number, flags, mode, submode, receipt_operations, battery_voltage,
                    supply_voltage, fm_error, eklz_error, last_print_result);
  }
};

/// 11h: full status.
using full_status_request = password_request<0x11, default_operator_password>;

struct full_status_reply {
  static constexpr command_code code = cmd::full_status;
  std::uint8_t operator_number = 1;
  std::string firmware_version = "10";  ///< two ASCII characters, "10" means 1.0
  std::uint16_t firmware_build = 0;
  date firmware_date;
  std::uint8_t hall_number = 1;
  std::uint16_t document_number = 0;  ///< through number of the current document
  std::uint16_t flags = 0;            ///< kkt_flag bits
  std::uint8_t mode = 0;
  std::uint8_t submode = 0;
  std::uint8_t port = 0;              ///< 0..127 serial ports, 128 TCP
  std::string fm_firmware_version = "10";
  std::uint16_t fm_firmware_build = 0;
  date fm_firmware_date;
  date current_date;
  time_of_day current_time;
  std::uint8_t fm_flags = 0;
  std::uint32_t serial_number_low = 0;  ///< low 4 bytes of the 6-byte serial number
  std::uint16_t last_closed_shift = 0;
  std::uint16_t free_fm_records = 0;
  std::uint8_t registrations = 0;
  std::uint8_t registrations_left = 0;
  std::uint64_t inn = 0;  ///< 6-byte binary number; FF..FF when not entered
  // Model-dependent tail (48, 50 or 52 bytes in all): the FM flags high byte and FM mode
  // come as a pair, the serial number's high word only after them; encode() throws
  // format_error on any other combination.
  std::optional<std::uint8_t> fm_flags_high;
  std::optional<std::uint8_t> fm_mode;
  std::optional<std::uint16_t> serial_number_high;

  /// The full 6-byte serial number (the high word counts only when sent).
  std::uint64_t serial_number() const {
    return serial_number_low | (std::uint64_t{serial_number_high.value_or(0)} << 32);
  }

  bytes encode() const;
  static full_status_reply decode(const bytes& payload);
  auto fields() const {
    return std::tie(operator_number, firmware_version, firmware_build, firmware_date, hall_number,
                    document_number, flags, mode, submode, port, fm_firmware_version,
                    fm_firmware_build, fm_firmware_date, current_date, current_time, fm_flags,
                    serial_number_low, last_closed_shift, free_fm_records, registrations,
                    registrations_left, inn, fm_flags_high, fm_mode, serial_number_high);
  }
};

}  // namespace ws::shtrih
