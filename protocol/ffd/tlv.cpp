#include "protocol/ffd/tlv.hpp"

#include <limits>
#include <sstream>

#include "protocol/common/charset.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

namespace {

constexpr std::size_t header_size = 4;
constexpr std::size_t max_length = std::numeric_limits<std::uint16_t>::max();
constexpr std::size_t money_vln_max_bytes = 6;  // FFD 1.05: money VLN at most 6 bytes

bytes le_bytes(std::uint64_t value, std::size_t width) {
  bytes out;
  byte_writer(out).uint_le(value, width);
  return out;
}

std::size_t minimal_width(std::uint64_t value) {
  std::size_t width = 1;
  while (width < 8 && (value >> (8 * width)) != 0) ++width;
  return width;
}

std::string tag_name(tag_t t) { return "tag " + std::to_string(t); }

}  // namespace

tlv tlv::raw(tag_t tag, bytes value) {
  tlv node;
  node.tag_ = tag;
  node.value_ = std::move(value);
  return node;
}

tlv tlv::u8(tag_t tag, std::uint8_t value) { return raw(tag, le_bytes(value, 1)); }
tlv tlv::u16(tag_t tag, std::uint16_t value) { return raw(tag, le_bytes(value, 2)); }
tlv tlv::u32(tag_t tag, std::uint32_t value) { return raw(tag, le_bytes(value, 4)); }
tlv tlv::unix_time(tag_t tag, std::uint32_t seconds) { return raw(tag, le_bytes(seconds, 4)); }
tlv tlv::vln(tag_t tag, std::uint64_t value) { return raw(tag, le_bytes(value, minimal_width(value))); }

tlv tlv::money_vln(tag_t tag, money sum) {
  if (sum.kopecks < 0)
    throw format_error(tag_name(tag) + ": negative sum " + std::to_string(sum.kopecks) + " kopecks");
  const auto value = static_cast<std::uint64_t>(sum.kopecks);
  if (minimal_width(value) > money_vln_max_bytes)
    throw format_error(tag_name(tag) + ": sum " + std::to_string(sum.kopecks) + " kopecks exceeds 6 bytes");
  return vln(tag, value);
}

tlv tlv::fvln(tag_t tag, quantity q) {
  if (q.millionths < 0)
    throw format_error(tag_name(tag) + ": negative quantity");
  auto mantissa = static_cast<std::uint64_t>(q.millionths);
  std::uint8_t decimals = 6;
  while (decimals > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --decimals;
  }
  if (mantissa == 0) decimals = 0;
  bytes value{decimals};
  byte_writer(value).uint_le(mantissa, minimal_width(mantissa));
  return raw(tag, std::move(value));
}

tlv tlv::string(tag_t tag, std::string_view utf8) {
  const std::string cp866 = utf8_to_cp866(utf8);
  return raw(tag, bytes(cp866.begin(), cp866.end()));
}

tlv tlv::fixed_string(tag_t tag, std::string_view utf8, std::size_t width) {
  std::string cp866 = utf8_to_cp866(utf8);
  if (cp866.size() > width)
    throw format_error(tag_name(tag) + ": text of " + std::to_string(cp866.size()) +
                       " characters is longer than " + std::to_string(width));
  cp866.resize(width, ' ');
  return raw(tag, bytes(cp866.begin(), cp866.end()));
}

tlv tlv::structure(tag_t tag, std::vector<tlv> children) {
  tlv node;
  node.tag_ = tag;
  node.structure_ = true;
  node.children_ = std::move(children);
  return node;
}

tlv& tlv::add(tlv child) {
  if (!structure_) throw format_error(tag_name(tag_) + " is not a structure");
  children_.push_back(std::move(child));
  return *this;
}

std::uint64_t tlv::as_uint() const {
  if (structure_) throw format_error(tag_name(tag_) + " is a structure, not a number");
  if (value_.size() > 8)
    throw format_error(tag_name(tag_) + ": number of " + std::to_string(value_.size()) + " bytes");
  return byte_reader(value_).uint_le(value_.size());
}

money tlv::as_money() const {
  const std::uint64_t v = as_uint();
  if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw format_error(tag_name(tag_) + ": sum out of range");
  return money{static_cast<std::int64_t>(v)};
}

