#pragma once
// Test-only jobs for the register actor suites: a wrapper that records every command a
// job sends (to count archive reads), and a probe that keeps the device's 11h reply.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "actors/jobs/job.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::actors::test {

/// Runs `inner` unchanged and records the code of each command it sends. Written by the
/// register's thread, read by the test after the answer (the answer orders them).
class counting_job : public jobs::job {
 public:
  explicit counting_job(std::shared_ptr<jobs::job> inner) : inner_(std::move(inner)) {}

  std::optional<jobs::command_step> next() override {
    auto step = inner_->next();
    if (step) codes_.push_back(shtrih::command_code::peek(step->command).value());
    return step;
  }
  void on_outcome(const shtrih::link_outcome& outcome) override { inner_->on_outcome(outcome); }
  void on_line_restored() override { inner_->on_line_restored(); }
  void on_deadline() override { inner_->on_deadline(); }
  bool finished() const override { return inner_->finished(); }
  const jobs::job_failure& failure() const override { return inner_->failure(); }
  void set_known_shift(const jobs::shift_opening& opening) override {
    given_ = opening;
    inner_->set_known_shift(opening);
  }
  std::optional<jobs::shift_opening> known_shift() const override { return inner_->known_shift(); }

  /// How many times the job sent `code`.
  int sent(std::uint16_t code) const { return static_cast<int>(std::count(codes_.begin(), codes_.end(), code)); }
  const std::vector<std::uint16_t>& codes() const { return codes_; }
  /// What the register handed the job before it started, if anything.
  const std::optional<jobs::shift_opening>& given() const { return given_; }

 private:
  std::shared_ptr<jobs::job> inner_;
  std::vector<std::uint16_t> codes_;
  std::optional<jobs::shift_opening> given_;
};

/// Asks 11h once and keeps the decoded reply (the device's date, time, INN...).
class full_status_probe : public jobs::job {
 public:
  std::optional<jobs::command_step> next() override {
    if (done_ || sent_) return std::nullopt;
    sent_ = true;
    return jobs::command_step{shtrih::full_status_request{}.encode(), shtrih::milliseconds{3000}, false};
  }
  void on_outcome(const shtrih::link_outcome& outcome) override {
    if (outcome.what == shtrih::link_outcome::kind::reply) {
      auto decoded = shtrih::decode_reply<shtrih::full_status_reply>(outcome.reply);
      if (decoded.ok()) {
        reply = *decoded.value;
        done_ = true;
        return;
      }
    }
    sent_ = false;  // ask again
  }
  void on_line_restored() override { sent_ = false; }
  void on_deadline() override {
    if (done_) return;
    failure_.kind = jobs::failure_kind::timeout;
    failure_.message = "no 11h before the deadline";
    done_ = true;
  }
  bool finished() const override { return done_; }
  const jobs::job_failure& failure() const override { return failure_; }

  std::optional<shtrih::full_status_reply> reply;

 private:
  bool sent_ = false;
  bool done_ = false;
  jobs::job_failure failure_;
};

/// Sends one command once; succeeds when the device answers ERR = 0 (test set-up steps
/// such as opening a receipt that a later job must deal with).
class one_command_job : public jobs::job {
 public:
  explicit one_command_job(bytes command) : command_(std::move(command)) {}
  std::optional<jobs::command_step> next() override {
    if (done_ || sent_) return std::nullopt;
    sent_ = true;
    return jobs::command_step{command_, shtrih::milliseconds{10000}, false};
  }
  void on_outcome(const shtrih::link_outcome& outcome) override {
    done_ = true;
    if (outcome.what == shtrih::link_outcome::kind::reply && shtrih::parse_reply_header(outcome.reply).error == 0)
      return;
    failure_.kind = jobs::failure_kind::safe;
    failure_.message = "the device did not accept the command";
  }
  void on_line_restored() override { on_deadline(); }
  void on_deadline() override {
    if (done_) return;
    failure_.kind = jobs::failure_kind::timeout;
    failure_.message = "no answer";
    done_ = true;
  }
  bool finished() const override { return done_; }
  const jobs::job_failure& failure() const override { return failure_; }

 private:
  bytes command_;
  bool sent_ = false;
  bool done_ = false;
  jobs::job_failure failure_;
};

}  // namespace ws::actors::test
