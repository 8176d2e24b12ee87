#pragma once
// The host side of either low level behind one surface (host_link's), so the register
// actor chooses the level from its configuration and drives it the same way.

#include <variant>

#include "protocol/shtrih/host_link.hpp"
#include "protocol/shtrih/low_level.hpp"
#include "protocol/shtrih/packet_host_link.hpp"

namespace ws::shtrih {

class any_host_link {
 public:
  explicit any_host_link(low_level level = low_level::standard, link_timing timing = {});

  low_level level() const;

  void send(bytes command, milliseconds answer_timeout, time_point now);
  void on_bytes(const byte_t* data, std::size_t size, time_point now);
  void on_timer(time_point now);
  std::optional<time_point> next_deadline() const;
  bytes take_output();
  std::optional<link_outcome> take_outcome();
  bool idle() const;
  void reset();

 private:
  std::variant<host_link, packet_host_link> link_;
};

}  // namespace ws::shtrih
