#include "protocol/ffd/fiscal_text.hpp"

#include <cstdio>

#include "protocol/common/charset.hpp"
#include "protocol/ffd/field_error.hpp"

namespace ws::ffd {

namespace {

/// The plain form of a typographic character, or nullptr when it has none.
const char* plain_form(char32_t cp) {
  switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:  // ‘ ’ ‚ ‛ ′
      return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033:  // “ ” „ ‟ « » ″
      return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:  // dashes, minus
      return "-";
    case 0x2026:  // …
      return "...";
    default:
      return nullptr;
  }
}

/// Printable by the register and storable by the FN: both code pages hold it and it is
/// not a control character.
bool printable(char32_t cp) {
  if (cp < 0x20 || cp == 0x7F) return false;
  return charset_detail::to_cp1251(cp) != 0 && charset_detail::to_cp866(cp) != 0;
}

std::string describe(char32_t cp) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
  if (cp < 0x20 || cp == 0x7F || cp == 0xFFFD) return std::string("the control character or invalid byte ") + code;
  std::string shown;
  charset_detail::append_utf8(shown, cp);
  return "the character \"" + shown + "\" (" + code + ")";
}

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// RFC 5322's atext, the characters of an unquoted local part besides '.', and (RFC 6531)
/// non-ASCII letters, which fiscal_text has already limited to Cyrillic.
bool is_local_part_char(char c) {
  static constexpr std::string_view specials = "!#$%&'*+/=?^_`{|}~-";
  return is_ascii_letter(c) || is_ascii_digit(c) || specials.find(c) != std::string_view::npos ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool valid_local_part(std::string_view local) {
  if (local.empty() || local.front() == '.' || local.back() == '.') return false;
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (local[i] == '.') {
      if (local[i + 1] == '.') return false;
    } else if (!is_local_part_char(local[i])) {
      return false;
    }
  }
  return true;
}

/// Dot-separated labels of letters (Latin or, for .рф domains, Cyrillic as UTF-8 bytes),
/// digits and inner hyphens; at least two labels.
bool valid_domain(std::string_view domain) {
  std::size_t labels = 0;
  std::size_t start = 0;
  while (start <= domain.size()) {
    const auto dot = domain.find('.', start);
    const auto label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    for (char c : label)
      if (!is_ascii_letter(c) && !is_ascii_digit(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return labels >= 2;
}

}  // namespace

std::string fiscal_text(std::string_view utf8, std::size_t max_bytes, const std::string& path) {
  std::string printed;
  printed.reserve(utf8.size());
  std::size_t encoded_bytes = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = charset_detail::next_code_point(utf8, i);
    if (const char* plain = plain_form(cp)) {
      printed += plain;
      encoded_bytes += std::char_traits<char>::length(plain);
      continue;
    }
    if (!printable(cp))
      throw field_error(path, describe(cp) +
                                  " cannot be printed: a register's code page holds Latin and Cyrillic letters, digits, "
                                  "'№' and ASCII punctuation");
    charset_detail::append_utf8(printed, cp);
    ++encoded_bytes;
  }
  if (encoded_bytes > max_bytes)
    throw field_error(path, "longer than " + std::to_string(max_bytes) + " characters");
  return printed;
}

std::string fiscal_phone(std::string_view text, const std::string& path) {
  static const std::string form = "a phone is '+', the country code and the number, e.g. +79161234567";
  if (text.empty() || text.front() != '+') throw field_error(path, form);
  std::string phone = "+";
  for (char c : text.substr(1)) {
    if (is_ascii_digit(c))
      phone.push_back(c);
    else if (c != ' ' && c != '(' && c != ')' && c != '-')
      throw field_error(path, form);
  }
  const auto digits = phone.size() - 1;
  if (digits < 10 || digits > 15) throw field_error(path, form + " (10 to 15 digits)");
  return phone;
}

std::string fiscal_email(std::string_view text, std::size_t max_bytes, const std::string& path) {
  const std::string printed = fiscal_text(text, max_bytes, path);
  const auto at = printed.find('@');
  if (at == std::string::npos || printed.find('@', at + 1) != std::string::npos ||
      !valid_local_part(std::string_view(printed).substr(0, at)) ||
      !valid_domain(std::string_view(printed).substr(at + 1)))
    throw field_error(path, "not an e-mail address (name@domain.tld)");
  return printed;
}

std::string fiscal_email_or_phone(std::string_view text, std::size_t max_bytes, const std::string& path) {
  if (text.empty()) return {};
  if (text.find('@') != std::string_view::npos) return fiscal_email(text, max_bytes, path);
  auto phone = fiscal_phone(text, path);
  if (phone.size() > max_bytes) throw field_error(path, "longer than " + std::to_string(max_bytes) + " characters");
  return phone;
}

}  // namespace ws::ffd