quantity tlv::as_quantity() const {
  if (structure_ || value_.empty())
    throw format_error(tag_name(tag_) + ": FVLN needs a decimal-point byte");
  const std::uint8_t decimals = value_[0];
  if (decimals > 6)
    throw format_error(tag_name(tag_) + ": quantity with " + std::to_string(decimals) + " decimals");
  if (value_.size() > 9) throw format_error(tag_name(tag_) + ": FVLN too long");
  std::uint64_t mantissa = byte_reader(value_.data() + 1, value_.size() - 1).uint_le(value_.size() - 1);
  for (std::uint8_t d = decimals; d < 6; ++d) {
    if (mantissa > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / 10)
      throw format_error(tag_name(tag_) + ": quantity out of range");
    mantissa *= 10;
  }
  if (mantissa > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw format_error(tag_name(tag_) + ": quantity out of range");
  return quantity{static_cast<std::int64_t>(mantissa)};
}

std::string tlv::as_string() const {
  if (structure_) throw format_error(tag_name(tag_) + " is a structure, not a text");
  return cp866_to_utf8(std::string(value_.begin(), value_.end()));
}

std::string tlv::as_trimmed_string() const {
  std::string s = as_string();
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

const tlv* tlv::find(tag_t tag) const {
  for (const auto& child : children_)
    if (child.tag_ == tag) return &child;
  return nullptr;
}

std::vector<const tlv*> tlv::find_all(tag_t tag) const {
  std::vector<const tlv*> found;
  for (const auto& child : children_)
    if (child.tag_ == tag) found.push_back(&child);
  return found;
}

const tlv& tlv::at(tag_t tag) const {
  if (const tlv* child = find(tag)) return *child;
  throw format_error(tag_name(tag_) + " has no " + tag_name(tag));
}

std::size_t tlv::encoded_size() const {
  std::size_t size = header_size;
  if (!structure_) return size + value_.size();
  for (const auto& child : children_) size += child.encoded_size();
  return size;
}

bool operator==(const tlv& a, const tlv& b) {
  return a.tag_ == b.tag_ && a.structure_ == b.structure_ && a.value_ == b.value_ &&
         a.children_ == b.children_;
}

void encode_to(const tlv& node, bytes& out) {
  const std::size_t length = node.encoded_size() - header_size;
  if (length > max_length)
    throw format_error(tag_name(node.tag()) + ": value of " + std::to_string(length) +
                       " bytes exceeds 65535");
  byte_writer(out).u16(node.tag()).u16(static_cast<std::uint16_t>(length));
  if (!node.is_structure()) {
    byte_writer(out).raw(node.value());
    return;
  }
  for (const auto& child : node.children()) encode_to(child, out);
}

bytes encode(const tlv& node) {
  bytes out;
  out.reserve(node.encoded_size());
  encode_to(node, out);
  return out;
}

bytes encode(const std::vector<tlv>& nodes) {
  bytes out;
  for (const auto& node : nodes) encode_to(node, out);
  return out;
}

std::vector<tlv> decode(const byte_t* data, std::size_t size, const structure_predicate& is_structure) {
  std::vector<tlv> nodes;
  byte_reader reader(data, size);
  while (!reader.at_end()) {
    if (reader.remaining() < header_size)
      throw format_error("TLV header truncated: " + std::to_string(reader.remaining()) + " bytes left");
    const tag_t tag = reader.u16();
    const std::uint16_t length = reader.u16();
    if (length > reader.remaining())
      throw format_error(tag_name(tag) + ": length " + std::to_string(length) + " but only " +
                         std::to_string(reader.remaining()) + " bytes left");
    bytes value = reader.raw(length);
    if (is_structure(tag))
      nodes.push_back(tlv::structure(tag, decode(value.data(), value.size(), is_structure)));
    else
      nodes.push_back(tlv::raw(tag, std::move(value)));
  }
  return nodes;
}

std::vector<tlv> decode(const bytes& data, const structure_predicate& is_structure) {
  return decode(data.data(), data.size(), is_structure);
}

std::vector<tlv> decode(const bytes& data) { return decode(data, is_structure_tag); }

tlv decode_one(const bytes& data, const structure_predicate& is_structure) {
  auto nodes = decode(data, is_structure);
  if (nodes.size() != 1)
    throw format_error("expected one TLV, found " + std::to_string(nodes.size()));
  return std::move(nodes.front());
}

tlv decode_one(const bytes& data) { return decode_one(data, is_structure_tag); }

std::string to_debug_string(const tlv& node, int indent) {
  std::ostringstream out;
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  out << pad << node.tag();
  if (node.is_structure()) {
    out << " {\n";
    for (const auto& child : node.children()) out << to_debug_string(child, indent + 1);
    out << pad << "}\n";
    return out.str();
  }
  static const char* hex = "0123456789ABCDEF";
  out << " =";
  for (byte_t b : node.value()) out << ' ' << hex[b >> 4] << hex[b & 0xF];
  out << '\n';
  return out.str();
}

}  // namespace ws::ffd
