#include "protocol/ffd/receipt_readback.hpp"

namespace ws::ffd {

namespace {

receipt_row row_of(const receipt_item& item) {
  receipt_row row;
  row.text = item.name;
  row.price = item.price;
  row.qty = item.qty;
  row.tax = item.rate;
  row.method = item.method;
  row.object = item.object;
  row.unit = item.unit;
  row.agent = item.agent;
  row.supplier = item.supplier;
  return row;
}

}  // namespace

std::vector<payment> payments_read_back(const payment_sums& sums) {
  const std::pair<payment_type, money> by_kind[] = {{payment_type::cash, sums.cash},
                                                    {payment_type::card, sums.electronic},
                                                    {payment_type::prepayment, sums.prepayment},
                                                    {payment_type::credit, sums.credit},
                                                    {payment_type::extension, sums.counter_provision}};
  std::vector<payment> out;
  for (const auto& [type, amount] : by_kind)
    if (amount.kopecks != 0) out.push_back(payment{type, amount});
  return out;
}

receipt_readback read_back_receipt(const receipt_document& document) {
  receipt_readback out;
  receipt_content& content = out.content;
  content.firm_inn = document.header.user_inn;
  content.type = document.type;
  content.taxation = document.taxation;
  content.agent = document.agent;
  content.client_email_or_phone = document.buyer_contact;
  content.client_inn = document.buyer_inn;
  content.supplier_phone = document.supplier_phone;
  content.firm_reply_email = document.sender_email;
  content.firm_url = document.settlement_place;
  content.additional_document_requisite = document.additional_requisite;
  content.additional_user_requisite = document.user_property;
  for (const receipt_item& item : document.items) content.rows.push_back(row_of(item));
  content.payments = payments_read_back(document.payments);

  calculated_receipt& calculated = out.calculated;
  for (const receipt_item& item : document.items) calculated.rows.push_back(calculated_row{item.amount, item.vat});
  calculated.total = document.total;
  calculated.vat_totals = vat_totals_of(content.rows, calculated.rows);
  for (const payment& p : content.payments) {
    calculated.payments.push_back(payment_total{p.type, p.amount});
    if (is_money_received(p.type)) calculated.money_received = add_money(calculated.money_received, p.amount);
  }
  return out;
}

}  // namespace ws::ffd
