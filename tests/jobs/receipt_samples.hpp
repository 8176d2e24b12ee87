#pragma once
// Receipts the job tests print.

#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"

namespace ws::jobs::testing {

/// Milk 89.90 x 2 at 10% and bread 45.50 x 1 at 20%: total 225.30, paid by card.
inline ffd::receipt_content milk_and_bread() {
  ffd::receipt_content c;
  c.firm_inn = "7704211201";
  c.type = ffd::receipt_type::income;
  c.taxation = ffd::taxation_system::osn;
  c.client_email_or_phone = "buyer@example.com";
  c.firm_reply_email = "shop@example.com";
  ffd::receipt_row milk;
  milk.text = "Молоко 3,2%";
  milk.price = ffd::money{8990};
  milk.qty = ffd::quantity{2'000'000};
  milk.tax = ffd::vat_rate::nds_10;
  ffd::receipt_row bread;
  bread.text = "Хлеб";
  bread.price = ffd::money{4550};
  bread.qty = ffd::quantity{1'000'000};
  bread.tax = ffd::vat_rate::nds_20;
  c.rows = {milk, bread};
  c.payments = {ffd::payment{ffd::payment_type::card, ffd::money{22530}}};
  return c;
}

/// One row of `kopecks` at no VAT, paid in cash: a receipt recognisable by its total.
inline ffd::receipt_content single_row(std::int64_t kopecks) {
  ffd::receipt_content c;
  c.firm_inn = "7704211201";
  ffd::receipt_row row;
  row.text = "Товар";
  row.price = ffd::money{kopecks};
  row.qty = ffd::quantity{1'000'000};
  row.tax = ffd::vat_rate::nds_none;
  c.rows = {row};
  c.payments = {ffd::payment{ffd::payment_type::cash, ffd::money{kopecks}}};
  return c;
}

}  // namespace ws::jobs::testing
