#pragma once
// Host side of the Shtrih-M standard low level (the farm's point of view), sans-I/O.
//
// One command at a time: send() starts an exchange; the owner feeds line bytes to
// on_bytes(), writes take_output(), runs on_timer() at next_deadline(), and collects the
// single outcome with take_outcome(). The exchange is ENQ -> (NAK: send the frame; ACK:
// the device holds an old reply, read and discard it first) -> device ACKs the frame ->
// wait up to the command's answer timeout for the reply frame -> ACK it.
//
// While waiting for the reply, each time the line has been silent for
// answer_probe_interval (0: never) the host asks with ENQ whether the device still has
// the command: ACK means it is executing it or holds its reply (which follows), so the
// wait goes on up to the answer timeout; NAK means it is idle with no reply held, i.e. it
// lost the command (a reboot) and will never answer, so the exchange ends at once as
// no_reply; no answer changes nothing (these ENQs are bounded by the answer timeout and
// do not use up max_retries, which still bounds the asking after it). A rebooted device
// is noticed within about one interval instead of the whole answer timeout.
//
// The outcome tells whether the device could have executed the command, which is what
// "never print twice" rests on: not_delivered means the device never ACKed the frame (it
// did not run it); no_reply means it ACKed the frame but no reply came in time, or it
// lost the command (it may have run it, e.g. signed a receipt and then rebooted).
//
// Precisely (host_link.cpp has the reasoning): a frame that is NAKed or not acknowledged
// is not resent blindly; the host first sends ENQ, and resends only if the device answers
// NAK (idle, no reply held, so it did not take the frame); ACK means it took the frame and
// its reply is awaited. That ENQ goes out only 2 * ack_timeout + byte_timeout after the
// frame was written, when every answer to the frame or to anything before it must have
// arrived: one write can bring more than one answer (a frame cut by a late byte gets a
// NAK, and its late tail another), and a delayed NAK taken for the answer to the ENQ
// could make a frame the device took with that ENQ look not taken. Until then an ACK or
// a reply shows the frame taken, and a NAK tells nothing. not_delivered is given only
// when the frame was never written, or the device answered NAK to such an ENQ after the
// last time the frame was written and nothing showed it had taken the frame; any other
// failure after the frame was written is no_reply, even if no ACK for the frame was
// ever seen (the ACK itself may have been lost). In
// particular a NAK to the ENQ that asks about a command already taken is no_reply, never
// not_delivered: the device may have run the command before it lost it. A reply whose
// command code differs from the command's is ACKed and discarded, never returned as the
// reply.
//
// Input is acted on once the line has been quiet for byte_timeout (run on_timer() at
// next_deadline()); what arrived until then is judged as one burst. A burst that is not
// exactly one answer (NAK; ACK; ACK and a frame; a frame) counts as a damaged answer:
// the ACK/NAK-looking bytes in the late tail of a cut frame are not answers.

#include <memory>
#include <optional>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih {

struct link_outcome {
  enum class kind {
    reply,          ///< `reply` holds the device's answer (CMD + ERR + data)
    not_delivered,  ///< no ACK for the command frame after all retries: not executed
                    ///< (given only when the device certainly did not take the frame)
    no_reply,       ///< frame ACKed, reply missing or corrupt after all retries, or the
                    ///< device lost the command (idle while it was due): outcome unknown
  };
  kind what = kind::not_delivered;
  bytes reply;
};

class host_link {
 public:
  explicit host_link(link_timing timing = {});
  ~host_link();
  host_link(host_link&&) noexcept;
  host_link& operator=(host_link&&) noexcept;

  /// Starts one exchange for `command` (CMD + DATA). `answer_timeout` is how long the
  /// device may take to execute it (driver-commands.xml). Only when idle().
  void send(bytes command, milliseconds answer_timeout, time_point now);

  void on_bytes(const byte_t* data, std::size_t size, time_point now);
  void on_timer(time_point now);
  std::optional<time_point> next_deadline() const;

  bytes take_output();
  /// The outcome of the finished exchange, once (then the link is idle again).
  std::optional<link_outcome> take_outcome();
  bool idle() const;

  /// Line lost or reopened: abandon the exchange in flight. If one was in flight its
  /// outcome becomes available: not_delivered if the frame was never ACKed, else no_reply.
  /// (Conservatively: not_delivered only if the frame had not been written yet.)
  void reset();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ws::shtrih
