#pragma once
// Host side of the Shtrih-M alternative low level (packet_frame.hpp), sans-I/O, with the
// same surface as host_link so the register can drive either.
//
// The device executes a request packet only when its number is one past the number of
// the last command it executed; to any other request (or a ping) it answers with its last
// reply packet (or a type II packet naming its number when it has executed nothing since
// power-on), and it answers a repeated request with the reply it already gave. So:
//  - a repeat of the request in flight can never run the command twice: the host resends
//    the same request whenever the line stays silent for ack_timeout, until the answer
//    timeout;
//  - the host learns the device's number with a ping before its first request, and after
//    reset(); a ping nobody answers (max_retries + 1 tries, ack_timeout apart) ends the
//    exchange not_delivered, since no request was written;
//  - a reply packet with the request's number is the answer (if its command code matches);
//  - an answer naming the number just before ours is stale (it answers an earlier packet):
//    ignored;
//  - an answer naming any other number means the device's count moved under us (a power
//    cycle, another host): it may have run our request before that, so no_reply, and the
//    next exchange numbers on from what the device said;
//  - silence until the answer timeout after the request was written: no_reply.
// One exception to the resending (packet_host_link.cpp has the reasoning): a request
// numbered 1 is written once and never repeated, since a device that ran it and then lost
// its reply to a power cycle is back at number 0 and would run a repeat again; on silence
// the host pings instead, and an answer numbered 0 that can no longer be stale (2 *
// ack_timeout + byte_timeout after the request) ends the exchange as no_reply.
// Damaged packets and garbage are dropped; only the timers above act on silence.

#include <memory>
#include <optional>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/host_link.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih {

class packet_host_link {
 public:
  explicit packet_host_link(link_timing timing = {});
  ~packet_host_link();
  packet_host_link(packet_host_link&&) noexcept;
  packet_host_link& operator=(packet_host_link&&) noexcept;

  /// Starts one exchange for `command` (CMD + DATA). Only when idle().
  void send(bytes command, milliseconds answer_timeout, time_point now);

  void on_bytes(const byte_t* data, std::size_t size, time_point now);
  void on_timer(time_point now);
  std::optional<time_point> next_deadline() const;

  bytes take_output();
  /// The outcome of the finished exchange, once (then the link is idle again).
  std::optional<link_outcome> take_outcome();
  bool idle() const;

  /// Line lost or reopened: abandon the exchange in flight (not_delivered if no request
  /// was written yet, else no_reply) and forget the device's number (ping again).
  void reset();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ws::shtrih
