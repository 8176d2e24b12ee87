#pragma once
// What a job that made a fiscal document answers: the FN's record of it.

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::jobs {

struct printed_document {
  std::uint32_t document_number = 0;  ///< FD number
  std::uint32_t fiscal_sign = 0;      ///< FPD
  shtrih::fn_date_time date_time;
  std::string fn_number;
  std::optional<std::uint16_t> shift_number;
  std::optional<std::uint32_t> receipt_in_shift;  ///< receipts and corrections
  std::uint64_t total = 0;                        ///< kopecks (receipts, corrections)
  std::uint64_t change = 0;                       ///< kopecks (receipts)
  bool recovered = false;  ///< the closing reply was lost; read back from the FN archive
};

}  // namespace ws::jobs
