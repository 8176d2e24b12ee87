// firmware.dir: the folder upgrade takes its files from; empty by default (upgrade
// refused), and a value that is not a folder is a configuration error naming the key.

#include <catch2/catch.hpp>

#include <filesystem>

#include "config/whitespirit_config.hpp"

using namespace ws::config;

TEST_CASE("firmware.dir is empty by default and must name a folder", "[config][firmware]") {
  whitespirit_config defaults_config;
  const auto defaults = defaults_config.load({}, "");
  REQUIRE(defaults.outcome == load_outcome::run);
  CHECK(defaults.settings.firmware.dir.empty());

  const auto folder = std::filesystem::temp_directory_path().string();
  whitespirit_config set_config;
  const auto set = set_config.load({}, "[firmware]\ndir=\"" + folder + "\"\n");
  INFO(set.errors_text());
  REQUIRE(set.outcome == load_outcome::run);
  CHECK(set.settings.firmware.dir == folder);

  whitespirit_config missing_config;
  const auto missing = missing_config.load({"--firmware.dir=/no/such/folder/ws-firmware"}, "");
  CHECK(missing.outcome == load_outcome::invalid);
  CHECK(missing.errors_text().find("firmware.dir: \"/no/such/folder/ws-firmware\" is not a folder") !=
        std::string::npos);
}
