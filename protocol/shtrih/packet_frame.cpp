#include "protocol/shtrih/packet_frame.hpp"

#include <string>

namespace ws::shtrih {

namespace {

constexpr std::size_t max_packet_data = 65533;  ///< LEN16 = 65535 less NUM16
constexpr std::size_t header_size = 2;          ///< LEN16 in the logical bytes after STX
constexpr std::size_t crc_size = 2;

/// The vendor's byte-wise CRC-16/CCITT step (kkt-protocol-2.0, "Контроль целостности").
std::uint16_t crc16_step(std::uint16_t crc, byte_t sym) {
  auto next = static_cast<std::uint16_t>((crc >> 8) | (crc << 8));
  next = static_cast<std::uint16_t>(next ^ sym);
  next = static_cast<std::uint16_t>(next ^ ((next & 0x00FFu) >> 4));
  next = static_cast<std::uint16_t>(next ^ (next << 12));
  next = static_cast<std::uint16_t>(next ^ ((next & 0x00FFu) << 5));
  return next;
}

void append_stuffed(byte_t b, bytes& out) {
  if (b == packet_stx) {
    out.push_back(packet_esc);
    out.push_back(packet_tstx);
  } else if (b == packet_esc) {
    out.push_back(packet_esc);
    out.push_back(packet_tesc);
  } else {
    out.push_back(b);
  }
}

/// LEN16 NUM16 DATA: the logical bytes the CRC covers.
bytes logical_body(const packet& p) {
  bytes body;
  byte_writer w(body);
  switch (p.type) {
    case packet::kind::ping:
      if (!p.data.empty()) throw format_error("a ping packet carries no data");
      w.u16(0);
      break;
    case packet::kind::numbered:
      if (!p.data.empty()) throw format_error("a type II packet carries no data");
      w.u16(2).u16(p.number);
      break;
    case packet::kind::data:
      if (p.data.empty() || p.data.size() > max_packet_data)
        throw format_error("packet data of " + std::to_string(p.data.size()) +
                           " bytes (must be 1.." + std::to_string(max_packet_data) + ")");
      w.u16(static_cast<std::uint16_t>(p.data.size() + 2)).u16(p.number).raw(p.data);
      break;
  }
  return body;
}

}  // namespace

std::uint16_t packet_crc16(const byte_t* data, std::size_t size) {
  std::uint16_t crc = 0xFFFF;
  for (std::size_t i = 0; i < size; ++i) crc = crc16_step(crc, data[i]);
  return crc;
}

bytes encode_packet(const packet& p) {
  bytes body = logical_body(p);
  byte_writer(body).u16(packet_crc16(body.data(), body.size()));
  bytes out;
  out.reserve(body.size() * 2 + 1);
  out.push_back(packet_stx);
  for (byte_t b : body) append_stuffed(b, out);
  return out;
}

packet_decoder::packet_decoder(milliseconds byte_timeout, std::size_t max_length)
    : byte_timeout_(byte_timeout), max_length_(max_length) {}

namespace {

packet_event make_event(packet_event::kind what) {
  packet_event ev;
  ev.what = what;
  return ev;
}

std::size_t length_field(const bytes& logical) {
  return std::size_t{logical[0]} | (std::size_t{logical[1]} << 8);
}

/// The packet held in complete logical bytes (LEN16 NUM16 DATA CRC16), if its CRC holds.
std::optional<packet> parse_complete(const bytes& logical) {
  const std::size_t covered = logical.size() - crc_size;
  const std::uint16_t received =
      static_cast<std::uint16_t>(logical[covered] | (logical[covered + 1] << 8));
  if (packet_crc16(logical.data(), covered) != received) return std::nullopt;
  packet p;
  const std::size_t length = length_field(logical);
  if (length == 0) {
    p.type = packet::kind::ping;
    return p;
  }
  p.number = static_cast<packet_number>(logical[2] | (logical[3] << 8));
  p.type = length == 2 ? packet::kind::numbered : packet::kind::data;
  p.data.assign(logical.begin() + 4, logical.begin() + static_cast<std::ptrdiff_t>(covered));
  return p;
}

}  // namespace

void packet_decoder::feed(const byte_t* data, std::size_t size, time_point now,
                          std::vector<packet_event>& out) {
  if (size == 0) return;
  expire(now, out);
  bool in_garbage_run = false;  // one garbage event per run of stray bytes
  for (std::size_t i = 0; i < size; ++i) {
    const byte_t b = data[i];
    if (b == packet_stx) {
      // STX only ever starts a packet: one in the middle means the previous was cut short.
      if (in_packet_) out.push_back(make_event(packet_event::kind::damaged));
      logical_.clear();
      escaped_ = false;
      in_packet_ = true;
      in_garbage_run = false;
      continue;
    }
    if (!in_packet_) {
      if (!in_garbage_run) out.push_back(make_event(packet_event::kind::garbage));
      in_garbage_run = true;
      continue;
    }
    take_byte(b, out);
  }
  last_byte_ = now;
}

void packet_decoder::take_byte(byte_t b, std::vector<packet_event>& out) {
  if (escaped_) {
    escaped_ = false;
    if (b == packet_tstx) {
      add_logical(packet_stx, out);
    } else if (b == packet_tesc) {
      add_logical(packet_esc, out);
    } else {
      drop(out);  // ESC must be followed by TSTX or TESC
    }
    return;
  }
  if (b == packet_esc) {
    escaped_ = true;
    return;
  }
  add_logical(b, out);
}

void packet_decoder::add_logical(byte_t b, std::vector<packet_event>& out) {
  logical_.push_back(b);
  if (logical_.size() < header_size) return;
  const std::size_t length = length_field(logical_);
  if (logical_.size() == header_size && (length == 1 || length > max_length_)) {
    drop(out);  // LEN16 = 1 is invalid; longer than we keep room for
    return;
  }
  if (logical_.size() < header_size + length + crc_size) return;
  auto parsed = parse_complete(logical_);
  in_packet_ = false;
  logical_.clear();
  if (!parsed) {
    out.push_back(make_event(packet_event::kind::damaged));
    return;
  }
  packet_event ev = make_event(packet_event::kind::packet);
  ev.value = std::move(*parsed);
  out.push_back(std::move(ev));
}

void packet_decoder::drop(std::vector<packet_event>& out) {
  out.push_back(make_event(packet_event::kind::damaged));
  in_packet_ = false;
  escaped_ = false;
  logical_.clear();
}

void packet_decoder::expire(time_point now, std::vector<packet_event>& out) {
  if (!in_packet_ || now < last_byte_ + byte_timeout_) return;
  out.push_back(make_event(packet_event::kind::timeout));
  in_packet_ = false;
  escaped_ = false;
  logical_.clear();
}

std::optional<time_point> packet_decoder::deadline() const {
  if (!in_packet_) return std::nullopt;
  return last_byte_ + byte_timeout_;
}

bool packet_decoder::receiving() const { return in_packet_; }

void packet_decoder::reset() {
  in_packet_ = false;
  escaped_ = false;
  logical_.clear();
}

}  // namespace ws::shtrih
