#include "protocol/shtrih/auto_device_link.hpp"

#include <utility>

namespace ws::shtrih {

namespace {

// Runs `f` on the chosen link, or returns `otherwise` while none is chosen.
template <class Variant, class F, class R>
R on_chosen(Variant& link, F&& f, R otherwise) {
  if (auto* standard = std::get_if<device_link>(&link)) return f(*standard);
  if (auto* packets = std::get_if<packet_device_link>(&link)) return f(*packets);
  return otherwise;
}

// Runs `f` on the chosen link, if one is.
template <class Variant, class F>
void with_chosen(Variant& link, F&& f) {
  if (auto* standard = std::get_if<device_link>(&link)) f(*standard);
  if (auto* packets = std::get_if<packet_device_link>(&link)) f(*packets);
}

}  // namespace

auto_device_link::auto_device_link(link_timing timing) : timing_(timing) {}

std::optional<low_level> auto_device_link::level() const {
  if (std::holds_alternative<device_link>(link_)) return low_level::standard;
  if (std::holds_alternative<packet_device_link>(link_)) return low_level::packet;
  return std::nullopt;
}

void auto_device_link::rechoose() {
  // A reply still waiting to be written (the answer to command 14h itself) must not be
  // lost with the old link: it goes out before anything the new one says.
  bytes pending = take_output();
  carried_output_.insert(carried_output_.end(), pending.begin(), pending.end());
  link_ = std::monostate{};
}

void auto_device_link::on_bytes(const byte_t* data, std::size_t size, time_point now) {
  if (size == 0) return;
  if (std::holds_alternative<std::monostate>(link_)) {
    if (low_level_chosen_by(data[0]) == low_level::packet)
      link_.emplace<packet_device_link>(timing_);
    else
      link_.emplace<device_link>(timing_);
  }
  with_chosen(link_, [&](auto& link) { link.on_bytes(data, size, now); });
}

void auto_device_link::on_timer(time_point now) {
  with_chosen(link_, [&](auto& link) { link.on_timer(now); });
}

std::optional<time_point> auto_device_link::next_deadline() const {
  return on_chosen(link_, [](const auto& chosen) { return chosen.next_deadline(); }, std::optional<time_point>{});
}

bytes auto_device_link::take_output() {
  bytes out = std::exchange(carried_output_, bytes{});
  bytes fresh = on_chosen(link_, [](auto& link) { return link.take_output(); }, bytes{});
  out.insert(out.end(), fresh.begin(), fresh.end());
  return out;
}

std::optional<bytes> auto_device_link::take_command() {
  return on_chosen(link_, [](auto& link) { return link.take_command(); }, std::optional<bytes>{});
}

void auto_device_link::set_reply(bytes reply_payload) {
  with_chosen(link_, [&](auto& link) { link.set_reply(std::move(reply_payload)); });
}

bool auto_device_link::executing() const {
  return on_chosen(link_, [](const auto& link) { return link.executing(); }, false);
}

void auto_device_link::reset() {
  // A power cycle keeps the device's settings, and so the level it chose.
  carried_output_.clear();
  with_chosen(link_, [](auto& link) { link.reset(); });
}

}  // namespace ws::shtrih
