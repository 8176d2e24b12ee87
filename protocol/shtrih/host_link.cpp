#include "protocol/shtrih/host_link.hpp"

#include <stdexcept>
#include <utility>
#include <vector>

#include "protocol/shtrih/frame.hpp"

namespace ws::shtrih {

// How an exchange runs, and why each failure gets the outcome it gets.
//
//  settling    The exchange before this one ended without its reply (no_reply): the
//              device may still be sending an answer to it, or hold its reply, whose
//              late last byte may be an LRC of 15h that looks like the NAK of an idle
//              device. Taking it for the answer to our first ENQ would send our frame to
//              a device that holds the old reply, and the device's next answer, that old
//              reply, would pass for ours when the command code is the same (a soak found
//              it: seeds 1441, 2261, 11026). So nothing is written, and what arrives is
//              dropped, until clear_time() after the last byte we wrote; then ENQ finds
//              the device as it is: holding the old reply (ACK: draining) or idle (NAK).
//  asking      ENQ sent before the frame. NAK: the device is idle and holds no reply, so
//              send the frame (unless it has shown us an old reply we have not ACKed
//              yet: it keeps that until we do, so such a NAK is a stray byte). ACK: it
//              holds, or is still preparing, a reply to an older command -> draining.
//              Silence: ENQ again.
//  draining    Read the old reply, ACK it so the device drops it, discard it, ENQ again.
//  frame_sent  Frame written, waiting for its ACK.
//  clearing    The frame was NAKed or not acknowledged. It is NOT resent blindly: its
//              ACK may have been lost after the device took it, and a device without
//              duplicate detection would run it twice. Nor is ENQ sent at once: first
//              the line must be clear of everything the frame and what came before it
//              can still bring (see "Stale answers" below), until clear_time() after
//              the frame was written. Meanwhile an ACK, or a reply even if damaged,
//              shows the frame was taken; a NAK or noise tells nothing (it may answer
//              anything written before).
//  probing     ENQ sent at least clear_time() after the frame, asking whether the
//              device took it. NAK: the device is idle with no reply held; as we ACK no
//              reply in the frame phase, a device that had taken the frame would still
//              be busy with it or holding its reply, so it was not taken: resend it.
//              ACK: the device has it (it answered NAK to our first ENQ, so what it
//              prepares now is ours).
//  awaiting_reply  Frame taken; the reply frame is due within the answer timeout.
//  checking    The line was silent for answer_probe_interval while awaiting the reply:
//              ENQ asks whether the device still has the command. ACK: it is executing
//              it or holds its reply (which follows it) -> awaiting_reply again. NAK: it
//              is idle and holds no reply; as we ACK no reply before the exchange ends, a
//              device that still had the command would be busy or holding the reply, so
//              it has lost it (a reboot) and will never answer: no_reply at once (it may
//              have run the command first, so never not_delivered). Silence or a damaged
//              answer: awaiting_reply again; only the answer timeout ends the wait. A
//              reply frame (alone, or after the ACK) is the reply, as in awaiting_reply.
//  recovering  The reply was lost or damaged: (NAK and) ENQ; the device answers ACK and
//              repeats its reply. A NAK here is not a reason to resend: ENQ again.
//
// Stale answers. A device answers each burst it judges, and one host write can bring
// more than one answer: a frame cut by a late byte is NAKed as damaged and its late
// tail, judged as a burst of its own, gets a second NAK from an idle device. A NAK that
// answers the frame (or its tail, or anything written before it) must not pass for the
// answer to an ENQ that asks whether the frame was taken: the frame may have reached the
// device together with that ENQ (delayed bytes), been taken, and the resend after the
// misread NAK, or not_delivered once the resends are used up, then runs the command a
// second time elsewhere. So the ENQ that may lead to a resend or to not_delivered goes
// out only once every answer to what was written before it must have arrived: a byte
// reaches the other side within ack_timeout or never, the device answers a burst
// byte_timeout after its last byte, and that answer takes ack_timeout at most, so
// clear_time() = 2 * ack_timeout + byte_timeout after the frame was written. By then
// the frame has also been judged by the device on its own (its bytes all arrived more
// than byte_timeout before the ENQ can), so the ENQ finds the device as the frame left
// it: busy with it or holding its reply (ACK) if taken, idle (NAK) if not. Later ENQs of
// the same probing are just as clear: an answer to an earlier one is a true answer to
// the same question, as nothing was written in between but ENQs. The cost is a longer
// wait before a resend, on a line that is failing anyway.
//
// Once anything shows the frame was taken (its ACK, or a reply even if damaged), the
// exchange only ever asks for the reply again and never writes the frame again.
//
// Outcomes. not_delivered is given only when the device certainly did not run the
// command: the frame was never written (no believable NAK to any ENQ of the asking
// phase), or the device answered NAK to an ENQ written at least clear_time() after our
// last frame and nothing showed it had taken the frame. Every other failure after the frame was
// written is no_reply: some byte of it may have reached the device, and a device that
// took it may have run it.
//
// What this rests on: bytes arrive in order, within ack_timeout, or not at all (and the
// device answers byte_timeout after a burst, at once); a byte
// is never turned into another control byte (one-byte ACK/NAK carry no check; the 8-bit
// LRC misses some damage, e.g. two bytes of one frame flipped by the same bits); the
// device does not lose a held reply (power cycle) between our frame and the probe. A
// reply whose command code differs from the command's is never returned as its reply.
// If the line loses a whole reply but for a late last byte 15h that arrives alone while
// a check is out, it passes for the NAK: the exchange ends early as no_reply, which costs
// a recovery but never a resend.
namespace {

enum class phase { idle, settling, asking, draining, frame_sent, clearing, probing, awaiting_reply, checking, recovering };

bool reply_matches(const bytes& command, const bytes& reply) {
  // The reply starts with the command code: one byte, or two for the FFxx commands.
  const std::size_t code_size = command.size() >= 2 && command[0] == 0xFF ? 2 : 1;
  if (reply.size() < code_size) return false;
  for (std::size_t i = 0; i < code_size; ++i)
    if (reply[i] != command[i]) return false;
  return true;
}

}  // namespace

struct host_link::impl {
  explicit impl(link_timing t) : timing(t), decoder(t.byte_timeout) {}

