#include "protocol/shtrih/packet_host_link.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

#include "protocol/shtrih/packet_frame.hpp"

namespace ws::shtrih {

// How an exchange runs, and why each failure gets the outcome it gets.
//
//  pinging     The device's number is unknown (first exchange, after reset(), or after an
//              exchange that ended in silence): a type I packet asks for it. Any numbered
//              answer (type II, or type III: the device's last reply) gives the number n,
//              and the request goes out numbered n + 1. Silence for ack_timeout: ping
//              again, max_retries + 1 pings in all, then not_delivered (nothing but pings
//              was written, so nothing can have run).
//  requesting  The request packet is written; its answer is due within the command's
//              answer timeout. Each time the line has been silent for ack_timeout the very
//              same bytes are written again: the device runs a request only when its
//              number is one past the last one it ran, so a repeat reaching a device that
//              already ran it gets the kept reply back, never a second run.
//
// Answers while requesting, with r our request's number:
//  - type III numbered r whose command code is ours: the reply;
//  - type III numbered r with another code: the device ran something else as r, so this
//    is not our answer (and asking again would only bring it back): no_reply;
//  - type II numbered r: the device ran r but holds no reply for it (a command without
//    one), or kept its number over a restart and lost the reply: no_reply;
//  - numbered r - 1: the device answering an earlier packet (our ping, a repeat of the
//    previous request): stale, ignored;
//  - any other number: the device's count moved under us (a power cycle, another host);
//    it may have run our request before that: no_reply.
// Whenever the device told its number, the next exchange numbers on from it; when the
// exchange ended without a word from the device its number is forgotten and the next
// exchange pings first, as anything may have happened meanwhile.
//
// The one request that is never repeated: number 1. A power cycle puts the device back
// at number 0 with nothing executed, which is exactly the state in which it runs a request
// numbered 1. So a device that ran our request 1, lost its reply to a restart and then got
// a repeat of it would run it a second time: for request 1 (the first command after
// power-on, or after the number wrapped) no repeat is safe. Instead of repeating, the host
// pings on silence: the kept reply numbered 1 is our answer if the device ran it and still
// holds it; an answer numbered 0 says the device is idle at 0. Early on such an answer may
// be stale (it answers the ping before the request); once every answer to what was written
// before the request must have arrived (clear_time() after it) it means the request was
// lost, or run and lost to a restart, and either way no answer will ever come: no_reply
// at once rather than at the answer timeout.
//
// What this rests on: a byte reaches the other side within ack_timeout or never; the
// device answers a packet as soon as it is complete (or, while it executes a command,
// ignores packets and answers when the command is done); the CRC-16 tells damage from a
// packet. Damaged packets and garbage are dropped; a packet being received holds off the
// timers until it is complete or cut by the byte timeout.
namespace {

enum class phase { idle, pinging, requesting };

bool reply_matches(const bytes& command, const bytes& reply) {
  // The reply starts with the command code: one byte, or two for the FFxx commands.
  const std::size_t code_size = command.size() >= 2 && command[0] == 0xFF ? 2 : 1;
  if (reply.size() < code_size) return false;
  return std::equal(command.begin(), command.begin() + static_cast<std::ptrdiff_t>(code_size), reply.begin());
}

bytes encode_ping() {
  packet ping;
  ping.type = packet::kind::ping;
  return encode_packet(ping);
}

bytes encode_request(packet_number number, const bytes& command) {
  packet request;
  request.type = packet::kind::data;
  request.number = number;
  request.data = command;
  return encode_packet(request);  // throws on an empty or oversized command
}

}  // namespace

struct packet_host_link::impl {
  explicit impl(link_timing t) : timing(t), decoder(t.byte_timeout) {}

  link_timing timing;
  packet_decoder decoder;
  bytes output;
  std::optional<link_outcome> outcome;

  phase state = phase::idle;
  /// The number of the last command the device said it ran (from any numbered answer).
  std::optional<packet_number> device_number;
  bytes command;
  milliseconds answer_timeout{0};
  packet_number request_number = 0;
  bytes request;                 ///< the request packet, physical format
  bool repeatable = true;        ///< false for request 1 (see above)
  int ping_sends = 0;
  time_point written_at{};       ///< when the request was first written
  time_point answer_deadline{};  ///< written_at + answer_timeout
  time_point silent_until{};     ///< when silence calls for the next ping or repeat

  // ---- steps
  void finish(link_outcome::kind what, bytes reply = {}) {
    outcome = link_outcome{what, std::move(reply)};
    state = phase::idle;
    decoder.reset();
  }

  void start(time_point now) {
    ping_sends = 0;
    decoder.reset();
    if (device_number) return write_request(now);
    ping(now);
  }

  void ping(time_point now) {
    if (ping_sends > timing.max_retries) return finish(link_outcome::kind::not_delivered);
    ++ping_sends;
    const bytes p = encode_ping();
    output.insert(output.end(), p.begin(), p.end());
    state = phase::pinging;
    silent_until = now + timing.ack_timeout;
  }

