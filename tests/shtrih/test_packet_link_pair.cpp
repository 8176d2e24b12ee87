// A packet_host_link and a packet_device_link (the alternative low level) talking through
// a simulated serial line with a simulated clock. The line loses, damages and delays bytes
// and the device is power-cycled now and then (seeded, so every run is the same).
// Whatever happens, the links must keep the promises the farm builds on:
//  - the device runs the command of each send() at most once;
//  - a `reply` outcome is the device's answer to that very command, from its one run;
//  - a `not_delivered` command was never run (checked after the line has gone quiet).
//
// The fault model: bytes arrive in order, each either on time, late (60..200 ms, well
// inside the host's 500 ms ack timeout), lost, or damaged into any other byte value
// (stuffing symbols included, so packets also get cut and merged). A power cycle drops
// the device's number, its kept reply, any partial packet and the command it runs (which
// counts as run: it may have printed). The CRC-16 misses about one damaged packet in
// 65536, so a long soak on a bad line meets packets the other side never sent; each side
// counts those ("forged") so a miss of the CRC is told apart from a link bug. The quick
// cases require none; the soak skips such seeds and names them.
//
// The power cycles are what the host's one special rule is for: a device that ran
// request 1 and lost its reply to a restart is back at number 0, where it would run a
// repeat of request 1 again; so request 1 is never repeated. Some power cycles are placed
// just after the device wrote a reply, when that reply is most likely to be lost with it.

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <set>

#include "link_pair_support.hpp"
#include "protocol/shtrih/packet_device_link.hpp"
#include "protocol/shtrih/packet_frame.hpp"
#include "protocol/shtrih/packet_host_link.hpp"

using namespace ws;
using namespace ws::shtrih;
using namespace ws::shtrih::test;
using outcome_kind = link_outcome::kind;

namespace {

struct power_faults {
  /// Mean time between power cycles at random moments (0: none).
  milliseconds mean_interval{0};
  /// Chance that the device is power-cycled within 20 ms after it writes a reply.
  double after_reply = 0;
};

struct pair_report : pair_tally {
  long power_cycles = 0;
  long runs_lost_to_power = 0;   ///< commands taken by the device and then power-cycled away
  long first_requests = 0;       ///< requests numbered 1 the host wrote (never repeated)

