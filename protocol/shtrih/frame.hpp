#pragma once
// The Shtrih-M standard low-level frame: STX LEN CMD DATA LRC, and the control bytes
// exchanged around it. encode_frame() builds one frame; frame_decoder turns a byte
// stream (arbitrary chunks, as reads return them) into events. Both link sides use it.
//
// Facts (kkt-protocol-2.0, "Стандартный нижний уровень"): LEN counts CMD+DATA (so a
// frame holds 1..255 payload bytes); LRC is the XOR of LEN and every payload byte; a
// frame counts as started once STX and LEN arrived; no byte stuffing, so ENQ/ACK/NAK
// values inside a frame are plain data.

#include <cstddef>
#include <optional>
#include <vector>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::shtrih {

inline constexpr byte_t STX = 0x02;
inline constexpr byte_t ENQ = 0x05;
inline constexpr byte_t ACK = 0x06;
inline constexpr byte_t NAK = 0x15;

inline constexpr std::size_t max_frame_payload = 255;

/// XOR of LEN and the payload bytes.
byte_t frame_lrc(const bytes& payload);

/// STX LEN payload LRC. Throws format_error unless 1 <= payload.size() <= 255.
bytes encode_frame(const bytes& payload);

/// One thing the decoder recognised in the byte stream, in stream order.
struct frame_event {
  enum class kind {
    frame,       ///< a complete frame with a good LRC; `data` = payload (CMD + DATA)
    control,     ///< ENQ, ACK or NAK outside a frame; `control` holds it
    bad_lrc,     ///< a complete frame whose LRC did not match; `data` = payload as received
    bad_length,  ///< STX followed by LEN 0; both bytes dropped
    timeout,     ///< a frame left incomplete longer than byte_timeout; `data` = bytes after STX
    garbage,     ///< bytes outside a frame that start nothing; `data` = those bytes
  };
  kind what = kind::garbage;
  bytes data;
  byte_t control = 0;
};

/// Incremental decoder. Feed it every received chunk with its arrival time; it reports
/// events in order. A partial frame whose next byte does not come within byte_timeout is
/// dropped (reported as `timeout`) either by the next feed() or by expire().
class frame_decoder {
 public:
  explicit frame_decoder(milliseconds byte_timeout = milliseconds{50});

  /// Decodes `size` bytes that arrived at `now`. Events are appended to `out`.
  void feed(const byte_t* data, std::size_t size, time_point now, std::vector<frame_event>& out);
  std::vector<frame_event> feed(const bytes& data, time_point now);

  /// Drops a partial frame whose byte timeout has run out by `now` (adds a `timeout` event).
  void expire(time_point now, std::vector<frame_event>& out);
  /// When a partial frame times out, if one is being received.
  std::optional<time_point> deadline() const;
  /// True while inside a frame (STX seen, frame not complete).
  bool receiving() const { return state_ != state::hunting; }

  /// Forgets any partial frame.
  void reset();

 private:
  enum class state { hunting, want_length, want_body };
  void take_byte(byte_t b, std::vector<frame_event>& out);
  void add_garbage(byte_t b, std::vector<frame_event>& out);
  void finish_frame(std::vector<frame_event>& out);

  milliseconds byte_timeout_;
  state state_ = state::hunting;
  std::size_t length_ = 0;  ///< LEN of the frame being received
  bytes body_;              ///< payload bytes received so far (and the LRC at the end)
  time_point last_byte_{};  ///< arrival of the last byte of the partial frame
};

}  // namespace ws::shtrih
