#pragma once
// The `registers` key: a list of dictionaries, one per register,
//   registers = [{serial="0000000000000001", port="/dev/ttyUSB0", baud=115200, groups=["A", "B"]},
//                {port="tcp://192.168.0.7:7778"}]
// read entry by entry; each problem names its entry and field (`registers[2].port: missing`,
// indices from 0 as they are written).

#include <vector>

#include <caf/config_value.hpp>

#include "config/config_error.hpp"
#include "config/settings.hpp"

namespace ws::config {

/// The baud rates a Shtrih-M register can be set to.
bool supported_baud(std::int64_t baud);

/// Every valid entry; an entry with errors adds them to `errors` and is left out.
std::vector<register_entry> read_registers(const caf::config_value::list& list, config_errors& errors);

}  // namespace ws::config
