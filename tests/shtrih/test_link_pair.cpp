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

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "protocol/shtrih/device_link.hpp"
#include "protocol/shtrih/frame.hpp"
#include "protocol/shtrih/host_link.hpp"

using namespace ws;
using namespace ws::shtrih;
using std::chrono::microseconds;
using outcome_kind = link_outcome::kind;

namespace {

struct line_faults {
  double drop = 0;     ///< share of bytes lost
  double damage = 0;   ///< share of bytes turned into noise
  double delay = 0;    ///< share of bytes held back 60..200 ms
};

struct line_counts {
  long sent = 0, dropped = 0, damaged = 0, delayed = 0;
};

bool is_symbol(byte_t b) { return b == STX || b == ENQ || b == ACK || b == NAK; }

/// One direction of the serial line: FIFO, 100 us per byte, 1..3 ms latency.
class sim_line {
 public:
  sim_line(line_faults faults, std::mt19937& rng) : faults_(faults), rng_(rng) {}

  void write(const bytes& data, time_point now) {
    for (byte_t b : data) {
      ++counts.sent;
      if (chance(faults_.drop)) {
        ++counts.dropped;
        continue;
      }
      ++since_damage_;
      if (since_damage_ > damage_spacing && chance(faults_.damage)) {
        since_damage_ = 0;
        ++counts.damaged;
        do b = static_cast<byte_t>(b ^ (1 + rng_() % 255));
        while (is_symbol(b));
      }
      auto latency = microseconds(1000 + rng_() % 2000);
      if (chance(faults_.delay)) {
        ++counts.delayed;
        latency += microseconds(60000 + rng_() % 140000);
      }
      time_point at = now + latency;
      if (!queue_.empty() && at < queue_.back().first + microseconds(100))
        at = queue_.back().first + microseconds(100);
      queue_.emplace_back(at, b);
    }
  }

  std::optional<time_point> next_arrival() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.front().first;
  }

  /// Bytes due by `now`, in order.
  bytes arrived(time_point now) {
    bytes out;
    while (!queue_.empty() && queue_.front().first <= now) {
      out.push_back(queue_.front().second);
      queue_.pop_front();
    }
    return out;
  }

  bool empty() const { return queue_.empty(); }

  line_counts counts;

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  /// Fewest bytes between two damaged ones: one damaged byte per frame at most, since
  /// two in one frame damaged by the same XOR mask pass the LRC (see the top of the file).
  static constexpr long damage_spacing = 300;

  line_faults faults_;
  std::mt19937& rng_;
  long since_damage_ = damage_spacing;
  std::deque<std::pair<time_point, byte_t>> queue_;
};

struct pair_report {
  int commands = 0;
  int replies = 0;
  int not_delivered = 0;
  int no_reply_executed = 0;
  int no_reply_not_executed = 0;
  long forged_commands = 0;
  long forged_replies = 0;
  long resent_after_run = 0;  ///< frames the device received again after it ran them
  // Soak only (pair_setup::soak); otherwise these fail at once.
  int forged_seeds = 0;         ///< seeds skipped: a forged frame passed the LRC
  int wrong_not_delivered = 0;  ///< not_delivered for a command the device ran
  int wrong_replies = 0;        ///< a reply that is not the device's answer to the command
  int ran_twice = 0;            ///< commands the device ran more than once
  line_counts to_device, to_host;
};

void earliest(std::optional<time_point>& best, std::optional<time_point> t) {
  if (t && (!best || *t < *best)) best = t;
}

/// Command `id`: a code the host link checks against the reply, the id, and filler.
bytes make_command(std::uint32_t id, std::mt19937& rng) {
  static const byte_t codes[] = {0x11, 0x13, 0x8D, 0xFF};
  bytes cmd;
  const byte_t code = codes[rng() % 4];
  cmd.push_back(code);
  if (code == 0xFF) cmd.push_back(0x46);
  byte_writer(cmd).u32(id);
  const std::size_t filler = rng() % 4 == 0 ? rng() % 200 : rng() % 16;
  for (std::size_t i = 0; i < filler; ++i) cmd.push_back(static_cast<byte_t>(rng()));
  return cmd;
}

