#pragma once
// Runs jobs against a real emulator model (ws::emulator::kkt_device) in a temp folder,
// in-process: each command_step goes straight to kkt_device::execute, and a fault hook
// may replace the link's outcome for chosen steps (the command not delivered, executed
// with its reply lost, or lost before execution; the line down until the deadline).

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <unistd.h>

#include "actors/jobs/fn_lifecycle_jobs.hpp"
#include "actors/jobs/job.hpp"
#include "emulator/kkt_device.hpp"
#include "protocol/ffd/civil_time.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::jobs::testing {

class temp_folder {
 public:
  explicit temp_folder(const std::string& name) {
    static std::atomic<unsigned> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("ws-jobs-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~temp_folder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_folder(const temp_folder&) = delete;
  temp_folder& operator=(const temp_folder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// What happens to one step on its way to the device.
enum class fault {
  none,
  not_delivered,          ///< never reaches the device
  lost_after_execution,   ///< executed, reply lost: no_reply
  lost_before_execution,  ///< frame lost after the ACK: no_reply, not executed
  line_down,              ///< as lost_after_execution, and the line stays down until the deadline
  line_down_unexecuted,   ///< as lost_before_execution, and the line stays down
  power_cycle,            ///< the device restarts instead of running it: no_reply
  deadline,               ///< the request's deadline passes while this step is handed out
};

struct step_info {
  int index = 0;  ///< 0-based count of steps in this run
  const command_step* step = nullptr;
  shtrih::command_code code() const { return shtrih::command_code::peek(step->command); }
};

using fault_plan = std::function<fault(const step_info&)>;

struct run_report {
  int steps = 0;
  int line_waits = 0;
  bool deadline_used = false;
};

/// Runs `j` to its end. The line comes back at once after a lost reply unless a
/// line_down fault keeps it down, in which case the deadline is called.
inline run_report run_job(job& j, emulator::kkt_device& device, const fault_plan& plan = {}) {
  run_report report;
  bool line_down = false;
  for (int guard = 0; !j.finished(); ++guard) {
    REQUIRE(guard < 200000);
    std::optional<command_step> step = j.next();
    if (!step) {
      REQUIRE_FALSE(j.finished());
      ++report.line_waits;
      if (line_down) {
        report.deadline_used = true;
        j.on_deadline();
      } else {
        j.on_line_restored();
      }
      continue;
    }
    // While the line is down nothing reaches the device.
    const fault f = line_down ? fault::not_delivered : plan ? plan(step_info{report.steps, &*step}) : fault::none;
    ++report.steps;
    shtrih::link_outcome outcome;
    switch (f) {
      case fault::none: {
        const auto answer = device.execute(step->command);
        outcome.what = answer.reply.empty() ? shtrih::link_outcome::kind::no_reply : shtrih::link_outcome::kind::reply;
        outcome.reply = answer.reply;
        break;
      }
      case fault::not_delivered:
        outcome.what = shtrih::link_outcome::kind::not_delivered;
        break;
      case fault::lost_after_execution:
      case fault::line_down:
        device.execute(step->command);
        outcome.what = shtrih::link_outcome::kind::no_reply;
        break;
      case fault::lost_before_execution:
      case fault::line_down_unexecuted:
        outcome.what = shtrih::link_outcome::kind::no_reply;
        break;
      case fault::power_cycle:
        device.power_cycle();
        outcome.what = shtrih::link_outcome::kind::no_reply;
        break;
      case fault::deadline:
        report.deadline_used = true;
        j.on_deadline();
        REQUIRE(j.finished());
        return report;
    }
    if (f == fault::line_down || f == fault::line_down_unexecuted) line_down = true;
    j.on_outcome(outcome);
  }
  return report;
}

/// Faults only the first step that closes a document.
inline fault_plan on_closing_command(fault f) {
  return [f, done = std::make_shared<bool>(false)](const step_info& s) {
    if (!s.step->closes_document || *done) return fault::none;
    *done = true;
    return f;
  };
}

inline std::chrono::system_clock::time_point test_day_start() {
  return std::chrono::system_clock::time_point{
      std::chrono::seconds{ffd::from_civil(ffd::civil_time{2026, 3, 2, 10, 0, 0})}};
}

inline shtrih::registration_params test_registration() {
  shtrih::registration_params p;
  p.inn = "7704211201";
  p.registration_number = "0000000001012345";
  p.taxation_systems = shtrih::taxation::osn | shtrih::taxation::usn_income;
  p.work_mode = 0;
  return p;
}

/// A device in a temp folder with a host clock the test moves, registered by the
/// registration job.
struct registered_device {
  explicit registered_device(const std::string& name, bool register_fn = true) : folder(name) {
    host_now = std::make_shared<std::chrono::system_clock::time_point>(test_day_start());
    settings.serial_number = "0012345678901234";
    settings.durable = false;
    settings.host_clock = [clock = host_now] { return *clock; };
    device = std::make_unique<emulator::kkt_device>(settings, folder.path());
    if (register_fn) {
      auto job = make_registration_job(test_registration());
      run_job(*job, *device);
      REQUIRE(job->failure().kind == failure_kind::none);
      REQUIRE(device->last_document_number() == 1);
    }
  }
  void wait(std::chrono::seconds s) { *host_now += s; }

  /// The FN archive's record of document `number`.
  shtrih::find_document_reply find(std::uint32_t number) {
    shtrih::find_document_request r;
    r.document_number = number;
    const auto decoded = shtrih::decode_reply<shtrih::find_document_reply>(device->execute(r.encode()).reply);
    REQUIRE(decoded.ok());
    return *decoded.value;
  }
  std::uint8_t mode() {
    const auto s = shtrih::decode_reply<shtrih::short_status_reply>(
        device->execute(shtrih::short_status_request{}.encode()).reply);
    REQUIRE(s.ok());
    return s.value->mode;
  }

  temp_folder folder;
  std::shared_ptr<std::chrono::system_clock::time_point> host_now;
  emulator::device_settings settings;
  std::unique_ptr<emulator::kkt_device> device;
};

}  // namespace ws::jobs::testing
