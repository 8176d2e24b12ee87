#include "http/server/connection_gate.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "http/server/api_error.hpp"
#include "http/server/gate_stream.hpp"
#include "http/server/request_framing.hpp"

namespace ws::http::server {

namespace {

constexpr int sweep_interval_ms = 100;  ///< how often deadlines are looked at

std::string reason_of(int status) {
  switch (status) {
    case 408: return "Request Timeout";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

/// A whole answer for a refusal the gate makes itself, in the API's error shape.
std::string refusal_text(const api_error& error) {
  const std::string body = write_api_error(error);
  std::string text = "HTTP/1.1 " + std::to_string(error.status) + " " + reason_of(error.status) +
                     "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\n";
  if (error.retry_after_seconds) text += "Retry-After: " + std::to_string(*error.retry_after_seconds) + "\r\n";
  return text + "\r\n" + body;
}

void prepare_socket(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  ::fcntl(fd, F_SETFD, FD_CLOEXEC);
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
}

}  // namespace

connection_gate::connection_gate(gate_options options, serve_function serve, const tls_context* tls)
    : options_(options), serve_(std::move(serve)), tls_(tls) {}

connection_gate::~connection_gate() { stop(); }

void connection_gate::start() {
  if (started_) return;
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_ < 0 || wake_ < 0) throw std::runtime_error(std::string("connection gate: ") + std::strerror(errno));
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = nullptr;  // the wake-up, not a connection
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &event);
  started_ = true;
  stopping_ = false;
  work_closed_ = false;
  events_thread_ = std::thread([this] { run_events(); });
  for (int i = 0; i < std::max(1, options_.threads); ++i) handlers_.emplace_back([this] { run_handler(); });
}

void connection_gate::stop() {
  if (!started_) return;
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto woken = ::write(wake_, &one, sizeof one);
  events_thread_.join();  // returns once no connection is queued or served
  {
    std::lock_guard<std::mutex> lock(work_mutex_);
    work_closed_ = true;
  }
  work_ready_.notify_all();
  for (auto& handler : handlers_) handler.join();
  handlers_.clear();
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    for (int fd : admitted_) ::close(fd);
    admitted_.clear();
  }
  ::close(epoll_);
  ::close(wake_);
  started_ = false;
}

void connection_gate::admit(int fd) {
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    if (!stopping_) {
      admitted_.push_back(fd);
      fd = -1;
    }
  }
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto woken = ::write(wake_, &one, sizeof one);
}

ops::connection_counters connection_gate::counters() const {
  std::lock_guard<std::mutex> lock(counters_mutex_);
  return counters_;
}

// ---- the events thread ----

void connection_gate::run_events() {
  std::vector<epoll_event> events(256);
  auto next_sweep = gate_clock::now() + std::chrono::milliseconds(sweep_interval_ms);
  bool inbox = false;
  for (;;) {
    const int ready = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), sweep_interval_ms);
    for (int i = 0; i < ready; ++i) {
      if (events[i].data.ptr == nullptr) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto drained = ::read(wake_, &count, sizeof count);
        inbox = true;
      } else {
        on_event(static_cast<gate_connection*>(events[i].data.ptr));
      }
    }
    // The inbox after the events: a connection closed above may have had its number
    // reused by an admitted socket, which must not meet an event of the old one.
    if (inbox) {
      inbox = false;
      take_inbox();
    }
    if (gate_clock::now() >= next_sweep) {
      expire_deadlines();
      next_sweep = gate_clock::now() + std::chrono::milliseconds(sweep_interval_ms);
    }
    if (stopping_) {
      close_all_unserved();
      if (serving_ == 0) return;
    }
  }
}