/// The device's answer: the command code, error 0, the command's id and a serial number
/// of the execution, so every reply names the one run it came from.
bytes make_reply(const bytes& cmd, std::uint16_t serial) {
  const std::size_t code_size = cmd[0] == 0xFF ? 2 : 1;
  bytes reply(cmd.begin(), cmd.begin() + static_cast<std::ptrdiff_t>(code_size));
  reply.push_back(0x00);
  reply.insert(reply.end(), cmd.begin() + static_cast<std::ptrdiff_t>(code_size),
               cmd.begin() + static_cast<std::ptrdiff_t>(code_size + 4));
  byte_writer(reply).u16(serial);
  return reply;
}

/// Prints one seed's whole conversation when WS_PAIR_TRACE names that seed: the tool
/// for reading what went wrong when a check fails.
struct tracer {
  explicit tracer(std::uint32_t seed) {
    const char* env = std::getenv("WS_PAIR_TRACE");
    on = env && std::strtoul(env, nullptr, 10) == seed;
  }
  void bytes_at(time_point now, const char* what, const bytes& b) const {
    if (!on || b.empty()) return;
    std::printf("%12lld %s", static_cast<long long>(std::chrono::duration_cast<microseconds>(now.time_since_epoch()).count()), what);
    for (byte_t x : b) std::printf(" %02X", x);
    std::printf("\n");
  }
  void note(const char* what, long value) const {
    if (on) std::printf("%s %ld\n", what, value);
  }
  bool on = false;
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
  host_link host{timing};
  device_link device{timing};
  sim_line to_device{faults, rng};
  sim_line to_host{faults, rng};

  std::vector<bytes> commands;
  std::map<bytes, std::uint32_t> id_of;  // every command payload the host sent
  std::map<bytes, int> executions;       // command payload -> times the device ran it
  std::set<bytes> replies_made;          // every reply the device produced
  std::vector<std::optional<link_outcome>> outcomes(static_cast<std::size_t>(command_count));
  pair_report report;
  frame_decoder shadow{timing.byte_timeout};  // what the device's decoder sees
  const tracer trace{seed};

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
    if (auto b = to_device.arrived(now); !b.empty()) {
      // A frame of a command the device already ran is what a device without duplicate
      // detection (a real register may have none) would run a second time.
      std::vector<frame_event> seen;
      shadow.feed(b.data(), b.size(), now, seen);
      for (const auto& ev : seen)
        if (ev.what == frame_event::kind::frame && executions.count(ev.data)) ++report.resent_after_run;
      trace.bytes_at(now, ">D", b);
      for (byte_t x : b) device.on_bytes(&x, 1, now);
    }
    if (auto b = to_host.arrived(now); !b.empty()) {
      trace.bytes_at(now, ">H", b);
      host.on_bytes(b.data(), b.size(), now);
    }
    if (auto d = device.next_deadline(); d && *d <= now) device.on_timer(now);
    if (auto d = host.next_deadline(); d && *d <= now) host.on_timer(now);
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
    {
      const bytes from_host = host.take_output();
      const bytes from_device = device.take_output();
      trace.bytes_at(now, "H>", from_host);
      trace.bytes_at(now, "D>", from_device);
      to_device.write(from_host, now);
      to_host.write(from_device, now);
    }

