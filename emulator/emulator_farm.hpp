#pragma once
// Many emulated registers in one process: N device hosts spread over a few io_context
// threads, their state under one folder.
//
// Layout of DIR:
//   DIR/kkt-0001              symlink to the device's current /dev/pts/N (the "serial port")
//   DIR/state/kkt-0001/       the device's persistent state (kkt_device's own folder)
//   DIR/kkt-emulator.lock     held (flock) while a farm runs on DIR: one farm per folder
// Device k (1-based) has serial number serial_base + k - 1 (16 digits, zero-padded) when
// it is created, and listens on TCP 127.0.0.1:(tcp_base_port + k - 1) if a base is given.
// A farm started again on the same DIR loads the same devices with their state.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "emulator/device_host.hpp"
#include "emulator/kkt_device.hpp"
#include "emulator/pty_port.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::emulator {

struct farm_options {
  std::filesystem::path dir;
  int count = 1;
  std::uint64_t serial_base = 1;
  std::optional<std::uint16_t> tcp_base_port;  ///< device k listens on base + k - 1
  bool pty = true;
  print_time_model print_time;
  int threads = 2;                             ///< io_context threads shared by all devices
  std::chrono::milliseconds reboot_time{1500};
  shtrih::link_timing timing;
};

class emulator_farm {
 public:
  /// Brings every device up (lines open, threads running). Throws, leaving nothing
  /// running, if DIR is locked by another farm, a port is taken, or a pty cannot open.
  explicit emulator_farm(farm_options options);
  ~emulator_farm();
  emulator_farm(const emulator_farm&) = delete;
  emulator_farm& operator=(const emulator_farm&) = delete;

  /// Stops the threads, closes every line and removes the symlinks. Idempotent; the
  /// devices are gone afterwards.
  void stop();

  std::size_t size() const { return devices_.size(); }
  /// Device by 0-based index.
  device_host& device(std::size_t index) { return *devices_.at(index); }
  /// Device by name (kkt-0001), or nullptr.
  device_host* find(std::string_view name);
  const farm_options& options() const { return options_; }

  /// kkt-0001 for number 1 (at least four digits).
  static std::string device_name(int number);
  /// 0000000000000001 for base 1 and number 1.
  static std::string serial_number(std::uint64_t base, int number);

 private:
  using work_guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;

  void lock_dir();
  void start_threads();
  void create_devices();
  device_host_options host_options(int number) const;

  farm_options options_;
  unique_fd lock_;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<work_guard> guards_;
  std::vector<std::thread> threads_;
  std::vector<std::unique_ptr<device_host>> devices_;
  bool stopped_ = false;
};

/// Raises this process's open-file soft limit to its hard limit; returns the new soft
/// limit. A thousand devices need two descriptors each (three with TCP).
std::uint64_t raise_open_file_limit();

}  // namespace ws::emulator
