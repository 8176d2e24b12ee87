#include "protocol/ffd/vat.hpp"

#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

namespace {

struct rate_info {
  vat_rate rate;
  std::string_view name;
  int percent;
  std::uint8_t ffd_code;
  std::uint8_t shtrih_code;
};

// One row per rate; the order matches all_vat_rates.
constexpr rate_info rate_table[] = {
    {vat_rate::nds_20, "nds_20", 20, 1, 0x01},
    {vat_rate::nds_18, "nds_18", 18, 1, 0x01},
    {vat_rate::nds_10, "nds_10", 10, 2, 0x02},
    {vat_rate::nds_0, "nds_0", 0, 5, 0x04},
    {vat_rate::nds_none, "nds_none", 0, 6, 0x08},
    {vat_rate::nds_20_120, "nds_20_120", 20, 3, 0x10},
    {vat_rate::nds_18_118, "nds_18_118", 18, 3, 0x10},
    {vat_rate::nds_10_110, "nds_10_110", 10, 4, 0x20},
    {vat_rate::nds_22, "nds_22", 22, 11, 0xCB},
    {vat_rate::nds_22_122, "nds_22_122", 22, 12, 0xCC},
    {vat_rate::nds_5, "nds_5", 5, 7, 0x81},
    {vat_rate::nds_7, "nds_7", 7, 8, 0x82},
    {vat_rate::nds_5_105, "nds_5_105", 5, 9, 0x84},
    {vat_rate::nds_7_107, "nds_7_107", 7, 10, 0x88},
};

const rate_info& info(vat_rate rate) {
  for (const auto& row : rate_table)
    if (row.rate == rate) return row;
  throw std::invalid_argument("unknown vat_rate");
}

}  // namespace

std::string_view to_string(vat_rate rate) { return info(rate).name; }

std::optional<vat_rate> parse_vat_rate(std::string_view name) {
  for (const auto& row : rate_table)
    if (row.name == name) return row.rate;
  return std::nullopt;
}

int vat_percent(vat_rate rate) { return info(rate).percent; }
std::uint8_t ffd_vat_code(vat_rate rate) { return info(rate).ffd_code; }
std::uint8_t shtrih_vat_code(vat_rate rate) { return info(rate).shtrih_code; }

std::optional<vat_rate> vat_rate_from_ffd_code(std::uint8_t code) {
  // The first row with the code wins, so 1 and 3 read back as the 20% rates.
  for (const auto& row : rate_table)
    if (row.ffd_code == code) return row.rate;
  return std::nullopt;
}

std::string tax_pct_text(vat_rate rate) { return format_money(money{vat_percent(rate) * 100}); }

money vat_in(money amount, vat_rate rate) {
  const int r = vat_percent(rate);
  if (r == 0) return money{0};
  return money{mul_div_half_up(amount.kopecks, r, 100 + r)};
}

std::optional<std::uint16_t> receipt_vat_tag(vat_rate rate) {
  switch (rate) {
    case vat_rate::nds_20:
    case vat_rate::nds_18:
    case vat_rate::nds_22:
      return tag::vat_20_sum;
    case vat_rate::nds_10:
      return tag::vat_10_sum;
    case vat_rate::nds_0:
      return tag::vat_0_amount;
    case vat_rate::nds_none:
      return tag::vat_none_amount;
    case vat_rate::nds_20_120:
    case vat_rate::nds_18_118:
    case vat_rate::nds_22_122:
      return tag::vat_20_120_sum;
    case vat_rate::nds_10_110:
      return tag::vat_10_110_sum;
    case vat_rate::nds_5:
    case vat_rate::nds_7:
    case vat_rate::nds_5_105:
    case vat_rate::nds_7_107:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace ws::ffd
