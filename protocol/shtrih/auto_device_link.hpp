#pragma once
// The device side of a line that speaks whichever low level the host starts with, as a
// Shtrih-M device does after its link settings are reset or command 14h ran: the first
// byte received decides (8Fh: the alternative, packet level; anything else: the standard
// level, which then also judges that byte) and the choice holds until rechoose(). A power
// cycle (reset()) keeps the choice, as the device keeps its settings. Same surface as
// device_link.

#include <optional>
#include <variant>

#include "protocol/shtrih/device_link.hpp"
#include "protocol/shtrih/low_level.hpp"
#include "protocol/shtrih/packet_device_link.hpp"

namespace ws::shtrih {

class auto_device_link {
 public:
  explicit auto_device_link(link_timing timing = {});

  /// The level chosen so far, if any byte has arrived since construction or rechoose().
  std::optional<low_level> level() const;
  /// Let the next byte choose again (after command 14h). Only between commands.
  void rechoose();

  void on_bytes(const byte_t* data, std::size_t size, time_point now);
  void on_timer(time_point now);
  std::optional<time_point> next_deadline() const;
  bytes take_output();
  std::optional<bytes> take_command();
  void set_reply(bytes reply_payload);
  bool executing() const;
  void reset();

 private:
  link_timing timing_;
  std::variant<std::monostate, device_link, packet_device_link> link_;
  bytes carried_output_;  ///< output of the link dropped by rechoose(), not yet taken
};

}  // namespace ws::shtrih
