#pragma once
// Error codes of the Shtrih-M replies (the ERR byte). Two tables share the byte: the
// device's own (classic commands; kkt-protocol-2.0 "Коды ошибок") and the FN's (FFxx
// commands; table at the end of fn-commands). An FFxx command whose code is in the FN
// table means the FN's error; every other code, and every code of a classic command,
// means the device's (wrong password, paper out, wrong mode, still printing...).
//
// The classification below is what "never print twice" rests on: an error reply means
// the device refused the command, except that a command which makes a fiscal document
// may have been signed by the FN before a printing or hardware fault stopped it.

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/shtrih/command_codes.hpp"

namespace ws::shtrih {

/// Device error codes the farm acts on (the full table is in errors.cpp).
namespace device_error {
inline constexpr std::uint8_t none = 0x00;
inline constexpr std::uint8_t shift_already_open = 0x15;
inline constexpr std::uint8_t shift_not_open = 0x16;
inline constexpr std::uint8_t already_cleared = 0x2C;  ///< 27h again with nothing taken since
inline constexpr std::uint8_t bad_parameters = 0x33;
inline constexpr std::uint8_t not_supported = 0x37;
inline constexpr std::uint8_t shift_not_open_operation = 0x3D;
inline constexpr std::uint8_t payments_less_than_total = 0x45;
inline constexpr std::uint8_t receipt_open = 0x4A;
inline constexpr std::uint8_t shift_over_24h = 0x4E;
inline constexpr std::uint8_t wrong_password = 0x4F;
inline constexpr std::uint8_t printing = 0x50;
inline constexpr std::uint8_t receipt_closed = 0x55;
inline constexpr std::uint8_t waiting_continue = 0x58;
inline constexpr std::uint8_t no_receipt_paper = 0x6B;
inline constexpr std::uint8_t no_journal_paper = 0x6C;
inline constexpr std::uint8_t not_in_submode = 0x72;
inline constexpr std::uint8_t not_in_mode = 0x73;
inline constexpr std::uint8_t bad_date = 0x7D;
inline constexpr std::uint8_t bad_length = 0x7E;
inline constexpr std::uint8_t zero_total = 0x8E;
inline constexpr std::uint8_t not_fiscalized = 0x8F;
inline constexpr std::uint8_t confirm_date = 0xC0;
}  // namespace device_error

/// FN error codes (FFxx commands).
namespace fn_error {
inline constexpr std::uint8_t none = 0x00;
inline constexpr std::uint8_t bad_command = 0x01;
inline constexpr std::uint8_t wrong_state = 0x02;
inline constexpr std::uint8_t fn_failure = 0x03;
inline constexpr std::uint8_t crypto_failure = 0x04;
inline constexpr std::uint8_t lifetime_over = 0x05;
inline constexpr std::uint8_t archive_full = 0x06;
inline constexpr std::uint8_t bad_date_time = 0x07;
inline constexpr std::uint8_t no_data = 0x08;
inline constexpr std::uint8_t bad_parameters = 0x09;
inline constexpr std::uint8_t tlv_too_large = 0x10;
inline constexpr std::uint8_t no_transport = 0x11;
inline constexpr std::uint8_t crypto_exhausted = 0x12;
inline constexpr std::uint8_t storage_exhausted = 0x14;
inline constexpr std::uint8_t ofd_backlog_over_30_days = 0x15;
inline constexpr std::uint8_t shift_over_24h = 0x16;
inline constexpr std::uint8_t clock_drift = 0x17;
inline constexpr std::uint8_t ofd_message_rejected = 0x20;
}  // namespace fn_error

enum class error_source { device, fn };

/// Which table `error` of a reply to `command` comes from.
error_source error_source_of(command_code command, std::uint8_t error);

/// Russian text as the vendor names the error, and a short English hint. Unknown codes
/// give "Неизвестная ошибка" / "unknown error".
std::string_view device_error_text(std::uint8_t error);
std::string_view device_error_hint(std::uint8_t error);
std::string_view fn_error_text(std::uint8_t error);
std::string_view fn_error_hint(std::uint8_t error);
std::string_view error_text(command_code command, std::uint8_t error);
std::string_view error_hint(command_code command, std::uint8_t error);
/// For logs and API messages, e.g. "4Fh: Неверный пароль (wrong password)"; FN errors
/// are prefixed "ФН ".
std::string describe_error(command_code command, std::uint8_t error);

enum class error_class {
  none,              ///< ERR = 0
  request,           ///< bad command, parameters or receipt contents: fix the request
  state,             ///< wrong mode or state for this command (receipt open, shift not open...)
  shift_expired,     ///< the shift is over 24 hours: close it first
  password,          ///< wrong password
  busy,              ///< still printing the previous command: ask again shortly
  paper,             ///< out of paper
  waiting_continue,  ///< paper loaded after running out: send continue printing (B0h)
  date_time,         ///< the clock disagrees with the device or FN: set or confirm it
  no_data,           ///< nothing to return (also the end of an FF3Bh document read)
  fn_resource,       ///< the FN (or fiscal memory) is exhausted or blocked: replace or unload it
  ofd,               ///< OFD transport or message problem
  hardware,          ///< device, printer or FN failure
  other,             ///< anything else (e.g. shift accumulators overflowed)
};

error_class classify_error(command_code command, std::uint8_t error);

inline bool is_request_error(command_code c, std::uint8_t e) { return classify_error(c, e) == error_class::request; }
/// State errors, including an expired shift.
inline bool is_state_error(command_code c, std::uint8_t e) {
  const auto k = classify_error(c, e);
  return k == error_class::state || k == error_class::shift_expired;
}
/// Out of paper, or waiting for continue printing after it.
inline bool is_paper_error(command_code c, std::uint8_t e) {
  const auto k = classify_error(c, e);
  return k == error_class::paper || k == error_class::waiting_continue;
}
inline bool is_busy(command_code c, std::uint8_t e) { return classify_error(c, e) == error_class::busy; }
inline bool is_hardware_error(command_code c, std::uint8_t e) { return classify_error(c, e) == error_class::hardware; }

/// Commands after which the FN holds a new fiscal document (shift open/close, receipt
/// close, correction, registration, settlement report, FN close).
bool creates_fiscal_document(command_code command);

/// True when `error` from a command that creates a fiscal document leaves it unknown
/// whether the FN signed the document (paper, hardware, OFD and unclassified errors):
/// read the FN's last document before retrying. False for refusals that happen before
/// anything is done (request, state, password, busy, clock, FN resource) and for
/// commands that create no fiscal document.
bool fiscal_outcome_uncertain(command_code command, std::uint8_t error);

}  // namespace ws::shtrih
