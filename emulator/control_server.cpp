#include "emulator/control_server.hpp"

#include <sys/un.h>

#include <istream>
#include <memory>
#include <stdexcept>
#include <string>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "emulator/control_protocol.hpp"

namespace ws::emulator {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using unix_socket = asio::local::stream_protocol;

namespace {

constexpr std::size_t longest_command = 4096;

/// A socket file left behind by a killed process is removed; a live server is not.
void clear_stale_socket(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return;
  if (!fs::is_socket(fs::symlink_status(path, ec)))
    throw std::runtime_error(path.string() + " exists and is not a socket; not replacing it");
  asio::io_context probe_io;
  unix_socket::socket probe(probe_io);
  boost::system::error_code connect_error;
  probe.connect(unix_socket::endpoint(path.string()), connect_error);
  if (!connect_error) throw std::runtime_error("another emulator serves " + path.string());
  fs::remove(path, ec);
}

}  // namespace

class control_server::session : public std::enable_shared_from_this<session> {
 public:
  session(emulator_farm& farm, unix_socket::socket socket)
      : farm_(farm), socket_(std::move(socket)), input_(longest_command) {}

  void read_next() {
    asio::async_read_until(socket_, input_, '\n',
                           [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                             if (!ec) self->answer();
                           });
  }

 private:
  void answer() {
    std::istream in(&input_);
    std::string line;
    std::getline(in, line);
    reply_ = run_control_command(farm_, line);
    asio::async_write(socket_, asio::buffer(reply_),
                      [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                        if (!ec) self->read_next();
                      });
  }

  emulator_farm& farm_;
  unix_socket::socket socket_;
  asio::streambuf input_;
  std::string reply_;
};

control_server::control_server(emulator_farm& farm, fs::path socket_path)
    : farm_(farm), path_(std::move(socket_path)), acceptor_(io_) {
  clear_stale_socket(path_);
  const auto text = path_.string();
  if (text.size() >= sizeof(sockaddr_un::sun_path))
    throw std::runtime_error("control socket path too long for a Unix socket: " + text);
  const unix_socket::endpoint endpoint(text);
  acceptor_.open(endpoint.protocol());
  acceptor_.bind(endpoint);
  // Anyone who can connect can fault or reboot the devices: the owner only (rw-------).
  // The farm's folder is rwx------ too, so nobody else could reach it before this.
  fs::permissions(path_, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  acceptor_.listen();
  accept_next();
  thread_ = std::thread([this] { io_.run(); });
}

control_server::~control_server() { stop(); }

void control_server::stop() {
  if (stopped_) return;
  stopped_ = true;
  io_.stop();
  if (thread_.joinable()) thread_.join();
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  std::error_code ec;
  fs::remove(path_, ec);
}

void control_server::accept_next() {
  acceptor_.async_accept([this](const boost::system::error_code& ec, unix_socket::socket socket) {
    if (ec) return;
    std::make_shared<session>(farm_, std::move(socket))->read_next();
    accept_next();
  });
}

}  // namespace ws::emulator
