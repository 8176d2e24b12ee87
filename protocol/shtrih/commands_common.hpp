#pragma once
// What every typed Shtrih-M command shares: passwords, dates and times in the two wire
// formats, the reply header (CMD, ERR) and the error-only reply, and the small
// readers/writers the command codecs are built from.
//
// Every command has a request struct and a reply struct with `bytes encode() const`
// (CMD + DATA, the frame payload without STX/LEN/LRC) and `static T decode(const bytes&)`.
// Decoding throws ws::format_error on a short or malformed buffer, or when the code is not
// the struct's; a reply decoder throws error_reply_received when ERR is not 0 (the reply
// is then only CMD and ERR). Requests must have exactly their length (variable text or
// TLV fields take the rest); replies may carry extra trailing bytes, which are ignored,
// because newer firmware appends fields to replies.
//
// Every struct lists its members in `fields()`; operator== compares those.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/command_codes.hpp"

namespace ws::shtrih {

/// Factory passwords: operator (cashier) 1 is 1; the system administrator (operator 30)
/// is 30. Reports, FN and clock commands want the administrator's.
inline constexpr std::uint32_t default_operator_password = 1;
inline constexpr std::uint32_t default_admin_password = 30;

/// Receipt types of 8Dh, and the document kinds of mode 8 (document open).
enum class receipt_type : std::uint8_t {
  sale = 0,         ///< income (FFD settlement sign 1)
  buy = 1,          ///< expense (sign 3)
  sale_return = 2,  ///< return of income (sign 2)
  buy_return = 3,   ///< return of expense (sign 4)
};

/// A calendar date; `year` counts from 2000 (the wire carries two digits).
struct date {
  std::uint8_t day = 1;
  std::uint8_t month = 1;
  std::uint8_t year = 0;
  auto fields() const { return std::tie(day, month, year); }
};

struct time_of_day {
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  std::uint8_t second = 0;
  auto fields() const { return std::tie(hour, minute, second); }
};

/// The FN's DATE_TIME: to the minute, no seconds.
struct fn_date_time {
  date day;
  std::uint8_t hour = 0;
  std::uint8_t minute = 0;
  auto fields() const { return std::tie(day, hour, minute); }
};

/// Calendar checks (leap years from 2000 to 2255, the wire's range).
bool is_valid(const date& d);
bool is_valid(const time_of_day& t);
bool is_valid(const fn_date_time& t);

/// Equality for every struct that lists its members in fields().
template <class T, class = decltype(std::declval<const T&>().fields())>
bool operator==(const T& a, const T& b) {
  return a.fields() == b.fields();
}
template <class T, class = decltype(std::declval<const T&>().fields())>
bool operator!=(const T& a, const T& b) {
  return !(a == b);
}

/// A reply whose ERR is not 0: only CMD and ERR travel.
struct reply_error {
  command_code code;
  std::uint8_t error = 0;

  bytes encode() const;
  /// Accepts any reply; `error` may be 0 here (this is also the generic header parser).
  static reply_error decode(const bytes& reply);
  auto fields() const { return std::tie(code, error); }
};

/// The header of any reply: its code and ERR. Throws format_error if too short.
inline reply_error parse_reply_header(const bytes& reply) { return reply_error::decode(reply); }

/// The device's error reply for `code`.
inline bytes error_reply(command_code code, std::uint8_t error) { return reply_error{code, error}.encode(); }

/// Thrown by a typed reply decoder given a reply whose ERR is not 0.
struct error_reply_received : std::runtime_error {
  explicit error_reply_received(reply_error e);
  reply_error reply;
};

/// Decodes a reply to `Reply`, or gives its error when ERR is not 0.
template <class Reply>
struct decoded_reply {
  std::optional<Reply> value;  ///< set when ERR was 0
  reply_error header;          ///< always set: the code and ERR
  bool ok() const { return value.has_value(); }
};
template <class Reply>
decoded_reply<Reply> decode_reply(const bytes& reply) {
  decoded_reply<Reply> out;
  out.header = reply_error::decode(reply);
  if (out.header.code != Reply::code) throw format_error("reply is for another command");
  if (out.header.error == 0) out.value = Reply::decode(reply);
  return out;
}

/// Building blocks of the command codecs.
namespace wire {

/// A buffer that starts with `code` (and, for replies, ERR = 0).
bytes begin_request(command_code code);
bytes begin_reply(command_code code);

/// A reader positioned after the code of a request; throws format_error if the buffer
/// does not start with `code`. `payload` must outlive the reader.
byte_reader open_request(const bytes& payload, command_code code);
/// A reader positioned after CMD and ERR of a reply; throws format_error if the code is
/// not `code`, error_reply_received if ERR is not 0.
byte_reader open_reply(const bytes& payload, command_code code);
/// Requests carry nothing after their last field.
void expect_end(const byte_reader& in);

/// Shtrih-M classic order: DD MM YY and HH MM SS.
void write_date(bytes& out, const date& d);
date read_date(byte_reader& in);
void write_time(bytes& out, const time_of_day& t);
time_of_day read_time(byte_reader& in);
/// FN order: YY MM DD, and YY MM DD hh mm.
void write_fn_date(bytes& out, const date& d);
date read_fn_date(byte_reader& in);
void write_fn_date_time(bytes& out, const fn_date_time& t);
fn_date_time read_fn_date_time(byte_reader& in);

/// Text: UTF-8 in the API, CP1251 on the wire. A fixed field is padded with `pad` (zero
/// bytes for printable text, spaces for INN and registration number as FFD wants) and
/// throws format_error when the text is longer than the field. Reading stops at the first
/// zero byte and drops trailing `pad` characters.
void write_text_fixed(bytes& out, const std::string& utf8, std::size_t width, char pad = '\0');
std::string read_text_fixed(byte_reader& in, std::size_t width, char pad = '\0');
/// Variable text taking the rest of the buffer (stops at a zero byte); throws if longer
/// than `max_width`.
void write_text_rest(bytes& out, const std::string& utf8, std::size_t max_width);
std::string read_text_rest(byte_reader& in, std::size_t max_width);
/// Cuts CP1251 text at its first zero byte and drops trailing `pad` characters.
std::string trim_wire_text(std::string cp1251, char pad);

/// Money and other unsigned fields of `width` bytes, little-endian.
inline void write_uint(bytes& out, std::uint64_t value, std::size_t width) {
  byte_writer(out).uint_le(value, width);
}

}  // namespace wire

/// A request that carries only a password (most status, report and FN commands).
template <std::uint16_t Code, std::uint32_t DefaultPassword>
struct password_request {
  static constexpr command_code code{Code};
  std::uint32_t password = DefaultPassword;

