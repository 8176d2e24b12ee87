// The mapping of every broker outcome and job failure kind to the API's error answers.

#include <catch2/catch.hpp>

#include "http/server/api_error.hpp"
#include "http/server/outcome_errors.hpp"
#include "tests/jobs/receipt_samples.hpp"

using namespace ws;
using namespace ws::http::server;
using broker::outcome;
using jobs::failure_kind;

namespace {

actors::broker_result completed(failure_kind kind) {
  actors::broker_result r;
  r.kind = outcome::completed;
  r.failure.kind = kind;
  r.failure.message = "m";
  r.serial_number = "0000000000000007";
  return r;
}

}  // namespace

TEST_CASE("error_of maps completed runs by failure kind", "[http_server][errors]") {
  auto ok = completed(failure_kind::none);
  jobs::printed_document printed;
  printed.document_number = 3;
  ok.result = printed;
  CHECK_FALSE(error_of(ok, false));
  CHECK(result_of<jobs::printed_document>(ok).document_number == 3);

  // Success without the document: never claimed as printed.
  auto no_document = completed(failure_kind::none);
  CHECK_FALSE(error_of(no_document, false));
  try {
    result_of<jobs::printed_document>(no_document);
    FAIL("a success without its document was taken as printed");
  } catch (const api_exception& e) {
    CHECK(e.error.status == 500);
    CHECK(e.error.kind == ws::http::error_kind::outcome_unknown);
  }

  auto safe = completed(failure_kind::safe);
  safe.failure.device_error = 0x6B;
  safe.failure.device_error_text = "no paper";
  const auto device = *error_of(safe, false);
  CHECK(device.status == 498);
  CHECK(device.name == "DeviceError");
  CHECK(device.kkt_sn == "0000000000000007");
  CHECK(write_api_error(device) ==
        R"({"error":"DeviceError","message":"m","kkt_sn":"0000000000000007","device_error":{"code":107,"text":"no paper"}})");

  CHECK(error_of(completed(failure_kind::wrong_state), false)->status == 499);
  CHECK(error_of(completed(failure_kind::timeout), false)->status == 504);

  auto unknown = completed(failure_kind::outcome_unknown);
  unknown.failure.document_to_check = 42;
  const auto lost = *error_of(unknown, false);
  CHECK(lost.status == 500);
  CHECK(lost.name == "OutcomeUnknown");
  CHECK(lost.document_number == 42u);
  CHECK(write_api_error(lost) ==
        R"({"error":"OutcomeUnknown","message":"m","kkt_sn":"0000000000000007","document_number":42})");
}

TEST_CASE("error_of maps broker outcomes without a run", "[http_server][errors]") {
  actors::broker_result r;
  r.kind = outcome::no_free_cashmachine;
  CHECK(error_of(r, false)->status == 429);
  r.kind = outcome::no_matching_register;
  CHECK(error_of(r, false)->status == 429);
  CHECK(error_of(r, true)->status == 404);
  r.kind = outcome::overloaded;
  r.retry_after = std::chrono::seconds(7);
  CHECK(error_of(r, false)->status == 503);
  CHECK(error_of(r, false)->retry_after_seconds == 7);
  r.kind = outcome::timeout;
  CHECK(error_of(r, false)->name == "Timeout");
  CHECK(error_of(r, false)->status == 504);
  r.kind = outcome::condition_error;
  CHECK(error_of(r, false)->status == 400);
  CHECK(error_of(r, false)->field == "conditional");
  r.kind = outcome::shutting_down;
  CHECK(error_of(r, false)->status == 503);
}
