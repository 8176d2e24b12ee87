#pragma once
// VAT rates as the API names them, with what each means to the register and the FFD.
// Prices include VAT, so the VAT in an amount A at rate r% is A × r / (100 + r) for both
// "nds_R" and the calculated "nds_R_(100+R)" rates; they differ only in the codes sent to
// the device and stored in the document.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/ffd/decimal.hpp"

namespace ws::ffd {

enum class vat_rate {
  nds_20,
  nds_18,
  nds_10,
  nds_0,
  nds_none,
  nds_20_120,
  nds_18_118,
  nds_10_110,
  nds_22,
  nds_22_122,
  nds_5,
  nds_7,
  nds_5_105,
  nds_7_107,
};

/// Every rate, in the API's enum order.
inline constexpr vat_rate all_vat_rates[] = {
    vat_rate::nds_20,     vat_rate::nds_18,     vat_rate::nds_10,     vat_rate::nds_0,
    vat_rate::nds_none,   vat_rate::nds_20_120, vat_rate::nds_18_118, vat_rate::nds_10_110,
    vat_rate::nds_22,     vat_rate::nds_22_122, vat_rate::nds_5,      vat_rate::nds_7,
    vat_rate::nds_5_105,  vat_rate::nds_7_107,
};

/// The API's name ("nds_20_120").
std::string_view to_string(vat_rate rate);
/// The rate for an API name, or nullopt for an unknown one.
std::optional<vat_rate> parse_vat_rate(std::string_view name);

/// r in "r%": 20 for nds_20 and nds_20_120, 0 for nds_0 and nds_none.
int vat_percent(vat_rate rate);

/// Value of FFD tag 1199 "ставка НДС" (FFD 1.05 table 24: 1 = 18/20%, 2 = 10%,
/// 3 = 18/118 and 20/120, 4 = 10/110, 5 = 0%, 6 = none; since 2026-01-05 per the API
/// notes 11 = 22%, 12 = 22/122; the 2025 rates 5% = 7, 7% = 8, 5/105 = 9, 7/107 = 10 come
/// from the FNS amendment to FFD 1.2 that introduced them, not from the FFD texts here).
std::uint8_t ffd_vat_code(vat_rate rate);
/// The rate for a tag 1199 value (18% rates read back as their 20% successors).
std::optional<vat_rate> vat_rate_from_ffd_code(std::uint8_t code);

/// The VAT code byte of the Shtrih-M FF46h position (vendor driver, 2026): 20% 01,
/// 10% 02, 0% 04, none 08, 20/120 10, 10/110 20, 5% 81, 7% 82, 5/105 84, 7/107 88,
/// 22% CB, 22/122 CC. The withdrawn 18% rates use the codes their 20% successors took.
std::uint8_t shtrih_vat_code(vat_rate rate);

/// The API's "tax_pct" for a rate: r with two decimals ("20.00", "0.00").
std::string tax_pct_text(vat_rate rate);

/// False only for nds_none: such a row states no VAT at all (no tag 1200, and the API's
/// tax_amount may be left out), while nds_0 states a VAT of zero.
inline bool carries_vat(vat_rate rate) { return rate != vat_rate::nds_none; }

/// VAT contained in `amount` at `rate`: amount × r / (100 + r) rounded half up; zero for
/// nds_0 and nds_none.
money vat_in(money amount, vat_rate rate);

/// The receipt tag (1102..1107) that carries this rate's line of the receipt's VAT
/// totals, or nullopt when the FFD 1.05/1.1 formats have none (5%, 7%, 5/105, 7/107).
/// 18% and 22% share 1102 with 20%, and the calculated ones share 1106: the register has
/// one VAT total per slot, and the FFD names the slot by its original rate. 0% and none
/// carry the settled amount (1104, 1105), not a VAT sum.
std::optional<std::uint16_t> receipt_vat_tag(vat_rate rate);

}  // namespace ws::ffd