  void add(const pair_report& r) {
    pair_tally::add(r);
    power_cycles += r.power_cycles;
    runs_lost_to_power += r.runs_lost_to_power;
    first_requests += r.first_requests;
  }
};

struct pair_setup {
  line_faults line;
  power_faults power;
  /// A soak: a seed where a packet the other side never sent passed the CRC is counted
  /// and skipped, and every broken promise is counted and named in a warning instead of
  /// ending the run, so one run tells how many there are.
  bool soak = false;
};

/// Exponentially distributed wait with the given mean.
microseconds random_interval(milliseconds mean, std::mt19937& rng) {
  std::exponential_distribution<double> dist(1.0 / static_cast<double>(mean.count()));
  return microseconds(static_cast<long long>(dist(rng) * 1000.0));
}

pair_report run_pair(std::uint32_t seed, int command_count, const pair_setup& setup) {
  std::mt19937 rng(seed);
  const link_timing timing{milliseconds{50}, milliseconds{500}, 5, milliseconds{1000}};
  // Damage may turn a byte into any other value: the CRC-16 checks every packet whole.
  simulated_pair<packet_host_link, packet_device_link> pair{timing, setup.line, rng, damage_limits{}};
  packet_host_link& host = pair.host;
  packet_device_link& device = pair.device;

  std::vector<bytes> commands;
  std::map<bytes, std::uint32_t> id_of;  // every command payload the host sent
  std::map<bytes, int> executions;       // command payload -> times the device ran it
  std::map<bytes, bytes> reply_of;       // command payload -> the reply of its (last) run
  std::set<bytes> replies_made;          // every reply the device produced
  std::vector<std::optional<link_outcome>> outcomes(static_cast<std::size_t>(command_count));
  pair_report report;
  packet_decoder shadow{timing.byte_timeout};  // reads what the host writes
  const tracer trace{"WS_PACKET_PAIR_TRACE", seed};

  time_point now{};
  std::optional<time_point> next_send = now;
  std::optional<time_point> exec_done;
  std::optional<time_point> power_cycle_at;
  if (setup.power.mean_interval.count() > 0) power_cycle_at = now + random_interval(setup.power.mean_interval, rng);
  bytes exec_reply;
  std::uint32_t serial = 0;
  int next_command = 0;
  int in_flight = -1;

  for (long steps = 0;; ++steps) {
    if (steps > 50000000) FAIL("seed " << seed << ": the simulation does not settle");
    if (power_cycle_at && *power_cycle_at <= now) {
      trace.note(now, "power cycle", 0);
      ++report.power_cycles;
      if (exec_done) ++report.runs_lost_to_power;
      device.reset();
      exec_done.reset();
      power_cycle_at.reset();
      if (setup.power.mean_interval.count() > 0) power_cycle_at = now + random_interval(setup.power.mean_interval, rng);
    }
    pair.deliver_due(now, trace);
    if (exec_done && *exec_done <= now) {
      exec_done.reset();
      device.set_reply(exec_reply);
      if (std::uniform_real_distribution<double>(0, 1)(rng) < setup.power.after_reply) {
        const time_point soon = now + microseconds(rng() % 20000);
        if (!power_cycle_at || soon < *power_cycle_at) power_cycle_at = soon;
      }
    }
    if (!device.executing() && !exec_done) {
      if (auto cmd = device.take_command()) {
        if (!id_of.count(*cmd)) ++report.forged_commands;
        trace.note(now, "device runs (-1: forged)", id_of.count(*cmd) ? static_cast<long>(id_of.at(*cmd)) : -1L);
        ++executions[*cmd];
        exec_reply = make_reply(*cmd, ++serial);
        reply_of[*cmd] = exec_reply;
        replies_made.insert(exec_reply);
        // Most commands are quick; some print for a while (but within the answer timeout).
        const auto busy = rng() % 8 == 0 ? microseconds(500000 + rng() % 2000000) : microseconds(rng() % 30000);
        exec_done = now + busy;
      }
    }
    if (auto out = host.take_outcome()) {
      trace.note(now, "outcome (0 reply, 1 not_delivered, 2 no_reply)", static_cast<long>(out->what));
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
      trace.note(now, "send", in_flight);
    }
    {
      const bytes from_host = pair.pass_output(now, trace);
      std::vector<packet_event> written;
      shadow.feed(from_host.data(), from_host.size(), now, written);
      for (const auto& ev : written)
        if (ev.what == packet_event::kind::packet && ev.value.type == packet::kind::data && ev.value.number == 1)
          ++report.first_requests;
    }

    std::optional<time_point> next = pair.next_event(exec_done);
    if (next_command < command_count) {
      earliest(next, next_send);
      earliest(next, power_cycle_at);  // no more power cycles once the work is done
    }
    if (!next) break;  // all commands done, line quiet, nothing pending
    REQUIRE(*next >= now);
    now = *next;
  }

  for (const auto& out : outcomes)
    if (out && out->what == outcome_kind::reply && !replies_made.count(out->reply)) ++report.forged_replies;
  if (setup.soak && (report.forged_commands > 0 || report.forged_replies > 0)) {
    // Outside the fault model: what ran or was answered is no longer what was sent.
    WARN("seed " << seed << ": a packet the other side never sent passed the CRC (outside the fault model), skipped");
    report.forged_seeds = 1;
    report.commands = command_count;
    return report;
  }
  {
    INFO("seed " << seed << ": a packet the other side never sent passed the CRC (outside the fault model)");
    REQUIRE(report.forged_commands == 0);
    REQUIRE(report.forged_replies == 0);
  }
  REQUIRE(next_command == command_count);
  REQUIRE(in_flight == -1);
  for (const auto& [payload, count] : executions) {
    INFO("seed " << seed << " command " << id_of.at(payload));
    if (setup.soak && count != 1) {
      ++report.ran_twice;
      WARN("seed " << seed << " command " << id_of.at(payload) << ": ran " << count << " times");
      continue;
    }
    REQUIRE(count == 1);  // at most once (and the map only holds what ran)
  }
  check_outcomes(seed, commands, outcomes, executions, setup.soak, report,
                 [&](std::size_t i, const bytes& cmd, const bytes& reply, int ran) {
                   // The reply of this command's run: code, id and the run's serial.
                   const bool right = ran >= 1 && reply == reply_of.at(cmd);
                   if (setup.soak && !right) {
                     ++report.wrong_replies;
                     WARN("seed " << seed << " command " << i << ": a reply that is not the answer to it (ran " << ran
                                  << ")");
                     return;
                   }
                   REQUIRE(ran == 1);
                   REQUIRE(reply == reply_of.at(cmd));
                 });
  report.commands = command_count;
  report.to_device = pair.to_device.counts;
  report.to_host = pair.to_host.counts;
  return report;
}

/// How many seeds a case runs: `usual`, or WS_PACKET_PAIR_SEEDS for a longer run.
int seed_count(int usual) { return seed_count_from_env("WS_PACKET_PAIR_SEEDS", usual); }

pair_report run_seeds(std::uint32_t first_seed, int seeds, int commands_each, const pair_setup& setup) {
  pair_report total;
  for (int s = 0; s < seeds; ++s) total.add(run_pair(first_seed + static_cast<std::uint32_t>(s), commands_each, setup));
  WARN(outcomes_text{total} << "; power cycles " << total.power_cycles << " (runs cut short "
                            << total.runs_lost_to_power << "); requests numbered 1 written " << total.first_requests
                            << "; " << forged_text{total} << "; " << soak_text{total} << "; " << line_text{total});
  return total;
}

const line_faults clean_line{};
const line_faults lossy_line{0.002, 0.001, 0.002};  // per byte: 0.2 % lost, 0.1 % damaged, 0.2 % late
const line_faults bad_line{0.01, 0.005, 0.01};
const line_faults hostile_line{0.10, 0.03, 0.05};
const power_faults no_power_cycles{};
const power_faults power_cycles{milliseconds{30000}, 0.01};

}  // namespace

