#pragma once
// Helpers of the fault-matrix and randomized-schedule tests: a farm whose link timing both
// sides share, a register brought to "registered, shift open", receipts recognisable by
// their total, and a ledger that checks "never print twice" against the FN's documents.

#include <cstdint>
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <caf/all.hpp>

#include "actors/jobs/fn_lifecycle_jobs.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "actors/register_actor.hpp"
#include "tests/actors/actors_support.hpp"
#include "tests/jobs/receipt_samples.hpp"

namespace ws::actors::test {

/// Link timing for long runs. The standard byte_timeout is 50 ms and the device waits that
/// long of quiet before answering, so each exchange costs ~200 ms. The protocol lets the
/// host set the exchange parameters (command 14h), so a shorter byte timeout is a real
/// device configuration; both sides of the line must use the same one.
inline shtrih::link_timing short_link() {
  shtrih::link_timing timing;
  timing.byte_timeout = milliseconds(5);
  timing.ack_timeout = milliseconds(100);
  return timing;
}

/// An emulator farm (pty lines) with a chosen link timing, a line_io and an actor system;
/// torn down like farm_fixture (actors, then lines, then the emulator).
class timed_farm {
 public:
  timed_farm(int count, shtrih::link_timing link, milliseconds reboot_time = 1500ms) : link_(link) {
    emulator::farm_options options;
    options.dir = dir_.path();
    options.count = count;
    options.reboot_time = reboot_time;
    options.timing = link;
    farm_.emplace(options);
    add_farm_message_types(config_);
    system_.emplace(config_);
    baseline_ = system_->registry().running();
  }
  ~timed_farm() { shutdown(); }
  timed_farm(const timed_farm&) = delete;
  timed_farm& operator=(const timed_farm&) = delete;

  caf::actor_system& system() { return *system_; }
  line_io& io() { return io_; }
  emulator::device_host& device(std::size_t index) { return farm_->device(index); }
  std::string pty_port(std::size_t index) { return device(index).options().pty_link.string(); }
  const shtrih::link_timing& link() const { return link_; }
  std::uint32_t last_document(std::size_t index) { return device(index).info().last_document_number; }

  std::size_t running() { return system_ ? system_->registry().running() - baseline_ : 0; }

  bool stop(const std::vector<any_actor>& actors, milliseconds limit = 8000ms) {
    return stop_actors(*system_, actors, limit);
  }

  void shutdown() {
    if (system_) {
      const auto deadline = steady::now() + 5000ms;
      while (running() != 0) {
        if (steady::now() >= deadline) std::abort();  // a hung actor would hang ~actor_system
        std::this_thread::sleep_for(10ms);
      }
    }
    system_.reset();
    io_.stop();
    if (farm_) farm_->stop();
  }

 private:
  temp_dir dir_;
  shtrih::link_timing link_;
  std::optional<emulator::emulator_farm> farm_;
  line_io io_;
  caf::actor_system_config config_;
  std::optional<caf::actor_system> system_;
  std::size_t baseline_ = 0;
};

/// Exits an actor when the test leaves its scope, also through a failed REQUIRE (the farm
/// aborts if an actor outlives it).
class actor_guard {
 public:
  actor_guard(timed_farm& fx, any_actor actor) : fx_(fx), actor_(std::move(actor.actor)) {}
  ~actor_guard() {
    if (actor_) fx_.stop({actor_});
  }
  actor_guard(const actor_guard&) = delete;
  actor_guard& operator=(const actor_guard&) = delete;

