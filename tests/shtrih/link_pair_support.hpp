#pragma once
// What the link pair simulations of both low levels share (test_link_pair.cpp for the
// standard level, test_packet_link_pair.cpp for the packet level): the simulated serial
// line, the commands and replies the simulated device runs and gives, the tally of a run,
// and the steps of the simulation loop that do not depend on the level. The loop itself,
// and the checks of each level's promises, stay in the test files: they differ.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <type_traits>
#include <utility>
#include <vector>

#include "protocol/common/bytes.hpp"
#include "protocol/shtrih/link_timing.hpp"
#include "protocol/shtrih/host_link.hpp"  // link_outcome, used by both levels

namespace ws::shtrih::test {

using std::chrono::microseconds;

struct line_faults {
  double drop = 0;     ///< share of bytes lost
  double damage = 0;   ///< share of bytes turned into another value
  double delay = 0;    ///< share of bytes held back 60..200 ms
};

struct line_counts {
  long sent = 0, dropped = 0, damaged = 0, delayed = 0;

  line_counts& operator+=(const line_counts& other) {
    sent += other.sent;
    dropped += other.dropped;
    damaged += other.damaged;
    delayed += other.delayed;
    return *this;
  }
};

/// Limits on how the line damages bytes, for a level whose checks cannot catch some damage
/// (the standard level's one-byte symbols and its XOR LRC); none by default.
struct damage_limits {
  /// Fewest bytes passed on between two damaged ones.
  long min_spacing = 0;
  /// Byte values damage must not produce (nullptr: any value).
  bool (*forbidden)(byte_t) = nullptr;
};

/// One direction of the serial line: FIFO, 100 us per byte, 1..3 ms latency.
class sim_line {
 public:
  sim_line(line_faults faults, std::mt19937& rng, damage_limits limits = {})
      : faults_(faults), limits_(limits), rng_(rng), since_damage_(limits.min_spacing) {}

