#pragma once
// Device side of the Shtrih-M alternative low level (packet_frame.hpp), sans-I/O, with the
// same surface as device_link so the emulator can host either.
//
//  - a request packet numbered one past the last executed command (1 after power-on,
//    numbers wrap at 65536) is handed over as a command; its reply goes out with the same
//    number as soon as set_reply() gives it and is kept;
//  - any other request, and a ping (type I), is answered with the kept reply packet, or a
//    type II packet with the current number when nothing was executed since power-on;
//  - while a command executes, packets are ignored (one packet in flight; the reply
//    follows when ready);
//  - damaged packets, garbage and packets cut by the byte timeout are dropped unanswered;
//  - a packet is judged as soon as its last byte (CRC16) arrives: its length says when it
//    is complete, and the alternative level asks for no quiet time before answering (the
//    standard level's rule is about acknowledgements, which this level has none of); a
//    reply given by set_reply() goes out at once. The byte timeout only drops a packet
//    left incomplete (on_timer() at next_deadline()).
// A command with no reply (set_reply() with an empty payload, e.g. a reboot) ends the
// exchange with nothing sent.

#include <memory>
#include <optional>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih {

class packet_device_link {
 public:
  explicit packet_device_link(link_timing timing = {});
  ~packet_device_link();
  packet_device_link(packet_device_link&&) noexcept;
  packet_device_link& operator=(packet_device_link&&) noexcept;

  void on_bytes(const byte_t* data, std::size_t size, time_point now);
  void on_timer(time_point now);
  std::optional<time_point> next_deadline() const;

  bytes take_output();
  std::optional<bytes> take_command();
  void set_reply(bytes reply_payload);
  bool executing() const;

  /// Power cycle: number back to 0, kept reply and partial packet forgotten.
  void reset();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ws::shtrih
