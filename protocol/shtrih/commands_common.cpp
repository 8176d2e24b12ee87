#include "protocol/shtrih/commands_common.hpp"

#include <string>

#include "protocol/common/charset.hpp"

namespace ws::shtrih {

namespace {

bool is_leap(unsigned year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned days_in_month(unsigned month, unsigned year) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

std::string hex_code(command_code code) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string s;
  for (int shift = code.is_two_byte() ? 12 : 4; shift >= 0; shift -= 4) s += digits[(code.value() >> shift) & 0xF];
  return s + "h";
}

}  // namespace

bool is_valid(const date& d) {
  if (d.month < 1 || d.month > 12) return false;
  return d.day >= 1 && d.day <= days_in_month(d.month, 2000u + d.year);
}

bool is_valid(const time_of_day& t) { return t.hour < 24 && t.minute < 60 && t.second < 60; }

bool is_valid(const fn_date_time& t) { return is_valid(t.day) && t.hour < 24 && t.minute < 60; }

bytes reply_error::encode() const {
  bytes out;
  code.write(out);
  out.push_back(error);
  return out;
}

reply_error reply_error::decode(const bytes& reply) {
  byte_reader in(reply);
  reply_error r;
  r.code = command_code::read(in);
  r.error = in.u8();
  return r;
}

error_reply_received::error_reply_received(reply_error e)
    : std::runtime_error("reply " + hex_code(e.code) + " carries error " + std::to_string(e.error)),
      reply(e) {}

namespace wire {

bytes begin_request(command_code code) {
  bytes out;
  code.write(out);
  return out;
}

bytes begin_reply(command_code code) {
  bytes out = begin_request(code);
  out.push_back(0);
  return out;
}

byte_reader open_request(const bytes& payload, command_code code) {
  byte_reader in(payload);
  const command_code got = command_code::read(in);
  if (got != code) throw format_error("command " + hex_code(got) + " is not " + hex_code(code));
  return in;
}

byte_reader open_reply(const bytes& payload, command_code code) {
  byte_reader in = open_request(payload, code);
  const std::uint8_t error = in.u8();
  if (error != 0) throw error_reply_received(reply_error{code, error});
  return in;
}

void expect_end(const byte_reader& in) {
  if (!in.at_end()) throw format_error(std::to_string(in.remaining()) + " unexpected bytes after the last field");
}

void write_date(bytes& out, const date& d) { out.insert(out.end(), {d.day, d.month, d.year}); }

date read_date(byte_reader& in) {
  date d;
  d.day = in.u8();
  d.month = in.u8();
  d.year = in.u8();
  return d;
}

void write_time(bytes& out, const time_of_day& t) { out.insert(out.end(), {t.hour, t.minute, t.second}); }

time_of_day read_time(byte_reader& in) {
  time_of_day t;
  t.hour = in.u8();
  t.minute = in.u8();
  t.second = in.u8();
  return t;
}

void write_fn_date(bytes& out, const date& d) { out.insert(out.end(), {d.year, d.month, d.day}); }

date read_fn_date(byte_reader& in) {
  date d;
  d.year = in.u8();
  d.month = in.u8();
  d.day = in.u8();
  return d;
}

void write_fn_date_time(bytes& out, const fn_date_time& t) {
  write_fn_date(out, t.day);
  out.insert(out.end(), {t.hour, t.minute});
}

fn_date_time read_fn_date_time(byte_reader& in) {
  fn_date_time t;
  t.day = read_fn_date(in);
  t.hour = in.u8();
  t.minute = in.u8();
  return t;
}

std::string trim_wire_text(std::string cp1251, char pad) {
  const auto nul = cp1251.find('\0');
  if (nul != std::string::npos) cp1251.resize(nul);
  while (pad != '\0' && !cp1251.empty() && cp1251.back() == pad) cp1251.pop_back();
  return cp1251;
}

void write_text_fixed(bytes& out, const std::string& utf8, std::size_t width, char pad) {
  const std::string wire_text = utf8_to_cp1251(utf8);
  if (wire_text.size() > width)
    throw format_error("text of " + std::to_string(wire_text.size()) + " bytes does not fit " +
                       std::to_string(width));
  out.insert(out.end(), wire_text.begin(), wire_text.end());
  out.insert(out.end(), width - wire_text.size(), static_cast<byte_t>(pad));
}

std::string read_text_fixed(byte_reader& in, std::size_t width, char pad) {
  return cp1251_to_utf8(trim_wire_text(in.text(width), pad));
}

void write_text_rest(bytes& out, const std::string& utf8, std::size_t max_width) {
  const std::string wire_text = utf8_to_cp1251(utf8);
  if (wire_text.size() > max_width)
    throw format_error("text of " + std::to_string(wire_text.size()) + " bytes is over " +
                       std::to_string(max_width));
  out.insert(out.end(), wire_text.begin(), wire_text.end());
}

std::string read_text_rest(byte_reader& in, std::size_t max_width) {
  if (in.remaining() > max_width)
    throw format_error("text of " + std::to_string(in.remaining()) + " bytes is over " +
                       std::to_string(max_width));
  return cp1251_to_utf8(trim_wire_text(in.rest_text(), '\0'));
}

}  // namespace wire

}  // namespace ws::shtrih
