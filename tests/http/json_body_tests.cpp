#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "http/json_body.hpp"
#include "http/request_error.hpp"

using namespace ws::http;

namespace {

template <typename F>
request_error error_of(F&& f) {
  try {
    f();
  } catch (const request_error& e) {
    return e;
  }
  throw std::logic_error("no request_error");
}

}  // namespace

TEST_CASE("The object reader checks every JSON type", "[http][json_body]") {
  const json_body body = json_body::parse(
      R"({"n": -7, "big": 18446744073709551615, "f": 1.5, "b": true, "s": "x", "o": {"k": 1}, "a": ["p", "q"], "z": null})");
  object_reader root = body.root();
  CHECK(root.path().empty());
  CHECK(root.has("z"));
  CHECK_FALSE(root.has("missing"));
  CHECK(root.required_integer("n") == -7);
  CHECK(root.optional_boolean("b") == true);
  CHECK(root.required_string("s") == "x");
  CHECK_FALSE(root.optional_string("missing"));
  CHECK(root.optional_string_array("a") == std::vector<std::string>{"p", "q"});
  object_reader o = root.required_object("o");
  CHECK(o.path() == "o");
  CHECK(o.optional_integer("k") == 1);
  o.finish();

  CHECK(error_of([&] { root.required_integer("big"); }).message == "big: integer out of range");
  CHECK(error_of([&] { root.required_integer("f"); }).message == "f: must be an integer, got number");
  CHECK(error_of([&] { root.required_boolean("s"); }).message == "s: must be a boolean, got string");
  CHECK(error_of([&] { root.optional_object("a"); }).message == "a: must be an object, got array");
  CHECK(error_of([&] { root.required_object_array("s"); }).message == "s: must be an array, got string");
  CHECK(error_of([&] { root.required_string("z"); }).message == "z: must be a string, got null");
  CHECK(error_of([&] { root.required_boolean("nope"); }).message == "nope: required field missing");
  // Every field has been asked for by now (a failed read counts as read).
  root.finish();

  object_reader again = body.root();
  again.required_integer("n");
  const request_error unknown = error_of([&] { again.finish(); });
  CHECK(unknown.field == "big");
  CHECK(unknown.status == 400);
  CHECK(unknown.name == "DataError");
}

TEST_CASE("Body size over the limit is PayloadTooLarge", "[http][json_body]") {
  CHECK_NOTHROW(check_body_size(1024, 1024));
  const request_error e = error_of([] { check_body_size(1025, 1024); });
  CHECK(e.status == 413);
  CHECK(e.name == "PayloadTooLarge");
  CHECK(e.message == "body of 1025 bytes is over the limit of 1024");
  CHECK(e.field.empty());
}

TEST_CASE("child_path joins keys with dots", "[http][json_body]") {
  CHECK(child_path("", "trace") == "trace");
  CHECK(child_path("receipt_content.rows[2]", "price") == "receipt_content.rows[2].price");
}
