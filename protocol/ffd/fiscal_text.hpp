#pragma once
// What text may go into a fiscal document, in one place. The register prints and the FN
// signs in single-byte code pages (Windows-1251 on the Shtrih-M line, CP866 in the FN's
// TLV), so a character neither holds would be signed as '?' while the API's answer
// echoed the original: the document and the answer would differ. So every text field is
// checked before anything is sent:
// - typographic quotes, dashes and the ellipsis, which have a standard plain form, are
//   replaced by it ("«Ёлка» — 2 шт…" becomes "\"Ёлка\" - 2 шт..."), and the answer
//   carries the replaced text, which is what is printed;
// - any other character the code pages lack (€, emoji, Latin letters with accents, CJK)
//   and every control character (NUL, tab, line feed) is refused with the field's path;
// - the length limit counts bytes of the encoding, after replacement.
// Contacts have a form of their own (FFD tag 1008 "phone or e-mail", 1117 e-mail, 1171
// phone): a phone is '+' and 10 to 15 digits (spaces, brackets and dashes between the
// digits are dropped), an e-mail is local@domain.tld.

#include <cstddef>
#include <string>
#include <string_view>

namespace ws::ffd {

/// The text as the FN will hold it, or field_error(path) when it cannot be printed as
/// given or is longer than max_bytes bytes in the register's code page.
std::string fiscal_text(std::string_view utf8, std::size_t max_bytes, const std::string& path);

/// A phone in the form FFD contact tags hold: "+79161234567". Throws field_error(path).
std::string fiscal_phone(std::string_view text, const std::string& path);

/// An e-mail address (local@domain.tld), checked as fiscal text too. Throws field_error(path).
std::string fiscal_email(std::string_view text, std::size_t max_bytes, const std::string& path);

/// Tag 1008: an e-mail when the text has '@', else a phone. Empty stays empty (no contact).
std::string fiscal_email_or_phone(std::string_view text, std::size_t max_bytes, const std::string& path);

}  // namespace ws::ffd