  bytes encode() const {
    bytes out = wire::begin_request(code);
    wire::write_uint(out, password, 4);
    return out;
  }
  static password_request decode(const bytes& payload) {
    byte_reader in = wire::open_request(payload, code);
    password_request r;
    r.password = in.u32();
    wire::expect_end(in);
    return r;
  }
  auto fields() const { return std::tie(password); }
};

/// A reply with nothing but ERR = 0.
template <std::uint16_t Code>
struct empty_reply {
  static constexpr command_code code{Code};

  bytes encode() const { return wire::begin_reply(code); }
  static empty_reply decode(const bytes& payload) {
    wire::open_reply(payload, code);
    return {};
  }
  auto fields() const { return std::tuple<>{}; }
};

/// A reply that carries the number of the operator who ran the command (1..30).
template <std::uint16_t Code>
struct operator_reply {
  static constexpr command_code code{Code};
  std::uint8_t operator_number = 1;

  bytes encode() const {
    bytes out = wire::begin_reply(code);
    out.push_back(operator_number);
    return out;
  }
  static operator_reply decode(const bytes& payload) {
    byte_reader in = wire::open_reply(payload, code);
    operator_reply r;
    r.operator_number = in.u8();
    return r;
  }
  auto fields() const { return std::tie(operator_number); }
};

/// The FN's answer to a command that closed a fiscal document: its number and fiscal
/// sign, and (in newer firmware, per the driver's table) the document's date-time.
template <std::uint16_t Code>
struct fiscal_document_reply {
  static constexpr command_code code{Code};
  std::uint32_t document_number = 0;
  std::uint32_t fiscal_sign = 0;
  std::optional<fn_date_time> date_time;

  bytes encode() const {
    bytes out = wire::begin_reply(code);
    wire::write_uint(out, document_number, 4);
    wire::write_uint(out, fiscal_sign, 4);
    if (date_time) wire::write_fn_date_time(out, *date_time);
    return out;
  }
  static fiscal_document_reply decode(const bytes& payload) {
    byte_reader in = wire::open_reply(payload, code);
    fiscal_document_reply r;
    r.document_number = in.u32();
    r.fiscal_sign = in.u32();
    if (in.remaining() >= 5) r.date_time = wire::read_fn_date_time(in);
    return r;
  }
  auto fields() const { return std::tie(document_number, fiscal_sign, date_time); }
};

/// A request for one FN document by its number (FF0Ah, FF3Ah, FF3Ch).
template <std::uint16_t Code>
struct fn_document_request {
  static constexpr command_code code{Code};
  std::uint32_t password = default_admin_password;
  std::uint32_t document_number = 0;

  bytes encode() const {
    bytes out = wire::begin_request(code);
    wire::write_uint(out, password, 4);
    wire::write_uint(out, document_number, 4);
    return out;
  }
  static fn_document_request decode(const bytes& payload) {
    byte_reader in = wire::open_request(payload, code);
    fn_document_request r;
    r.password = in.u32();
    r.document_number = in.u32();
    wire::expect_end(in);
    return r;
  }
  auto fields() const { return std::tie(password, document_number); }
};

}  // namespace ws::shtrih
