#include "actors/line_io.hpp"

#include <termios.h>

#include <array>
#include <deque>
#include <optional>
#include <stdexcept>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include <caf/send.hpp>

#include "actors/farm_messages.hpp"

namespace ws::actors {

namespace asio = boost::asio;
using boost::system::error_code;

line_io::line_io() : guard_(asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}

line_io::~line_io() { stop(); }

void line_io::stop() {
  guard_.reset();
  if (thread_.joinable()) thread_.join();
}

port_address parse_port(const std::string& text) {
  static const std::string scheme = "tcp://";
  port_address out;
  if (text.compare(0, scheme.size(), scheme) != 0) {
    out.path = text;
    return out;
  }
  const auto rest = text.substr(scheme.size());
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == rest.size())
    throw std::invalid_argument("port '" + text + "' is not tcp://host:port");
  const auto number = rest.substr(colon + 1);
  if (number.find_first_not_of("0123456789") != std::string::npos || number.size() > 5 ||
      std::stoul(number) == 0 || std::stoul(number) > 65535)
    throw std::invalid_argument("port '" + text + "' has a bad port number");
  out.tcp = true;
  out.host = rest.substr(0, colon);
  out.port = static_cast<std::uint16_t>(std::stoul(number));
  return out;
}

// Everything below runs on the strand, except the owner (guarded: detach() comes from the
// actor's thread).
struct line::impl : std::enable_shared_from_this<line::impl> {
  impl(asio::io_context& io, std::string port_text, std::uint32_t baud_rate, register_actor owner_actor)
      : strand(asio::make_strand(io)), port(std::move(port_text)), baud(baud_rate), owner(std::move(owner_actor)) {}

  asio::strand<asio::io_context::executor_type> strand;
  const std::string port;
  const std::uint32_t baud;

  std::mutex owner_mutex;
  register_actor owner;

  std::uint64_t current = 0;  ///< generation that is open (or opening); 0: closed
  std::optional<asio::serial_port> serial;
  std::optional<asio::ip::tcp::socket> socket;
  std::optional<asio::ip::tcp::resolver> resolver;
  std::array<byte_t, 512> buffer{};
  std::deque<bytes> outbox;
  bool writing = false;

  template <class... Ts>
  void report(Ts&&... xs) {
    std::lock_guard<std::mutex> lock(owner_mutex);
    if (owner) caf::anon_send(owner, std::forward<Ts>(xs)...);
  }

  void shut() {
    error_code ignored;
    if (serial) serial->close(ignored);
    if (socket) socket->close(ignored);
    if (resolver) resolver->cancel();
    serial.reset();
    socket.reset();
    resolver.reset();
    outbox.clear();
    writing = false;
    current = 0;
  }

  void fail(std::uint64_t generation, const std::string& reason) {
    if (generation != current) return;
    shut();
    report(line_down_atom::value, generation, reason);
  }

  void open(std::uint64_t generation) {
    shut();
    current = generation;
    port_address address;
    try {
      address = parse_port(port);
    } catch (const std::exception& e) {
      return fail(generation, e.what());
    }
    if (address.tcp)
      connect(generation, address);
    else
      open_serial(generation, address.path);
  }

  void open_serial(std::uint64_t generation, const std::string& path) {
    serial.emplace(strand);
    error_code ec;
    serial->open(path, ec);
    if (!ec) serial->set_option(asio::serial_port::baud_rate(baud), ec);
    if (!ec) serial->set_option(asio::serial_port::character_size(8), ec);
    if (!ec) serial->set_option(asio::serial_port::parity(asio::serial_port::parity::none), ec);
    if (!ec) serial->set_option(asio::serial_port::stop_bits(asio::serial_port::stop_bits::one), ec);
    if (!ec) serial->set_option(asio::serial_port::flow_control(asio::serial_port::flow_control::none), ec);
    if (ec) return fail(generation, "open " + path + ": " + ec.message());
    // Whatever an earlier session left in the queues is not ours.
    ::tcflush(serial->native_handle(), TCIOFLUSH);
    report(line_up_atom::value, generation);
    read(generation);
  }

  void connect(std::uint64_t generation, const port_address& address) {
    resolver.emplace(strand);
    socket.emplace(strand);
    auto self = shared_from_this();
    resolver->async_resolve(
        address.host, std::to_string(address.port),
        [self, generation](const error_code& ec, const asio::ip::tcp::resolver::results_type& results) {
          if (generation != self->current) return;
          if (ec) return self->fail(generation, "resolve " + self->port + ": " + ec.message());
          asio::async_connect(*self->socket, results,
                              [self, generation](const error_code& error, const asio::ip::tcp::endpoint&) {
                                if (generation != self->current) return;
                                if (error) return self->fail(generation, "connect " + self->port + ": " + error.message());
                                error_code ignored;
                                self->socket->set_option(asio::ip::tcp::no_delay(true), ignored);
                                self->report(line_up_atom::value, generation);
                                self->read(generation);
                              });
        });
  }

  void read(std::uint64_t generation) {
    auto self = shared_from_this();
    auto handler = [self, generation](const error_code& ec, std::size_t size) {
      if (generation != self->current) return;
      if (ec) return self->fail(generation, "read " + self->port + ": " + ec.message());
      self->report(line_bytes_atom::value, generation, bytes(self->buffer.begin(), self->buffer.begin() + static_cast<std::ptrdiff_t>(size)));
      self->read(generation);
    };
    if (serial)
      serial->async_read_some(asio::buffer(buffer), handler);
    else if (socket)
      socket->async_read_some(asio::buffer(buffer), handler);
  }

  void write(std::uint64_t generation, bytes data) {
    if (generation != current || data.empty()) return;
    outbox.push_back(std::move(data));
    if (!writing) write_next(generation);
  }

  void write_next(std::uint64_t generation) {
    if (outbox.empty()) {
      writing = false;
      return;
    }
    writing = true;
    auto self = shared_from_this();
    auto handler = [self, generation](const error_code& ec, std::size_t) {
      if (generation != self->current) return;
      if (ec) return self->fail(generation, "write " + self->port + ": " + ec.message());
      self->outbox.pop_front();
      self->write_next(generation);
    };
    if (serial)
      asio::async_write(*serial, asio::buffer(outbox.front()), handler);
    else if (socket)
      asio::async_write(*socket, asio::buffer(outbox.front()), handler);
  }
};

line::line(std::shared_ptr<impl> state) : impl_(std::move(state)) {}

line::~line() { detach(); }

std::shared_ptr<line> line::create(line_io& io, std::string port, std::uint32_t baud, register_actor owner) {
  return std::shared_ptr<line>(new line(std::make_shared<impl>(io.context(), std::move(port), baud, std::move(owner))));
}

std::uint64_t line::open() {
  const auto generation = ++generation_;
  asio::post(impl_->strand, [state = impl_, generation] { state->open(generation); });
  return generation;
}

void line::write(std::uint64_t generation, bytes data) {
  asio::post(impl_->strand, [state = impl_, generation, data = std::move(data)]() mutable {
    state->write(generation, std::move(data));
  });
}

void line::close() {
  asio::post(impl_->strand, [state = impl_] { state->shut(); });
}

void line::detach() {
  {
    std::lock_guard<std::mutex> lock(impl_->owner_mutex);
    impl_->owner = nullptr;
  }
  close();
}

const std::string& line::port() const { return impl_->port; }

}  // namespace ws::actors
