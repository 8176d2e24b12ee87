// Every 200 answer with a JSON body that the spec describes is checked against its
// schema in http/server/whitespirit-api.openapi.json; the checker itself is tested first
// on small hand-written schema and document pairs.

#include <catch2/catch.hpp>

#include <map>

#include "http/server/openapi_text.hpp"
#include "tests/http_server/front_fixture.hpp"
#include "tests/http_server/openapi_schema_check.hpp"

using namespace ws::http::test;

namespace {

/// A spec holding the given components.schemas text.
openapi_schemas spec_of(const std::string& schemas) {
  return openapi_schemas(R"({"openapi":"3.0.0","paths":{},"components":{"schemas":)" + schemas + "}}");
}

std::vector<schema_mismatch> check_text(const openapi_schemas& spec, const std::string& document,
                                        const std::string& schema) {
  json_doc doc(document);
  return spec.check(doc.root, "/components/schemas/" + schema);
}

const char* const small_schemas = R"({
  "Item": {"type": "object", "required": ["name", "kind"], "properties": {
    "name": {"type": "string"},
    "kind": {"type": "string", "enum": ["a", "b"]},
    "count": {"type": "integer"},
    "price": {"type": "number", "format": "long"},
    "ok": {"type": "boolean"},
    "at": {"type": "string", "format": "date-time"},
    "day": {"type": "string", "format": "date"},
    "extra": {"type": "object", "description": "open"}}},
  "Box": {"type": "object", "properties": {
    "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
    "tags": {"type": "array", "minItems": 1, "items": {"type": "string"}}}},
  "Odd": {"oneOf": [{"type": "string"}]},
  "Broken": {"$ref": "#/components/schemas/Nowhere"}
})";

}  // namespace

TEST_CASE("schema check accepts a document that matches", "[http_server][schema]") {
  const auto spec = spec_of(small_schemas);
  const auto found = check_text(spec, R"({"items":[{"name":"x","kind":"a","count":3,"price":12,"ok":true,
      "at":"2026-11-23T10:15:00","day":"2026-11-23","extra":{"anything":[1,{"deep":null}]}}],"tags":["t"]})",
                                "Box");
  INFO(describe(found));
  CHECK(found.empty());
}

TEST_CASE("schema check reports a wrong type with its exact path", "[http_server][schema]") {
  const auto spec = spec_of(small_schemas);
  const auto found = check_text(spec, R"({"items":[{"name":"x","kind":"a"},{"name":5,"kind":"b","count":"3"}]})", "Box");
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == "$.items[1].name");
  CHECK(found[0].problem == "wants type string, got integer 5");
  CHECK(found[1].path == "$.items[1].count");
  CHECK(found[1].problem == R"(wants type integer, got string "3")");
  // A number with a fraction is not an integer; a top-level array is not an object.
  const auto fraction = check_text(spec, R"({"name":"x","kind":"a","count":1.5})", "Item");
  REQUIRE(fraction.size() == 1);
  CHECK(fraction[0].path == "$.count");
  const auto top = check_text(spec, "[]", "Item");
  REQUIRE(top.size() == 1);
  CHECK(top[0].path == "$");
  CHECK(top[0].problem == "wants type object, got array []");
}

TEST_CASE("schema check reports a bad enum and a missing required member", "[http_server][schema]") {
  const auto spec = spec_of(small_schemas);
  const auto found = check_text(spec, R"({"items":[{"kind":"c"}]})", "Box");
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == "$.items[0].name");
  CHECK(found[0].problem == "required member is missing");
  CHECK(found[1].path == "$.items[0].kind");
  CHECK(found[1].problem == R"(value "c" is not in the enum)");
}

TEST_CASE("schema check reports unknown members of closed objects only", "[http_server][schema]") {
  const auto spec = spec_of(small_schemas);
  const auto found = check_text(spec, R"({"name":"x","kind":"a","colour":"red","extra":{"free":1}})", "Item");
  REQUIRE(found.size() == 1);
  CHECK(found[0].path == "$.colour");
  CHECK(found[0].problem == "member is not in the schema");
}

