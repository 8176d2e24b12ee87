#include "protocol/ffd/receipt_calculation.hpp"

#include <algorithm>

#include "protocol/ffd/field_error.hpp"

namespace ws::ffd {

namespace {

calculated_row calculate_row(const receipt_row& row, const std::string& row_path) {
  if (row.text.empty()) throw field_error(row_path + ".text", "must not be empty");
  if (row.price.kopecks < 0) throw field_error(row_path + ".price", "must not be negative");
  if (row.qty.millionths <= 0) throw field_error(row_path + ".qty", "must be greater than zero");
  calculated_row out;
  try {
    out.amount = row_amount(row.price, row.qty);
  } catch (const decimal_error& e) {
    throw field_error(row_path, e.what());
  }
  out.vat = vat_in(out.amount, row.tax);
  return out;
}

void check_credit_payment_alone(const receipt_content& content, const std::string& path) {
  if (content.rows.size() < 2) return;
  for (std::size_t i = 0; i < content.rows.size(); ++i)
    if (content.rows[i].method == payment_method::credit_after_delivery)
      throw field_error(indexed(path + ".rows", i) + ".payment_type_type",
                        "credit_after_delivery must be the only row of its receipt");
}

money sum_amounts(const std::vector<calculated_row>& rows, const std::string& path) {
  money total;
  for (const auto& row : rows) {
    try {
      total = add_money(total, row.amount);
    } catch (const decimal_error& e) {
      throw field_error(path + ".rows", e.what());
    }
  }
  return total;
}

std::vector<payment_total> payment_totals(const receipt_content& content, const std::string& path) {
  if (content.payments.empty()) throw field_error(path + ".payments", "must not be empty");
  std::vector<payment_total> totals;
  for (std::size_t i = 0; i < content.payments.size(); ++i) {
    const payment& p = content.payments[i];
    const std::string amount_path = indexed(path + ".payments", i) + ".amount";
    if (p.amount.kopecks <= 0) throw field_error(amount_path, "must be greater than zero");
    auto it = std::find_if(totals.begin(), totals.end(), [&](const payment_total& t) { return t.type == p.type; });
    if (it == totals.end()) it = totals.insert(totals.end(), payment_total{p.type, money{}});
    try {
      it->amount = add_money(it->amount, p.amount);
    } catch (const decimal_error& e) {
      throw field_error(amount_path, e.what());
    }
  }
  return totals;
}

}  // namespace

std::vector<vat_total> vat_totals_of(const std::vector<receipt_row>& rows,
                                     const std::vector<calculated_row>& calculated) {
  std::vector<vat_total> totals;
  for (std::size_t i = 0; i < rows.size() && i < calculated.size(); ++i) {
    auto it = std::find_if(totals.begin(), totals.end(), [&](const vat_total& t) { return t.rate == rows[i].tax; });
    if (it == totals.end()) it = totals.insert(totals.end(), vat_total{rows[i].tax, money{}, money{}});
    it->amount = add_money(it->amount, calculated[i].amount);
  }
  for (auto& t : totals) t.vat = vat_in(t.amount, t.rate);
  return totals;
}

calculated_receipt calculate_receipt(const receipt_content& content, const std::string& path) {
  if (content.rows.empty()) throw field_error(path + ".rows", "must not be empty");
  calculated_receipt out;
  out.rows.reserve(content.rows.size());
  for (std::size_t i = 0; i < content.rows.size(); ++i)
    out.rows.push_back(calculate_row(content.rows[i], indexed(path + ".rows", i)));
  check_credit_payment_alone(content, path);

  out.total = sum_amounts(out.rows, path);
  if (out.total.kopecks == 0) throw field_error(path + ".rows", "receipt total must be greater than zero");
  out.vat_totals = vat_totals_of(content.rows, out.rows);

  out.payments = payment_totals(content, path);
  money paid;
  try {
    for (const auto& p : out.payments) {
      paid = add_money(paid, p.amount);
      if (is_money_received(p.type)) out.money_received = add_money(out.money_received, p.amount);
    }
  } catch (const decimal_error& e) {
    throw field_error(path + ".payments", e.what());
  }
  if (paid != out.total)
    throw field_error(path + ".payments", "payments add up to " + format_money(paid) + " but the total is " +
                                              format_money(out.total));
  return out;
}

}  // namespace ws::ffd
