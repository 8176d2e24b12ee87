#pragma once
// Which Shtrih-M low level a line speaks: the standard one (ENQ/ACK/NAK and STX frames,
// host_link/device_link) or the alternative one (numbered packets, packet_host_link /
// packet_device_link). A device recognises the level by the first byte it receives after
// its link settings were reset or after command 14h (kkt-protocol-2.0, "Переключение
// между протоколами нижнего уровня").

#include <optional>
#include <string_view>

#include "protocol/common/bytes.hpp"

namespace ws::shtrih {

enum class low_level { standard, packet };

/// The level a device chooses by the first byte it receives: 8Fh (the packet level's
/// STX) chooses packets, anything else the standard level.
low_level low_level_chosen_by(byte_t first_byte);

/// "standard" or "packet".
std::string_view low_level_name(low_level level);
/// The level of that name, if it is one.
std::optional<low_level> low_level_from_name(std::string_view name);

}  // namespace ws::shtrih