TEST_CASE("schema check reports formats minItems and schemas it cannot check", "[http_server][schema]") {
  const auto spec = spec_of(small_schemas);
  const auto formats =
      check_text(spec, R"({"name":"x","kind":"a","at":"23.11.2026 10:15","day":"2026-1-5","price":1.25})", "Item");
  REQUIRE(formats.size() == 3);
  CHECK(formats[0].path == "$.at");
  CHECK(formats[0].problem == R"(format date-time wanted, got "23.11.2026 10:15")");
  CHECK(formats[1].path == "$.day");
  CHECK(formats[1].problem == R"(format date wanted, got "2026-1-5")");
  CHECK(formats[2].path == "$.price");
  CHECK(formats[2].problem == "format long wants an integral number, got 1.25");

  const auto empty_tags = check_text(spec, R"({"tags":[]})", "Box");
  REQUIRE(empty_tags.size() == 1);
  CHECK(empty_tags[0].path == "$.tags");

  const auto odd = check_text(spec, R"("s")", "Odd");
  REQUIRE(odd.size() == 1);
  CHECK(odd[0].problem == "schema keyword 'oneOf' is not checked");
  const auto broken = check_text(spec, "{}", "Broken");
  REQUIRE(broken.size() == 1);
  CHECK(broken[0].problem == "dangling $ref #/components/schemas/Nowhere");
  const auto absent = check_text(spec, "{}", "Absent");
  REQUIRE(absent.size() == 1);
  CHECK(absent[0].problem == "the spec has no schema at /components/schemas/Absent");
}

TEST_CASE("schema check finds the 200 answer schema of an operation in the real spec", "[http_server][schema]") {
  const openapi_schemas spec(ws::http::server::openapi_json());
  CHECK(spec.response_schema("/v1/receipts", "post") ==
        "/paths/~1v1~1receipts/post/responses/200/content/application~1json/schema");
  CHECK(spec.response_schema("/v1/ping", "get").empty());
  // The real Receipt schema rejects a receipt whose id is a string and whose origin is
  // outside its enum.
  json_doc wrong(R"({"id":"3","origin":"somewhere","kkt":{"sn":"1","colour":"red"}})");
  const auto found = spec.check_response(wrong.root, "/v1/receipts", "post");
  INFO(describe(found));
  REQUIRE(found.size() == 3);
  CHECK(found[0].path == "$.id");
  CHECK(found[1].path == "$.origin");
  CHECK(found[2].path == "$.kkt.colour");
}

namespace {

std::string machine(const std::string& serial, const std::string& operation) {
  return "/v1/cashmachines/" + serial + "/" + operation;
}

const char* const document_path = "/v1/cashmachines/{kkt_sn}/document/{document_number}";

/// Collects every checked answer's mismatches, named by the request that produced it.
struct schema_ledger {
  const openapi_schemas& spec;
  std::map<std::string, std::vector<schema_mismatch>> found;
  int checked = 0;

  /// `spec_path` and `method` name the operation in the spec; `res` is its answer.
  void check(const std::string& request, const httplib::Result& res, const std::string& spec_path,
             const std::string& method) {
    INFO(request);
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    json_doc doc(res->body);
    ++checked;
    auto mismatches = spec.check_response(doc.root, spec_path, method);
    if (!mismatches.empty()) found[request] = std::move(mismatches);
  }

  std::string report() const {
    std::string text;
    for (const auto& [request, mismatches] : found) text += request + "\n" + describe(mismatches);
    return text;
  }
};

}  // namespace

