#pragma once
// One emulated register: a Shtrih-M KKT with its FN, as the host sees it through commands.
// Pure model: no ports, no threads. The hosting layer (emulator/ device hosts) feeds it
// whole command payloads taken from a shtrih::device_link and sends back the reply.
//
// Every state change is written under the device's state folder (atomic replace: write a
// temporary file, fsync, rename) before the reply is returned, so a kill -9 at any
// moment loses no signed document and never changes one.
//
// The folder: `state.txt` (the small state: counters, registration, clock offset),
// `archive/fd-NNNNNNNNNN.doc` (one file per signed document, written once, before the
// state that counts it; on load, documents the state missed are adopted) and
// `archive/fd-NNNNNNNNNN.ticket` (the OFD ticket of a document).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "emulator/kkt_registers.hpp"
#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/commands_firmware.hpp"

namespace ws::emulator {

/// How long printing takes, so the reply to a printing command comes that much later.
struct print_time_model {
  std::chrono::milliseconds per_document{0};
  std::chrono::milliseconds per_line{0};
};

/// What a device is made of when its state file does not exist yet.
struct device_settings {
  std::string serial_number = "0000000000000001";  ///< KKT serial, also seeds the FN number
  print_time_model print_time;
  /// OFD acknowledgement model: a ticket comes this long after the document (or after
  /// the previous ticket, or after the link came up), while online.
  std::chrono::seconds ofd_ack_delay{2};
  bool ofd_online = true;
  int fn_lifetime_months = 36;  ///< FN key lifetime from registration (13, 15 or 36)
  /// A debug FN (FF04h type 0), which takes FF07h "reset FN state"; a serial one refuses it.
  bool fn_debug = false;
  /// fsync every state and archive write (off only where power loss does not matter).
  bool durable = true;
  /// The host clock the device clock runs from; empty = std::chrono::system_clock.
  std::function<std::chrono::system_clock::time_point()> host_clock;
};

/// The device's answer to one command.
struct command_answer {
  bytes reply;                              ///< CMD + ERR + data; empty when the command has none (reboot)
  std::chrono::milliseconds busy_for{0};    ///< print time before the reply may be sent
  bool reboots = false;                     ///< the device restarts after this command
};

class kkt_device {
 public:
  /// Loads the state kept in `state_dir` (the device's own folder) if there is one,
  /// otherwise creates a new device from `settings`
  /// (FN in the "configured" phase, not yet registered) and writes it. Throws when the
  /// folder cannot be written or its state file is damaged (a device never silently
  /// starts over on top of a fiscal archive).
  kkt_device(device_settings settings, std::filesystem::path state_dir);
  ~kkt_device();
  kkt_device(kkt_device&&) noexcept;
  kkt_device& operator=(kkt_device&&) noexcept;

  /// Executes one command (CMD + DATA as in the frame). Never throws for bad input:
  /// a malformed command gets the device's error reply.
  command_answer execute(const bytes& command);

  /// Device clock: moves with real time from the offset set by 21h/22h/23h; tests may
  /// move it forward. Persisted as an offset from the host clock.
  std::chrono::system_clock::time_point now() const;
  void advance_clock(std::chrono::seconds by);

  /// Paper sensor (fault injection): without paper, printing commands fail with 6Bh
  /// and an interrupted document waits for B0h.
  void set_paper_present(bool present);
  /// Power cycle: an open receipt and other volatile state are lost as on a real device.
  void power_cycle();

  const std::string& serial_number() const;

  // --- additions for fault injection and tests --------------------------------------
  /// Fault injection: the paper roll ends after `lines` more printed lines, so the
  /// document being printed then is interrupted (reply 6Bh; its FN document, if any, is
  /// signed) and waits for B0h once paper is loaded again.
  void paper_runs_out_after_lines(unsigned lines);
  /// OFD link up or down (while down no document gets a ticket).
  void set_ofd_online(bool online);
  void set_ofd_ack_delay(std::chrono::seconds delay);
  /// The FN's serial number (16 digits).
  const std::string& fn_serial_number() const;
  /// The FN's last document number (0 before registration).
  std::uint32_t last_document_number() const;
  /// A debug FN or a serial (production) one; persisted with the FN's state.
  void set_fn_debug(bool debug);
  bool fn_debug() const;
  /// The KKT's own registers since the last general clearing (27h).
  const kkt_registers& registers() const;
  /// What FF4Eh wrote to the SD card for `file` (empty when nothing was).
  bytes sd_card_file(shtrih::firmware_file file) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ws::emulator