TEST_CASE("packet link pair on a clean line answers every command once", "[packet_link_pair]") {
  const auto r = run_seeds(100, 5, 200, pair_setup{clean_line, no_power_cycles, false});
  CHECK(r.replies == 1000);
  CHECK(r.not_delivered == 0);
  CHECK(r.no_reply_executed + r.no_reply_not_executed == 0);
  CHECK(r.first_requests == 5);  // one per seed: the first command after power-on
}

TEST_CASE("packet link pair on a lossy line keeps at most once and true replies", "[packet_link_pair]") {
  const auto r = run_seeds(200, seed_count(10), 200, pair_setup{lossy_line, no_power_cycles, false});
  CHECK(r.replies > r.commands * 95 / 100);
  CHECK(r.to_device.dropped > 0);
  CHECK(r.to_host.damaged > 0);
}

TEST_CASE("packet link pair with power cycles keeps at most once and true replies", "[packet_link_pair]") {
  const auto r = run_seeds(300, seed_count(10), 200, pair_setup{lossy_line, power_cycles, false});
  CHECK(r.power_cycles > 0);
  CHECK(r.runs_lost_to_power > 0);
  CHECK(r.no_reply_executed > 0);
  CHECK(r.replies > r.commands * 70 / 100);
}

TEST_CASE("packet link pair on a bad line with power cycles keeps at most once and true replies", "[packet_link_pair]") {
  const auto r = run_seeds(400, seed_count(10), 200, pair_setup{bad_line, power_cycles, false});
  CHECK(r.power_cycles > 0);
  CHECK(r.replies > r.commands * 60 / 100);
  CHECK(r.no_reply_executed + r.no_reply_not_executed > 0);
}

TEST_CASE("packet link pair on a hostile line keeps at most once and true replies", "[packet_link_pair]") {
  const auto r = run_seeds(600, seed_count(5), 200, pair_setup{hostile_line, no_power_cycles, false});
  // Per byte: 10 % lost, 3 % damaged, 5 % late: a packet of 15 bytes gets through one
  // time in eight, so most exchanges fail; none may break the promises.
  CHECK(r.replies > 0);
  CHECK(r.not_delivered > 0);
  CHECK(r.no_reply_executed > 0);
}

TEST_CASE("packet link pair on a hostile line with power cycles keeps at most once and true replies", "[packet_link_pair]") {
  // Per byte: 10 % lost, 3 % damaged, 5 % late: long packets hardly ever get through;
  // what matters is that no failure breaks the promises checked in run_pair.
  const auto r = run_seeds(500, seed_count(5), 200, pair_setup{hostile_line, power_cycles, false});
  CHECK(r.replies > 0);
  CHECK(r.not_delivered > 0);
  CHECK(r.no_reply_executed > 0);
  CHECK(r.no_reply_not_executed > 0);
}

namespace {

/// Soak seeds: WS_PACKET_PAIR_SOAK_FIRST (default 10000) on, WS_PACKET_PAIR_SEEDS of them
/// (default 1000).
std::uint32_t soak_first_seed() { return first_seed_from_env("WS_PACKET_PAIR_SOAK_FIRST", 10000u); }

void soak(line_faults line, power_faults power) {
  const int seeds = seed_count(1000);
  const auto r = run_seeds(soak_first_seed(), seeds, 200, pair_setup{line, power, true});
  // A skipped seed checks nothing: with a 16-bit CRC forgeries are rare, and a soak that
  // passes by skipping must fail instead. At most 1 seed in 100.
  INFO("forged seeds skipped: " << r.forged_seeds << " of " << seeds);
  CHECK(r.forged_seeds * 100 <= seeds);
  CHECK(r.wrong_not_delivered == 0);
  CHECK(r.ran_twice == 0);
  CHECK(r.wrong_replies == 0);
}

}  // namespace

// Long runs, hidden by default (run with "[soak]" or "[.soak]"): every seed's run_pair
// checks each outcome; broken promises are counted over all seeds.
TEST_CASE("packet link pair soak on a hostile line with power cycles", "[.soak][packet_soak]") {
  soak(hostile_line, power_cycles);
}
TEST_CASE("packet link pair soak on a bad line with power cycles", "[.soak][packet_soak]") {
  soak(bad_line, power_cycles);
}
TEST_CASE("packet link pair soak on a bad line with frequent power cycles after replies", "[.soak][packet_soak]") {
  soak(bad_line, power_faults{milliseconds{2000}, 0.3});
}