TEST_CASE("front answers match the OpenAPI response schemas", "[http_server][schema]") {
  const openapi_schemas spec(ws::http::server::openapi_json());
  front_farm farm(2);
  farm.fiscalise(0, firm_a);              // FD 1 registration, FD 2 shift opened
  farm.device(1).set_ofd_online(false);   // device 1 stays unregistered for the REST registration
  farm.start({{{0, 1}, {}}});
  auto http = farm.client();
  schema_ledger ledger{spec, {}, 0};
  const auto sn = farm.serial(0);

  const std::string receipt = "POST /v1/receipts";
  ledger.check(receipt, http->Post("/v1/receipts?wait4free=5", receipt_body(firm_a, 12345), "application/json"),
               "/v1/receipts", "post");  // FD 3

  const std::string correction = R"({"correction_receipt_content": {
      "payments": [{"amount": "10.00", "payment_type": "card"}], "document_type": "income_correction",
      "taxation_type": "OSN", "taxes": [{"amount": "10.00", "tax_type": "nds_none"}],
      "correction_type": "independently", "reason": {"name": "Сбой", "number": "1", "dt": "2026-01-05"}}})";
  ledger.check("POST make_correction_receipt", http->Post(machine(sn, "make_correction_receipt"), correction,
                                                          "application/json"),
               "/v1/cashmachines/{kkt_sn}/make_correction_receipt", "post");  // FD 4

  ledger.check("POST close_shift", http->Post(machine(sn, "close_shift"), "{}", "application/json"),
               "/v1/cashmachines/{kkt_sn}/close_shift", "post");  // FD 5
  ledger.check("POST open_shift", http->Post(machine(sn, "open_shift"), "", "application/json"),
               "/v1/cashmachines/{kkt_sn}/open_shift", "post");  // FD 6

  for (const char* query : {"", "?with_rawform=1", "?with_printform=1", "?with_rawform=1&with_printform=1",
                            "?with_fullform=1&with_ofd_ticket=1"}) {
    for (int number = 1; number <= 6; ++number) {
      const auto path = machine(sn, "document/" + std::to_string(number) + query);
      ledger.check("GET " + path, http->Get(path.c_str()), document_path, "get");
    }
  }

  // Registration, re-registration and the closing of the FN on the unregistered device.
  const auto fresh = farm.serial(1);
  const std::string config = R"({"reg_info":{"user_inn":")" + firm_b +
                             R"(","rnm":"1012345","tax_mode":["OSN","USN_income"],"work_mode":["automatic"]}})";
  auto configured = http->Post(machine(fresh, "configure"), config, "application/json");
  REQUIRE(configured);
  REQUIRE(configured->status == 200);
  ledger.check("POST register", http->Post(machine(fresh, "register?mysecret=" + secret), "{}", "application/json"),
               "/v1/cashmachines/{kkt_sn}/register", "post");
  ledger.check("POST register reregister",
               http->Post(machine(fresh, "register?reregister=1&fn_changed=0&mysecret=" + secret), "{}",
                          "application/json"),
               "/v1/cashmachines/{kkt_sn}/register", "post");
  ledger.check("POST close_fiscal_mode",
               http->Post(machine(fresh, "close_fiscal_mode?mysecret=" + secret), "{}", "application/json"),
               "/v1/cashmachines/{kkt_sn}/close_fiscal_mode", "post");
  for (int number = 1; number <= 3; ++number) {
    const auto path = machine(fresh, "document/" + std::to_string(number) + "?with_rawform=1&with_printform=1");
    ledger.check("GET " + path, http->Get(path.c_str()), document_path, "get");
  }

  // The farm's listing (each register with its node) and the cluster's (a standalone
  // process: its own registers, no nodes).
  ledger.check("GET /v1/cashmachines", http->Get("/v1/cashmachines"), "/v1/cashmachines", "get");
  ledger.check("GET /v1/cashmachines?include_offline=1", http->Get("/v1/cashmachines?include_offline=1"),
               "/v1/cashmachines", "get");
  ledger.check("GET /v1/cluster", http->Get("/v1/cluster"), "/v1/cluster", "get");

  // The spec gives these 200 answers no JSON schema, so there is nothing to validate;
  // this fails when the spec gains one, so that the check above is extended.
  for (const auto& [path, method] : std::vector<std::pair<std::string, std::string>>{
           {"/v1/info", "get"}, {"/v1/cashmachines/{kkt_sn}/status", "get"}, {"/v1/ping", "get"}}) {
    INFO(method + " " + path);
    CHECK(spec.response_schema(path, method).empty());
  }

  CHECK(ledger.checked == 4 + 30 + 3 + 3 + 3);
  INFO(ledger.report());
  CHECK(ledger.found.empty());
}
