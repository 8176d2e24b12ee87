#include "http/ops/redact.hpp"

#include <algorithm>
#include <cctype>

namespace ws::http::ops {

namespace {

bool secret_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower == "mysecret" || lower.find("token") != std::string::npos || lower.find("secret") != std::string::npos;
}

}  // namespace

std::string redacted_target(std::string_view target) {
  const auto query_at = target.find('?');
  if (query_at == std::string_view::npos) return std::string(target);
  std::string out(target.substr(0, query_at + 1));
  std::string_view query = target.substr(query_at + 1);
  bool first = true;
  while (true) {
    const auto end = query.find('&');
    const auto part = query.substr(0, end);
    if (!first) out += '&';
    first = false;
    const auto equals = part.find('=');
    if (equals != std::string_view::npos && secret_name(part.substr(0, equals))) {
      out += part.substr(0, equals + 1);
      out += "REDACTED";
    } else {
      out += part;
    }
    if (end == std::string_view::npos) break;
    query = query.substr(end + 1);
  }
  return out;
}

}  // namespace ws::http::ops