  link_timing timing;
  frame_decoder decoder;
  bytes output;
  std::optional<link_outcome> outcome;
  std::vector<frame_event> burst;  ///< events since the line was last quiet
  bool burst_open = false;
  time_point last_byte{};

  phase state = phase::idle;
  std::optional<time_point> deadline;
  bytes command;
  bytes frame;
  milliseconds answer_timeout{0};
  time_point reply_deadline{};  ///< the answer timeout, from the frame's ACK
  time_point wait_end{};        ///< when awaiting_reply gives up (reply_deadline or later)
  int enq_sends = 0;      ///< ENQs of the asking/draining phase
  int frame_sends = 0;    ///< times the frame was written
  int probe_sends = 0;    ///< ENQs since the frame was last written
  int recover_sends = 0;  ///< ENQs asking for the reply again
  time_point frame_written_at{};  ///< when the frame was last written
  time_point last_written_at{};   ///< when anything was last written
  /// Set when an exchange ends no_reply: the next one writes nothing before this.
  std::optional<time_point> settle_until;
  /// The device showed it holds an old reply that we have not ACKed yet. It keeps it
  /// until we do, so until then a NAK cannot be its answer (it is the late last byte of
  /// that reply: an LRC of 15h), and sending our frame on it could get the old reply
  /// back as the answer to ours.
  bool old_reply_held = false;

  // ---- output helpers
  void write(byte_t b, time_point now) {
    output.push_back(b);
    last_written_at = now;
  }
  void write_frame(time_point now) {
    output.insert(output.end(), frame.begin(), frame.end());
    frame_written_at = now;
    last_written_at = now;
    ++frame_sends;
    probe_sends = 0;
  }
  void wait_for(phase next, time_point until) {
    state = next;
    deadline = until;
  }
  void finish(link_outcome::kind what, bytes reply = {}) {
    if (what == link_outcome::kind::no_reply) settle_until = last_written_at + clear_time();
    outcome = link_outcome{what, std::move(reply)};
    state = phase::idle;
    deadline.reset();
    forget_input();
  }
  void forget_input() {
    decoder.reset();
    burst.clear();
    burst_open = false;
  }
  bool exhausted(int sends) const { return sends > timing.max_retries; }