    std::optional<time_point> next;
    earliest(next, to_device.next_arrival());
    earliest(next, to_host.next_arrival());
    earliest(next, device.next_deadline());
    earliest(next, host.next_deadline());
    earliest(next, exec_done);
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
  for (int i = 0; i < command_count; ++i) {
    INFO("seed " << seed << " command " << i);
    const auto& out = outcomes[static_cast<std::size_t>(i)];
    REQUIRE(out);
    const bytes& cmd = commands[static_cast<std::size_t>(i)];
    const int ran = executions.count(cmd) ? executions.at(cmd) : 0;
    switch (out->what) {
      case outcome_kind::reply: {
        ++report.replies;
        if (!replies_made.count(out->reply)) {
          ++report.forged_replies;
          break;
        }
        // The reply names our command: code and id as sent.
        const bytes expected_prefix = make_reply(cmd, 0);
        if (setup.soak && (ran != 1 || out->reply.size() != expected_prefix.size() ||
                           !std::equal(expected_prefix.begin(), expected_prefix.end() - 2, out->reply.begin()))) {
          ++report.wrong_replies;
          WARN("seed " << seed << " command " << i << ": a reply that is not the answer to it (ran " << ran << ")");
          break;
        }
        REQUIRE(ran == 1);
        REQUIRE(out->reply.size() == expected_prefix.size());
        REQUIRE(std::equal(expected_prefix.begin(), expected_prefix.end() - 2, out->reply.begin()));
        break;
      }
      case outcome_kind::not_delivered:
        ++report.not_delivered;
        if (setup.soak && ran != 0) {
          ++report.wrong_not_delivered;
          WARN("seed " << seed << " command " << i << ": not_delivered, but the device ran it");
          break;
        }
        REQUIRE(ran == 0);
        break;
      case outcome_kind::no_reply:
        ++(ran ? report.no_reply_executed : report.no_reply_not_executed);
        break;
    }
  }
  report.commands = command_count;
  report.to_device = to_device.counts;
  report.to_host = to_host.counts;
  return report;
}

/// How many seeds a case runs: `usual`, or WS_PAIR_SEEDS for a longer soak.
int seed_count(int usual) {
  const char* env = std::getenv("WS_PAIR_SEEDS");
  return env ? static_cast<int>(std::strtol(env, nullptr, 10)) : usual;
}

pair_report run_seeds(std::uint32_t first_seed, int seeds, int commands_each, line_faults faults,
                      pair_setup setup = {}) {
  pair_report total;
  for (int s = 0; s < seeds; ++s) {
    const pair_report r = run_pair(first_seed + static_cast<std::uint32_t>(s), commands_each, faults, setup);
    total.commands += r.commands;
    total.replies += r.replies;
    total.not_delivered += r.not_delivered;
    total.no_reply_executed += r.no_reply_executed;
    total.no_reply_not_executed += r.no_reply_not_executed;
    total.forged_commands += r.forged_commands;
    total.forged_replies += r.forged_replies;
    total.resent_after_run += r.resent_after_run;
    total.forged_seeds += r.forged_seeds;
    total.wrong_not_delivered += r.wrong_not_delivered;
    total.wrong_replies += r.wrong_replies;
    total.ran_twice += r.ran_twice;
    total.to_device.sent += r.to_device.sent;
    total.to_device.dropped += r.to_device.dropped;
    total.to_device.damaged += r.to_device.damaged;
    total.to_device.delayed += r.to_device.delayed;
    total.to_host.sent += r.to_host.sent;
    total.to_host.dropped += r.to_host.dropped;
    total.to_host.damaged += r.to_host.damaged;
    total.to_host.delayed += r.to_host.delayed;
  }
  WARN("commands " << total.commands << ": reply " << total.replies << ", not_delivered "
                   << total.not_delivered << ", no_reply (ran) " << total.no_reply_executed
                   << ", no_reply (did not run) " << total.no_reply_not_executed << "; forged commands "
                   << total.forged_commands << ", forged replies " << total.forged_replies
                   << ", frames resent after they ran " << total.resent_after_run
                   << "; soak: seeds skipped as forged " << total.forged_seeds << ", wrong not_delivered "
                   << total.wrong_not_delivered << ", wrong replies " << total.wrong_replies << ", ran twice "
                   << total.ran_twice
                   << "; bytes to device " << total.to_device.sent << " (lost " << total.to_device.dropped
                   << ", damaged " << total.to_device.damaged << ", late " << total.to_device.delayed
                   << "), to host " << total.to_host.sent << " (lost " << total.to_host.dropped
                   << ", damaged " << total.to_host.damaged << ", late " << total.to_host.delayed << ")");
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
std::uint32_t soak_first_seed() {
  const char* env = std::getenv("WS_PAIR_SOAK_FIRST");
  return env ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)) : 10000u;
}

void soak(line_faults faults, milliseconds probe_interval) {
  // Seeds where the LRC let a forged frame through are outside the fault model: they are
  // skipped (and named by a warning); every other seed must keep every promise, and each
  // broken one is named by a warning and counted.
  const auto r = run_seeds(soak_first_seed(), seed_count(3000), 200, faults, pair_setup{probe_interval, true});
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
