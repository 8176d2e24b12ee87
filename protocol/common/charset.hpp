#pragma once
// Text on the wire is not UTF-8: the Shtrih-M protocol carries Windows-1251 and FFD TLV
// strings are CP866. The API speaks UTF-8. These convert the characters a receipt needs
// (ASCII, the Russian alphabet with Ё/ё, №, non-breaking space); anything else becomes '?',
// which is what a register would print for a character its font lacks.

#include <cstdint>
#include <string>
#include <string_view>

namespace ws {

namespace charset_detail {

/// Decodes one UTF-8 code point at s[i], advancing i; malformed input yields U+FFFD.
inline char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i++]);
  if (lead < 0x80) return lead;
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : -1;
  if (extra < 0) return 0xFFFD;
  char32_t cp = lead & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Code point -> byte, 0 when the code page lacks it.
inline unsigned char to_cp1251(char32_t cp) {
  if (cp < 0x80) return static_cast<unsigned char>(cp);
  if (cp >= 0x0410 && cp <= 0x044F) return static_cast<unsigned char>(0xC0 + (cp - 0x0410));
  switch (cp) {
    case 0x0401: return 0xA8;  // Ё
    case 0x0451: return 0xB8;  // ё
    case 0x2116: return 0xB9;  // №
    case 0x00A0: return 0xA0;  // no-break space
    case 0x00AB: return 0xAB;  // «
    case 0x00BB: return 0xBB;  // »
    case 0x2014: return 0x97;  // —
    case 0x2013: return 0x96;  // –
    default: return 0;
  }
}

inline char32_t from_cp1251(unsigned char b) {
  if (b < 0x80) return b;
  if (b >= 0xC0) return 0x0410 + (b - 0xC0);
  switch (b) {
    case 0xA8: return 0x0401;
    case 0xB8: return 0x0451;
    case 0xB9: return 0x2116;
    case 0xA0: return 0x00A0;
    case 0xAB: return 0x00AB;
    case 0xBB: return 0x00BB;
    case 0x97: return 0x2014;
    case 0x96: return 0x2013;
    default: return U'?';
  }
}

inline unsigned char to_cp866(char32_t cp) {
  if (cp < 0x80) return static_cast<unsigned char>(cp);
  if (cp >= 0x0410 && cp <= 0x043F) return static_cast<unsigned char>(0x80 + (cp - 0x0410));
  if (cp >= 0x0440 && cp <= 0x044F) return static_cast<unsigned char>(0xE0 + (cp - 0x0440));
  switch (cp) {
    case 0x0401: return 0xF0;  // Ё
    case 0x0451: return 0xF1;  // ё
    case 0x2116: return 0xFC;  // №
    case 0x00A0: return 0xFF;  // no-break space
    default: return 0;
  }
}

inline char32_t from_cp866(unsigned char b) {
  if (b < 0x80) return b;
  if (b <= 0xAF) return 0x0410 + (b - 0x80);
  if (b >= 0xE0 && b <= 0xEF) return 0x0440 + (b - 0xE0);
  switch (b) {
    case 0xF0: return 0x0401;
    case 0xF1: return 0x0451;
    case 0xFC: return 0x2116;
    case 0xFF: return 0x00A0;
    default: return U'?';
  }
}

template <class Encode>
std::string encode_utf8(std::string_view utf8, Encode encode) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char b = encode(next_code_point(utf8, i));
    out.push_back(static_cast<char>(b != 0 ? b : '?'));
  }
  return out;
}

template <class Decode>
std::string decode_to_utf8(std::string_view text, Decode decode) {
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) append_utf8(out, decode(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace charset_detail

inline std::string utf8_to_cp1251(std::string_view s) {
  return charset_detail::encode_utf8(s, charset_detail::to_cp1251);
}
inline std::string cp1251_to_utf8(std::string_view s) {
  return charset_detail::decode_to_utf8(s, charset_detail::from_cp1251);
}
inline std::string utf8_to_cp866(std::string_view s) {
  return charset_detail::encode_utf8(s, charset_detail::to_cp866);
}
inline std::string cp866_to_utf8(std::string_view s) {
  return charset_detail::decode_to_utf8(s, charset_detail::from_cp866);
}

}  // namespace ws
