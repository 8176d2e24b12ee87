// A host_link and a device_link talking through a simulated serial line with a simulated
// clock. The line loses, damages and delays bytes (seeded, so every run is the same).
// Whatever the line does, the links must keep the promises the farm builds on:
//  - the device runs each command at most once;
//  - a `reply` outcome is the device's answer to that very command;
//  - a `not_delivered` command was never run (checked after the line has gone quiet);
//  - the host never writes the frame of a command the device has already run again.
//    Our device_link would not run it twice anyway, but a real register may lack that
//    duplicate check, so the host must not rely on it (counted as "frames resent after
//    they ran" by decoding what reaches the device a second time).
//
// The fault model, and why it is this one: bytes arrive in order, each either on time,
// late (up to 200 ms, well inside the host's 500 ms ACK timeout, so a late answer can
// only be mistaken for a fresher one if the line delays by more than that), lost, or
// damaged into a byte that is not a protocol symbol, at most one byte in 300. Why those
// limits: a one-byte ACK or NAK carries no check at all, so a byte damaged into another
// symbol cannot be defended against by any link logic; and the 8-bit XOR LRC misses two
// damaged bytes in one frame when both were damaged by the same bit pattern (a soak of
// 100k commands without the spacing met it twice). Both are limits of the protocol, not
// of the links. The links do defend against what delays and losses cause: frames cut
// by a late byte whose tails arrive later (full of bytes that look like ENQ/ACK/NAK/STX)
// and frames whose damaged LEN cuts them short. Each side counts frames it took that the
// other never sent ("forged"), so a miss of the LRC would be told apart from a link bug.

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "link_pair_support.hpp"
#include "protocol/shtrih/device_link.hpp"
#include "protocol/shtrih/frame.hpp"
#include "protocol/shtrih/host_link.hpp"

using namespace ws;
using namespace ws::shtrih;
using namespace ws::shtrih::test;
using outcome_kind = link_outcome::kind;

namespace {

bool is_symbol(byte_t b) { return b == STX || b == ENQ || b == ACK || b == NAK; }

/// Damage the standard level's checks can catch: never into a protocol symbol, and at
/// most one damaged byte per frame, since two in one frame damaged by the same XOR mask
/// pass the LRC (see the top of the file).
const damage_limits standard_damage{300, is_symbol};

struct pair_report : pair_tally {
  long resent_after_run = 0;  ///< frames the device received again after it ran them

