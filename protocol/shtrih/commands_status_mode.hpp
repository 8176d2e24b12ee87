#pragma once
// The mode and submode bytes of the status replies (10h, 11h), protocol appendix 1.
// Mode: low nibble = mode number, high nibble = the mode's status (for modes 8, 13, 14:
// which document is open, or the slip printing phase). Submode: the printer's paper state.

#include <cstdint>
#include <optional>
#include <string_view>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

enum class kkt_mode : std::uint8_t {
  printer_ready = 0,
  data_output = 1,
  shift_open = 2,        ///< open shift, 24 hours not over
  shift_expired = 3,     ///< open shift, 24 hours over: only the Z report helps
  shift_closed = 4,
  blocked_by_password = 5,  ///< wrong tax inspector password
  waiting_date_confirmation = 6,
  decimal_point_change = 7,
  document_open = 8,     ///< status: 0 sale, 1 buy, 2 sale return, 3 buy return, 4 non-fiscal
  tech_reset_allowed = 9,
  test_run = 10,
  full_report_printing = 11,
  eklz_report_printing = 12,
  slip_document_open = 13,  ///< status as in mode 8
  slip_printing = 14,       ///< status: printing phase 0..6
  slip_document_formed = 15,
};

enum class kkt_submode : std::uint8_t {
  paper_present = 0,
  paper_out_passive = 1,  ///< out of paper while idle: printing commands refused
  paper_out_active = 2,   ///< ran out while printing; goes to 3 when paper is loaded
  waiting_continue = 3,   ///< paper loaded after 2: waits for continue printing (B0h)
  printing_report = 4,    ///< printing a full fiscal report
  printing = 5,           ///< printing an operation
};

/// Non-fiscal document: status 4 of mode 8.
inline constexpr std::uint8_t nonfiscal_document_status = 4;

constexpr kkt_mode mode_number(std::uint8_t mode_byte) { return static_cast<kkt_mode>(mode_byte & 0x0F); }
constexpr std::uint8_t mode_status(std::uint8_t mode_byte) { return static_cast<std::uint8_t>(mode_byte >> 4); }
constexpr std::uint8_t make_mode(kkt_mode mode, std::uint8_t status = 0) {
  return static_cast<std::uint8_t>((status << 4) | (static_cast<std::uint8_t>(mode) & 0x0F));
}
/// The mode byte of an open receipt of `type` (mode 8).
constexpr std::uint8_t receipt_open_mode(receipt_type type) {
  return make_mode(kkt_mode::document_open, static_cast<std::uint8_t>(type));
}

/// The receipt type open in mode 8, if a fiscal receipt is open.
std::optional<receipt_type> open_receipt_type(std::uint8_t mode_byte);
/// True in modes 2 and 3 (a shift is open and no document is).
bool shift_is_open(std::uint8_t mode_byte);
/// True when the printer can take printing commands now (submode 0).
constexpr bool printer_ready(std::uint8_t submode) { return submode == 0; }

/// Short descriptions for logs and error messages.
std::string_view mode_text(std::uint8_t mode_byte);      ///< Russian
std::string_view submode_text(std::uint8_t submode);     ///< Russian
std::string_view mode_hint(std::uint8_t mode_byte);      ///< English
std::string_view submode_hint(std::uint8_t submode);     ///< English

}  // namespace ws::shtrih
