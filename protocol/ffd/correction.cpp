#include "protocol/ffd/correction.hpp"

#include <algorithm>

#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/fiscal_text.hpp"

namespace ws::ffd {

namespace {

struct tax_name {
  correction_tax tax;
  std::string_view name;
};

constexpr tax_name tax_names[] = {
    {correction_tax::nds_18and20, "nds_18and20"},
    {correction_tax::nds_10, "nds_10"},
    {correction_tax::nds_0, "nds_0"},
    {correction_tax::nds_none, "nds_none"},
    {correction_tax::nds_18_118and20_120, "nds_18_118and20_120"},
    {correction_tax::nds_10_110, "nds_10_110"},
};

constexpr std::size_t max_taxes = 6;

/// "2026-01-05" -> civil date; nullopt unless exactly YYYY-MM-DD naming a real day.
std::optional<civil_time> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto number = [&](std::size_t from, std::size_t count) -> std::optional<int> {
    int v = 0;
    for (std::size_t i = from; i < from + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  civil_time t;
  t.year = *y;
  t.month = *m;
  t.day = *d;
  if (!is_valid(t)) return std::nullopt;
  return t;
}

std::vector<correction_tax_amount> parse_taxes(const std::vector<correction_tax_text>& taxes, const std::string& path) {
  if (taxes.empty() || taxes.size() > max_taxes)
    throw field_error(path, "must hold 1 to 6 taxes, has " + std::to_string(taxes.size()));
  std::vector<correction_tax_amount> out;
  for (std::size_t i = 0; i < taxes.size(); ++i) {
    const std::string item = indexed(path, i);
    const auto tax = parse_correction_tax(taxes[i].tax_type);
    if (!tax) throw field_error(item + ".tax_type", "unknown value \"" + taxes[i].tax_type + "\"");
    if (std::any_of(out.begin(), out.end(), [&](const correction_tax_amount& t) { return t.tax == *tax; }))
      throw field_error(item + ".tax_type", "\"" + taxes[i].tax_type + "\" given twice");
    out.push_back({*tax, parse_money_field(taxes[i].amount, item + ".amount")});
  }
  return out;
}

std::vector<payment> parse_payments(const std::vector<payment_text>& payments, const std::string& path) {
  if (payments.empty()) throw field_error(path, "must not be empty");
  std::vector<payment> out;
  money total;
  for (std::size_t i = 0; i < payments.size(); ++i) {
    const std::string item = indexed(path, i);
    const auto type = parse_request_payment_type(payments[i].payment_type);
    if (!type) throw field_error(item + ".payment_type", "unknown value \"" + payments[i].payment_type + "\"");
    const money amount = parse_money_field(payments[i].amount, item + ".amount");
    if (amount.kopecks <= 0) throw field_error(item + ".amount", "must be greater than zero");
    try {
      total = add_money(total, amount);
    } catch (const decimal_error& e) {
      throw field_error(item + ".amount", e.what());
    }
    out.push_back({*type, amount});
  }
  return out;
}

}  // namespace

std::string_view to_string(correction_tax tax) {
  for (const auto& row : tax_names)
    if (row.tax == tax) return row.name;
  return "";
}

std::optional<correction_tax> parse_correction_tax(std::string_view name) {
  for (const auto& row : tax_names)
    if (row.name == name) return row.tax;
  return std::nullopt;
}

correction_content parse_correction_content(const correction_content_text& t, const std::string& path) {
  correction_content c;
  if (t.document_type == "income_correction")
    c.type = receipt_type::income;
  else if (t.document_type == "charge_correction")
    c.type = receipt_type::charge;
  else
    throw field_error(path + ".document_type", "unknown value \"" + t.document_type + "\"");

  const auto taxation = parse_taxation_system(t.taxation_type);
  if (!taxation) throw field_error(path + ".taxation_type", "unknown value \"" + t.taxation_type + "\"");
  c.taxation = *taxation;

  if (t.correction_type == "by_order")
    c.by_order = true;
  else if (t.correction_type != "independently")
    throw field_error(path + ".correction_type", "unknown value \"" + t.correction_type + "\"");

  const auto date = parse_date(t.reason_dt);
  if (!date) throw field_error(path + ".reason.dt", "must be a date YYYY-MM-DD, got \"" + t.reason_dt + "\"");
  c.reason_date = *date;
  c.reason_name = fiscal_text(t.reason_name.value_or(""), 256, path + ".reason.name");
  c.reason_number = fiscal_text(t.reason_number.value_or(""), 32, path + ".reason.number");

  c.taxes = parse_taxes(t.taxes, path + ".taxes");
  c.payments = parse_payments(t.payments, path + ".payments");
  return c;
}

correction_receipt_document correction_document_from(const correction_content& c) {
  correction_receipt_document d;
  d.type = c.type;
  d.taxation = c.taxation;
  d.correction_type = c.by_order ? 1 : 0;
  d.basis_name = c.reason_name;
  d.basis_number = c.reason_number;
  d.basis_date = static_cast<std::uint32_t>(from_civil(c.reason_date));
  std::vector<payment_total> totals;
  for (const auto& p : c.payments) {
    totals.push_back({p.type, p.amount});
    d.total = add_money(d.total, p.amount);
  }
  d.payments = payment_sums_from(totals);
  for (const auto& t : c.taxes) {
    switch (t.tax) {
      case correction_tax::nds_18and20: d.vat.vat_20 = t.amount; break;
      case correction_tax::nds_10: d.vat.vat_10 = t.amount; break;
      case correction_tax::nds_0: d.vat.amount_vat_0 = t.amount; break;
      case correction_tax::nds_none: d.vat.amount_no_vat = t.amount; break;
      case correction_tax::nds_18_118and20_120: d.vat.vat_20_120 = t.amount; break;
      case correction_tax::nds_10_110: d.vat.vat_10_110 = t.amount; break;
    }
  }
  return d;
}

}  // namespace ws::ffd
