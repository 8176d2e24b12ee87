#include "emulator/emulator_farm.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>

#include <cerrno>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <system_error>

#include <boost/asio/post.hpp>

namespace ws::emulator {

namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {

std::string zero_padded(std::uint64_t value, std::size_t width) {
  std::string digits = std::to_string(value);
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return digits;
}

}  // namespace

std::uint64_t raise_open_file_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) throw std::system_error(errno, std::generic_category(), "getrlimit");
  rlim_t wanted = limit.rlim_max;
  if (wanted == RLIM_INFINITY) wanted = 1 << 20;  // the kernel refuses "infinity" for files
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

std::string emulator_farm::device_name(int number) { return "kkt-" + zero_padded(static_cast<std::uint64_t>(number), 4); }

std::string emulator_farm::serial_number(std::uint64_t base, int number) {
  return zero_padded(base + static_cast<std::uint64_t>(number) - 1, 16);
}

emulator_farm::emulator_farm(farm_options options) : options_(std::move(options)) {
  if (options_.count < 1) throw std::invalid_argument("device count must be at least 1");
  if (options_.threads < 1) throw std::invalid_argument("thread count must be at least 1");
  if (options_.tcp_base_port &&
      std::uint32_t{*options_.tcp_base_port} + static_cast<std::uint32_t>(options_.count) - 1 > 65535)
    throw std::invalid_argument("TCP ports " + std::to_string(*options_.tcp_base_port) + " + " +
                                std::to_string(options_.count) + " devices run past 65535");
  const std::uint64_t per_device = (options_.pty ? 2 : 0) + (options_.tcp_base_port ? 3 : 0);
  const std::uint64_t needed = per_device * static_cast<std::uint64_t>(options_.count) + 64;
  const std::uint64_t limit = raise_open_file_limit();
  if (limit < needed)
    throw std::runtime_error(std::to_string(options_.count) + " devices need about " + std::to_string(needed) +
                             " open files; the limit is " + std::to_string(limit) + " (raise it with ulimit -Hn)");

  fs::create_directories(options_.dir / "state");
  // The folder holds the devices' state, their ptys' symlinks and the control socket:
  // the owner's alone (rwx------), whoever created it and whatever the umask.
  fs::permissions(options_.dir, fs::perms::owner_all, fs::perm_options::replace);
  fs::permissions(options_.dir / "state", fs::perms::owner_all, fs::perm_options::replace);
  lock_dir();
  try {
    start_threads();
    create_devices();
  } catch (...) {
    stop();
    throw;
  }
}

emulator_farm::~emulator_farm() { stop(); }

void emulator_farm::lock_dir() {
  const fs::path path = options_.dir / "kkt-emulator.lock";
  unique_fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd) throw std::system_error(errno, std::generic_category(), "open " + path.string());
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
    throw std::runtime_error(options_.dir.string() + " is in use by another kkt-emulator (" + path.string() +
                             " is locked)");
  lock_ = std::move(fd);
}

void emulator_farm::start_threads() {
  for (int i = 0; i < options_.threads; ++i) {
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
  for (auto& context : contexts_) threads_.emplace_back([io = context.get()] { io->run(); });
}

device_host_options emulator_farm::host_options(int number) const {
  device_host_options host;
  host.name = device_name(number);
  host.state_dir = options_.dir / "state" / host.name;
  host.settings.serial_number = serial_number(options_.serial_base, number);
  host.settings.print_time = options_.print_time;
  host.pty = options_.pty;
  if (options_.pty) host.pty_link = options_.dir / host.name;
  if (options_.tcp_base_port)
    host.tcp_port = static_cast<std::uint16_t>(*options_.tcp_base_port + static_cast<std::uint16_t>(number - 1));
  host.timing = options_.timing;
  host.reboot_time = options_.reboot_time;
  return host;
}

void emulator_farm::create_devices() {
  // Loading a device reads (and on first start writes and fsyncs) its state: do it on
  // the devices' own threads, in parallel, and wait for all.
  devices_.resize(static_cast<std::size_t>(options_.count));
  std::mutex mutex;
  std::condition_variable all_done;
  int remaining = options_.count;
  std::exception_ptr first_error;
  for (int number = 1; number <= options_.count; ++number) {
    asio::io_context& io = *contexts_[static_cast<std::size_t>(number - 1) % contexts_.size()];
    asio::post(io, [&, number, io_ptr = &io] {
      std::exception_ptr error;
      try {
        auto host = std::make_unique<device_host>(*io_ptr, host_options(number));
        host->start();
        devices_[static_cast<std::size_t>(number - 1)] = std::move(host);
      } catch (...) {
        error = std::current_exception();
      }
      const std::lock_guard<std::mutex> lock(mutex);
      if (error && !first_error) first_error = error;
      if (--remaining == 0) all_done.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mutex);
  all_done.wait(lock, [&] { return remaining == 0; });
  if (first_error) std::rethrow_exception(first_error);
}

void emulator_farm::stop() {
  if (stopped_) return;
  stopped_ = true;
  guards_.clear();
  for (auto& context : contexts_) context->stop();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  // No thread runs now: close the lines from here, then free the hosts before the
  // io_contexts their timers and descriptors belong to.
  for (auto& host : devices_)
    if (host) host->stop();
  devices_.clear();
  contexts_.clear();
  lock_.reset();
}

device_host* emulator_farm::find(std::string_view name) {
  for (auto& host : devices_)
    if (host && host->name() == name) return host.get();
  return nullptr;
}

}  // namespace ws::emulator
