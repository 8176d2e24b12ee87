#pragma once
// Query parameters of the REST operations (API-NOTES "Parameters"). Every parameter is
// optional with a default; booleans accept 1/0/true/false. A parameter an operation does
// not know is refused like an unknown body field, so a misspelt `wait4free` cannot
// silently turn into "fail at once". Faults are 400 DataError with the parameter's name
// as the field.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ws::http {

/// name -> value as the HTTP layer decoded them (a name may repeat: that is refused).
using query_map = std::multimap<std::string, std::string>;

/// "1"/"true" -> true, "0"/"false" -> false.
bool parse_flag_param(std::string_view name, std::string_view text);
/// Plain decimal digits, at most `max`.
std::uint64_t parse_count_param(std::string_view name, std::string_view text, std::uint64_t max);

/// The default group of registers given none (API-NOTES).
inline constexpr std::string_view default_group = "_NOGROUP";

/// POST /v1/receipts?group=&wait4free=&retry_count=
struct receipt_query {
  std::string group{default_group};
  std::uint32_t wait4free_seconds = 0;  ///< 0: fail at once when all are busy
  std::uint32_t retry_count = 0;
};

/// GET /v1/ping?firm_inn=&group=&backlog_ratio=
struct ping_query {
  std::optional<std::string> firm_inn;
  std::optional<std::string> group;
  /// waiting jobs ÷ ready registers above which ping answers 429, in millionths
  /// (an exact decimal like "2.5" -> 2500000).
  std::optional<std::int64_t> backlog_ratio_millionths;
};

receipt_query parse_receipt_query(const query_map& params);
/// Also refuses `group` without `firm_inn` (API-NOTES: 400).
ping_query parse_ping_query(const query_map& params);

}  // namespace ws::http
