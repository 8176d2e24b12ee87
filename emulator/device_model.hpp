#pragma once
// Inside kkt_device (private to the emulator): the parts of one register and the command
// handlers. kkt_device.cpp builds and persists it; command_dispatch.cpp routes a command
// to its handler; the handlers live in device_*_commands.cpp by area.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/device_clock.hpp"
#include "emulator/document_bodies.hpp"
#include "emulator/fiscal_storage.hpp"
#include "emulator/kkt_device.hpp"
#include "emulator/printer_model.hpp"
#include "emulator/receipt.hpp"
#include "emulator/sd_card.hpp"
#include "emulator/state_store.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::emulator {

/// An FN document begun by an FFxx "begin" command and finished by its pair.
enum class pending_kind : std::uint8_t {
  registration,  ///< FF05h .. FF06h (or FF34h)
  shift_open,    ///< FF41h .. FF0Bh
  shift_close,   ///< FF42h .. FF43h
  correction,    ///< FF35h .. FF36h
  settlement,    ///< FF37h .. FF38h
  fn_close,      ///< FF3Dh .. FF3Eh
};

struct pending_document {
  pending_kind kind;
  std::uint8_t report_type = 0;  ///< FF05h report type
};

/// Lines each printed document takes (print-time model and paper use).
namespace print_lines {
inline constexpr unsigned report = 18;
inline constexpr unsigned shift_document = 14;
inline constexpr unsigned receipt_base = 12;
inline constexpr unsigned per_position = 3;
inline constexpr unsigned cancel = 3;
inline unsigned receipt(const open_receipt& r) {
  return receipt_base + per_position * static_cast<unsigned>(r.positions().size());
}
}  // namespace print_lines

/// The KKT's firmware identity.
namespace kkt_firmware {
inline constexpr const char* model_name = "ШТРИХ-М-01Ф";
inline constexpr std::uint8_t model_number = 250;
inline constexpr std::uint8_t protocol_version = 1;
inline constexpr std::uint8_t protocol_subversion = 5;
inline constexpr const char* version = "1.0";        ///< tag 1188
inline constexpr const char* status_version = "10";  ///< 11h: "10" reads 1.0
inline constexpr std::uint16_t build = 1;
inline constexpr const char* fn_version = "fn-emu-1.2";
}  // namespace kkt_firmware

struct kkt_device::impl {
  impl(device_settings device, std::filesystem::path state_dir);

  // --- parts ----------------------------------------------------------------------
  device_settings settings;
  state_store store;
  fiscal_storage fn;
  device_clock clock;
  printer_model printer;
  kkt_identity identity;
  kkt_registers registers;
  sd_card card;  ///< FF4Eh firmware blocks, written in place (not in the state file)
  bool clock_changed = false;
  bool registers_changed = false;

  // --- volatile state (lost on a power cycle) ---------------------------------------
  std::optional<open_receipt> receipt;
  std::optional<pending_document> pending;
  std::vector<ffd::tlv> pending_tlvs;   ///< FF0Ch data for the pending FN document
  std::optional<shtrih::date> date_to_confirm;
  bytes tlv_being_read;                  ///< FF3Ah/FF3Bh: the document's content
  std::size_t tlv_read_offset = 0;
  std::size_t tlv_read_rest_of_current = 0;  ///< bytes of a long TLV still to send
  bool tlv_reading = false;

  // --- persistence ----------------------------------------------------------------------
  persistent_state snapshot() const;
  void persist_if_changed();
  void power_cycle();

  // --- dispatch (command_dispatch.cpp) --------------------------------------------------
  command_answer execute(const bytes& command);
  command_answer route(shtrih::command_code code, const bytes& command);

  // --- shared rules -----------------------------------------------------------------
  device_time now() const { return clock.now(); }
  std::uint8_t mode() const;
  std::uint8_t submode() const { return printer.submode(); }
  /// The operator number a password belongs to (1..30), if any.
  static std::optional<std::uint8_t> operator_for(std::uint32_t password);
  static bool is_admin(std::uint8_t op) { return op >= 29; }
  static bool is_system_admin(std::uint8_t op) { return op == 30; }
  /// A classic command's device error for an FN refusal.
  std::uint8_t classic_error_for_fn(std::uint8_t fn_error) const;
  const registration_data& registration() const;
  shift_summary summary() const;
  /// Prints `lines` after the command did its work: `ok_reply` with the print time, or
  /// 6Bh when the paper ran out half way (what was signed stays signed).
  command_answer print_answer(shtrih::command_code code, bytes ok_reply, unsigned lines);
  /// Signs the document an FFxx "begin" command started: the begun state and its FF0Ch
  /// data end with it.
  fiscal_document commit_begun(document_draft draft);

  // --- handlers: status and archive (device_status_commands.cpp) ----------------------
  command_answer short_status(const bytes& c);
  command_answer full_status(const bytes& c);
  command_answer device_type(const bytes& c);
  command_answer beep(const bytes& c);
  command_answer set_time(const bytes& c);
  command_answer set_date(const bytes& c);
  command_answer confirm_date(const bytes& c);
  command_answer fn_status(const bytes& c);
  command_answer fn_number(const bytes& c);
  command_answer fn_expiry(const bytes& c);
  command_answer fn_version(const bytes& c);
  command_answer ofd_exchange_status(const bytes& c);
  command_answer unticketed_count(const bytes& c);
  command_answer find_document(const bytes& c);
  command_answer begin_read_document(const bytes& c);
  command_answer read_document_block(const bytes& c);
  command_answer ofd_ticket(const bytes& c);

  // --- handlers: FN documents (device_fn_commands.cpp) --------------------------------
  command_answer begin_fn_document(const bytes& c, shtrih::command_code code, pending_kind kind);
  command_answer begin_registration(const bytes& c);
  command_answer registration_report(const bytes& c);
  command_answer reregistration_report(const bytes& c);
  command_answer open_shift(const bytes& c);
  command_answer fn_open_shift(const bytes& c);
  command_answer z_report(const bytes& c);
  command_answer fn_close_shift(const bytes& c);
  command_answer x_report(const bytes& c);
  command_answer settlement_report(const bytes& c);
  command_answer correction_v1(const bytes& c);
  command_answer correction(const bytes& c);
  command_answer close_fn(const bytes& c);
  command_answer write_tlv(const bytes& c);

  // --- handlers: wiping data (device_clearing_commands.cpp) ---------------------------
  command_answer general_clearing(const bytes& c);
  command_answer fn_reset(const bytes& c);

  // --- handlers: firmware blocks to the SD card (device_firmware_commands.cpp) --------
  command_answer write_firmware_block(const bytes& c);

  // --- handlers: receipts (device_receipt_commands.cpp) -------------------------------
  command_answer open_receipt_command(const bytes& c);
  command_answer position(const bytes& c);
  command_answer legacy_sale(const bytes& c);
  command_answer position_tlv(const bytes& c);
  command_answer close_receipt(const bytes& c);
  command_answer legacy_close_receipt(const bytes& c);
  command_answer cancel_receipt(const bytes& c);
  command_answer continue_print(const bytes& c);
};

/// An error-only reply.
inline command_answer error_answer(shtrih::command_code code, std::uint8_t error) {
  return command_answer{shtrih::error_reply(code, error), {}, false};
}
inline command_answer reply_answer(bytes reply) { return command_answer{std::move(reply), {}, false}; }

/// Device time in the Shtrih-M wire structs.
shtrih::date wire_date(device_time t);
shtrih::time_of_day wire_time(device_time t);
shtrih::fn_date_time wire_fn_date_time(std::int64_t unix_seconds);

}  // namespace ws::emulator
