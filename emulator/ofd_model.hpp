#pragma once
// When the OFD acknowledges documents. The FN sends its unacknowledged documents one at a
// time, oldest first; while the link is up each ticket comes `ack_delay` after the latest
// of: the document's own time, the previous ticket, the moment the link came up. While
// offline nothing is acknowledged and the queue grows (and after 30 days the FN refuses
// new documents: FN error 15h).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>

#include "emulator/device_clock.hpp"

namespace ws::emulator {

/// A document waiting for its ticket: FD number and device time (seconds since 1970).
struct queued_document {
  std::uint32_t number = 0;
  std::int64_t time = 0;
};

struct ofd_settings {
  std::chrono::seconds ack_delay{2};
  bool online = true;
};

class ofd_model {
 public:
  explicit ofd_model(ofd_settings settings = {}) : settings_(settings) {}

  bool online() const { return settings_.online; }
  /// Going online at `now` starts sending from `now`.
  void set_online(bool online, device_time now) {
    if (online && !settings_.online) online_since_ = unix_seconds(now);
    settings_.online = online;
  }
  std::chrono::seconds ack_delay() const { return settings_.ack_delay; }
  void set_ack_delay(std::chrono::seconds delay) { settings_.ack_delay = delay; }

  /// Device time (seconds) of the ticket for `doc`, or nothing while offline.
  std::optional<std::int64_t> ticket_time(const queued_document& doc, std::int64_t previous_ticket_time) const {
    if (!settings_.online) return std::nullopt;
    const std::int64_t start = std::max({doc.time, previous_ticket_time, online_since_});
    return start + settings_.ack_delay.count();
  }

 private:
  ofd_settings settings_;
  std::int64_t online_since_ = std::numeric_limits<std::int64_t>::min();
};

}  // namespace ws::emulator
