#pragma once
// The register's state as status_job reads it: short status (10h) and the FN's status
// (FF01h).

#include <cstdint>
#include <string>

namespace ws::jobs {

struct device_status {
  std::uint8_t mode = 0;     ///< mode byte (commands_status_mode.hpp)
  std::uint8_t submode = 0;  ///< paper state
  std::uint16_t flags = 0;   ///< kkt_flag bits
  std::uint16_t receipt_operations = 0;
  std::uint8_t fn_phase = 0;
  std::uint8_t fn_warnings = 0;
  bool shift_open = false;
  bool receipt_open = false;
  std::uint32_t last_document_number = 0;
  std::string fn_number;
};

}  // namespace ws::jobs