  // ---- steps
  void start(time_point now) {
    enq_sends = frame_sends = probe_sends = recover_sends = 0;
    old_reply_held = false;
    forget_input();
    const auto settle_end = std::exchange(settle_until, std::nullopt);
    if (settle_end && now < *settle_end) return wait_for(phase::settling, *settle_end);
    ask(now);
  }
  void ask(time_point now) {
    if (exhausted(enq_sends)) return finish(link_outcome::kind::not_delivered);
    ++enq_sends;
    write(ENQ, now);
    wait_for(phase::asking, now + timing.ack_timeout);
  }
  void send_frame(time_point now) {
    if (exhausted(frame_sends)) return finish(link_outcome::kind::not_delivered);
    write_frame(now);
    wait_for(phase::frame_sent, now + timing.ack_timeout);
  }
  /// How long after the frame was written every answer to it, or to anything written
  /// before it, must have arrived (see "Stale answers").
  milliseconds clear_time() const { return 2 * timing.ack_timeout + timing.byte_timeout; }
  /// Asks with ENQ whether the frame was taken, once an answer can be told from a stale one.
  void probe(time_point now) {
    const time_point clear_at = frame_written_at + clear_time();
    if (now < clear_at) return wait_for(phase::clearing, clear_at);
    if (exhausted(probe_sends)) return finish(link_outcome::kind::no_reply);
    ++probe_sends;
    write(ENQ, now);
    wait_for(phase::probing, now + timing.ack_timeout);
  }
  void frame_accepted(time_point now) {
    reply_deadline = now + answer_timeout;
    await_reply(now, reply_deadline);
  }
  /// Waits for the reply until `until`, asking in between whether the device still has
  /// the command each time the line has been silent for the probe interval.
  void await_reply(time_point now, time_point until) {
    wait_end = until;
    const auto interval = timing.answer_probe_interval;
    const bool check_first = interval > milliseconds::zero() && now + interval < until;
    wait_for(phase::awaiting_reply, check_first ? now + interval : until);
  }
  /// The device said it is still busy with the command, or holds its reply: wait for it,
  /// at least ack_timeout even past the answer timeout (the reply may be on its way).
  void device_has_it(time_point now) {
    const time_point soonest = now + timing.ack_timeout;
    await_reply(now, soonest > reply_deadline ? soonest : reply_deadline);
  }
  /// Nothing new: wait on, or ask for the reply again once the wait is over.
  void keep_waiting(time_point now) {
    if (now >= wait_end) return recover(now, false);
    await_reply(now, wait_end);
  }
  void check(time_point now) {
    write(ENQ, now);
    wait_for(phase::checking, now + timing.ack_timeout);
  }
  void recover(time_point now, bool nak_first) {
    if (nak_first) write(NAK, now);
    if (exhausted(recover_sends)) return finish(link_outcome::kind::no_reply);
    ++recover_sends;
    write(ENQ, now);
    wait_for(phase::recovering, now + timing.ack_timeout);
  }
  void reply_arrived(bytes reply, time_point now) {
    write(ACK, now);  // whatever it answers, the device may drop it now
    if (reply_matches(command, reply)) return finish(link_outcome::kind::reply, std::move(reply));
    recover(now, false);  // not ours: a stale reply; ask for the one we are owed
  }

  // ---- events
  // Input is judged in bursts, like on the device side: what arrives until the line has
  // been quiet for byte_timeout. The device writes one answer and then waits (NAK alone;
  // ACK; ACK and its reply; its reply), so a burst of any other shape is a damaged
  // answer, or the late tail of one: the ENQ/ACK/NAK-looking bytes in it are not
  // answers, and acting on a stray NAK (send the frame; resend it) is what could run a
  // command twice or pair it with another's reply. Such a burst counts as no answer.
  void receive(const byte_t* data, std::size_t size, time_point now) {
    if (size == 0) return;
    settle(now);
    if (state == phase::idle) return;
    decoder.feed(data, size, now, burst);
    burst_open = true;
    last_byte = now;
  }

