// Host and device of one low level talking over a simulated serial line that the fuzzer
// controls: each write (everything one side had to say at that moment) is either lost
// whole or delivered after a delay the input chooses, in order, as a real line would.
// Whole writes only: a line that cuts or changes bytes can forge a frame that passes the
// XOR LRC, which no protocol check can tell from a real one (the link soaks cover that).
// First byte: the level. Eight commands are sent one after the other.
// Checks: the device never runs a command twice; every command ends with one outcome
// within a bounded time; a reply outcome is the device's answer to that very command.

#include <chrono>
#include <deque>
#include <map>
#include <utility>

#include "fuzz/fuzz_input.hpp"
#include "protocol/shtrih/any_host_link.hpp"
#include "protocol/shtrih/device_link.hpp"
#include "protocol/shtrih/packet_device_link.hpp"

using namespace ws;
using ws::fuzz::fail;
using namespace ws::shtrih;

namespace {

constexpr int command_count = 8;
constexpr milliseconds answer_timeout{2000};

/// One direction: whole writes, FIFO.
class line {
 public:
  void write(const bytes& data, time_point now, fuzz::input& in) {
    if (data.empty()) return;
    const std::uint8_t fault = in.byte();
    if (fault >= 224) return;  // lost (1/8 of the decisions; none once the input ends)
    time_point at = now + milliseconds(1 + (fault % 32) * 4);
    if (!queue_.empty() && at < queue_.back().first) at = queue_.back().first;
    queue_.emplace_back(at, data);
  }
  std::optional<time_point> next() const {
    if (queue_.empty()) return std::nullopt;
    return queue_.front().first;
  }
  bool due(time_point now) const { return !queue_.empty() && queue_.front().first <= now; }
  bytes pop() {
    bytes out = std::move(queue_.front().second);
    queue_.pop_front();
    return out;
  }

 private:
  std::deque<std::pair<time_point, bytes>> queue_;
};

bytes reply_to(const bytes& command) { return bytes{command.at(0), 0x00, command.at(1), 0x77}; }

template <class Device>
void run(low_level level, fuzz::input& in) {
  any_host_link host(level, link_timing{});
  Device device(link_timing{});
  line to_device, to_host;
  time_point now{};
  std::map<bytes, int> runs;  // command -> times the device ran it
  int sent = 0, outcomes = 0;
  bytes current;
  std::optional<time_point> reply_at;  // the device answers its command then
  bytes running;

  for (long step = 0;; ++step) {
    if (step > 200000) fail("the simulation does not end");
    if (now - time_point{} > std::chrono::minutes(30)) fail("exchanges did not end within 30 minutes");
    if (host.idle() && outcomes == sent && sent < command_count) {
      current = bytes{0x10, static_cast<byte_t>(sent), 0x1E, 0x00};
      host.send(current, answer_timeout, now);
      ++sent;
    }
    to_device.write(host.take_output(), now, in);
    to_host.write(device.take_output(), now, in);
    while (auto command = device.take_command()) {
      if (++runs[*command] > 1) fail("the device ran a command twice");
      running = *command;
      reply_at = now + milliseconds(in.byte());
    }
    while (auto outcome = host.take_outcome()) {
      ++outcomes;
      if (outcome->what == link_outcome::kind::reply && outcome->reply != reply_to(current))
        fail("a reply that is not the answer to the command");
    }
    if (outcomes > sent) fail("more outcomes than commands");
    if (outcomes == sent) {
      if (sent == command_count) return;
      if (host.idle()) continue;  // the next command goes out at the top of the loop
    }

    std::optional<time_point> next;
    const auto consider = [&](std::optional<time_point> t) {
      if (t && (!next || *t < *next)) next = t;
    };
    consider(host.next_deadline());
    consider(device.next_deadline());
    consider(to_device.next());
    consider(to_host.next());
    consider(reply_at);
    if (!next) fail("a command waits with nothing left to happen");
    if (*next > now) now = *next;

    if (reply_at && *reply_at <= now) {
      reply_at.reset();
      device.set_reply(reply_to(running));
    }
    while (to_device.due(now)) {
      const bytes b = to_device.pop();
      device.on_bytes(b.data(), b.size(), now);
    }
    while (to_host.due(now)) {
      const bytes b = to_host.pop();
      host.on_bytes(b.data(), b.size(), now);
    }
    if (auto d = device.next_deadline(); d && *d <= now) device.on_timer(now);
    if (auto d = host.next_deadline(); d && *d <= now) host.on_timer(now);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::input in(data, size);
  if (in.byte() % 2 == 0)
    run<device_link>(low_level::standard, in);
  else
    run<packet_device_link>(low_level::packet, in);
  return 0;
}
