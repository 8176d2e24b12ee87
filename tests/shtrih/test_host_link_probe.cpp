// The host asks with ENQ whether a device still has the command it took while the reply
// is due (link_timing::answer_probe_interval), so a device that lost the command to a
// reboot is noticed within about one interval instead of the whole answer timeout.
// First the host alone with the device's answers written by hand, then a host_link and a
// device_link talking to each other.

#include <catch2/catch.hpp>

#include <deque>
#include <utility>
#include <vector>

#include "host_link_support.hpp"
#include "protocol/shtrih/device_link.hpp"
#include "protocol/shtrih/frame.hpp"
#include "protocol/shtrih/host_link.hpp"

using namespace ws;
using namespace ws::shtrih;
using namespace ws::shtrih::test;
using outcome_kind = link_outcome::kind;

namespace {

const milliseconds probe_every{1000};
const link_timing timing{quiet, ack_wait, 2, probe_every};  // 3 tries in all

/// Plays the device by hand, keeping its own clock (as in test_host_link.cpp).
struct device_side : standard_device_by_hand {
  explicit device_side(link_timing t = timing) : standard_device_by_hand(t) {}

  /// Runs the exchange up to the frame's ACK; returns the time the host took it.
  time_point start_and_accept() {
    link.send(beep_cmd, answer, now);
    REQUIRE(link.take_output() == bytes{ENQ});
    REQUIRE(say({NAK}) == beep_frame);
    REQUIRE(say({ACK}).empty());
    return now;
  }

  /// The device stays silent to the end: the times (from `from`) at which the host wrote
  /// ENQ, until the exchange ends.
  std::vector<long> enqs_in_silence(time_point from) {
    std::vector<long> at;
    for (int i = 0; i < 100 && link.next_deadline(); ++i) {
      const bytes out = silence();
      if (out.empty()) continue;
      CHECK(out == bytes{ENQ});
      at.push_back(static_cast<long>(std::chrono::duration_cast<milliseconds>(now - from).count()));
    }
    return at;
  }

  void expect_reply() {
    standard_device_by_hand::expect_reply();
    CHECK_FALSE(link.take_outcome());  // once only
  }
};

}  // namespace

TEST_CASE("host notices a rebooted device after one probe interval", "[host_link][probe]") {
  device_side d;
  const time_point acked = d.start_and_accept();
  CHECK(acked == t0 + 2 * quiet);
  CHECK(d.link.next_deadline() == acked + probe_every);  // not the answer timeout
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.now == acked + probe_every);
  CHECK(d.link.next_deadline() == d.now + ack_wait);
  CHECK_FALSE(d.link.take_outcome());
  // Idle with nothing held: it lost the command. It may have run it: no_reply, not
  // not_delivered, and the frame is not written again.
  CHECK(d.say({NAK}).empty());
  CHECK(d.expect_failure() == outcome_kind::no_reply);
  CHECK(d.now == t0 + milliseconds{1150});  // was 10 100 ms plus the asking after it
}

TEST_CASE("host keeps waiting while probes are answered ACK and takes the reply once", "[host_link][probe]") {
  device_side d;
  const time_point acked = d.start_and_accept();
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say({ACK}).empty());  // still executing
  CHECK(d.now == acked + milliseconds{1050});
  CHECK(d.link.next_deadline() == d.now + probe_every);
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.now == acked + milliseconds{2050});
  CHECK(d.say({ACK}).empty());
  d.now += milliseconds{700};
  CHECK(d.say(beep_reply_frame) == bytes{ACK});
  d.expect_reply();
}

TEST_CASE("host ends as no reply when a probe is answered NAK after the device was busy", "[host_link][probe]") {
  device_side d;
  const time_point acked = d.start_and_accept();
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say({ACK}).empty());
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say({NAK}).empty());  // rebooted while executing
  CHECK(d.expect_failure() == outcome_kind::no_reply);
  CHECK(d.now == acked + milliseconds{2100});
}

