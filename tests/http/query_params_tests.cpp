#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "http/query_params.hpp"
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

TEST_CASE("Flags accept 1 0 true and false only", "[http][query]") {
  CHECK(parse_flag_param("cold", "1"));
  CHECK(parse_flag_param("cold", "true"));
  CHECK_FALSE(parse_flag_param("cold", "0"));
  CHECK_FALSE(parse_flag_param("cold", "false"));
  const request_error e = error_of([] { parse_flag_param("cold", "yes"); });
  CHECK(e.field == "cold");
  CHECK(e.message == "cold: must be 1, 0, true or false, got \"yes\"");
  CHECK_THROWS_AS(parse_flag_param("cold", "TRUE"), request_error);
}

TEST_CASE("Counts are plain digits within a bound", "[http][query]") {
  CHECK(parse_count_param("n", "0", 5) == 0);
  CHECK(parse_count_param("n", "5", 5) == 5);
  CHECK(error_of([] { parse_count_param("n", "6", 5); }).message == "n: must be a whole number from 0 to 5, got \"6\"");
  CHECK_THROWS_AS(parse_count_param("n", "-1", 5), request_error);
  CHECK_THROWS_AS(parse_count_param("n", "1.0", 5), request_error);
  CHECK_THROWS_AS(parse_count_param("n", "", 5), request_error);
  CHECK_THROWS_AS(parse_count_param("n", "99999999999999999999", 5), request_error);
}

TEST_CASE("Receipt query parameters have defaults and are checked", "[http][query]") {
  const receipt_query none = parse_receipt_query({});
  CHECK(none.group == "_NOGROUP");
  CHECK(none.wait4free_seconds == 0);
  CHECK(none.retry_count == 0);

  const receipt_query all = parse_receipt_query({{"group", "A"}, {"wait4free", "30"}, {"retry_count", "2"}});
  CHECK(all.group == "A");
  CHECK(all.wait4free_seconds == 30);
  CHECK(all.retry_count == 2);

  CHECK(error_of([] { parse_receipt_query({{"wait4fre", "30"}}); }).message == "wait4fre: unknown query parameter");
  CHECK(error_of([] { parse_receipt_query({{"group", "A"}, {"group", "B"}}); }).field == "group");
  CHECK(error_of([] { parse_receipt_query({{"retry_count", "x"}}); }).field == "retry_count");
}

TEST_CASE("Ping needs firm_inn with group and takes an exact backlog ratio", "[http][query]") {
  const ping_query q = parse_ping_query({{"firm_inn", "7707083893"}, {"group", "A"}, {"backlog_ratio", "2.5"}});
  CHECK(q.firm_inn == std::string("7707083893"));
  CHECK(q.group == std::string("A"));
  CHECK(q.backlog_ratio_millionths == 2500000);
  CHECK_FALSE(parse_ping_query({}).firm_inn);

  const request_error group = error_of([] { parse_ping_query({{"group", "A"}}); });
  CHECK(group.status == 400);
  CHECK(group.message == "group: needs firm_inn");
  CHECK(error_of([] { parse_ping_query({{"firm_inn", "123"}}); }).field == "firm_inn");
  CHECK(error_of([] { parse_ping_query({{"backlog_ratio", "1e3"}}); }).field == "backlog_ratio");
}
