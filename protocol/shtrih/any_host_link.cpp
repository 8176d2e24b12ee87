#include "protocol/shtrih/any_host_link.hpp"

#include <utility>

namespace ws::shtrih {

namespace {

std::variant<host_link, packet_host_link> make_link(low_level level, link_timing timing) {
  if (level == low_level::packet) return std::variant<host_link, packet_host_link>{std::in_place_type<packet_host_link>, timing};
  return std::variant<host_link, packet_host_link>{std::in_place_type<host_link>, timing};
}

}  // namespace

any_host_link::any_host_link(low_level level, link_timing timing) : link_(make_link(level, timing)) {}

low_level any_host_link::level() const {
  return std::holds_alternative<packet_host_link>(link_) ? low_level::packet : low_level::standard;
}

void any_host_link::send(bytes command, milliseconds answer_timeout, time_point now) {
  std::visit([&](auto& link) { link.send(std::move(command), answer_timeout, now); }, link_);
}

void any_host_link::on_bytes(const byte_t* data, std::size_t size, time_point now) {
  std::visit([&](auto& link) { link.on_bytes(data, size, now); }, link_);
}

void any_host_link::on_timer(time_point now) {
  std::visit([&](auto& link) { link.on_timer(now); }, link_);
}

std::optional<time_point> any_host_link::next_deadline() const {
  return std::visit([](const auto& link) { return link.next_deadline(); }, link_);
}

bytes any_host_link::take_output() {
  return std::visit([](auto& link) { return link.take_output(); }, link_);
}

std::optional<link_outcome> any_host_link::take_outcome() {
  return std::visit([](auto& link) { return link.take_outcome(); }, link_);
}

bool any_host_link::idle() const {
  return std::visit([](const auto& link) { return link.idle(); }, link_);
}

void any_host_link::reset() {
  std::visit([](auto& link) { link.reset(); }, link_);
}

}  // namespace ws::shtrih
