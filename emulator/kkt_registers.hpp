#pragma once
// The KKT's own registers (kept in the device, not in the FN): what it has taken since
// the last general clearing (27h "Общее гашение"), per settlement sign, and how many
// receipts. The FN's archive and counters are not among them: a clearing leaves every
// fiscal document where it is. Amounts in kopecks.

#include <array>
#include <cstdint>

namespace ws::emulator {

struct kkt_registers {
  /// Receipt totals by FFD settlement sign (tag 1054): [0] income, [1] income return,
  /// [2] charge, [3] charge return.
  std::array<std::uint64_t, 4> totals_by_sign{};
  std::uint32_t receipts = 0;

  /// A receipt closed with `settlement_sign` (1..4) for `total` kopecks.
  void count_receipt(std::uint8_t settlement_sign, std::uint64_t total) {
    if (settlement_sign >= 1 && settlement_sign <= totals_by_sign.size()) totals_by_sign[settlement_sign - 1u] += total;
    ++receipts;
  }
  /// Nothing taken since the last clearing: a second clearing is refused (2Ch).
  bool cleared() const { return *this == kkt_registers{}; }

  friend bool operator==(const kkt_registers& a, const kkt_registers& b) {
    return a.totals_by_sign == b.totals_by_sign && a.receipts == b.receipts;
  }
  friend bool operator!=(const kkt_registers& a, const kkt_registers& b) { return !(a == b); }
};

}  // namespace ws::emulator
