#pragma once
// FFD TLV: every fiscal-data field is tag (UInt16 LE) + length (UInt16 LE) + value.
// A structure (STLV) is a TLV whose value is itself a run of TLVs, its length counting
// the nested headers too; a whole fiscal document is an STLV whose tag is the document's
// form code. The value kinds (FFD 1.05 table 5):
//   byte / UInt16 / UInt32  fixed-width little-endian unsigned integers
//   UnixTime                UInt32 seconds since 1970-01-01 (the KKT's local time, as
//                           registers store it; no time zone is applied here)
//   VLN                     unsigned integer, little-endian, variable length (money: <= 6)
//   FVLN                    first byte = digits after the decimal point, then a VLN
//                           mantissa (quantities: <= 8 bytes in all)
//   string                  CP866 text (the API's UTF-8 is converted on the way in/out)
//   byte[]                  raw bytes
// Whether a tag is a structure is not in the bytes, so decoding asks a predicate
// (by default `is_structure_tag` from tags.hpp).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/common/bytes.hpp"
#include "protocol/ffd/decimal.hpp"

namespace ws::ffd {

using tag_t = std::uint16_t;

/// One TLV: either a leaf holding value bytes, or a structure holding children.
class tlv {
 public:
  tlv() = default;

  // --- leaves, one constructor per FFD value kind -----------------------------------
  static tlv raw(tag_t tag, bytes value);
  static tlv u8(tag_t tag, std::uint8_t value);
  static tlv u16(tag_t tag, std::uint16_t value);
  static tlv u32(tag_t tag, std::uint32_t value);
  static tlv unix_time(tag_t tag, std::uint32_t seconds_since_epoch);
  /// VLN in the fewest bytes that hold the value (zero is one 00 byte).
  static tlv vln(tag_t tag, std::uint64_t value);
  /// Money as VLN; throws format_error for a negative sum or one over 6 bytes.
  static tlv money_vln(tag_t tag, money sum);
  /// FVLN with trailing fractional zeros dropped: 1.5 -> 01 0F, 2 -> 00 02.
  static tlv fvln(tag_t tag, quantity q);
  /// UTF-8 text stored as CP866.
  static tlv string(tag_t tag, std::string_view utf8);
  /// UTF-8 text stored as CP866 padded with spaces on the right to exactly `width`
  /// bytes (INN 12, registration number 20); throws format_error if longer.
  static tlv fixed_string(tag_t tag, std::string_view utf8, std::size_t width);

  // --- structures ---------------------------------------------------------------------
  static tlv structure(tag_t tag, std::vector<tlv> children = {});
  tlv& add(tlv child);  ///< appends to a structure (throws on a leaf)

  // --- access -------------------------------------------------------------------------
  tag_t tag() const { return tag_; }
  bool is_structure() const { return structure_; }
  const bytes& value() const { return value_; }  ///< leaf bytes (empty for a structure)
  const std::vector<tlv>& children() const { return children_; }

  /// Little-endian unsigned integer of any width up to 8 (byte, UInt16, UInt32, VLN,
  /// UnixTime); throws format_error when wider.
  std::uint64_t as_uint() const;
  money as_money() const;      ///< VLN as kopecks
  quantity as_quantity() const; ///< FVLN as millionths; throws if it needs more than 6 decimals
  std::string as_string() const; ///< CP866 -> UTF-8, right-hand padding spaces kept
  std::string as_trimmed_string() const; ///< same without trailing spaces (fixed-width texts)

  /// First direct child with `tag`, or nullptr.
  const tlv* find(tag_t tag) const;
  /// All direct children with `tag`, in order.
  std::vector<const tlv*> find_all(tag_t tag) const;
  /// The direct child with `tag`; throws format_error naming the tag when absent.
  const tlv& at(tag_t tag) const;

  /// Size of this TLV once encoded, header included.
  std::size_t encoded_size() const;

  friend bool operator==(const tlv& a, const tlv& b);
  friend bool operator!=(const tlv& a, const tlv& b) { return !(a == b); }

 private:
  tag_t tag_ = 0;
  bool structure_ = false;
  bytes value_;
  std::vector<tlv> children_;
};

using structure_predicate = std::function<bool(tag_t)>;

/// Encodes one TLV (recursively for structures); throws format_error if a length
/// exceeds 65535.
bytes encode(const tlv& node);
void encode_to(const tlv& node, bytes& out);
/// Encodes a run of TLVs back to back.
bytes encode(const std::vector<tlv>& nodes);

/// Decodes a run of TLVs filling `data` exactly; a tag for which `is_structure` says yes
/// is decoded recursively. Throws format_error on truncation or trailing bytes.
std::vector<tlv> decode(const bytes& data);
std::vector<tlv> decode(const bytes& data, const structure_predicate& is_structure);
std::vector<tlv> decode(const byte_t* data, std::size_t size, const structure_predicate& is_structure);

/// Decodes exactly one TLV that fills `data`.
tlv decode_one(const bytes& data);
tlv decode_one(const bytes& data, const structure_predicate& is_structure);

/// A readable dump ("1059 {\n  1030 = \"...\"\n ...") for test failure messages and logs.
std::string to_debug_string(const tlv& node, int indent = 0);

}  // namespace ws::ffd
