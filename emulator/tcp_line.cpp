#include "emulator/tcp_line.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ip/address_v4.hpp>

namespace ws::emulator {

namespace asio = boost::asio;
using asio::ip::tcp;

tcp_line::tcp_line(asio::io_context& io, std::uint16_t port, bytes_handler on_bytes)
    : acceptor_(io), socket_(io), on_bytes_(std::move(on_bytes)), port_(port) {}

tcp_line::~tcp_line() { close(); }

void tcp_line::open() {
  close();
  const tcp::endpoint endpoint(asio::ip::address_v4::loopback(), port_);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  boost::system::error_code ec;
  acceptor_.bind(endpoint, ec);
  if (ec) {
    acceptor_.close();
    throw boost::system::system_error(ec, "bind 127.0.0.1:" + std::to_string(port_));
  }
  acceptor_.listen(asio::socket_base::max_listen_connections);
  accept_next();
}

void tcp_line::close() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  drop_connection();
}

void tcp_line::drop_connection() {
  ++generation_;
  boost::system::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void tcp_line::accept_next() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, tcp::socket incoming) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
      drop_connection();
      socket_ = std::move(incoming);
      boost::system::error_code ignored;
      socket_.set_option(tcp::no_delay(true), ignored);
      socket_.non_blocking(true, ignored);
      read_more();
    }
    accept_next();
  });
}

void tcp_line::read_more() {
  socket_.async_read_some(asio::buffer(buffer_), [this, generation = generation_](const boost::system::error_code& ec,
                                                                                  std::size_t size) {
    if (generation != generation_) return;
    if (ec == asio::error::eof) return;  // the host is done sending; it may still read our answer
    if (ec) {
      drop_connection();  // reset: wait for the next host
      return;
    }
    on_bytes_(buffer_.data(), size);
    if (generation == generation_) read_more();
  });
}

void tcp_line::write(const bytes& data) {
  if (!socket_.is_open()) return;
  std::size_t done = 0;
  while (done < data.size()) {
    boost::system::error_code ec;
    const std::size_t n = socket_.write_some(asio::buffer(data.data() + done, data.size() - done), ec);
    if (ec) {
      if (ec != asio::error::would_block) drop_connection();
      return;
    }
    done += n;
  }
}

}  // namespace ws::emulator
