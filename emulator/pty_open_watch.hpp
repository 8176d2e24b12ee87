#pragma once
// Knows when a host has a pty's slave open, through inotify open/close events on
// /dev/pts/N. The emulator keeps a slave descriptor of its own (see pty_port.hpp), so the
// pty never hangs up; the price is that bytes the device writes while no host has the
// port open would wait in the pty for the next host, which a real serial line never
// does. With this watch the line drops such bytes and flushes what a host left unread.
//
// One inotify instance per io_context (an Asio service), shared by all its ptys: the
// per-user limit on inotify instances is small (128), the limit on watches is not.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace ws::emulator {

class pty_open_watch : public boost::asio::execution_context::service {
 public:
  using key_type = pty_open_watch;
  static boost::asio::execution_context::id id;

  explicit pty_open_watch(boost::asio::execution_context& context);
  ~pty_open_watch() override;

  /// Calls `on_change(+1)` each time a process opens `path` and `on_change(-1)` each time
  /// one closes it, from the io_context's thread. Returns a handle for unwatch(), or -1
  /// when inotify is unavailable (then nothing is known about hosts).
  int watch(const std::string& path, std::function<void(int)> on_change);
  void unwatch(int handle);

 private:
  void shutdown() override;
  void read_more();
  void dispatch(const char* data, std::size_t size);

  boost::asio::posix::stream_descriptor inotify_;
  std::unordered_map<int, std::function<void(int)>> watches_;
  alignas(8) char buffer_[4096] = {};
};

}  // namespace ws::emulator
