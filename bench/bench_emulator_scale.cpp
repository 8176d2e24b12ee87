// Farm scale: an emulator_farm with N devices on ptys in this process. For each N, in a
// fresh child process (so one N's heap does not inflate the next one's RSS): the time to
// bring the farm up on an empty folder and again on the folder it left, process RSS
// before and after, RSS per device, open descriptors, and the time to stop. The last
// device is asked one 11h status so a farm that came up broken is not measured as fast.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/host_driver/line_client.hpp"
#include "bench/bench_common.hpp"
#include "emulator/emulator_farm.hpp"
#include "protocol/shtrih/commands.hpp"
#include "tests/support/die_with_parent.hpp"

namespace {

using namespace ws;
using namespace ws::bench;
using namespace std::chrono_literals;

void check_last_device_answers(const std::filesystem::path& dir, int count) {
  auto line = host_driver::line_client::open_serial((dir / emulator::emulator_farm::device_name(count)).string());
  const bytes reply = line.ask(shtrih::full_status_request{}.encode(), 3000ms);
  if (reply.size() < 2 || shtrih::parse_reply_header(reply).error != 0)
    throw std::runtime_error("device " + std::to_string(count) + " did not answer a status request");
}

void measure_farm(int count) {
  emulator::raise_open_file_limit();
  temp_dir dir;
  emulator::farm_options options;
  options.dir = dir.path();
  options.count = count;
  const std::vector<param> params{num("devices", count), num("threads", options.threads)};

  const long rss_before = rss_kb();
  const long fds_before = open_fds();
  auto t0 = bench_clock::now();
  auto farm = std::make_unique<emulator::emulator_farm>(options);
  const double first_start_ms = seconds_between(t0, bench_clock::now()) * 1e3;
  const long rss_after = rss_kb();
  const long fds_after = open_fds();
  check_last_device_answers(dir.path(), count);

  t0 = bench_clock::now();
  farm->stop();
  farm.reset();
  const double stop_ms = seconds_between(t0, bench_clock::now()) * 1e3;

  t0 = bench_clock::now();
  farm = std::make_unique<emulator::emulator_farm>(options);  // loads the state just written
  const double restart_ms = seconds_between(t0, bench_clock::now()) * 1e3;
  check_last_device_answers(dir.path(), count);
  farm->stop();

  report("farm_start_new_time", params, first_start_ms, "ms");
  report("farm_start_existing_time", params, restart_ms, "ms");
  report("farm_stop_time", params, stop_ms, "ms");
  report("farm_rss_before", params, static_cast<double>(rss_before), "kB");
  report("farm_rss_after", params, static_cast<double>(rss_after), "kB");
  report("farm_rss_per_device", params, static_cast<double>(rss_after - rss_before) / count, "kB");
  report("farm_open_fds", params, static_cast<double>(fds_after), "fds");
  report("farm_fds_per_device", params, static_cast<double>(fds_after - fds_before) / count, "fds");
  report("farm_state_bytes_per_device", params, static_cast<double>(folder_bytes(dir.path() / "state")) / count,
         "bytes");
}

/// Runs measure_farm(count) in a child process; false if it failed.
bool measure_in_child(int count) {
  std::cout.flush();
  std::cerr.flush();
  const pid_t parent_pid = ::getpid();
  const pid_t child = ::fork();
  if (child < 0) throw std::runtime_error("fork failed");
  if (child == 0) {
    ws::test::die_with_parent(parent_pid);
    try {
      measure_farm(count);
    } catch (const std::exception& e) {
      note(std::string("farm of ") + std::to_string(count) + ": " + e.what());
      std::cout.flush();
      std::_Exit(1);
    }
    std::cout.flush();
    std::_Exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = quick_mode(argc, argv);
  const std::vector<int> counts = quick ? std::vector<int>{1, 64} : std::vector<int>{1, 64, 512, 1000};
  bool all_ok = true;
  for (int count : counts) {
    note("emulator scale: " + std::to_string(count) + " devices");
    all_ok = measure_in_child(count) && all_ok;
  }
  return all_ok ? 0 : 1;
}
