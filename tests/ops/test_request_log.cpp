// The request log's pieces: the route label that keeps metric labels bounded, secrets
// taken out of logged targets, request ids, and the two line formats.

#include <catch2/catch.hpp>

#include "http/ops/farm_log.hpp"
#include "http/ops/redact.hpp"
#include "http/ops/request_context.hpp"
#include "http/ops/route_label.hpp"

using namespace ws::http::ops;

TEST_CASE("route labels name the operation, never a serial, document or key", "[ops][log]") {
  CHECK(route_label("/v1/receipts") == "/v1/receipts");
  CHECK(route_label("/v1/receipts/3f2a-77") == "/v1/receipts/{key}");
  CHECK(route_label("/v1/cashmachines") == "/v1/cashmachines");
  CHECK(route_label("/v1/cashmachines/0000000000000003/status") == "/v1/cashmachines/{kkt_sn}/status");
  CHECK(route_label("/v1/cashmachines/0000000000000003/document/17") == "/v1/cashmachines/{kkt_sn}/document/{n}");
  CHECK(route_label("/v1/cashmachines/0000000000000003/make_correction_receipt") ==
        "/v1/cashmachines/{kkt_sn}/make_correction_receipt");
  CHECK(route_label("/metrics") == "/metrics");
  CHECK(route_label("/v1/cashmachines/1/nosuch") == "other");
  CHECK(route_label("/v1/cashmachines/1/document/2/3") == "other");
  CHECK(route_label("/wp-admin/x.php") == "other");
  CHECK(route_label("/v1/cashmachines//status") == "other");
}

TEST_CASE("secrets and tokens are taken out of logged targets", "[ops][log]") {
  CHECK(redacted_target("/v1/cashmachines/1/close_shift?emergency=1&mysecret=hunter2") ==
        "/v1/cashmachines/1/close_shift?emergency=1&mysecret=REDACTED");
  CHECK(redacted_target("/v1/x?access_token=abc&MySecret=q&a=b") == "/v1/x?access_token=REDACTED&MySecret=REDACTED&a=b");
  CHECK(redacted_target("/v1/ping?firm_inn=7720000014") == "/v1/ping?firm_inn=7720000014");
  CHECK(redacted_target("/v1/ping") == "/v1/ping");
  CHECK(redacted_target("/v1/x?mysecret") == "/v1/x?mysecret");
}

TEST_CASE("a request id is the client's when usable, else a new one", "[ops][log]") {
  CHECK(request_id_from("abc-123.X_y") == "abc-123.X_y");
  const auto fresh = request_id_from("");
  CHECK(fresh.size() == 16);
  CHECK(request_id_from("has space") != "has space");
  CHECK(request_id_from("a\nb") != "a\nb");
  CHECK(request_id_from(std::string(65, 'a')).size() == 16);
  CHECK(new_request_id() != new_request_id());
}

TEST_CASE("what a handler notes belongs to the thread's request until it ends", "[ops][log]") {
  note_register("0000000000000001");  // outside a request: nothing happens
  CHECK(current_request() == nullptr);
  begin_request("r1");
  note_register("0000000000000003");
  note_document(17);
  note_idempotency_key("k-1");
  const auto ended = end_request();
  CHECK(ended.id == "r1");
  CHECK(ended.kkt_sn == "0000000000000003");
  CHECK(ended.document_number == std::optional<std::uint32_t>{17});
  CHECK(ended.idempotency_key == "k-1");
  CHECK(current_request() == nullptr);
  const auto unbegun = end_request();  // httplib refused it before pre-routing
  CHECK(unbegun.id.size() == 16);
  CHECK(unbegun.kkt_sn.empty());
}

TEST_CASE("log lines as text fields and as JSON", "[ops][log]") {
  CHECK(format_fields(log_format::text, "http_request",
                      {{"id", "r1"}, {"path", "/v1/ping"}, {"kkt_sn", ""}, {"note", "a \"quoted\" text"}}) ==
        "http_request id=r1 path=/v1/ping note=\"a \\\"quoted\\\" text\"");
  CHECK(format_fields(log_format::text, "job_failed", {{"id", "r1"}, {"message", "refused:\nno paper"}}) ==
        "job_failed: refused:\\nno paper id=r1");
  CHECK(format_fields(log_format::json, "http_request", {{"id", "r1"}, {"kkt_sn", ""}, {"message", "line\nbreak\x01"}}) ==
        "\"event\":\"http_request\",\"id\":\"r1\",\"message\":\"line\\nbreak\\u0001\"");
}
