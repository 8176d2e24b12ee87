#include "http/query_params.hpp"

#include <initializer_list>

#include "http/request_error.hpp"
#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/receipt_parse.hpp"

namespace ws::http {

namespace {

/// Refuses parameters outside `known` and any given twice.
void check_names(const query_map& params, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : params) {
    bool is_known = false;
    for (std::string_view k : known) is_known = is_known || k == name;
    if (!is_known) throw data_error(name, "unknown query parameter");
    if (params.count(name) > 1) throw data_error(name, "query parameter given more than once");
  }
}

std::optional<std::string> value_of(const query_map& params, const std::string& name) {
  const auto found = params.find(name);
  if (found == params.end()) return std::nullopt;
  return found->second;
}

}  // namespace

bool parse_flag_param(std::string_view name, std::string_view text) {
  if (text == "1" || text == "true") return true;
  if (text == "0" || text == "false") return false;
  throw data_error(std::string(name), "must be 1, 0, true or false, got \"" + std::string(text) + "\"");
}

std::uint64_t parse_count_param(std::string_view name, std::string_view text, std::uint64_t max) {
  const auto fail = [&] {
    return data_error(std::string(name),
                      "must be a whole number from 0 to " + std::to_string(max) + ", got \"" + std::string(text) + "\"");
  };
  if (text.empty() || text.size() > 19) throw fail();
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') throw fail();
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > max) throw fail();
  return value;
}

receipt_query parse_receipt_query(const query_map& params) {
  check_names(params, {"group", "wait4free", "retry_count"});
  receipt_query query;
  if (auto group = value_of(params, "group")) {
    if (group->empty()) throw data_error("group", "must not be empty");
    query.group = *group;
  }
  // A day of waiting and a hundred retries are far past any sensible client deadline.
  if (auto wait = value_of(params, "wait4free")) {
    query.wait4free_seconds = static_cast<std::uint32_t>(parse_count_param("wait4free", *wait, 86400));
  }
  if (auto retries = value_of(params, "retry_count")) {
    query.retry_count = static_cast<std::uint32_t>(parse_count_param("retry_count", *retries, 100));
  }
  return query;
}

ping_query parse_ping_query(const query_map& params) {
  check_names(params, {"firm_inn", "group", "backlog_ratio"});
  ping_query query;
  query.firm_inn = value_of(params, "firm_inn");
  if (query.firm_inn)
    if (auto error = ffd::inn_error(*query.firm_inn)) throw data_error("firm_inn", *error);
  query.group = value_of(params, "group");
  if (query.group && !query.firm_inn) throw data_error("group", "needs firm_inn");
  if (auto ratio = value_of(params, "backlog_ratio")) {
    try {
      // A ratio is an exact non-negative decimal: the quantity rules (6 decimals) fit.
      query.backlog_ratio_millionths = ffd::parse_quantity(*ratio).millionths;
    } catch (const ffd::decimal_error& e) {
      throw data_error("backlog_ratio", e.what());
    }
  }
  return query;
}

}  // namespace ws::http