TEST_CASE("host with unanswered probes still waits the whole answer timeout", "[host_link][probe]") {
  device_side d;
  const time_point acked = d.start_and_accept();
  // A probe every interval of silence (each waits ack_timeout for its answer); from the
  // answer timeout on, the asking for the reply as without probes: 3 ENQs, then give up.
  const std::vector<long> expected{1000, 2500, 4000, 5500, 7000, 8500, 10000, 10500, 11000};
  CHECK(d.enqs_in_silence(acked) == expected);
  CHECK(d.now == acked + milliseconds{11500});
  CHECK(d.expect_failure() == outcome_kind::no_reply);
}

TEST_CASE("host without probes waits the whole answer timeout as before", "[host_link][probe]") {
  link_timing no_probes = timing;
  no_probes.answer_probe_interval = milliseconds{0};
  device_side d{no_probes};
  const time_point acked = d.start_and_accept();
  CHECK(d.link.next_deadline() == acked + answer);
  const std::vector<long> expected{10000, 10500, 11000};
  CHECK(d.enqs_in_silence(acked) == expected);
  CHECK(d.expect_failure() == outcome_kind::no_reply);
}

TEST_CASE("host takes the default probe interval of one second", "[host_link][probe]") {
  CHECK(link_timing{}.answer_probe_interval == milliseconds{1000});
  host_link link;
  link.send(beep_cmd, answer, t0);
  link.take_output();
  const byte_t nak = NAK, ack = ACK;
  link.on_bytes(&nak, 1, t0);
  link.on_timer(t0 + milliseconds{50});
  CHECK(link.take_output() == beep_frame);
  link.on_bytes(&ack, 1, t0 + milliseconds{60});
  link.on_timer(t0 + milliseconds{110});
  CHECK(link.next_deadline() == t0 + milliseconds{1110});
}

TEST_CASE("host takes a reply that answers a probe with ACK", "[host_link][probe]") {
  device_side d;
  d.start_and_accept();
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say(cat({ACK}, beep_reply_frame)) == bytes{ACK});  // it held the reply
  d.expect_reply();
}

TEST_CASE("host takes a reply that crossed its probe", "[host_link][probe]") {
  device_side d;
  d.start_and_accept();
  CHECK(d.silence() == bytes{ENQ});
  // The device wrote its reply just before our ENQ reached it: the frame alone first.
  CHECK(d.say(beep_reply_frame) == bytes{ACK});
  d.expect_reply();
  // Then its answer to the ENQ (ACK and the held reply once more) finds the host idle.
  const bytes again = cat({ACK}, beep_reply_frame);
  d.link.on_bytes(again.data(), again.size(), d.now);
  d.link.on_timer(d.now + quiet);
  CHECK(d.link.take_output().empty());
  CHECK_FALSE(d.link.take_outcome());
}

TEST_CASE("host takes a reply that comes after the ACK of a probe", "[host_link][probe]") {
  device_side d;
  d.start_and_accept();
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say({ACK}).empty());
  d.now += milliseconds{200};
  CHECK(d.say(beep_reply_frame) == bytes{ACK});
  d.expect_reply();
}

TEST_CASE("host asks for a damaged reply that answers a probe", "[host_link][probe]") {
  device_side d;
  d.start_and_accept();
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say({ACK, 0x02, 0x03, 0x13}) == bytes{NAK, ENQ});
  CHECK(d.say(cat({ACK}, beep_reply_frame)) == bytes{ACK});
  d.expect_reply();
}

TEST_CASE("host does not end on a NAK that is not the answer to its probe", "[host_link][probe]") {
  device_side d;
  const time_point acked = d.start_and_accept();
  // A stray NAK while no ENQ is out: ignored, the next probe keeps its time.
  d.now += milliseconds{300};
  CHECK(d.say({NAK}).empty());
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.link.next_deadline() == acked + probe_every);
  // A probe answered by noise holding a NAK-looking byte: no answer, keep waiting.
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say({0x4C, NAK}).empty());
  CHECK_FALSE(d.link.take_outcome());
  CHECK(d.link.next_deadline() == d.now + probe_every);
  CHECK(d.silence() == bytes{ENQ});
  CHECK(d.say({ACK}).empty());
  CHECK(d.say(beep_reply_frame) == bytes{ACK});
  d.expect_reply();
}

