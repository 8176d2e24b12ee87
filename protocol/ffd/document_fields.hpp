#pragma once
// Small helpers the document builders and parsers share: optional texts and flags are
// left out of a document when empty or zero, and read back as empty or zero when absent.

#include <cstdint>
#include <optional>
#include <string>

#include <initializer_list>

#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::ffd::detail {

inline void add_text_if(tlv& doc, tag_t t, const std::string& utf8) {
  if (!utf8.empty()) doc.add(tlv::string(t, utf8));
}
inline void add_fixed_text_if(tlv& doc, tag_t t, const std::string& utf8, std::size_t width) {
  if (!utf8.empty()) doc.add(tlv::fixed_string(t, utf8, width));
}
/// A flag the FFD wants only when set (1050-1053 and the like).
inline void add_flag_if(tlv& doc, tag_t t, bool set) {
  if (set) doc.add(tlv::u8(t, 1));
}

inline std::string text_of(const tlv& doc, tag_t t) {
  const tlv* node = doc.find(t);
  return node ? node->as_string() : std::string{};
}
inline std::string trimmed_text_of(const tlv& doc, tag_t t) {
  const tlv* node = doc.find(t);
  return node ? node->as_trimmed_string() : std::string{};
}
inline bool flag_of(const tlv& doc, tag_t t) {
  const tlv* node = doc.find(t);
  return node && node->as_uint() != 0;
}
/// An unsigned value that must fit `max_bytes`; throws format_error otherwise.
inline std::uint64_t uint_of(const tlv& node, std::size_t max_bytes) {
  if (node.value().size() > max_bytes)
    throw format_error("tag " + std::to_string(node.tag()) + " has " + std::to_string(node.value().size()) +
                       " bytes, at most " + std::to_string(max_bytes) + " allowed");
  return node.as_uint();
}
inline std::uint32_t u32_of(const tlv& doc, tag_t t) { return static_cast<std::uint32_t>(uint_of(doc.at(t), 4)); }
inline std::uint8_t u8_of(const tlv& doc, tag_t t) { return static_cast<std::uint8_t>(uint_of(doc.at(t), 1)); }
inline std::optional<std::uint32_t> optional_u32_of(const tlv& doc, tag_t t) {
  const tlv* node = doc.find(t);
  if (!node) return std::nullopt;
  return static_cast<std::uint32_t>(uint_of(*node, 4));
}

/// Throws format_error unless `doc` is a structure of one of `forms`.
inline void expect_form(const tlv& doc, std::initializer_list<form_code> forms) {
  for (form_code f : forms)
    if (doc.is_structure() && doc.tag() == static_cast<tag_t>(f)) return;
  throw format_error("unexpected document form " + std::to_string(doc.tag()));
}

}  // namespace ws::ffd::detail
