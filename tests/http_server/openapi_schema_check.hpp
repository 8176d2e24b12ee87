#pragma once
// A small checker of JSON documents against the OpenAPI 3 schemas of our spec, for the
// subset the spec uses: type (object, array, string, number, integer, boolean),
// properties, required, items, enum, $ref (inside the spec), minItems on arrays, and the
// formats date-time, date (shape only) and long/int64 (an integral number). A keyword the
// checker does not understand (oneOf, allOf, nullable, ...) is itself reported, so an
// unchecked schema never passes silently.
//
// Unknown properties: an object schema that lists `properties` is closed: a member it
// does not list is reported. An object schema without `properties` is open.
//
// Every mismatch carries the JSON path of the offending value: `$`, `$.kkt.sn`,
// `$.rows[0].tax_type`.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

namespace ws::http::test {

struct schema_mismatch {
  std::string path;     ///< where in the checked document
  std::string problem;  ///< what the schema wanted
};

/// The mismatches one per line, "path: problem" (empty text when there are none).
std::string describe(const std::vector<schema_mismatch>& mismatches);

class openapi_schemas {
 public:
  /// Parses the spec text (throws std::runtime_error when it is not JSON).
  explicit openapi_schemas(std::string_view spec_json);

  /// Checks `document` against the schema at the JSON pointer `schema_pointer` of the spec
  /// (e.g. "/components/schemas/Receipt").
  std::vector<schema_mismatch> check(const simdjson::dom::element& document, const std::string& schema_pointer) const;

  /// The JSON pointer of the application/json schema of the 200 answer of `method`
  /// ("get", "post") on `path` (as written in the spec: "/v1/receipts"); empty when the
  /// spec gives that answer no JSON schema.
  std::string response_schema(const std::string& path, const std::string& method) const;

  /// check() against response_schema(); a missing response schema is itself a mismatch.
  std::vector<schema_mismatch> check_response(const simdjson::dom::element& document, const std::string& path,
                                              const std::string& method) const;

 private:
  void check_value(const simdjson::dom::element& value, const simdjson::dom::element& schema, const std::string& where,
                   int depth, std::vector<schema_mismatch>& out) const;
  void check_object(const simdjson::dom::element& value, const simdjson::dom::object& schema, const std::string& where,
                    int depth, std::vector<schema_mismatch>& out) const;
  void check_array(const simdjson::dom::element& value, const simdjson::dom::object& schema, const std::string& where,
                   int depth, std::vector<schema_mismatch>& out) const;

  simdjson::padded_string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element spec_;
};

}  // namespace ws::http::test