  std::optional<time_point> quiet_at() const {
    if (!burst_open) return std::nullopt;
    return last_byte + timing.byte_timeout;
  }

  void settle(time_point now) {
    if (!burst_open || now < *quiet_at()) return;
    decoder.expire(now, burst);
    std::vector<frame_event> events = std::exchange(burst, {});
    burst_open = false;
    judge(events, now);
  }

  /// The shapes a device's answer takes: NAK; ACK; ACK and a frame; a frame.
  static bool one_answer(const std::vector<frame_event>& events) {
    const auto is = [&](std::size_t i, frame_event::kind k) { return events[i].what == k; };
    const auto control = [&](std::size_t i) { return is(i, frame_event::kind::control) ? events[i].control : 0; };
    if (events.size() == 1)
      return is(0, frame_event::kind::frame) || control(0) == ACK || control(0) == NAK;
    return events.size() == 2 && control(0) == ACK && is(1, frame_event::kind::frame);
  }

  /// Whether a damaged burst still shows the device answering our frame: an ACK, or
  /// something that began as a frame (only replies are frames).
  static bool shows_reply(const std::vector<frame_event>& events) {
    for (const auto& ev : events) {
      if (ev.what == frame_event::kind::garbage) continue;
      if (ev.what != frame_event::kind::control || ev.control == ACK) return true;
    }
    return false;
  }

  void judge(std::vector<frame_event>& events, time_point now) {
    // Anything else is damaged, or two answers run together by a slow line, or a late
    // byte of an earlier frame that looks like an answer (an LRC of 15h is a NAK): no
    // answer can be told from it.
    if (!one_answer(events)) return on_noise(now, shows_reply(events));
    for (auto& ev : events) {
      if (state == phase::idle) return;
      if (ev.what == frame_event::kind::frame)
        on_frame(std::move(ev.data), now);
      else
        on_control(ev.control, now);
    }
  }

  void on_control(byte_t c, time_point now) {
    switch (state) {
      case phase::asking:
        if (c == NAK) return old_reply_held ? ask(now) : send_frame(now);
        if (c == ACK) {
          old_reply_held = true;
          return wait_for(phase::draining, now + timing.ack_timeout);
        }
        return;
      case phase::frame_sent:
        if (c == ACK) return frame_accepted(now);
        if (c == NAK) return probe(now);
        return;
      case phase::clearing:
        // An ACK shows the frame taken; a NAK may answer anything written before.
        if (c == ACK) return frame_accepted(now);
        return;
      case phase::probing:
        if (c == ACK) return frame_accepted(now);
        if (c == NAK) return send_frame(now);
        return;
      case phase::checking:
        if (c == ACK) return device_has_it(now);
        // Idle with no reply held: the command was lost and no reply will ever come.
        if (c == NAK) return finish(link_outcome::kind::no_reply);
        return;
      case phase::recovering:
        if (c == ACK) return device_has_it(now);
        if (c == NAK) return recover(now, false);
        return;
      case phase::settling:
      case phase::draining:
      case phase::awaiting_reply:
      case phase::idle:
        return;  // answers to an earlier ENQ, or echoes: nothing to act on
    }
  }

  void on_frame(bytes payload, time_point now) {
    switch (state) {
      case phase::asking:
      case phase::draining:
        // A reply to an older command: take it off the device, then ask again.
        write(ACK, now);
        old_reply_held = false;
        return ask(now);
      case phase::frame_sent:
      case phase::clearing:
      case phase::probing:
      case phase::awaiting_reply:
      case phase::checking:
      case phase::recovering:
        // The device answered NAK to our first ENQ, so any reply from now on is to our
        // frame (a lost ACK before it does not matter).
        return reply_arrived(std::move(payload), now);
      case phase::settling:  // the previous exchange's reply: the ENQ after settling drains it
      case phase::idle:
        return;
    }
  }

