#include "emulator/receipt.hpp"

#include "protocol/ffd/tags.hpp"
#include "protocol/shtrih/errors.hpp"

namespace ws::emulator {

std::optional<ffd::vat_rate> vat_rate_for_code(std::uint8_t code) {
  // The withdrawn 18% rates share their codes with the 20% ones listed before them.
  for (const ffd::vat_rate rate : ffd::all_vat_rates)
    if (ffd::shtrih_vat_code(rate) == code) return rate;
  return std::nullopt;
}

std::uint64_t vat_in_amount(std::uint64_t amount, ffd::vat_rate rate) {
  return static_cast<std::uint64_t>(ffd::vat_in(ffd::money{static_cast<std::int64_t>(amount)}, rate).kopecks);
}

std::uint64_t position_amount(std::uint64_t price, std::uint64_t quantity_millionths) {
  // Split the quantity so that no product overflows 64 bits for 5-byte prices.
  const std::uint64_t whole = quantity_millionths / 1'000'000;
  const std::uint64_t fraction = quantity_millionths % 1'000'000;
  return price * whole + (price * fraction + 500'000) / 1'000'000;
}

void open_receipt::add_extra(std::vector<ffd::tlv> tlvs) {
  for (auto& t : tlvs) extra_.push_back(std::move(t));
}

bool open_receipt::add_position_extra(std::vector<ffd::tlv> tlvs) {
  if (positions_.empty()) return false;
  for (auto& t : tlvs) positions_.back().extra.push_back(std::move(t));
  return true;
}

std::uint64_t open_receipt::total() const {
  std::uint64_t sum = 0;
  for (const auto& p : positions_) sum += p.amount;
  return sum;
}

vat_totals open_receipt::computed_vat() const {
  vat_totals sums{};
  for (const auto& p : positions_) {
    const auto tag = ffd::receipt_vat_tag(p.rate);
    if (!tag) continue;  // 5%, 7%, 5/105, 7/107: no receipt-level tag in FFD 1.05/1.1
    const std::size_t slot = *tag - ffd::tag::vat_20_sum;  // 1102..1107 -> slots 0..5
    const bool turnover = *tag == ffd::tag::vat_0_amount || *tag == ffd::tag::vat_none_amount;
    sums[slot] += turnover ? p.amount : p.vat_sum;
  }
  return sums;
}

close_check check_close(std::uint64_t total, const receipt_payments& payments) {
  namespace err = shtrih::device_error;
  if (total == 0) return {err::zero_total, 0};
  if (payments.non_cash() > total) return {non_cash_over_total, 0};
  if (payments.total() < total) return {err::payments_less_than_total, 0};
  return {0, payments.total() - total};
}

}  // namespace ws::emulator
