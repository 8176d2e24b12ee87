// INN and RNM from the FN's registration documents (FF0Ah), which the register actor uses
// when 11h has no INN and for the RNM that 11h never gives.

#include <catch2/catch.hpp>

#include <string>

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/identify_job.hpp"
#include "tests/jobs/job_test_support.hpp"

using namespace ws;
using namespace ws::jobs;

namespace {

/// FF0Ah data of a registration-type document: date-time, FD, FP, INN 12, RNM 20, tail.
shtrih::find_document_reply registration_reply(std::uint8_t form_code, const std::string& inn, const std::string& rnm) {
  shtrih::find_document_reply reply;
  reply.document_type = form_code;
  reply.data = {26, 3, 2, 10, 0};                      // 2026-03-02 10:00
  reply.data.insert(reply.data.end(), {1, 0, 0, 0});    // FD 1
  reply.data.insert(reply.data.end(), {9, 9, 9, 9});    // fiscal sign
  const std::string padded_inn = inn + std::string(12 - inn.size(), ' ');
  const std::string padded_rnm = rnm + std::string(20 - rnm.size(), ' ');
  reply.data.insert(reply.data.end(), padded_inn.begin(), padded_inn.end());
  reply.data.insert(reply.data.end(), padded_rnm.begin(), padded_rnm.end());
  reply.data.insert(reply.data.end(), {0x03, 0x00});   // taxation, work mode
  return reply;
}

}  // namespace

TEST_CASE("registration fields come from forms 1 and 11 only", "[jobs][registration_fields]") {
  const auto registration = parse_registration_fields(registration_reply(1, "7704211201", "0000000001012345"));
  REQUIRE(registration);
  CHECK(registration->inn == "7704211201");
  CHECK(registration->registration_number == "0000000001012345");
  // A 12-digit INN (a person) fills its field; re-registration has the same layout.
  const auto reregistration = parse_registration_fields(registration_reply(11, "500100732259", "0000000002054321"));
  REQUIRE(reregistration);
  CHECK(reregistration->inn == "500100732259");
  CHECK(reregistration->registration_number == "0000000002054321");
  // Another form, or data cut short, gives nothing.
  CHECK_FALSE(parse_registration_fields(registration_reply(2, "7704211201", "1")));
  auto cut = registration_reply(1, "7704211201", "0000000001012345");
  cut.data.resize(5 + 4 + 4 + 12 + 19);
  CHECK_FALSE(parse_registration_fields(cut));
}

TEST_CASE("registration fields read back from the emulator's FN", "[jobs][registration_fields]") {
  testing::registered_device d("registration-fields");
  const auto fields = parse_registration_fields(d.find(1));
  REQUIRE(fields);
  CHECK(fields->inn == "7704211201");
  CHECK(fields->registration_number == "0000000001012345");
  identify_job job;
  testing::run_job(job, *d.device);
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(inn_text(job.result().inn) == "7704211201");
  CHECK(job.result().registration_number == "0000000001012345");
}
