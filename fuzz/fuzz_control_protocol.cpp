// The emulator's control-socket commands (emulator/control_protocol.hpp): one line, as
// control_server hands it over, run against a farm of two devices that have no line
// (pty off, no TCP), so nothing outside the process is touched. Checks: every reply ends
// with "ok\n" or an "error: ...\n" line; nothing else escapes.

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "emulator/control_protocol.hpp"
#include "emulator/emulator_farm.hpp"
#include "fuzz/fuzz_input.hpp"

using namespace ws::emulator;

namespace {

struct farm_in_temp_dir {
  std::filesystem::path dir;
  std::unique_ptr<emulator_farm> farm;

  farm_in_temp_dir() {
    char pattern[] = "/tmp/ws-fuzz-control-XXXXXX";
    if (!mkdtemp(pattern)) ws::fuzz::fail("mkdtemp");
    dir = pattern;
    farm_options options;
    options.dir = dir;
    options.count = 2;
    options.pty = false;
    options.threads = 1;
    options.reboot_time = std::chrono::milliseconds(1);
    farm = std::make_unique<emulator_farm>(options);
  }
  ~farm_in_temp_dir() {
    farm->stop();
    farm.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

bool ends_well(const std::string& reply) {
  if (reply.size() >= 3 && reply.compare(reply.size() - 3, 3, "ok\n") == 0) return true;
  const std::size_t last_line = reply.rfind('\n', reply.size() - 2);
  const std::size_t start = last_line == std::string::npos ? 0 : last_line + 1;
  return reply.back() == '\n' && reply.compare(start, 7, "error: ") == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static farm_in_temp_dir farm;  // one farm for the whole run: starting one costs a folder
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // control_server splits on '\n': run each line.
  while (true) {
    const std::size_t nl = text.find('\n');
    const std::string reply = run_control_command(*farm.farm, text.substr(0, nl));
    if (!ends_well(reply)) ws::fuzz::fail("a reply without its closing ok/error line");
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return 0;
}
