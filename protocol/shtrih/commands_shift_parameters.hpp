#pragma once
// FF40h: the current shift's parameters as the FN keeps them: whether the shift is open,
// its number, and the number of the last receipt made in it. Read right after a receipt
// is signed, it gives that receipt's shift number (tag 1038) and number in the shift
// (1042) in one exchange.
//
// The FN description (command 10h): while a shift is open the receipt number is the last
// receipt formed in it (0 before the first); once closed, the numbers stay those of the
// closed shift until a new one opens. The protocol text lists state 1, shift 2, receipt 2;
// the vendor driver's table lists only the two numbers: decode() takes either.

#include <cstdint>

#include "protocol/shtrih/commands_common.hpp"

namespace ws::shtrih {

namespace cmd {
inline constexpr command_code fn_shift_parameters{0xFF40};
}  // namespace cmd

using shift_parameters_request = password_request<0xFF40, default_admin_password>;

struct shift_parameters_reply {
  static constexpr command_code code = cmd::fn_shift_parameters;
  bool shift_open = false;          ///< unknown (false) in the driver table's layout
  std::uint16_t shift_number = 0;   ///< the open shift, or the last closed one
  std::uint16_t receipt_number = 0; ///< the last receipt in that shift; 0 = none yet

  bytes encode() const;
  static shift_parameters_reply decode(const bytes& payload);
  auto fields() const { return std::tie(shift_open, shift_number, receipt_number); }
};

}  // namespace ws::shtrih
