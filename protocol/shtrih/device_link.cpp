#include "protocol/shtrih/device_link.hpp"

#include <utility>
#include <vector>

#include "protocol/shtrih/frame.hpp"

namespace ws::shtrih {

// The device keeps, besides the partial frame in the decoder:
//  - `current`: the payload of the command accepted last, for as long as its exchange
//    lasts (queued, executing, or its reply held). A frame equal to it in that time is
//    the host repeating a frame whose ACK it lost, not a new command: it is ACKed and
//    never handed over again. Once the host ACKs the reply the exchange is over and an
//    identical frame is a new command (hosts start every exchange with ENQ, which reads
//    out a held reply first, so a repeated status request is executed again).
//  - `held_reply`: the reply sent last, repeated on ENQ until the host ACKs it or a
//    different command frame replaces it.
//
// Answers wait until the line has been quiet for byte_timeout (the protocol's least time
// before answering), and what arrived meanwhile (a "burst") is judged as a whole. A host
// writes one thing and then waits, so a burst holds one frame or a few control bytes.
// When a burst holds garbage, it is the tail of a frame cut by a late byte, or a frame
// whose LEN was damaged: its bytes may look like ENQ/ACK/NAK or even like a frame with a
// matching LRC, and answering them would give the host answers to questions it never
// asked. While a command runs or its reply is held, such a burst is dropped unanswered;
// the host times out and asks again. An idle device with nothing held answers it with
// one NAK, as the reference says ("STX not recognised"): it truthfully means "no command
// taken", and common drivers probe a line by writing a 0x00 byte and expecting NAK. A
// burst with a damaged frame (bad LRC, LEN 0, cut by the byte timeout) and no garbage is
// answered with one NAK.
struct device_link::impl {
  explicit impl(link_timing t) : timing(t), decoder(t.byte_timeout) {}

  link_timing timing;
  frame_decoder decoder;
  bytes output;
  std::optional<bytes> queued;  ///< accepted, waiting for take_command()
  bool running = false;         ///< taken, waiting for set_reply()
  std::optional<bytes> current;
  std::optional<bytes> held_reply;
  std::vector<frame_event> burst;  ///< events since the line was last quiet
  bool burst_open = false;
  time_point last_byte{};

  bool busy() const { return queued.has_value() || running; }

  std::optional<time_point> quiet_at() const {
    if (!burst_open) return std::nullopt;
    return last_byte + timing.byte_timeout;
  }

  void receive(const byte_t* data, std::size_t size, time_point now) {
    if (size == 0) return;
    settle(now);
    decoder.feed(data, size, now, burst);
    burst_open = true;
    last_byte = now;
  }

  /// Judges the burst once the line has been quiet long enough.
  void settle(time_point now) {
    if (!burst_open || now < *quiet_at()) return;
    decoder.expire(now, burst);  // a frame still incomplete now is cut
    std::vector<frame_event> events = std::exchange(burst, {});
    burst_open = false;
    judge(events);
  }

  void judge(std::vector<frame_event>& events) {
    bool damaged_frame = false;
    for (const auto& ev : events) {
      if (ev.what == frame_event::kind::garbage) {  // see above
        if (!busy() && !held_reply) output.push_back(NAK);
        return;
      }
      if (ev.what != frame_event::kind::frame && ev.what != frame_event::kind::control) damaged_frame = true;
    }
    if (damaged_frame) {
      // A frame arrived damaged: a link error, not a bad command. The host repeats it.
      output.push_back(NAK);
      return;
    }
    for (auto& ev : events) {
      if (ev.what == frame_event::kind::frame)
        on_frame(std::move(ev.data));
      else
        on_control(ev.control);
    }
  }

  void on_control(byte_t c) {
    if (c == ENQ) {
      on_enq();
    } else if (c == ACK && held_reply) {
      held_reply.reset();
      current.reset();
    }
    // NAK for our reply: keep holding it until the next ENQ (the device never resends on
    // its own). ACK or NAK with nothing held: stale, ignored.
  }

  void on_enq() {
    if (busy()) {
      output.push_back(ACK);  // preparing the reply; it follows by itself when ready
    } else if (held_reply) {
      output.push_back(ACK);
      append_frame(*held_reply);
    } else {
      output.push_back(NAK);  // ready for a command
    }
  }

  void on_frame(bytes payload) {
    if (current && *current == payload && (busy() || held_reply)) {
      output.push_back(ACK);
      if (held_reply) append_frame(*held_reply);
      return;
    }
    if (busy()) {
      // A different command while one is still queued or running: it cannot be taken.
      // Only a host that ignored our ACK to its ENQ does this; NAK drops the frame.
      output.push_back(NAK);
      return;
    }
    held_reply.reset();  // a new command means the host is done with the old reply
    current = payload;
    queued = std::move(payload);
    output.push_back(ACK);
  }

  void append_frame(const bytes& payload) {
    const bytes frame = encode_frame(payload);
    output.insert(output.end(), frame.begin(), frame.end());
  }

  void clear() {
    decoder.reset();
    burst.clear();
    burst_open = false;
    output.clear();
    queued.reset();
    running = false;
    current.reset();
    held_reply.reset();
  }
};

device_link::device_link(link_timing timing) : impl_(std::make_unique<impl>(timing)) {}
device_link::~device_link() = default;
device_link::device_link(device_link&&) noexcept = default;
device_link& device_link::operator=(device_link&&) noexcept = default;

void device_link::on_bytes(const byte_t* data, std::size_t size, time_point now) {
  impl_->receive(data, size, now);
}

void device_link::on_timer(time_point now) { impl_->settle(now); }

std::optional<time_point> device_link::next_deadline() const { return impl_->quiet_at(); }

bytes device_link::take_output() { return std::exchange(impl_->output, bytes{}); }

std::optional<bytes> device_link::take_command() {
  if (!impl_->queued) return std::nullopt;
  impl_->running = true;
  auto command = std::move(impl_->queued);
  impl_->queued.reset();
  return command;
}

void device_link::set_reply(bytes reply_payload) {
  if (!impl_->running) return;  // no command taken (e.g. a reset came in between): nobody asked
  if (reply_payload.empty()) {
    // A command without a reply (reboot): the exchange ends here.
    impl_->running = false;
    impl_->current.reset();
    return;
  }
  const bytes frame = encode_frame(reply_payload);  // throws before any state changes
  impl_->running = false;
  impl_->held_reply = std::move(reply_payload);
  impl_->output.insert(impl_->output.end(), frame.begin(), frame.end());
}

bool device_link::executing() const { return impl_->running; }

void device_link::reset() { impl_->clear(); }

}  // namespace ws::shtrih
