#include "protocol/shtrih/frame.hpp"

#include <string>

namespace ws::shtrih {

byte_t frame_lrc(const bytes& payload) {
  auto lrc = static_cast<byte_t>(payload.size());
  for (byte_t b : payload) lrc ^= b;
  return lrc;
}

bytes encode_frame(const bytes& payload) {
  if (payload.empty() || payload.size() > max_frame_payload)
    throw format_error("frame payload must be 1..255 bytes, got " + std::to_string(payload.size()));
  bytes frame;
  frame.reserve(payload.size() + 3);
  frame.push_back(STX);
  frame.push_back(static_cast<byte_t>(payload.size()));
  frame.insert(frame.end(), payload.begin(), payload.end());
  frame.push_back(frame_lrc(payload));
  return frame;
}

frame_decoder::frame_decoder(milliseconds byte_timeout) : byte_timeout_(byte_timeout) {}

void frame_decoder::feed(const byte_t* data, std::size_t size, time_point now,
                         std::vector<frame_event>& out) {
  if (size == 0) return;
  expire(now, out);
  for (std::size_t i = 0; i < size; ++i) take_byte(data[i], out);
  if (receiving()) last_byte_ = now;
}

std::vector<frame_event> frame_decoder::feed(const bytes& data, time_point now) {
  std::vector<frame_event> out;
  feed(data.data(), data.size(), now, out);
  return out;
}

void frame_decoder::expire(time_point now, std::vector<frame_event>& out) {
  if (!receiving() || now < last_byte_ + byte_timeout_) return;
  frame_event ev;
  ev.what = frame_event::kind::timeout;
  if (state_ == state::want_body) ev.data.push_back(static_cast<byte_t>(length_));
  ev.data.insert(ev.data.end(), body_.begin(), body_.end());
  out.push_back(std::move(ev));
  reset();
}

std::optional<time_point> frame_decoder::deadline() const {
  if (!receiving()) return std::nullopt;
  return last_byte_ + byte_timeout_;
}

void frame_decoder::reset() {
  state_ = state::hunting;
  length_ = 0;
  body_.clear();
}

void frame_decoder::take_byte(byte_t b, std::vector<frame_event>& out) {
  switch (state_) {
    case state::hunting:
      if (b == STX) {
        state_ = state::want_length;
      } else if (b == ENQ || b == ACK || b == NAK) {
        frame_event ev;
        ev.what = frame_event::kind::control;
        ev.control = b;
        out.push_back(std::move(ev));
      } else {
        add_garbage(b, out);
      }
      return;
    case state::want_length:
      if (b == 0) {
        // "Received" per the protocol (STX and LEN arrived) but unusable: report it so
        // the receiver can NAK, then look for the next STX.
        frame_event ev;
        ev.what = frame_event::kind::bad_length;
        out.push_back(std::move(ev));
        reset();
        return;
      }
      length_ = b;
      body_.clear();
      state_ = state::want_body;
      return;
    case state::want_body:
      body_.push_back(b);
      if (body_.size() == length_ + 1) finish_frame(out);
      return;
  }
}

void frame_decoder::add_garbage(byte_t b, std::vector<frame_event>& out) {
  if (out.empty() || out.back().what != frame_event::kind::garbage) {
    frame_event ev;
    ev.what = frame_event::kind::garbage;
    out.push_back(std::move(ev));
  }
  out.back().data.push_back(b);
}

void frame_decoder::finish_frame(std::vector<frame_event>& out) {
  const byte_t received_lrc = body_.back();
  body_.pop_back();
  frame_event ev;
  ev.what = frame_lrc(body_) == received_lrc ? frame_event::kind::frame : frame_event::kind::bad_lrc;
  ev.data = std::move(body_);
  out.push_back(std::move(ev));
  reset();
}

}  // namespace ws::shtrih