  void add(const pair_report& r) {
    pair_tally::add(r);
    resent_after_run += r.resent_after_run;
  }
};

/// How a run is set up besides its line faults.
struct pair_setup {
  /// The host's answer_probe_interval (0: the host never asks while a reply is due).
  milliseconds probe_interval{1000};
  /// A soak: a seed where a frame the other side never sent passed the LRC (outside the
  /// fault model: see the top of the file; long soaks meet that limit) is counted and
  /// skipped instead of failing, and every broken promise is counted and named in a
  /// warning instead of ending the run, so one run tells how many there are.
  bool soak = false;
};

pair_report run_pair(std::uint32_t seed, int command_count, line_faults faults, pair_setup setup = {}) {
  std::mt19937 rng(seed);
  const link_timing timing{std::chrono::milliseconds{50}, std::chrono::milliseconds{500}, 5, setup.probe_interval};
  simulated_pair<host_link, device_link> pair{timing, faults, rng, standard_damage};
  host_link& host = pair.host;
  device_link& device = pair.device;

  std::vector<bytes> commands;
  std::map<bytes, std::uint32_t> id_of;  // every command payload the host sent
  std::map<bytes, int> executions;       // command payload -> times the device ran it
  std::set<bytes> replies_made;          // every reply the device produced
  std::vector<std::optional<link_outcome>> outcomes(static_cast<std::size_t>(command_count));
  pair_report report;
  frame_decoder shadow{timing.byte_timeout};  // what the device's decoder sees
  const tracer trace{"WS_PAIR_TRACE", seed};

  time_point now{};
  std::optional<time_point> next_send = now;
  std::optional<time_point> exec_done;
  bytes exec_reply;
  std::uint16_t serial = 0;
  int next_command = 0;
  int in_flight = -1;

  for (long steps = 0;; ++steps) {
    if (steps > 50000000) FAIL("seed " << seed << ": the simulation does not settle");
    // Everything due at `now`: arrivals, timers, execution, the next command.
    if (const bytes b = pair.deliver_due(now, trace); !b.empty()) {
      // A frame of a command the device already ran is what a device without duplicate
      // detection (a real register may have none) would run a second time.
      std::vector<frame_event> seen;
      shadow.feed(b.data(), b.size(), now, seen);
      for (const auto& ev : seen)
        if (ev.what == frame_event::kind::frame && executions.count(ev.data)) ++report.resent_after_run;
    }
    if (exec_done && *exec_done <= now) {
      exec_done.reset();
      device.set_reply(exec_reply);
    }
    if (!device.executing() && !exec_done) {
      if (auto cmd = device.take_command()) {
        if (!id_of.count(*cmd)) ++report.forged_commands;
        trace.note("device runs (-1: forged)", id_of.count(*cmd) ? static_cast<long>(id_of.at(*cmd)) : -1L);
        ++executions[*cmd];
        exec_reply = make_reply(*cmd, ++serial);
        replies_made.insert(exec_reply);
        // Most commands are quick; some print for a while (but within the answer timeout).
        const auto busy = rng() % 8 == 0 ? microseconds(500000 + rng() % 2000000) : microseconds(rng() % 30000);
        exec_done = now + busy;
      }
    }
    if (auto out = host.take_outcome()) {
      trace.note("outcome (0 reply, 1 not_delivered, 2 no_reply)", static_cast<long>(out->what));
      outcomes[static_cast<std::size_t>(in_flight)] = std::move(out);
      in_flight = -1;
      next_send = now + microseconds(rng() % 3 == 0 ? 0 : rng() % 100000);
    }
    if (next_send && *next_send <= now && host.idle() && next_command < command_count) {
      next_send.reset();
      in_flight = next_command++;
      commands.push_back(make_command(static_cast<std::uint32_t>(in_flight), rng));
      id_of[commands.back()] = static_cast<std::uint32_t>(in_flight);
      host.send(commands.back(), std::chrono::milliseconds{10000}, now);
      trace.note("send", in_flight);
    }
    pair.pass_output(now, trace);

    std::optional<time_point> next = pair.next_event(exec_done);
    if (next_command < command_count) earliest(next, next_send);
    if (!next) break;  // all commands done, line quiet, nothing pending
    REQUIRE(*next >= now);
    now = *next;
  }

  if (setup.soak) {
    for (const auto& out : outcomes)
      if (out && out->what == outcome_kind::reply && !replies_made.count(out->reply)) ++report.forged_replies;
    if (report.forged_commands > 0 || report.forged_replies > 0) {
      // Outside the fault model: what ran or was answered is no longer what was sent.
      WARN("seed " << seed << ": a frame the other side never sent passed the LRC (outside the fault model), skipped");
      report.forged_seeds = 1;
      report.commands = command_count;
      return report;
    }
  }
  {
    INFO("seed " << seed << ": a frame the other side never sent passed the LRC (outside the fault model)");
    REQUIRE(report.forged_commands == 0);
    for (const auto& out : outcomes)
      if (out && out->what == outcome_kind::reply) REQUIRE(replies_made.count(out->reply) == 1);
  }
  REQUIRE(next_command == command_count);
  REQUIRE(in_flight == -1);
  for (const auto& [payload, count] : executions) {
    INFO("seed " << seed);
    if (setup.soak && count != 1) {
      ++report.ran_twice;
      WARN("seed " << seed << ": a command ran " << count << " times");
      continue;
    }
    REQUIRE(count == 1);  // at most once (and the map only holds what ran)
  }
  check_outcomes(seed, commands, outcomes, executions, setup.soak, report,
                 [&](std::size_t i, const bytes& cmd, const bytes& reply, int ran) {
                   if (!replies_made.count(reply)) {
                     ++report.forged_replies;
                     return;
                   }
                   // The reply names our command: code and id as sent.
                   const bytes expected_prefix = make_reply(cmd, std::uint16_t{0});
                   if (setup.soak && (ran != 1 || reply.size() != expected_prefix.size() ||
                                      !std::equal(expected_prefix.begin(), expected_prefix.end() - 2, reply.begin()))) {
                     ++report.wrong_replies;
                     WARN("seed " << seed << " command " << i << ": a reply that is not the answer to it (ran " << ran
                                  << ")");
                     return;
                   }
                   REQUIRE(ran == 1);
                   REQUIRE(reply.size() == expected_prefix.size());
                   REQUIRE(std::equal(expected_prefix.begin(), expected_prefix.end() - 2, reply.begin()));
                 });
  report.commands = command_count;
  report.to_device = pair.to_device.counts;
  report.to_host = pair.to_host.counts;
  return report;
}

/// How many seeds a case runs: `usual`, or WS_PAIR_SEEDS for a longer soak.
int seed_count(int usual) { return seed_count_from_env("WS_PAIR_SEEDS", usual); }

pair_report run_seeds(std::uint32_t first_seed, int seeds, int commands_each, line_faults faults,
                      pair_setup setup = {}) {
  pair_report total;
  for (int s = 0; s < seeds; ++s)
    total.add(run_pair(first_seed + static_cast<std::uint32_t>(s), commands_each, faults, setup));
  WARN(outcomes_text{total} << "; " << forged_text{total} << ", frames resent after they ran "
                            << total.resent_after_run << "; " << soak_text{total} << "; " << line_text{total});
  return total;
}

}  // namespace

