// The firmware upload job against the emulated register: FF4Eh once per 128-byte block
// in order from block 0, the last block padded with FFh; the first block that fails ends
// the job, and its failure names that block.

#include "actors/jobs/firmware_upload_job.hpp"
#include "actors/jobs/job_order.hpp"
#include "job_test_support.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

namespace {

bytes file_of(std::size_t size) {
  bytes content(size);
  for (std::size_t i = 0; i < size; ++i) content[i] = static_cast<std::uint8_t>(i * 13 + 1);
  return content;
}

}  // namespace

TEST_CASE("the firmware upload writes every block in order and pads the last", "[jobs][firmware]") {
  registered_device d("firmware-upload", false);
  const auto content = file_of(300);
  auto job = build_job(firmware_upload_order{1, content});
  const auto report = run_job(*job, *d.device);
  INFO(job->failure().message);
  REQUIRE(job->failure().kind == failure_kind::none);
  CHECK(report.steps == 3);
  auto padded = content;
  padded.resize(384, 0xFF);
  CHECK(d.device->sd_card_file(shtrih::firmware_file::firmware) == padded);
  CHECK(d.device->sd_card_file(shtrih::firmware_file::loader).empty());
}

TEST_CASE("the firmware upload stops at the first block that fails and names it", "[jobs][firmware]") {
  registered_device d("firmware-upload-stop", false);
  const auto content = file_of(300);
  auto job = build_job(firmware_upload_order{0, content});
  const auto report = run_job(*job, *d.device, [](const step_info& s) {
    return s.index == 1 ? fault::not_delivered : fault::none;
  });
  CHECK(report.steps == 2);  // nothing after the block that failed
  CHECK(job->failure().kind == failure_kind::safe);
  CHECK(job->failure().message.find("stopped at block 1 of 3") != std::string::npos);
  CHECK(d.device->sd_card_file(shtrih::firmware_file::loader) == bytes(content.begin(), content.begin() + 128));
}

TEST_CASE("a firmware order of another file kind or no bytes cannot be run", "[jobs][firmware]") {
  CHECK_THROWS_AS(build_job(firmware_upload_order{2, {1}}), std::invalid_argument);
  CHECK_THROWS_AS(build_job(firmware_upload_order{1, {}}), std::invalid_argument);
}
