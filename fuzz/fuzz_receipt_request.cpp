// The JSON bodies of POST /v1/receipts and of the correction receipt
// (http/receipt_request.hpp). First byte chooses the parser; the rest is the body. Any
// fault must be a request_error (400 with a field path); anything else escaping is a
// finding (it would be a 500, or worse).

#include <string_view>

#include "fuzz/fuzz_input.hpp"
#include "http/receipt_request.hpp"
#include "http/request_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    if (data[0] % 2 == 0)
      (void)ws::http::parse_receipt_request(body);
    else
      (void)ws::http::parse_correction_receipt_request(body);
  } catch (const ws::http::request_error&) {
  }
  return 0;
}