  void write(const bytes& data, time_point now) {
    for (byte_t b : data) {
      ++counts.sent;
      if (chance(faults_.drop)) {
        ++counts.dropped;
        continue;
      }
      ++since_damage_;
      if (since_damage_ > limits_.min_spacing && chance(faults_.damage)) {
        since_damage_ = 0;
        ++counts.damaged;
        do b = static_cast<byte_t>(b ^ (1 + rng_() % 255));
        while (limits_.forbidden && limits_.forbidden(b));
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

  line_counts counts;

 private:
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }

  line_faults faults_;
  damage_limits limits_;
  std::mt19937& rng_;
  long since_damage_;
  std::deque<std::pair<time_point, byte_t>> queue_;
};

/// What a run of the pair counts on either level; each test file adds its level's own.
struct pair_tally {
  int commands = 0;
  int replies = 0;
  int not_delivered = 0;
  int no_reply_executed = 0;
  int no_reply_not_executed = 0;
  long forged_commands = 0;      ///< commands the device ran that the host never sent
  long forged_replies = 0;       ///< reply outcomes the device never produced
  // Soak only; otherwise these fail at once.
  int forged_seeds = 0;          ///< seeds skipped: a forged frame or packet passed the check
  int wrong_not_delivered = 0;   ///< not_delivered for a command the device ran
  int wrong_replies = 0;         ///< a reply that is not the device's answer to the command
  int ran_twice = 0;             ///< commands the device ran more than once
  line_counts to_device, to_host;

  void add(const pair_tally& r) {
    commands += r.commands;
    replies += r.replies;
    not_delivered += r.not_delivered;
    no_reply_executed += r.no_reply_executed;
    no_reply_not_executed += r.no_reply_not_executed;
    forged_commands += r.forged_commands;
    forged_replies += r.forged_replies;
    forged_seeds += r.forged_seeds;
    wrong_not_delivered += r.wrong_not_delivered;
    wrong_replies += r.wrong_replies;
    ran_twice += r.ran_twice;
    to_device += r.to_device;
    to_host += r.to_host;
  }
};

// Parts of the summary a run of seeds prints, so both levels word them alike.

/// "commands N: reply ..., no_reply (did not run) ..."
struct outcomes_text {
  const pair_tally& tally;
};
inline std::ostream& operator<<(std::ostream& out, outcomes_text t) {
  return out << "commands " << t.tally.commands << ": reply " << t.tally.replies << ", not_delivered "
             << t.tally.not_delivered << ", no_reply (ran) " << t.tally.no_reply_executed
             << ", no_reply (did not run) " << t.tally.no_reply_not_executed;
}

/// "forged commands N, forged replies N"
struct forged_text {
  const pair_tally& tally;
};
inline std::ostream& operator<<(std::ostream& out, forged_text t) {
  return out << "forged commands " << t.tally.forged_commands << ", forged replies " << t.tally.forged_replies;
}

/// "soak: seeds skipped as forged ..., ran twice ..."
struct soak_text {
  const pair_tally& tally;
};
inline std::ostream& operator<<(std::ostream& out, soak_text t) {
  return out << "soak: seeds skipped as forged " << t.tally.forged_seeds << ", wrong not_delivered "
             << t.tally.wrong_not_delivered << ", wrong replies " << t.tally.wrong_replies << ", ran twice "
             << t.tally.ran_twice;
}

/// "bytes to device N (lost ...), to host N (lost ...)"
struct line_text {
  const pair_tally& tally;
};
inline std::ostream& operator<<(std::ostream& out, line_text t) {
  const line_counts& d = t.tally.to_device;
  const line_counts& h = t.tally.to_host;
  return out << "bytes to device " << d.sent << " (lost " << d.dropped << ", damaged " << d.damaged << ", late "
             << d.delayed << "), to host " << h.sent << " (lost " << h.dropped << ", damaged " << h.damaged
             << ", late " << h.delayed << ")";
}

inline void earliest(std::optional<time_point>& best, std::optional<time_point> t) {
  if (t && (!best || *t < *best)) best = t;
}

/// Command `id`: a code the host link checks against the reply, the id, and filler.
inline bytes make_command(std::uint32_t id, std::mt19937& rng) {
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
/// of the execution, so every reply names the one run it came from. The serial is as
/// wide as its type (each level's simulation picks one).
template <class Serial>
bytes make_reply(const bytes& cmd, Serial serial) {
  static_assert(std::is_same_v<Serial, std::uint16_t> || std::is_same_v<Serial, std::uint32_t>,
                "the serial's type says how many bytes it takes in the reply");
  const std::size_t code_size = cmd[0] == 0xFF ? 2 : 1;
  bytes reply(cmd.begin(), cmd.begin() + static_cast<std::ptrdiff_t>(code_size));
  reply.push_back(0x00);
  reply.insert(reply.end(), cmd.begin() + static_cast<std::ptrdiff_t>(code_size),
               cmd.begin() + static_cast<std::ptrdiff_t>(code_size + 4));
  byte_writer(reply).uint_le(serial, sizeof(Serial));
  return reply;
}

/// Prints one seed's whole conversation when the environment variable `env_name` names
/// that seed: the tool for reading what went wrong when a check fails.
struct tracer {
  tracer(const char* env_name, std::uint32_t seed) {
    const char* env = std::getenv(env_name);
    on = env && std::strtoul(env, nullptr, 10) == seed;
  }
  void bytes_at(time_point now, const char* what, const bytes& b) const {
    if (!on || b.empty()) return;
    std::printf("%12lld %s", micros(now), what);
    for (byte_t x : b) std::printf(" %02X", x);
    std::printf("\n");
  }
  void note(const char* what, long value) const {
    if (on) std::printf("%s %ld\n", what, value);
  }
  void note(time_point now, const char* what, long value) const {
    if (on) std::printf("%12lld %s %ld\n", micros(now), what, value);
  }
  bool on = false;

 private:
  static long long micros(time_point t) {
    return static_cast<long long>(std::chrono::duration_cast<microseconds>(t.time_since_epoch()).count());
  }
};

/// How many seeds a case runs: `usual`, or the environment variable `env_name` for a longer run.
inline int seed_count_from_env(const char* env_name, int usual) {
  const char* env = std::getenv(env_name);
  return env ? static_cast<int>(std::strtol(env, nullptr, 10)) : usual;
}

/// The first seed of a soak: `usual`, or the environment variable `env_name`.
inline std::uint32_t first_seed_from_env(const char* env_name, std::uint32_t usual) {
  const char* env = std::getenv(env_name);
  return env ? static_cast<std::uint32_t>(std::strtoul(env, nullptr, 10)) : usual;
}

/// Checks the outcome of each command against how often the device ran it, and counts the
/// outcomes into `report`: a not_delivered command must never have run. A reply is judged
/// by `check_reply(index, command, reply, ran)`, since each level names its runs its own
/// way. In a soak (`soak`) a broken promise is counted and named in a warning instead.
template <class CheckReply>
void check_outcomes(std::uint32_t seed, const std::vector<bytes>& commands,
                    const std::vector<std::optional<link_outcome>>& outcomes, const std::map<bytes, int>& executions,
                    bool soak, pair_tally& report, CheckReply check_reply) {
  for (std::size_t i = 0; i < commands.size(); ++i) {
    INFO("seed " << seed << " command " << i);
    const auto& out = outcomes[i];
    REQUIRE(out);
    const bytes& cmd = commands[i];
    const int ran = executions.count(cmd) ? executions.at(cmd) : 0;
    switch (out->what) {
      case link_outcome::kind::reply:
        ++report.replies;
        check_reply(i, cmd, out->reply, ran);
        break;
      case link_outcome::kind::not_delivered:
        ++report.not_delivered;
        if (soak && ran != 0) {
          ++report.wrong_not_delivered;
          WARN("seed " << seed << " command " << i << ": not_delivered, but the device ran it");
          break;
        }
        REQUIRE(ran == 0);
        break;
      case link_outcome::kind::no_reply:
        ++(ran ? report.no_reply_executed : report.no_reply_not_executed);
        break;
    }
  }
}

/// The line and the links of one simulation, with the steps of its loop that both levels
/// take alike.
template <class HostLink, class DeviceLink>
struct simulated_pair {
  simulated_pair(const link_timing& timing, line_faults faults, std::mt19937& rng, damage_limits limits)
      : host{timing}, device{timing}, to_device{faults, rng, limits}, to_host{faults, rng, limits} {}

  /// Hands each side the bytes due by `now` (to the device one at a time, as its UART
  /// would), then runs the timers that are due. Returns the bytes that reached the device.
  bytes deliver_due(time_point now, const tracer& trace) {
    bytes to_device_now = to_device.arrived(now);
    if (!to_device_now.empty()) {
      trace.bytes_at(now, ">D", to_device_now);
      for (byte_t x : to_device_now) device.on_bytes(&x, 1, now);
    }
    if (auto b = to_host.arrived(now); !b.empty()) {
      trace.bytes_at(now, ">H", b);
      host.on_bytes(b.data(), b.size(), now);
    }
    if (auto d = device.next_deadline(); d && *d <= now) device.on_timer(now);
    if (auto d = host.next_deadline(); d && *d <= now) host.on_timer(now);
    return to_device_now;
  }

  /// Puts what each side wrote on the line. Returns what the host wrote.
  bytes pass_output(time_point now, const tracer& trace) {
    bytes from_host = host.take_output();
    const bytes from_device = device.take_output();
    trace.bytes_at(now, "H>", from_host);
    trace.bytes_at(now, "D>", from_device);
    to_device.write(from_host, now);
    to_host.write(from_device, now);
    return from_host;
  }

  /// The earliest moment the line or a link has something to do (or the device finishes
  /// at `exec_done`); nothing when all is quiet.
  std::optional<time_point> next_event(std::optional<time_point> exec_done) const {
    std::optional<time_point> next;
    earliest(next, to_device.next_arrival());
    earliest(next, to_host.next_arrival());
    earliest(next, device.next_deadline());
    earliest(next, host.next_deadline());
    earliest(next, exec_done);
    return next;
  }

  HostLink host;
  DeviceLink device;
  sim_line to_device;
  sim_line to_host;
};

}  // namespace ws::shtrih::test