TEST_CASE("link pair on a clean line answers every command once", "[link_pair]") {
  const auto r = run_seeds(100, 5, 200, line_faults{});
  CHECK(r.replies == 1000);
  CHECK(r.not_delivered == 0);
  CHECK(r.no_reply_executed + r.no_reply_not_executed == 0);
  CHECK(r.to_device.dropped + r.to_host.dropped == 0);
}

TEST_CASE("link pair on a lossy line keeps at most once and true replies", "[link_pair]") {
  // Per byte: 0.2 % lost, 0.1 % damaged, 0.2 % late.
  const auto r = run_seeds(200, seed_count(20), 200, line_faults{0.002, 0.001, 0.002});
  CHECK(r.forged_commands == 0);
  CHECK(r.forged_replies == 0);
  CHECK(r.resent_after_run == 0);
  CHECK(r.replies > r.commands * 95 / 100);
  CHECK(r.to_device.dropped > 0);
  CHECK(r.to_host.damaged > 0);
}

TEST_CASE("link pair on a bad line keeps at most once and true replies", "[link_pair]") {
  // Per byte: 1 % lost, 0.5 % damaged, 1 % late.
  const auto r = run_seeds(300, seed_count(20), 200, line_faults{0.01, 0.005, 0.01});
  CHECK(r.forged_commands == 0);
  CHECK(r.forged_replies == 0);
  CHECK(r.resent_after_run == 0);
  CHECK(r.replies > r.commands * 70 / 100);
  CHECK(r.not_delivered + r.no_reply_executed + r.no_reply_not_executed > 0);
}

TEST_CASE("link pair on a hostile line keeps at most once and true replies", "[link_pair]") {
  // Per byte: 10 % lost, 3 % damaged, 5 % late. Long frames hardly ever get through;
  // what matters is that no failure breaks the promises checked in run_pair.
  const auto r = run_seeds(400, seed_count(20), 200, line_faults{0.10, 0.03, 0.05});
  CHECK(r.forged_commands == 0);
  CHECK(r.forged_replies == 0);
  CHECK(r.resent_after_run == 0);
  CHECK(r.replies > 0);
  CHECK(r.not_delivered > 0);
  CHECK(r.no_reply_executed > 0);
}

