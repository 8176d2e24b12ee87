// Query parameters (http/query_params.hpp). The input is a query string "a=1&b=x" split
// the way the HTTP layer hands it over (name -> value, names may repeat; percent-decoding
// is the HTTP library's and not ours). Every parser of the file runs on the map. Any
// fault must be a request_error.

#include <string>
#include <string_view>

#include "fuzz/fuzz_input.hpp"
#include "http/query_params.hpp"
#include "http/request_error.hpp"

using namespace ws::http;

namespace {

query_map split_query(std::string_view text) {
  query_map params;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    const std::size_t eq = pair.find('=');
    params.emplace(std::string(pair.substr(0, eq)), eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return params;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const query_map params = split_query(text);
  try {
    const receipt_query q = parse_receipt_query(params);
    (void)q;
  } catch (const request_error&) {
  }
  try {
    const ping_query q = parse_ping_query(params);
    if (q.group && !q.firm_inn) ws::fuzz::fail("group accepted without firm_inn");
  } catch (const request_error&) {
  }
  for (const auto& [name, value] : params) {
    try {
      (void)parse_flag_param(name, value);
    } catch (const request_error&) {
    }
    try {
      if (parse_count_param(name, value, 1000) > 1000) ws::fuzz::fail("count above its maximum");
    } catch (const request_error&) {
    }
  }
  return 0;
}
