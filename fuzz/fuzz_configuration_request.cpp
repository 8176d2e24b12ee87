// The JSON body of POST /v1/cashmachines/{kkt_sn}/configure and the open bodies of the
// device operations (http/configuration_request.hpp). First byte chooses the parser.
// Any fault must be a request_error; an open body that parses is a minified JSON object.

#include <string_view>

#include "fuzz/fuzz_input.hpp"
#include "http/configuration_request.hpp"
#include "http/request_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    if (data[0] % 2 == 0) {
      (void)ws::http::parse_configuration_request(body);
    } else {
      const std::string open = ws::http::parse_open_object_body(body);
      if (open.empty() || open.front() != '{' || open.back() != '}') ws::fuzz::fail("open body is not an object");
      // Minified output parses again to itself.
      if (ws::http::parse_open_object_body(open) != open) ws::fuzz::fail("open body not stable");
    }
  } catch (const ws::http::request_error&) {
  }
  return 0;
}