TEST_CASE("link pair on a hostile line without answer probes keeps at most once and true replies", "[link_pair]") {
  // As above with the host never asking while a reply is due: the frame phase alone.
  const auto r = run_seeds(400, seed_count(20), 200, line_faults{0.10, 0.03, 0.05}, pair_setup{milliseconds{0}, false});
  CHECK(r.forged_commands == 0);
  CHECK(r.forged_replies == 0);
  CHECK(r.resent_after_run == 0);
  CHECK(r.replies > 0);
  CHECK(r.not_delivered > 0);
  CHECK(r.no_reply_executed > 0);
}

namespace {

/// Soak seeds: WS_PAIR_SOAK_FIRST (default 10000) on, WS_PAIR_SEEDS of them (default 3000).
std::uint32_t soak_first_seed() { return first_seed_from_env("WS_PAIR_SOAK_FIRST", 10000u); }

void soak(line_faults faults, milliseconds probe_interval) {
  // Seeds where the LRC let a forged frame through are outside the fault model: they are
  // skipped (and named by a warning); every other seed must keep every promise, and each
  // broken one is named by a warning and counted.
  const int seeds = seed_count(3000);
  const auto r = run_seeds(soak_first_seed(), seeds, 200, faults, pair_setup{probe_interval, true});
  // A skipped seed checks nothing: if forgeries became common (a weaker LRC check, a
  // decoder that accepts more) the soak would pass by skipping. At most 1 seed in 20.
  INFO("forged seeds skipped: " << r.forged_seeds << " of " << seeds);
  CHECK(r.forged_seeds * 20 <= seeds);
  CHECK(r.wrong_not_delivered == 0);
  CHECK(r.ran_twice == 0);
  CHECK(r.resent_after_run == 0);
  CHECK(r.wrong_replies == 0);
}

}  // namespace

// Long runs, hidden by default (run with "[soak]"): every seed's run_pair checks that no
// command the device ran was reported not_delivered, in both probing modes.
TEST_CASE("link pair soak on a hostile line with answer probes", "[.soak]") {
  soak(line_faults{0.10, 0.03, 0.05}, milliseconds{1000});
}
TEST_CASE("link pair soak on a hostile line without answer probes", "[.soak]") {
  soak(line_faults{0.10, 0.03, 0.05}, milliseconds{0});
}
TEST_CASE("link pair soak on a bad line with answer probes", "[.soak]") {
  soak(line_faults{0.01, 0.005, 0.01}, milliseconds{1000});
}
TEST_CASE("link pair soak on a bad line without answer probes", "[.soak]") {
  soak(line_faults{0.01, 0.005, 0.01}, milliseconds{0});
}

TEST_CASE("link pair keeps the seed that once reported not delivered for a command that ran", "[link_pair]") {
  // Seed 629 on a hostile line without answer probes once ended command 19 as
  // not_delivered after the device ran it (a NAK of a cut frame's late tail taken for the
  // answer to ENQ; test_host_link.cpp pins that sequence). run_pair checks every outcome.
  const auto r = run_seeds(629, 1, 200, line_faults{0.10, 0.03, 0.05}, pair_setup{milliseconds{0}, false});
  CHECK(r.commands == 200);
  CHECK(r.resent_after_run == 0);
}

TEST_CASE("link pair never pairs a command with an older reply on the seeds that once did", "[link_pair]") {
  // Seeds 1441, 2261 and 11026 on a hostile line once gave a command the reply to the
  // command before it (same code; the new command never ran): an exchange that ended
  // no_reply left the device holding its reply, and the late last byte of that reply
  // (LRC 15h) passed for the NAK of an idle device (test_host_link.cpp pins the
  // sequence). run_pair requires every reply to be the answer to its own command.
  for (const std::uint32_t seed : {1441u, 2261u, 11026u}) {
    const auto probing = run_seeds(seed, 1, 200, line_faults{0.10, 0.03, 0.05}, pair_setup{milliseconds{1000}, false});
    CHECK(probing.commands == 200);
    const auto quiet_host = run_seeds(seed, 1, 200, line_faults{0.10, 0.03, 0.05}, pair_setup{milliseconds{0}, false});
    CHECK(quiet_host.commands == 200);
  }
}