TEST_CASE("host probes no later than the answer timeout allows", "[host_link][probe]") {
  device_side d;
  d.link.send(beep_cmd, milliseconds{800}, d.now);  // shorter than one probe interval
  d.link.take_output();
  d.say({NAK});
  d.say({ACK});
  const time_point acked = d.now;
  CHECK(d.link.next_deadline() == acked + milliseconds{800});
  const std::vector<long> expected{800, 1300, 1800};
  CHECK(d.enqs_in_silence(acked) == expected);
  CHECK(d.expect_failure() == outcome_kind::no_reply);
}

TEST_CASE("host reset while a probe is out is no reply", "[host_link][probe]") {
  device_side d;
  d.start_and_accept();
  CHECK(d.silence() == bytes{ENQ});
  d.link.reset();
  CHECK(d.expect_failure() == outcome_kind::no_reply);
}

// ---- a host_link and a device_link on a clean line -----------------------------------

namespace {

/// One direction of a clean line: what is written arrives whole 2 ms later.
struct wire {
  std::deque<std::pair<time_point, bytes>> queue;
  void write(bytes b, time_point now) {
    if (!b.empty()) queue.emplace_back(now + milliseconds{2}, std::move(b));
  }
  std::optional<time_point> next() const {
    if (queue.empty()) return std::nullopt;
    return queue.front().first;
  }
  bytes take(time_point now) {
    bytes out;
    while (!queue.empty() && queue.front().first <= now) {
      out.insert(out.end(), queue.front().second.begin(), queue.front().second.end());
      queue.pop_front();
    }
    return out;
  }
};

void earliest(std::optional<time_point>& best, std::optional<time_point> t) {
  if (t && (!best || *t < *best)) best = t;
}

struct loop_result {
  std::optional<link_outcome> outcome;
  milliseconds took{0};   ///< from send() to the outcome
  int executions = 0;     ///< commands the device took
  int frames_to_device = 0;
  int probes_answered_ack = 0;
};

/// Both links with the device executing the command for `exec_time`; if `reboot_after`
/// is given the device loses everything that long after it took the command and is deaf
/// for `boot_time`. Runs until the line is quiet and nothing waits on time.
struct link_loop {
  host_link host{timing};
  device_link device{timing};
  wire to_device, to_host;
  time_point now = t0;

  loop_result run(const bytes& command, milliseconds exec_time, std::optional<milliseconds> reboot_after = {},
                  milliseconds boot_time = milliseconds{300}) {
    loop_result r;
    const time_point sent = now;
    host.send(command, answer, now);
    std::optional<time_point> exec_done, reboot_at, deaf_until;
    frame_decoder seen_by_device{timing.byte_timeout};
    bool enq_out = false;
    for (int steps = 0; steps < 100000; ++steps) {
      if (bytes b = to_device.take(now); !b.empty()) {
        std::vector<frame_event> events;
        seen_by_device.feed(b.data(), b.size(), now, events);
        for (const auto& ev : events)
          if (ev.what == frame_event::kind::frame) ++r.frames_to_device;
        if (!deaf_until || now >= *deaf_until) device.on_bytes(b.data(), b.size(), now);
      }
      if (bytes b = to_host.take(now); !b.empty()) {
        if (enq_out && r.executions == 1 && b == bytes{ACK}) ++r.probes_answered_ack;
        host.on_bytes(b.data(), b.size(), now);
      }
      if (auto d = device.next_deadline(); d && *d <= now) device.on_timer(now);
      if (auto d = host.next_deadline(); d && *d <= now) host.on_timer(now);
      if (reboot_at && *reboot_at <= now) {
        reboot_at.reset();
        exec_done.reset();
        device.reset();
        deaf_until = now + boot_time;
      }
      if (exec_done && *exec_done <= now) {
        exec_done.reset();
        bytes reply{command[0], 0x00};
        device.set_reply(reply);
      }
      if (auto cmd = device.take_command()) {
        CHECK(*cmd == command);
        ++r.executions;
        exec_done = now + exec_time;
        if (reboot_after) reboot_at = now + *reboot_after;
      }
      if (auto out = host.take_outcome()) {
        r.outcome = std::move(out);
        r.took = std::chrono::duration_cast<milliseconds>(now - sent);
      }
      const bytes from_host = host.take_output();
      if (!from_host.empty()) enq_out = from_host == bytes{ENQ};
      to_device.write(from_host, now);
      to_host.write(device.take_output(), now);

      std::optional<time_point> next;
      earliest(next, to_device.next());
      earliest(next, to_host.next());
      earliest(next, device.next_deadline());
      earliest(next, host.next_deadline());
      earliest(next, exec_done);
      earliest(next, reboot_at);
      if (!next) return r;
      REQUIRE(*next >= now);
      now = *next;
    }
    FAIL("the links do not settle");
    return r;
  }
};

}  // namespace

