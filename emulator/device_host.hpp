#pragma once
// Hosts one emulated register: its kkt_device model, the device side of the Shtrih-M link
// (speaking whichever low level, standard or packets, the host starts with), its lines (a pty with a stable symlink, optionally a TCP port) and the faults injected
// between line and link. Everything runs on one io_context thread, so a thousand hosts
// share a couple of threads; replies delayed by print time wait on timers, never block.
//
// The public control methods (set_faults, drop_line, info, ...) may be called from any
// thread while the io_context runs: they run on the host's thread and wait for it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "emulator/fault_filter.hpp"
#include "emulator/fault_plan.hpp"
#include "emulator/kkt_device.hpp"
#include "emulator/pty_line.hpp"
#include "emulator/tcp_line.hpp"
#include "protocol/shtrih/auto_device_link.hpp"

namespace ws::emulator {

struct device_host_options {
  std::string name;                          ///< e.g. kkt-0001
  std::filesystem::path state_dir;           ///< the kkt_device's own folder
  device_settings settings;                  ///< used when state_dir holds no device yet
  bool pty = true;                           ///< serve a pty line
  std::filesystem::path pty_link;            ///< symlink kept pointing at the pty (may be empty)
  std::optional<std::uint16_t> tcp_port;     ///< serve TCP 127.0.0.1:port too
  shtrih::link_timing timing;
  std::chrono::milliseconds reboot_time{1500};  ///< silence after a reboot, before the link comes back
};

/// A snapshot of a host, for listings and tests.
struct device_info {
  std::string name;
  std::string serial_number;
  std::string pty_path;                      ///< current /dev/pts/N, empty while the line is down
  bool pty_host_present = false;             ///< a host has the pty open (true if unknown)
  std::filesystem::path pty_link;
  std::optional<std::uint16_t> tcp_port;
  bool tcp_connected = false;
  fault_plan faults;
  fault_counters counters;
  bool silent = false;
  bool line_down = false;
  bool rebooting = false;
  bool paper_present = true;
  std::string fn_serial_number;
  std::uint32_t last_document_number = 0;    ///< the FN's last FD (0 before registration)
  bool fn_debug = false;                     ///< a debug FN (takes FF07h), else a serial one
  kkt_registers registers;                   ///< the KKT's own, since the last general clearing
  std::uint64_t bytes_in = 0;                ///< from the host, before faults
  std::uint64_t bytes_out = 0;               ///< to the host, after faults
  std::uint64_t bytes_swallowed = 0;         ///< lost to silence, reboot or a down line
  std::uint64_t commands = 0;                ///< commands the device executed
  std::optional<shtrih::low_level> link_level;  ///< chosen by the first byte received
};

class device_host {
 public:
  /// Loads or creates the device (state_dir) now; lines open in start().
  device_host(boost::asio::io_context& io, device_host_options options);
  ~device_host();
  device_host(const device_host&) = delete;
  device_host& operator=(const device_host&) = delete;

  /// Opens the lines. Call before the io_context runs, or on its thread.
  void start();
  /// Closes the lines (removing the symlink) and stops all timers. Same thread rule.
  void stop();

  const std::string& name() const { return options_.name; }
  const device_host_options& options() const { return options_; }

  // ---- control, from any thread (runs on the host's thread and waits) ----
  device_info info();
  void set_faults(const fault_plan& plan);
  /// Changes the standing faults in place (e.g. one field) and keeps the rest.
  void update_faults(const std::function<void(fault_plan&)>& change);
  /// Swallows every byte both ways for `duration`, or until clear_faults() when nullopt.
  void go_silent(std::optional<std::chrono::milliseconds> duration);
  void end_silence();
  /// Hangs up the pty (new /dev/pts/N afterwards) and closes TCP for `duration`.
  void drop_line(std::chrono::milliseconds duration);
  /// Brings a dropped line back now.
  void restore_line();
  /// Power cycle now: volatile state lost, silent for reboot_time, then a fresh link.
  void reboot_now();
  void set_paper_present(bool present);
  /// The paper roll ends after `lines` more printed lines (mid-document).
  void paper_runs_out_after_lines(unsigned lines);
  /// The OFD link of the device (no tickets while offline) and its ticket delay.
  void set_ofd_online(bool online);
  void set_ofd_ack_delay(std::chrono::seconds delay);
  void advance_clock(std::chrono::seconds by);
  /// A debug FN (takes FF07h "reset FN state") or a serial one, as a device is delivered.
  void set_fn_debug(bool debug);
  /// What FF4Eh wrote to the device's SD card for `file` (empty when nothing was).
  bytes sd_card_file(shtrih::firmware_file file);
  /// No standing faults, no silence, line up.
  void clear_faults();

 private:
  using clock = shtrih::link_clock;

  template <class F>
  auto on_host_thread(F&& f) -> decltype(f());

  void on_line_bytes(bool from_tcp, const byte_t* data, std::size_t size);
  void pump();
  void execute(const bytes& command);
  void send_reply(std::uint32_t command_serial, bytes reply, bool reboots);
  /// Device output to the host, through silence and the outbound faults.
  void write_to_line(bytes data);
  /// Straight onto the line the host last spoke on.
  void put_on_line(const bytes& data);
  void arm_link_timer();
  bool deaf(clock::time_point now) const;

  void begin_reboot();
  void end_reboot();
  void line_down();
  void line_up();

  boost::asio::io_context& io_;
  device_host_options options_;
  kkt_device device_;
  shtrih::auto_device_link link_;
  fault_filter filter_;
  std::optional<pty_line> pty_;
  std::optional<tcp_line> tcp_;
  bool reply_to_tcp_ = false;  ///< answers go to the line the host spoke on last

  boost::asio::steady_timer link_timer_;
  std::optional<clock::time_point> link_timer_due_;
  boost::asio::steady_timer reply_timer_;
  boost::asio::steady_timer reboot_timer_;
  boost::asio::steady_timer line_timer_;
  boost::asio::steady_timer reboot_after_reply_timer_;
  std::uint32_t command_serial_ = 0;  ///< a reply due after a reboot belongs to a dead command

  bool silent_forever_ = false;
  std::optional<clock::time_point> silent_until_;
  bool rebooting_ = false;
  bool line_is_down_ = false;
  bool paper_present_ = true;
  std::uint64_t bytes_in_ = 0;
  std::uint64_t bytes_out_ = 0;
  std::uint64_t bytes_swallowed_ = 0;
  std::uint64_t commands_ = 0;
};

}  // namespace ws::emulator
