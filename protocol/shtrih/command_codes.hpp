#pragma once
// Shtrih-M command codes. A code is one byte (classic commands, 10h..FCh) or two bytes:
// FFxx for the FN commands and FExx for the service commands (reboot is FE F3). The
// first byte alone tells which: FF or FE means a second byte follows. Codes are written
// big-endian on the wire (FF then 01 for FF01h), unlike every other field.

#include <cstddef>
#include <cstdint>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih {

class command_code {
 public:
  constexpr command_code() = default;
  constexpr explicit command_code(std::uint16_t value) : value_(value) {}

  constexpr std::uint16_t value() const { return value_; }
  /// True for FFxx and FExx codes.
  constexpr bool is_two_byte() const { return value_ > 0xFF; }
  /// True for FFxx: the FN commands, whose errors come from the FN table.
  constexpr bool is_fn_command() const { return (value_ >> 8) == 0xFF; }
  constexpr std::size_t wire_size() const { return is_two_byte() ? 2 : 1; }

  void write(bytes& out) const;

  /// Reads a code from the start of a command or reply (1 or 2 bytes).
  static command_code read(byte_reader& in);
  /// The code at the start of `payload` (a command or a reply); throws format_error
  /// on an empty or truncated payload.
  static command_code peek(const bytes& payload);
  static constexpr bool is_prefix(std::uint8_t first) { return first == 0xFF || first == 0xFE; }

  friend constexpr bool operator==(command_code a, command_code b) { return a.value_ == b.value_; }
  friend constexpr bool operator!=(command_code a, command_code b) { return a.value_ != b.value_; }
  friend constexpr bool operator<(command_code a, command_code b) { return a.value_ < b.value_; }

 private:
  std::uint16_t value_ = 0;
};

/// The commands the farm uses (reference/README.md, "Commands the farm needs").
namespace cmd {
inline constexpr command_code short_status{0x10};
inline constexpr command_code full_status{0x11};
inline constexpr command_code beep{0x13};
inline constexpr command_code set_time{0x21};
inline constexpr command_code set_date{0x22};
inline constexpr command_code confirm_date{0x23};
inline constexpr command_code general_clearing{0x27};  ///< zeroes the KKT's registers
inline constexpr command_code x_report{0x40};
inline constexpr command_code z_report{0x41};  ///< close shift with the Z report
inline constexpr command_code legacy_sale{0x80};
inline constexpr command_code legacy_close_receipt{0x85};
inline constexpr command_code cancel_receipt{0x88};
inline constexpr command_code open_receipt{0x8D};
inline constexpr command_code continue_print{0xB0};
inline constexpr command_code open_shift{0xE0};
inline constexpr command_code device_type{0xFC};

inline constexpr command_code fn_status{0xFF01};
inline constexpr command_code fn_number{0xFF02};
inline constexpr command_code fn_expiry{0xFF03};
inline constexpr command_code fn_version{0xFF04};
inline constexpr command_code fn_begin_registration{0xFF05};
inline constexpr command_code fn_registration{0xFF06};
inline constexpr command_code fn_reset_state{0xFF07};  ///< debug FN only
inline constexpr command_code fn_find_document{0xFF0A};
inline constexpr command_code fn_open_shift{0xFF0B};
inline constexpr command_code fn_write_tlv{0xFF0C};
inline constexpr command_code fn_reregistration{0xFF34};
inline constexpr command_code fn_begin_correction{0xFF35};
inline constexpr command_code fn_correction{0xFF36};
inline constexpr command_code fn_begin_settlement_report{0xFF37};
inline constexpr command_code fn_settlement_report{0xFF38};
inline constexpr command_code fn_ofd_exchange_status{0xFF39};
inline constexpr command_code fn_begin_read_document_tlv{0xFF3A};
inline constexpr command_code fn_read_document_tlv{0xFF3B};
inline constexpr command_code fn_ofd_ticket{0xFF3C};
inline constexpr command_code fn_begin_close{0xFF3D};
inline constexpr command_code fn_close{0xFF3E};
inline constexpr command_code fn_unticketed_count{0xFF3F};
inline constexpr command_code fn_begin_open_shift{0xFF41};
inline constexpr command_code fn_begin_close_shift{0xFF42};
inline constexpr command_code fn_close_shift{0xFF43};
inline constexpr command_code close_receipt{0xFF45};  ///< "close receipt extended, variant 2"
inline constexpr command_code position{0xFF46};       ///< "operation V2"
inline constexpr command_code correction{0xFF4A};     ///< correction receipt in one command
inline constexpr command_code position_tlv{0xFF4D};   ///< TLV for the last position

inline constexpr command_code reboot{0xFEF3};  ///< service: restart the device, no reply
}  // namespace cmd

/// How long the device may take to execute `code`, from the vendor driver's command
/// table (driver-commands.xml): 35 s to open a shift, 30 s for the X report, 65 s for
/// the Z report, 10 s for everything else (and for codes it does not list).
constexpr milliseconds answer_timeout(command_code code) {
  switch (code.value()) {
    case 0xE0: return milliseconds{35000};
    case 0x40: return milliseconds{30000};
    case 0x41: return milliseconds{65000};
    default: return milliseconds{10000};
  }
}

/// False for reboot: the device restarts instead of answering.
constexpr bool expects_reply(command_code code) { return code != cmd::reboot; }

}  // namespace ws::shtrih
