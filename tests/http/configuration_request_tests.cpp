#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "http/configuration_request.hpp"
#include "http/request_error.hpp"

using namespace ws;
using namespace ws::http;

namespace {

const char* const full_configuration = R"({
  "ofd_info": {"ofd_addr": "ofd.example.ru:7777", "check_url": "https://check.example.ru", "transport": "0"},
  "reg_info": {
    "user_inn": "7707083893", "rnm": "0000000001012345", "tax_mode": ["OSN", "patent"],
    "work_mode": ["automatic", "BSO"], "user_name": "ООО Ромашка", "account_address": "Москва, ул. Ленина, 1",
    "representative_for_registration": "Иванов И.И.", "ofd_inn": "7704358518", "representative_inn": "500100732259",
    "account_address_name": "Магазин", "ofd_name": "ОФД", "agent_mode": ["payment_agent"],
    "terminal_number": "A-1", "user_reply_email": "shop@example.ru"},
  "group_info": {"groups": ["A", "Б"]},
  "device_payload": {"anything": [1, {"goes": true}]},
  "mysecret": "s3cret"
})";

std::string replaced(const std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) {
    throw std::logic_error("test body does not contain exactly one \"" + from + "\"");
  }
  std::string out = text;
  out.replace(at, from.size(), to);
  return out;
}

request_error configuration_error(const std::string& body) {
  try {
    parse_configuration_request(body);
  } catch (const request_error& e) {
    return e;
  }
  throw std::logic_error("the body was accepted: " + body);
}

}  // namespace

TEST_CASE("A full configure body parses to the exact model", "[http][configuration_request]") {
  const configuration_request r = parse_configuration_request(full_configuration);
  REQUIRE(r.ofd_info);
  CHECK(r.ofd_info->ofd_addr == "ofd.example.ru:7777");
  CHECK(r.ofd_info->check_url == "https://check.example.ru");
  CHECK(r.ofd_info->transport == "0");
  REQUIRE(r.reg_info);
  const registration_info& reg = *r.reg_info;
  CHECK(reg.user_inn == "7707083893");
  CHECK(reg.rnm == "0000000001012345");
  REQUIRE(reg.tax_mode);
  CHECK(*reg.tax_mode == std::vector<ffd::taxation_system>{ffd::taxation_system::osn, ffd::taxation_system::patent});
  REQUIRE(reg.work_mode);
  CHECK(*reg.work_mode == std::vector<kkt_work_mode>{kkt_work_mode::automatic, kkt_work_mode::bso});
  CHECK(reg.user_name == "ООО Ромашка");
  CHECK(reg.account_address == "Москва, ул. Ленина, 1");
  CHECK(reg.representative_for_registration == "Иванов И.И.");
  CHECK(reg.ofd_inn == "7704358518");
  CHECK(reg.representative_inn == "500100732259");
  CHECK(reg.account_address_name == "Магазин");
  CHECK(reg.ofd_name == "ОФД");
  REQUIRE(reg.agent_mode);
  CHECK(*reg.agent_mode == std::vector<ffd::agent_type>{ffd::agent_type::payment_agent});
  CHECK(reg.terminal_number == "A-1");
  CHECK(reg.user_reply_email == "shop@example.ru");
  REQUIRE(r.groups);
  CHECK(*r.groups == std::vector<std::string>{"A", "Б"});
  CHECK(r.device_payload == std::string(R"({"anything":[1,{"goes":true}]})"));
  CHECK(r.mysecret == "s3cret");

  const configuration_request empty = parse_configuration_request("{}");
  CHECK_FALSE(empty.reg_info);
  CHECK_FALSE(empty.groups);
}

TEST_CASE("Bad configure bodies name the field", "[http][configuration_request]") {
  CHECK(configuration_error(replaced(full_configuration, R"("BSO")", R"("bso")")).message ==
        "reg_info.work_mode[1]: unknown value \"bso\"");
  CHECK(configuration_error(replaced(full_configuration, R"(["OSN", "patent"])", R"(["OSN", "OSN"])")).message ==
        "reg_info.tax_mode[1]: \"OSN\" listed twice");
  CHECK(configuration_error(replaced(full_configuration, R"(["OSN", "patent"])", "[]")).field == "reg_info.tax_mode");
  CHECK(configuration_error(replaced(full_configuration, R"(["OSN", "patent"])", R"(["OSN", 1])")).message ==
        "reg_info.tax_mode[1]: must be a string, got integer");
  CHECK(configuration_error(replaced(full_configuration, R"("7704358518")", R"("770435851")")).field == "reg_info.ofd_inn");
  CHECK(configuration_error(replaced(full_configuration, R"("0000000001012345")", R"("00000000010123456")")).field ==
        "reg_info.rnm");
  CHECK(configuration_error(replaced(full_configuration, R"("transport")", R"("transprt")")).field ==
        "ofd_info.transprt");
  CHECK(configuration_error(replaced(full_configuration, R"("groups")", R"("group")")).field == "group_info.group");
  CHECK(configuration_error(replaced(full_configuration, R"("device_payload": {"anything": [1, {"goes": true}]})",
                                     R"("device_payload": "x")"))
            .message == "device_payload: must be an object, got string");
  CHECK(configuration_error(replaced(full_configuration, R"("mysecret")", R"("my_secret")")).field == "my_secret");
}

TEST_CASE("Open device bodies must be objects and come back minified", "[http][configuration_request]") {
  CHECK(parse_open_object_body("") == "{}");
  CHECK(parse_open_object_body(" \n") == "{}");
  CHECK(parse_open_object_body(R"({ "a" : [ 1 , "x" ] })") == R"({"a":[1,"x"]})");
  CHECK_THROWS_AS(parse_open_object_body("[]"), request_error);
  CHECK_THROWS_AS(parse_open_object_body("{"), request_error);
}
