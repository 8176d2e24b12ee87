#pragma once
// The INN's check digits (10 digits for a company, 12 for a person), so that a typo in
// the configured demo firm is caught at startup, not at the first receipt.

#include <string_view>

namespace ws::config {

bool inn_checksum_ok(std::string_view inn);

}  // namespace ws::config
