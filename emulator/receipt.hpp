#pragma once
// The receipt a KKT holds open between its first operation and the close: positions with
// their amounts and VAT, the extra TLVs the host attached, and the checks the close
// applies (zero total, payments below the total, non-cash payments over it). Amounts in
// kopecks, quantities in millionths: no floating point anywhere.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/ffd/tlv.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::emulator {

/// The rate a FF46h VAT code byte names (ffd::shtrih_vat_code read backwards), or
/// nothing for an unknown code.
std::optional<ffd::vat_rate> vat_rate_for_code(std::uint8_t code);
/// VAT contained in `amount` kopecks at `rate` (ffd::vat_in in whole kopecks).
std::uint64_t vat_in_amount(std::uint64_t amount, ffd::vat_rate rate);
/// price x quantity (millionths), rounded half up to the kopeck.
std::uint64_t position_amount(std::uint64_t price, std::uint64_t quantity_millionths);

struct receipt_position {
  std::uint64_t quantity = 0;  ///< millionths
  std::uint64_t price = 0;     ///< kopecks
  std::uint64_t amount = 0;    ///< kopecks
  std::uint64_t vat_sum = 0;   ///< kopecks (0 when the rate has none)
  ffd::vat_rate rate = ffd::vat_rate::nds_none;
  std::uint8_t department = 0;
  std::uint8_t payment_method = 4;  ///< tag 1214
  std::uint8_t payment_object = 1;  ///< tag 1212
  std::string name;                 ///< UTF-8
  std::vector<ffd::tlv> extra;      ///< FF4Dh TLVs for this position
};

/// Payments of a close: cash, electronic, prepayment, postpayment, counter-provision.
struct receipt_payments {
  std::uint64_t cash = 0;
  std::uint64_t electronic = 0;
  std::uint64_t prepayment = 0;
  std::uint64_t postpayment = 0;
  std::uint64_t counter_provision = 0;

  std::uint64_t non_cash() const { return electronic + prepayment + postpayment + counter_provision; }
  std::uint64_t total() const { return cash + non_cash(); }
};

/// Receipt-level VAT sums (tags 1102..1107) in the FF45h slot order.
using vat_totals = std::array<std::uint64_t, 6>;

class open_receipt {
 public:
  /// `settlement_sign`: FFD tag 1054 (1 income, 2 income return, 3 charge, 4 charge return).
  explicit open_receipt(std::uint8_t settlement_sign) : sign_(settlement_sign) {}

  std::uint8_t settlement_sign() const { return sign_; }
  const std::vector<receipt_position>& positions() const { return positions_; }
  const std::vector<ffd::tlv>& extra() const { return extra_; }

  void add(receipt_position p) { positions_.push_back(std::move(p)); }
  void add_extra(std::vector<ffd::tlv> tlvs);
  /// Attaches TLVs to the last position; false when there is none.
  bool add_position_extra(std::vector<ffd::tlv> tlvs);

  std::uint64_t total() const;
  /// VAT sums per FF45h slot computed from the positions.
  vat_totals computed_vat() const;

 private:
  std::uint8_t sign_;
  std::vector<receipt_position> positions_;
  std::vector<ffd::tlv> extra_;
};

/// The device error a close gets for these payments (0 when it may close), and the
/// change to give: payments below the total -> 45h, non-cash over the total -> 4Dh,
/// zero total -> 8Eh.
inline constexpr std::uint8_t non_cash_over_total = 0x4D;  ///< device error: non-cash sum over the total

struct close_check {
  std::uint8_t error = 0;
  std::uint64_t change = 0;
};
close_check check_close(std::uint64_t total, const receipt_payments& payments);

}  // namespace ws::emulator
