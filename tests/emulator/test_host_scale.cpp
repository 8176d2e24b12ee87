// A thousand devices in one process: they come up in bounded time and each answers.

#include <catch2/catch.hpp>

#include <iostream>
#include <vector>

#include "test_host_support.hpp"

using namespace ws::test;
using ws::bytes;
using ws::emulator::emulator_farm;
namespace fs = std::filesystem;

TEST_CASE("one thousand devices come up in one process and answer", "[host][scale]") {
  temp_dir dir;
  constexpr int count = 1000;
  const auto start = clock_type::now();
  auto farm = std::make_unique<emulator_farm>(test_farm(dir.path(), count));
  const auto up = clock_type::now() - start;
  std::cout << "1000 devices up in " << std::chrono::duration_cast<milliseconds>(up).count() << " ms\n";
  CHECK(up < std::chrono::seconds(120));
  REQUIRE(farm->size() == count);

  // Every device's line works: an ENQ to each (all at once, as a farm polls them) gets
  // its NAK. Answers wait for 50 ms of line quiet, so one by one would take a minute.
  const auto sweep_start = clock_type::now();
  std::vector<line_client> lines;
  lines.reserve(count);
  for (int number = 1; number <= count; ++number)
    lines.push_back(line_client::open_serial((dir.path() / emulator_farm::device_name(number)).string()));
  for (auto& line : lines) line.write_all({0x05});
  int ready = 0;
  for (auto& line : lines) ready += line.read_bytes(1, 5000ms) == bytes{0x15} ? 1 : 0;
  CHECK(ready == count);
  const auto sweep = clock_type::now() - sweep_start;
  std::cout << "1000 devices answered ENQ in " << std::chrono::duration_cast<milliseconds>(sweep).count() << " ms\n";
  CHECK(sweep < std::chrono::seconds(60));
  lines.clear();

  // A few answer real commands, including the last one.
  for (int number : {1, 500, 1000}) {
    auto line = line_client::open_serial((dir.path() / emulator_farm::device_name(number)).string());
    const bytes reply = line.ask(status_command());
    REQUIRE(reply.size() >= 2);
    CHECK(reply[0] == 0x11);
    CHECK(reply[1] == 0x00);
  }
  CHECK(farm->device(999).info().serial_number == "0000000000001000");

  farm.reset();
  int links_left = 0;
  for (int number = 1; number <= count; ++number)
    links_left += fs::is_symlink(fs::symlink_status(dir.path() / emulator_farm::device_name(number))) ? 1 : 0;
  CHECK(links_left == 0);
}
