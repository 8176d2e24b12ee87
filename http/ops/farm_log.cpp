#include "http/ops/farm_log.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace ws::http::ops {

namespace {

struct log_state {
  log_format format = log_format::text;
  std::shared_ptr<spdlog::logger> logger = [] {
    auto made = std::make_shared<spdlog::logger>("whitespirit", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    made->set_pattern("%v");  // every line is formatted whole by format_line()
    made->set_level(spdlog::level::info);
    made->flush_on(spdlog::level::debug);
    return made;
  }();
};

log_state& state() {
  static log_state the_state;
  return the_state;
}

spdlog::level::level_enum spdlog_level(log_level level) {
  switch (level) {
    case log_level::debug: return spdlog::level::debug;
    case log_level::info: return spdlog::level::info;
    case log_level::warn: return spdlog::level::warn;
    case log_level::error: return spdlog::level::err;
  }
  return spdlog::level::info;
}

std::string_view level_name(log_level level) {
  switch (level) {
    case log_level::debug: return "debug";
    case log_level::info: return "info";
    case log_level::warn: return "warn";
    case log_level::error: return "error";
  }
  return "info";
}

/// UTC with milliseconds: 2026-12-07T10:00:00.123Z.
std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm parts{};
  ::gmtime_r(&seconds, &parts);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900, parts.tm_mon + 1,
                parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec, static_cast<int>(millis));
  return text;
}

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

/// A text value: bare when it has no space, quote or control character, else quoted and
/// escaped as JSON escapes it (one event, one line).
void append_text_value(std::string& out, std::string_view value) {
  bool bare = !value.empty();
  for (const char c : value)
    bare = bare && c != ' ' && c != '"' && c != '=' && static_cast<unsigned char>(c) >= 0x21;
  if (bare)
    out += value;
  else
    append_json_string(out, value);
}

/// The text format writes this field right after the event, as a sentence: "event: message".
constexpr std::string_view message_field = "message";

void append_fields(std::string& out, log_format format, std::string_view event,
                   std::initializer_list<log_field> fields) {
  if (format == log_format::json) {
    out += "\"event\":";
    append_json_string(out, event);
    for (const auto& [name, value] : fields) {
      if (value.empty()) continue;
      out += ',';
      append_json_string(out, name);
      out += ':';
      append_json_string(out, value);
    }
    return;
  }
  out += event;
  for (const auto& [name, value] : fields) {
    if (name != message_field || value.empty()) continue;
    out += ": ";
    for (const char c : value) {  // for people, as written; one event stays one line
      if (c == '\n') out += "\\n";
      else if (c == '\r') out += "\\r";
      else out += c;
    }
  }
  for (const auto& [name, value] : fields) {
    if (value.empty() || name == message_field) continue;
    out += ' ';
    out += name;
    out += '=';
    append_text_value(out, value);
  }
}

}  // namespace

void configure_log(log_format format, log_level level) {
  auto& s = state();
  s.format = format;
  s.logger->set_level(spdlog_level(level));
}

std::string format_fields(log_format format, std::string_view event, std::initializer_list<log_field> fields) {
  std::string out;
  append_fields(out, format, event, fields);
  return out;
}

void log_event(log_level level, std::string_view event, std::initializer_list<log_field> fields) {
  auto& s = state();
  const auto spd_level = spdlog_level(level);
  if (!s.logger->should_log(spd_level)) return;
  std::string line;
  if (s.format == log_format::json) {
    line = "{\"time\":\"" + utc_now() + "\",\"level\":\"" + std::string(level_name(level)) + "\",";
    append_fields(line, s.format, event, fields);
    line += '}';
  } else {
    line = utc_now() + " " + std::string(level_name(level)) + " ";
    append_fields(line, s.format, event, fields);
  }
  s.logger->log(spd_level, "{}", line);
}

}  // namespace ws::http::ops