 private:
  timed_farm& fx_;
  caf::actor actor_;
};

/// Asks the register's status until it is ready (bounded). Unlike waiting for a published
/// status, this cannot be fooled by an old "ready" still queued in a mailbox.
inline bool poll_ready(caf::scoped_actor& self, const register_actor& reg, milliseconds limit) {
  const auto deadline = steady::now() + limit;
  while (steady::now() < deadline) {
    bool ready = false;
    self->request(reg, 1s, status_atom::value)
        .receive([&](const register_status& status) { ready = status.state == register_state::ready; },
                 [](const caf::error&) {});
    if (ready) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

inline shtrih::registration_params test_registration() {
  shtrih::registration_params p;
  p.inn = "7704211201";
  p.registration_number = "0000000001012345";
  p.taxation_systems = shtrih::taxation::osn | shtrih::taxation::usn_income;
  p.work_mode = 0;
  return p;
}

/// A register actor on device `index`, subscribed by `self`, waited for until ready.
inline register_actor ready_register(timed_farm& fx, caf::scoped_actor& self, std::size_t index,
                                     milliseconds limit = 10s) {
  register_options options;
  options.build_job = test_job_builder();
  options.config.port = fx.pty_port(index);
  options.timing = quick_timing();
  options.link = fx.link();
  auto reg = spawn_register(fx.system(), fx.io(), options);
  self->send(reg, subscribe_atom::value, caf::actor{self});
  const auto ready = await_status(
      self, [&](const register_status& s) { return s.state == register_state::ready && s.port == options.config.port; },
      limit);
  if (!ready) {
    fx.stop({reg});
    throw std::runtime_error("register " + options.config.port + " never became ready");
  }
  return reg;
}

/// Registers the FN (FD 1) and opens the shift (FD 2) through `reg`; false if either failed.
inline bool register_and_open_shift(timed_farm& fx, caf::scoped_actor& self, const register_actor& reg,
                                    std::size_t index) {
  std::shared_ptr<jobs::job> registration = jobs::make_registration_job(test_registration());
  auto answer = run_job(self, reg, registration, 20s, 25s);
  if (!answer || answer->kind != jobs::failure_kind::none || fx.last_document(index) != 1) return false;
  std::shared_ptr<jobs::job> shift = jobs::make_open_shift_job();
  answer = run_job(self, reg, shift, 20s, 25s);
  return answer && answer->kind == jobs::failure_kind::none && fx.last_document(index) == 2;
}

inline std::shared_ptr<jobs::print_receipt_job> receipt_of(std::int64_t kopecks, jobs::shift_policy policy = {}) {
  const auto content = jobs::testing::single_row(kopecks);
  return std::make_shared<jobs::print_receipt_job>(content, ffd::calculate_receipt(content), policy);
}

/// Tallies receipt answers of one register against the FN's document count: every success
/// names a document no other answer named; a safe failure or timeout leaves the FN as it
/// was; an outcome_unknown names the document to check (this receipt's or not).
struct receipt_ledger {
  int attempted = 0;
  int successes = 0;
  int recovered = 0;
  int safe_failures = 0;
  int wrong_states = 0;
  int timeouts = 0;
  int unknown = 0;
  int unknown_printed = 0;
  int duplicates = 0;  ///< answers naming a document another answer named, or extra receipts
  int losses = 0;      ///< receipts in the FN no answer accounts for
  int mismatches = 0;  ///< failures that nevertheless left a document, or wrong totals
  std::map<std::uint32_t, std::int64_t> documents;  ///< FD number -> kopecks it was answered for
  std::map<std::string, int> failure_reasons;       ///< failure message (digits masked) -> count

  /// Records one answer; `before` and `after` are the FN's last document number around it
  /// and `shift_documents` how many of the new documents were shift close/open documents
  /// the job was allowed to make (shift policy).
  void record(const std::optional<jobs::job_failure>& answer, const jobs::print_receipt_job& job,
              std::int64_t kopecks, std::uint32_t before, std::uint32_t after, std::uint32_t shift_documents = 0) {
    ++attempted;
    const std::uint32_t made = after - before - shift_documents;
    if (!answer) {  // no answer at all: the register broke its contract
      ++mismatches;
      losses += static_cast<int>(made);
      return;
    }
    switch (answer->kind) {
      case jobs::failure_kind::none: {
        ++successes;
        if (job.result().recovered) ++recovered;
        const auto fd = job.result().document_number;
        if (!documents.emplace(fd, kopecks).second) ++duplicates;
        if (job.result().total != static_cast<std::uint64_t>(kopecks)) ++mismatches;
        if (fd != after) ++mismatches;  // the receipt is the last document made
        if (made > 1) duplicates += static_cast<int>(made - 1);
        if (made == 0) ++mismatches;
        break;
      }
      case jobs::failure_kind::outcome_unknown: {
        ++unknown;
        if (!answer->document_to_check) ++mismatches;
        if (made == 1) {
          ++unknown_printed;
          if (answer->document_to_check && *answer->document_to_check != after) ++mismatches;
          documents.emplace(after, kopecks);
        }
        if (made > 1) duplicates += static_cast<int>(made - 1);
        break;
      }
      default:
        ++failure_reasons[reason_of(answer->message)];
        if (answer->kind == jobs::failure_kind::timeout)
          ++timeouts;
        else if (answer->kind == jobs::failure_kind::wrong_state)
          ++wrong_states;
        else
          ++safe_failures;
        if (made != 0) losses += static_cast<int>(made);  // a document no success answer names
        break;
    }
  }

  /// A failure message with its numbers masked, so alike failures count together.
  static std::string reason_of(std::string message) {
    for (char& c : message)
      if (c >= '0' && c <= '9') c = '#';
    return message;
  }

  /// The most frequent failure reasons, one per line.
  std::string reasons(std::size_t top = 8) const {
    std::vector<std::pair<int, std::string>> sorted;
    for (const auto& [reason, count] : failure_reasons) sorted.emplace_back(count, reason);
    std::sort(sorted.rbegin(), sorted.rend());
    std::ostringstream out;
    for (std::size_t i = 0; i < sorted.size() && i < top; ++i) out << sorted[i].first << " x " << sorted[i].second << "\n";
    return out.str();
  }

  void add(const receipt_ledger& other) {
    for (const auto& [reason, count] : other.failure_reasons) failure_reasons[reason] += count;
    attempted += other.attempted;
    successes += other.successes;
    recovered += other.recovered;
    safe_failures += other.safe_failures;
    wrong_states += other.wrong_states;
    timeouts += other.timeouts;
    unknown += other.unknown;
    unknown_printed += other.unknown_printed;
    duplicates += other.duplicates;
    losses += other.losses;
    mismatches += other.mismatches;
  }

  std::string summary() const {
    std::ostringstream out;
    out << "attempted " << attempted << ", successes " << successes << " (recovered " << recovered
        << "), safe failures " << safe_failures << ", wrong state " << wrong_states << ", timeouts " << timeouts
        << ", outcome_unknown " << unknown << " (printed " << unknown_printed << "), duplicates " << duplicates
        << ", losses " << losses << ", mismatches " << mismatches;
    return out.str();
  }
};

}  // namespace ws::actors::test
