#pragma once
// The process's log on standard error (spdlog): one line per event, as text
// (`2026-12-07T10:00:00.123Z info http_request id=... status=200`; a `message` field comes
// first, as a sentence: `... warn job_failed: the device refused id=...`) or as JSON lines for
// log collectors (`{"time":"...","level":"info","event":"http_request","id":"...",...}`),
// chosen by log.format; events under log.level are dropped. Every line is formatted here,
// the one place that knows both formats; spdlog filters by level and writes whole lines
// from many threads.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ws::http::ops {

enum class log_format { text, json };
enum class log_level { debug, info, warn, error };

/// Sets the format and level (at start, before the threads that log; defaults: text, info).
void configure_log(log_format format, log_level level);

/// A field of an event: name and value (written as given; quoted or escaped as needed).
using log_field = std::pair<std::string_view, std::string>;

/// Writes one event with its fields, unless `level` is under the configured one.
void log_event(log_level level, std::string_view event, std::initializer_list<log_field> fields);

/// The line log_event writes for these, without the time and level prefix (for tests).
std::string format_fields(log_format format, std::string_view event, std::initializer_list<log_field> fields);

}  // namespace ws::http::ops
