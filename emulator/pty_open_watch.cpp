#include "emulator/pty_open_watch.hpp"

#include <sys/inotify.h>

#include <cstring>

#include <boost/asio/buffer.hpp>

namespace ws::emulator {

namespace asio = boost::asio;

asio::execution_context::id pty_open_watch::id;

pty_open_watch::pty_open_watch(asio::execution_context& context)
    : asio::execution_context::service(context), inotify_(static_cast<asio::io_context&>(context)) {
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return;  // watch() then reports -1 and lines assume a host is always there
  inotify_.assign(fd);
  read_more();
}

pty_open_watch::~pty_open_watch() = default;

void pty_open_watch::shutdown() {
  watches_.clear();
  boost::system::error_code ignored;
  inotify_.close(ignored);
}

int pty_open_watch::watch(const std::string& path, std::function<void(int)> on_change) {
  if (!inotify_.is_open()) return -1;
  const int handle = ::inotify_add_watch(inotify_.native_handle(), path.c_str(), IN_OPEN | IN_CLOSE);
  if (handle >= 0) watches_[handle] = std::move(on_change);
  return handle;
}

void pty_open_watch::unwatch(int handle) {
  if (handle < 0) return;
  if (watches_.erase(handle) != 0 && inotify_.is_open())
    ::inotify_rm_watch(inotify_.native_handle(), handle);  // fails harmlessly if the pty is gone
}

void pty_open_watch::read_more() {
  inotify_.async_read_some(asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t size) {
    if (ec) return;  // closed at shutdown
    dispatch(buffer_, size);
    read_more();
  });
}

void pty_open_watch::dispatch(const char* data, std::size_t size) {
  std::size_t at = 0;
  while (at + sizeof(inotify_event) <= size) {
    inotify_event event{};
    std::memcpy(&event, data + at, sizeof event);
    at += sizeof event + event.len;
    const auto found = watches_.find(event.wd);
    if (found == watches_.end()) continue;
    if (event.mask & IN_IGNORED) {  // the pty is gone
      watches_.erase(found);
      continue;
    }
    const int change = (event.mask & IN_OPEN) ? 1 : (event.mask & IN_CLOSE) ? -1 : 0;
    if (change == 0) continue;
    const auto on_change = found->second;  // a copy: the callback may unwatch
    on_change(change);
  }
}

}  // namespace ws::emulator