void connection_gate::take_inbox() {
  std::vector<int> admitted;
  std::vector<std::pair<gate_connection*, bool>> returned;
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    admitted.swap(admitted_);
    returned.swap(returned_);
  }
  for (const auto& [connection, close_it] : returned) {
    --serving_;
    if (close_it || stopping_) {
      close(*connection);
      continue;
    }
    connection->phase = connection_phase::idle;
    connection->deadline = gate_clock::now() + options_.idle_timeout;
    // What a handler left (a part of the next request, a TLS record) is looked at now:
    // epoll reports new bytes only.
    on_bytes(*connection);
  }
  for (int fd : admitted) on_admitted(fd);
}

void connection_gate::on_admitted(int fd) {
  prepare_socket(fd);
  auto remote = remote_end_of(fd);
  const std::string peer = gate_connection::peer_of(remote);
  const auto same_peer = per_peer_.find(peer);
  const std::size_t from_peer = same_peer == per_peer_.end() ? 0 : same_peer->second;
  if (connections_.size() >= options_.max_connections || from_peer >= options_.max_connections_per_peer) {
    api_error error = make_error(error_kind::overloaded, connections_.size() >= options_.max_connections
                                                             ? "too many connections to the server"
                                                             : "too many connections from " + peer);
    error.retry_after_seconds = 1;
    {
      // Counted before the client can see the answer.
      std::lock_guard<std::mutex> lock(counters_mutex_);
      ++counters_.refused_cap;
    }
    if (!tls_) {  // a TLS client would need a handshake first: it only sees the close
      const std::string text = refusal_text(error);
      [[maybe_unused]] const auto sent = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    ::close(fd);
    return;
  }
  ssl_st* session = nullptr;
  if (tls_ && !(session = tls_->new_session(fd))) {
    ::close(fd);
    return;
  }
  auto owned = std::make_unique<gate_connection>(fd, session, std::move(remote));
  gate_connection& connection = *owned;
  connections_.emplace(&connection, std::move(owned));
  ++per_peer_[peer];
  {
    std::lock_guard<std::mutex> lock(counters_mutex_);
    counters_.open = connections_.size();
  }
  connection.phase = tls_ ? connection_phase::handshaking : connection_phase::idle;
  connection.deadline = gate_clock::now() + (tls_ ? options_.request_timeout : options_.idle_timeout);
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  event.data.ptr = &connection;
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
}

void connection_gate::on_event(gate_connection* connection) { on_bytes(*connection); }

void connection_gate::on_bytes(gate_connection& connection) {
  if (connection.phase == connection_phase::handshaking) {
    bool failed = false;
    if (!connection.advance_handshake(failed)) {
      if (failed) close(connection);
      else arm(connection);
      return;
    }
    connection.phase = connection_phase::idle;
    connection.deadline = gate_clock::now() + options_.idle_timeout;
  }
  // Room for one whole request and a little of the next: a pipelining client waits.
  const std::size_t cap = options_.max_head_bytes + options_.max_body_bytes + 16 * 1024;
  const read_outcome read = connection.read_available(cap);
  const request_frame frame = frame_request(connection.buffer, options_.max_head_bytes, options_.max_body_bytes);
  switch (frame.progress) {
    case request_progress::whole:
      // A client that sent its request and closed (or half-closed) its side still gets
      // it served: a receipt it posted is printed and kept, answered to no one.
      connection.peer_closed = read.ended;
      queue(connection);
      return;
    case request_progress::head_too_large:
      refuse(connection, 431, "the request's head is over " + std::to_string(options_.max_head_bytes) + " bytes");
      return;
    case request_progress::awaiting_body:
      if (frame.expects_continue && !connection.continue_sent && connection.buffer.size() == frame.head_bytes) {
        connection.write_now("HTTP/1.1 100 Continue\r\n\r\n");
        connection.continue_sent = true;
      }
      [[fallthrough]];
    case request_progress::partial_head:
      if (read.ended) {
        close(connection);
        return;
      }
      if (connection.buffer.empty()) break;  // still idle
      if (connection.phase != connection_phase::reading) {
        connection.phase = connection_phase::reading;
        connection.deadline = gate_clock::now() + options_.request_timeout;
      }
      break;
  }
  if (connection.buffer.empty() && connection.phase != connection_phase::idle) {
    connection.phase = connection_phase::idle;
    connection.deadline = gate_clock::now() + options_.idle_timeout;
  }
  arm(connection);
}

void connection_gate::arm(gate_connection& connection) {
  epoll_event event{};
  event.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  event.data.ptr = &connection;
  ::epoll_ctl(epoll_, EPOLL_CTL_MOD, connection.fd(), &event);
}

void connection_gate::queue(gate_connection& connection) {
  connection.phase = connection_phase::queued;
  ++serving_;
  {
    std::lock_guard<std::mutex> lock(work_mutex_);
    work_.push_back(&connection);
  }
  work_ready_.notify_one();
}

void connection_gate::refuse(gate_connection& connection, int status, const std::string& message) {
  api_error error = make_error(error_kind::data_error, message);
  error.status = status;
  {
    std::lock_guard<std::mutex> lock(counters_mutex_);  // before the client can see the answer
    if (status == 408) ++counters_.timed_out;
    if (status == 431) ++counters_.head_too_large;
  }
  connection.write_now(refusal_text(error));
  close(connection);
}

void connection_gate::close(gate_connection& connection) {
  const auto peer = per_peer_.find(connection.peer());
  if (peer != per_peer_.end() && --peer->second == 0) per_peer_.erase(peer);
  connections_.erase(&connection);  // closes the socket
  std::lock_guard<std::mutex> lock(counters_mutex_);
  counters_.open = connections_.size();
}

void connection_gate::expire_deadlines() {
  const auto now = gate_clock::now();
  std::vector<gate_connection*> expired;
  for (const auto& entry : connections_) {
    const gate_connection& connection = *entry.second;
    if (connection.phase != connection_phase::queued && connection.deadline <= now) expired.push_back(entry.first);
  }
  for (gate_connection* connection : expired) {
    if (connection->phase == connection_phase::reading)
      refuse(*connection, 408,
             "the request did not arrive within " + std::to_string(options_.request_timeout.count() / 1000) +
                 " s (http.read-timeout)");
    else
      close(*connection);  // an idle keep-alive connection, or a handshake that never ended
  }
}

void connection_gate::close_all_unserved() {
  std::vector<gate_connection*> unserved;
  for (const auto& entry : connections_)
    if (entry.second->phase != connection_phase::queued) unserved.push_back(entry.first);
  for (gate_connection* connection : unserved) close(*connection);
}

// ---- the handler threads ----

void connection_gate::run_handler() {
  for (;;) {
    gate_connection* connection = nullptr;
    {
      std::unique_lock<std::mutex> lock(work_mutex_);
      work_ready_.wait(lock, [this] { return work_closed_ || !work_.empty(); });
      if (work_.empty()) return;
      connection = work_.front();
      work_.pop_front();
    }
    if (stopping_) {
      give_back(*connection, true);  // accepted bytes, not started: the client may retry
      continue;
    }
    serve(*connection);
  }
}

void connection_gate::serve(gate_connection& connection) {
  for (;;) {
    gate_stream stream(connection, options_.request_timeout, options_.write_timeout);
    bool closed = false;
    const bool ok = serve_(stream, closed);
    connection.buffer.erase(0, stream.consumed());
    connection.continue_sent = false;
    if (!ok || closed || stream.answer_closes() || connection.peer_closed || stopping_) {
      give_back(connection, true);
      return;
    }
    // A pipelined request already here is served at once, in order.
    const auto next = frame_request(connection.buffer, options_.max_head_bytes, options_.max_body_bytes);
    if (next.progress != request_progress::whole) {
      give_back(connection, false);
      return;
    }
  }
}

// The connection's phase and deadline are the events thread's alone: it sets them when
// it takes the connection back.
void connection_gate::give_back(gate_connection& connection, bool close_it) {
  {
    std::lock_guard<std::mutex> lock(inbox_mutex_);
    returned_.emplace_back(&connection, close_it);
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto woken = ::write(wake_, &one, sizeof one);
}

}  // namespace ws::http::server
