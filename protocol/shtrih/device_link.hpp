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
//
// Details of this implementation (frame.hpp has the codec):
//  - a repeated frame is recognised by being byte-equal to the command accepted last
//    while that command is queued, executing or its reply held; it is ACKed and never
//    handed over again (while executing, the reply simply follows when ready). After
//    the host ACKs the reply, an equal frame is a new command and runs again;
//  - a different command frame while one is queued or executing is answered NAK and
//    dropped (the device takes one command at a time);
//  - ACK from the host drops the held reply; NAK keeps it for the next ENQ;
//  - set_reply() with an empty payload (a command with no reply, e.g. reboot) ends the
//    exchange without sending anything; set_reply() with no command taken is ignored;
//  - answers wait until the line has been quiet for byte_timeout (the protocol's least
//    time before answering; run on_timer() at next_deadline()). What arrived meanwhile is
//    judged as one burst: a burst holding bytes that are neither a frame nor ENQ/ACK/NAK
//    (the tail of a frame cut by a late byte, a frame with a damaged LEN) is dropped
//    unanswered, since answering the ENQ-like bytes inside it would answer questions the
//    host never asked; a burst holding a damaged frame and no such bytes gets one NAK;
//  - the reply goes out as soon as set_reply() gives it.

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
