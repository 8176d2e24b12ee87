#include "protocol/shtrih/packet_device_link.hpp"

#include <utility>
#include <vector>

#include "protocol/shtrih/packet_frame.hpp"

namespace ws::shtrih {

// The device keeps the number of the last command it executed (0 after power-on, so the
// first request it runs is numbered 1) and that command's reply packet, already encoded.
// A request numbered one past it is a new command; any other request is the host having
// lost sync (or repeating a request whose reply it missed), and the kept reply tells it
// where the device stands without running anything twice. A ping gets the same answer.
//
// A command run with no reply (set_reply() with nothing, e.g. a reboot) still counts as
// executed: its number becomes the current one and, with no reply to keep, questions are
// answered with a type II packet naming that number, so a repeat never runs it again.
struct packet_device_link::impl {
  explicit impl(link_timing t) : decoder(t.byte_timeout) {}

  packet_decoder decoder;
  bytes output;
  packet_number last_number = 0;
  std::optional<bytes> kept_reply;  ///< the last reply packet, physical format
  std::optional<bytes> queued;      ///< accepted, waiting for take_command()
  packet_number queued_number = 0;  ///< the number of the command queued or running
  bool running = false;             ///< taken, waiting for set_reply()

  bool busy() const { return queued.has_value() || running; }

  void receive(const byte_t* data, std::size_t size, time_point now) {
    std::vector<packet_event> events;
    decoder.feed(data, size, now, events);
    judge(events);
  }

  void expire(time_point now) {
    std::vector<packet_event> events;
    decoder.expire(now, events);  // only drops a partial packet: nothing to answer
  }

  void judge(std::vector<packet_event>& events) {
    for (auto& ev : events) {
      // Damaged packets, garbage and packets cut by the byte timeout go unanswered: the
      // host repeats its request when it hears nothing.
      if (ev.what != packet_event::kind::packet) continue;
      // One packet in flight: while a command is queued or runs, the line is not read.
      if (busy()) continue;
      on_packet(std::move(ev.value));
    }
  }

  void on_packet(packet p) {
    const auto next = static_cast<packet_number>(last_number + 1);
    if (p.type == packet::kind::data && p.number == next) {
      queued_number = p.number;
      queued = std::move(p.data);
      return;
    }
    answer_with_state();
  }

  /// The kept reply, or a type II packet naming the current number.
  void answer_with_state() {
    if (kept_reply) {
      output.insert(output.end(), kept_reply->begin(), kept_reply->end());
      return;
    }
    packet state;
    state.type = packet::kind::numbered;
    state.number = last_number;
    const bytes encoded = encode_packet(state);
    output.insert(output.end(), encoded.begin(), encoded.end());
  }

  void clear() {
    decoder.reset();
    output.clear();
    last_number = 0;
    kept_reply.reset();
    queued.reset();
    queued_number = 0;
    running = false;
  }
};

packet_device_link::packet_device_link(link_timing timing) : impl_(std::make_unique<impl>(timing)) {}
packet_device_link::~packet_device_link() = default;
packet_device_link::packet_device_link(packet_device_link&&) noexcept = default;
packet_device_link& packet_device_link::operator=(packet_device_link&&) noexcept = default;

void packet_device_link::on_bytes(const byte_t* data, std::size_t size, time_point now) {
  impl_->receive(data, size, now);
}

void packet_device_link::on_timer(time_point now) { impl_->expire(now); }

std::optional<time_point> packet_device_link::next_deadline() const { return impl_->decoder.deadline(); }

bytes packet_device_link::take_output() { return std::exchange(impl_->output, bytes{}); }

std::optional<bytes> packet_device_link::take_command() {
  if (!impl_->queued) return std::nullopt;
  impl_->running = true;
  auto command = std::move(impl_->queued);
  impl_->queued.reset();
  return command;
}

void packet_device_link::set_reply(bytes reply_payload) {
  if (!impl_->running) return;  // no command taken (e.g. a reset came in between): nobody asked
  if (reply_payload.empty()) {
    impl_->running = false;
    impl_->last_number = impl_->queued_number;
    impl_->kept_reply.reset();
    return;
  }
  packet reply;
  reply.type = packet::kind::data;
  reply.number = impl_->queued_number;
  reply.data = std::move(reply_payload);
  bytes encoded = encode_packet(reply);  // throws before any state changes
  impl_->running = false;
  impl_->last_number = reply.number;
  impl_->output.insert(impl_->output.end(), encoded.begin(), encoded.end());
  impl_->kept_reply = std::move(encoded);
}

bool packet_device_link::executing() const { return impl_->running; }

void packet_device_link::reset() { impl_->clear(); }

}  // namespace ws::shtrih