  void write_request(time_point now) {
    request_number = static_cast<packet_number>(*device_number + 1);
    request = encode_request(request_number, command);
    repeatable = request_number != 1;
    output.insert(output.end(), request.begin(), request.end());
    state = phase::requesting;
    written_at = now;
    answer_deadline = now + answer_timeout;
    silent_until = now + timing.ack_timeout;
  }

  /// On silence while requesting: the same request again, or for request 1 a ping.
  void ask_again(time_point now) {
    const bytes again = repeatable ? request : encode_ping();
    output.insert(output.end(), again.begin(), again.end());
    silent_until = now + timing.ack_timeout;
  }

  /// How long after the request was written every answer to what was written before it
  /// must have arrived: it reached the device within ack_timeout, was answered at once
  /// (a cut packet is dropped after byte_timeout) and the answer took ack_timeout more.
  milliseconds clear_time() const { return 2 * timing.ack_timeout + timing.byte_timeout; }

  // ---- events
  void receive(const byte_t* data, std::size_t size, time_point now) {
    if (size == 0 || state == phase::idle) return;  // nobody asked: late or stray bytes
    std::vector<packet_event> events;
    decoder.feed(data, size, now, events);
    // Bytes are not silence: the next ping or repeat waits for a quiet line.
    silent_until = std::max(silent_until, now + timing.ack_timeout);
    for (auto& ev : events) {
      if (state == phase::idle) return;
      if (ev.what == packet_event::kind::packet) on_packet(std::move(ev.value), now);
    }
  }

  void on_packet(packet p, time_point now) {
    if (p.type == packet::kind::ping) return;  // only hosts ping: an echo, not an answer
    if (state == phase::pinging) {
      device_number = p.number;
      return write_request(now);
    }
    on_answer(std::move(p), now);
  }

  void on_answer(packet p, time_point now) {
    const auto previous = static_cast<packet_number>(request_number - 1);
    if (p.number == previous) {
      // Stale, unless it answers a ping sent after request 1 once the line is clear: the
      // device is idle at 0 and our request is gone (see the top of the file).
      if (repeatable || now < written_at + clear_time()) return;
      device_number = p.number;
      return finish(link_outcome::kind::no_reply);
    }
    device_number = p.number;  // the device stands here now, whatever the outcome
    if (p.number == request_number && p.type == packet::kind::data && reply_matches(command, p.data))
      return finish(link_outcome::kind::reply, std::move(p.data));
    finish(link_outcome::kind::no_reply);
  }

  void on_timer(time_point now) {
    std::vector<packet_event> dropped;
    decoder.expire(now, dropped);  // a packet cut short: nothing to act on
    if (state == phase::idle || decoder.receiving()) return;
    if (state == phase::requesting && now >= answer_deadline) {
      device_number.reset();  // it may or may not have run it: ask before numbering again
      return finish(link_outcome::kind::no_reply);
    }
    if (now < silent_until) return;
    if (state == phase::pinging) return ping(now);
    ask_again(now);
  }

  std::optional<time_point> next_deadline() const {
    if (state == phase::idle) return std::nullopt;
    if (decoder.receiving()) return decoder.deadline();
    if (state == phase::requesting) return std::min(silent_until, answer_deadline);
    return silent_until;
  }

  void reset() {
    const bool in_flight = state != phase::idle;
    // Before the request was written nothing but pings went out: nothing can have run.
    const auto what = state == phase::pinging ? link_outcome::kind::not_delivered : link_outcome::kind::no_reply;
    output.clear();
    decoder.reset();
    device_number.reset();
    state = phase::idle;
    if (in_flight) outcome = link_outcome{what, {}};
  }
};

packet_host_link::packet_host_link(link_timing timing) : impl_(std::make_unique<impl>(timing)) {}
packet_host_link::~packet_host_link() = default;
packet_host_link::packet_host_link(packet_host_link&&) noexcept = default;
packet_host_link& packet_host_link::operator=(packet_host_link&&) noexcept = default;

void packet_host_link::send(bytes command, milliseconds answer_timeout, time_point now) {
  if (!idle()) throw std::logic_error("packet_host_link::send while an exchange is in progress");
  encode_request(0, command);  // throws on an empty or oversized command before anything changes
  impl_->command = std::move(command);
  impl_->answer_timeout = answer_timeout;
  impl_->start(now);
}

void packet_host_link::on_bytes(const byte_t* data, std::size_t size, time_point now) {
  impl_->receive(data, size, now);
}

void packet_host_link::on_timer(time_point now) { impl_->on_timer(now); }

std::optional<time_point> packet_host_link::next_deadline() const { return impl_->next_deadline(); }

bytes packet_host_link::take_output() { return std::exchange(impl_->output, bytes{}); }

std::optional<link_outcome> packet_host_link::take_outcome() { return std::exchange(impl_->outcome, std::nullopt); }

bool packet_host_link::idle() const { return impl_->state == phase::idle && !impl_->outcome; }

void packet_host_link::reset() { impl_->reset(); }

}  // namespace ws::shtrih