  void on_noise(time_point now, bool reply_seen) {
    switch (state) {
      case phase::asking:
      case phase::draining:
        if (reply_seen) old_reply_held = true;
        return ask(now);
      case phase::frame_sent:
      case phase::clearing:
      case phase::probing:
        // A damaged reply (or an ACK in the noise) means the frame was taken: from now on
        // only ask for the reply, never resend (a late last byte of this reply may be 15h
        // and pass for the NAK of an idle device). Otherwise it was a damaged ACK or NAK
        // (while clearing: of anything; the wait goes on).
        if (reply_seen) return recover(now, true);
        if (state == phase::clearing) return;
        return probe(now);
      case phase::awaiting_reply:
      case phase::recovering:
        // A damaged reply: NAK it and ask for it again.
        return recover(now, true);
      case phase::checking:
        // A damaged reply, or the ACK or NAK of our ENQ damaged: nothing can be told from
        // it but that a reply may be there.
        if (reply_seen) return recover(now, true);
        return keep_waiting(now);
      case phase::settling:
      case phase::idle:
        return;
    }
  }

  void on_deadline(time_point now) {
    switch (state) {
      case phase::settling:
        forget_input();  // whatever came meanwhile answered the exchange before
        return ask(now);
      case phase::asking:
      case phase::draining:
        return ask(now);
      case phase::frame_sent:
      case phase::clearing:
      case phase::probing:
        return probe(now);
      case phase::awaiting_reply:
        if (now >= wait_end) return recover(now, false);
        return check(now);
      case phase::checking:
        return keep_waiting(now);  // unanswered: the device may be away for a moment
      case phase::recovering:
        return recover(now, false);
      case phase::idle:
        return;
    }
  }

  link_outcome::kind abandoned_outcome() const {
    // Before the first frame was written nothing can have run; after it, it may have.
    return state == phase::settling || state == phase::asking || state == phase::draining
               ? link_outcome::kind::not_delivered
               : link_outcome::kind::no_reply;
  }
};

host_link::host_link(link_timing timing) : impl_(std::make_unique<impl>(timing)) {}
host_link::~host_link() = default;
host_link::host_link(host_link&&) noexcept = default;
host_link& host_link::operator=(host_link&&) noexcept = default;

void host_link::send(bytes command, milliseconds answer_timeout, time_point now) {
  if (!idle()) throw std::logic_error("host_link::send while an exchange is in progress");
  impl_->frame = encode_frame(command);  // throws on an empty or oversized command
  impl_->command = std::move(command);
  impl_->answer_timeout = answer_timeout;
  impl_->start(now);
}

void host_link::on_bytes(const byte_t* data, std::size_t size, time_point now) {
  impl_->receive(data, size, now);  // nobody asked while idle: late or stray bytes are dropped
}

void host_link::on_timer(time_point now) {
  impl_->settle(now);
  // Input still coming in suspends the phase's timeout: judge it first.
  if (impl_->state != phase::idle && !impl_->burst_open && impl_->deadline && now >= *impl_->deadline)
    impl_->on_deadline(now);
}

std::optional<time_point> host_link::next_deadline() const {
  if (impl_->state == phase::idle) return std::nullopt;
  if (impl_->burst_open) return impl_->quiet_at();
  return impl_->deadline;
}

bytes host_link::take_output() { return std::exchange(impl_->output, bytes{}); }

std::optional<link_outcome> host_link::take_outcome() { return std::exchange(impl_->outcome, std::nullopt); }

bool host_link::idle() const { return impl_->state == phase::idle && !impl_->outcome; }

void host_link::reset() {
  const bool in_flight = impl_->state != phase::idle;
  const auto what = impl_->abandoned_outcome();
  impl_->output.clear();
  impl_->forget_input();
  impl_->state = phase::idle;
  impl_->deadline.reset();
  impl_->settle_until.reset();  // nothing written on the old line can still answer
  if (in_flight) impl_->outcome = link_outcome{what, {}};
}

}  // namespace ws::shtrih
