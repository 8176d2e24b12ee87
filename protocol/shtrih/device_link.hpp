#pragma once
// Device side of the Shtrih-M standard low level (a register's point of view), sans-I/O.
//
// The owner moves bytes: it feeds what arrived on the line to on_bytes(), writes out
// whatever take_output() gives, runs on_timer() at next_deadline(), executes each command
// that take_command() hands over and gives the answer back with set_reply().
//
// Behaviour (reference: kkt-protocol-2.0, "Стандартный нижний уровень", appendix 2):
//  - ENQ while idle and no reply held -> NAK (ready for a command);
//  - ENQ while a command executes, or a reply is held -> ACK, then (once the reply is
//    ready) the reply frame; the reply is held and repeated on every ENQ until the host
//    ACKs it or sends a new command frame;
//  - a well-formed command frame -> ACK and the command is handed to the owner;
//    a bad LRC or a byte timeout inside a frame -> NAK, frame dropped;
//  - the same command frame sent again after the host missed our ACK is not executed
//    twice: while its reply is held, the frame is ACKed and the held reply is resent.

#include <memory>
#include <optional>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih {

class device_link {
 public:
  explicit device_link(link_timing timing = {});
  ~device_link();
  device_link(device_link&&) noexcept;
  device_link& operator=(device_link&&) noexcept;

  /// Bytes received from the host at time `now`.
  void on_bytes(const byte_t* data, std::size_t size, time_point now);
  /// Call when next_deadline() has passed.
  void on_timer(time_point now);
  /// When on_timer() must run next, if anything waits on time.
  std::optional<time_point> next_deadline() const;

  /// Bytes to write to the line now (drained by the call).
  bytes take_output();
  /// The next command (CMD + DATA, no STX/LEN/LRC) to execute, if one arrived.
  std::optional<bytes> take_command();
  /// The answer (CMD + ERR + data) to the command taken last.
  void set_reply(bytes reply_payload);
  /// True between take_command() and set_reply().
  bool executing() const;

  /// Power cycle: forget any partial frame, held reply and pending output.
  void reset();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ws::shtrih