TEST_CASE("link pair runs a slow command once through many probes", "[link_pair][probe]") {
  link_loop loop;
  const auto r = loop.run(beep_cmd, milliseconds{5000});
  REQUIRE(r.outcome);
  CHECK(r.outcome->what == outcome_kind::reply);
  CHECK(r.outcome->reply == bytes{0x13, 0x00});
  CHECK(r.executions == 1);
  CHECK(r.frames_to_device == 1);
  // The device takes the frame at 156 ms (2 ms line, 50 ms quiet before each answer) and
  // the host hears its ACK at 208 ms; then a probe after each 1 s of silence, answered
  // ACK (1208, 2312, 3416, 4520 ms); the reply is written at 5156 ms.
  CHECK(r.probes_answered_ack == 4);
  CHECK(r.took == milliseconds{5208});
  // The next command runs after it as usual.
  const auto next = loop.run(beep_cmd, milliseconds{10});
  REQUIRE(next.outcome);
  CHECK(next.outcome->what == outcome_kind::reply);
  CHECK(next.executions == 1);
}

TEST_CASE("link pair takes replies ready just around a probe once", "[link_pair][probe]") {
  // The reply gets ready from just before to just after the first probe goes out, so it
  // crosses the ENQ on the line, or answers it, or follows its ACK.
  link_loop loop;
  int replies = 0;
  for (int ms = 980; ms <= 1140; ms += 2) {
    INFO("executing for " << ms << " ms");
    const auto r = loop.run(beep_cmd, milliseconds{ms});
    REQUIRE(r.outcome);
    CHECK(r.outcome->what == outcome_kind::reply);
    CHECK(r.outcome->reply == bytes{0x13, 0x00});
    CHECK(r.executions == 1);
    CHECK(r.frames_to_device == 1);
    if (r.outcome->what == outcome_kind::reply) ++replies;
  }
  CHECK(replies == 81);
}

TEST_CASE("link pair notices a device rebooted right after taking a command", "[link_pair][probe]") {
  link_loop loop;
  const auto r = loop.run(beep_cmd, milliseconds{3000}, milliseconds{100});
  REQUIRE(r.outcome);
  CHECK(r.outcome->what == outcome_kind::no_reply);
  CHECK(r.executions == 1);
  CHECK(r.frames_to_device == 1);  // never written again
  // Taken at 156 ms, ACK heard at 208 ms, reboot at 256 ms (deaf until 556 ms), probe at
  // 1208 ms answered NAK at 1260 ms, heard at 1262 ms, judged at 1312 ms.
  CHECK(r.took == milliseconds{1312});
  // The rebooted device takes the next command.
  const auto next = loop.run(beep_cmd, milliseconds{10});
  REQUIRE(next.outcome);
  CHECK(next.outcome->what == outcome_kind::reply);
}

TEST_CASE("link pair notices a device that reboots while probes are answered", "[link_pair][probe]") {
  link_loop loop;
  // Probes at 1208 and 2312 ms answered ACK; reboot at 2656 ms, deaf until 3856 ms: the
  // probe at 3416 ms is lost (given up at 3916 ms), the one at 4916 ms answered NAK.
  const auto r = loop.run(beep_cmd, milliseconds{8000}, milliseconds{2500}, milliseconds{1200});
  REQUIRE(r.outcome);
  CHECK(r.outcome->what == outcome_kind::no_reply);
  CHECK(r.executions == 1);
  CHECK(r.frames_to_device == 1);
  CHECK(r.probes_answered_ack == 2);
  CHECK(r.took == milliseconds{5020});
}
