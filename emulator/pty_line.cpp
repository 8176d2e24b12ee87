#include "emulator/pty_line.hpp"

#include <termios.h>

#include <iostream>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>

#include "emulator/pty_open_watch.hpp"
#include "emulator/pty_symlink.hpp"

namespace ws::emulator {

namespace asio = boost::asio;

pty_line::pty_line(asio::io_context& io, std::filesystem::path link_path, bytes_handler on_bytes)
    : master_(io), watch_(asio::use_service<pty_open_watch>(io)), link_path_(std::move(link_path)), on_bytes_(std::move(on_bytes)) {}

pty_line::~pty_line() { close(); }

void pty_line::open() {
  close();
  pty_pair pair = open_raw_pty();
  // Watch before the symlink exists, so that no host can open the pty unseen.
  host_opens_ = 0;
  watch_handle_ = watch_.watch(pair.slave_path, [this](int change) { on_host_open_change(change); });
  try {
    if (!link_path_.empty()) point_symlink(link_path_, pair.slave_path);
    master_.assign(pair.master.get());
    pair.master.release();
    master_.non_blocking(true);
  } catch (...) {
    watch_.unwatch(watch_handle_);
    watch_handle_ = -1;
    close();
    throw;
  }
  slave_ = std::move(pair.slave);
  slave_path_ = std::move(pair.slave_path);
  ++generation_;
  read_more();
}

void pty_line::close() {
  if (!master_.is_open()) return;
  ++generation_;
  if (!link_path_.empty()) remove_symlink(link_path_);
  watch_.unwatch(watch_handle_);
  watch_handle_ = -1;
  host_opens_ = 0;
  boost::system::error_code ignored;
  master_.close(ignored);
  slave_.reset();
  slave_path_.clear();
}

void pty_line::read_more() {
  master_.async_read_some(asio::buffer(buffer_), [this, generation = generation_](const boost::system::error_code& ec,
                                                                                  std::size_t size) {
    if (generation != generation_) return;  // completion of a pty closed since
    if (ec) {
      // With our own slave descriptor open the master never reads EIO; if it fails
      // anyway, a fresh pty is the only way back to a working line.
      std::cerr << "kkt-emulator: " << link_path_.string() << ": pty read failed (" << ec.message()
                << "), reopening\n";
      try {
        open();
      } catch (const std::exception& e) {
        std::cerr << "kkt-emulator: " << link_path_.string() << ": cannot reopen pty: " << e.what() << '\n';
        close();
      }
      return;
    }
    on_bytes_(buffer_.data(), size);
    if (generation == generation_) read_more();  // the handler may have closed or reopened us
  });
}

void pty_line::on_host_open_change(int change) {
  host_opens_ += change;
  if (host_opens_ > 0) return;
  host_opens_ = 0;
  // The last host closed the port: what it left unread must not greet the next one.
  if (slave_) ::tcflush(slave_.get(), TCIFLUSH);
}

void pty_line::write(const bytes& data) {
  if (!master_.is_open() || !host_present()) return;
  std::size_t done = 0;
  while (done < data.size()) {
    boost::system::error_code ec;
    const std::size_t n = master_.write_some(asio::buffer(data.data() + done, data.size() - done), ec);
    if (ec) return;  // would block (nobody reads the slave) or hung up: the bytes are lost
    done += n;
  }
}

}  // namespace ws::emulator
