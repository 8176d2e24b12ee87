#pragma once
// The Shtrih-M alternative low level ("Альтернативный нижний уровень", kkt-protocol-2.0):
// numbered packets instead of ENQ/ACK/NAK handshakes. Logical format:
//   STX(8Fh) LEN16 NUM16 DATA CRC16       (16-bit fields least significant byte first)
// LEN16 counts NUM16 + DATA: 0 = type I (empty, no number: the host's "which number are
// you at?" / ping), 2 = type II (empty with a number: a device that has executed nothing
// since power-on), 3.. = type III (DATA = CMD + parameters, or CMD + ERR + data in a
// reply); LEN16 = 1 is invalid. CRC16 is CRC-16/CCITT (polynomial 1021h, initial FFFFh)
// over LEN16, NUM16 and DATA. Physically every byte after the STX is stuffed: 8Fh -> 9Fh
// 81h, 9Fh -> 9Fh 83h, so STX only ever starts a packet.

#include <cstdint>
#include <optional>
#include <vector>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih {

inline constexpr byte_t packet_stx = 0x8F;
inline constexpr byte_t packet_esc = 0x9F;
inline constexpr byte_t packet_tstx = 0x81;
inline constexpr byte_t packet_tesc = 0x83;

using packet_number = std::uint16_t;

struct packet {
  enum class kind {
    ping,        ///< type I: LEN16 = 0, no number, no data
    numbered,    ///< type II: LEN16 = 2, a number, no data
    data,        ///< type III: a number and 1..65533 data bytes
  };
  kind type = kind::data;
  packet_number number = 0;
  bytes data;

  friend bool operator==(const packet& a, const packet& b) {
    return a.type == b.type && a.number == b.number && a.data == b.data;
  }
};

/// CRC-16/CCITT (poly 1021h, init FFFFh, no reflection) of `size` bytes.
std::uint16_t packet_crc16(const byte_t* data, std::size_t size);

/// The packet in its physical (stuffed) format, ready for the line. Throws format_error if
/// a data packet has no data or more than 65533 bytes.
bytes encode_packet(const packet& p);

/// What the decoder found in the byte stream, in order.
struct packet_event {
  enum class kind {
    packet,    ///< a well-formed packet; `value` holds it
    damaged,   ///< bad CRC, LEN16 = 1, a bad escape, or STX inside a packet: dropped
    timeout,   ///< a packet left incomplete longer than byte_timeout: dropped
    garbage,   ///< bytes outside a packet (before any STX)
  };
  kind what = kind::garbage;
  packet value;
};

/// Incremental decoder (arbitrary chunks). An STX always starts a new packet, so a packet
/// cut short is reported damaged when the next one starts. A partial packet whose next
/// byte does not come within byte_timeout is dropped (feed() or expire()). Packets whose
/// LEN16 exceeds `max_length` are dropped as damaged as soon as LEN16 is known.
class packet_decoder {
 public:
  explicit packet_decoder(milliseconds byte_timeout = milliseconds{50}, std::size_t max_length = 4096);

  void feed(const byte_t* data, std::size_t size, time_point now, std::vector<packet_event>& out);
  void expire(time_point now, std::vector<packet_event>& out);
  std::optional<time_point> deadline() const;
  bool receiving() const;
  void reset();

 private:
  void take_byte(byte_t b, std::vector<packet_event>& out);
  void add_logical(byte_t b, std::vector<packet_event>& out);
  void drop(std::vector<packet_event>& out);

  milliseconds byte_timeout_;
  std::size_t max_length_;
  bool in_packet_ = false;
  bool escaped_ = false;
  bytes logical_;           ///< unstuffed bytes after STX received so far
  time_point last_byte_{};
};

}  // namespace ws::shtrih
