// Receipt calculation and document building: ffd::calculate_receipt, then the FFD
// receipt document built from it and encoded as TLV bytes, for 1-row and 20-row receipts.

#include <stdexcept>
#include <string>

#include "bench/bench_common.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/tlv.hpp"

namespace {

using namespace ws;
using namespace ws::bench;

ffd::receipt_content sample_receipt(int rows) {
  ffd::receipt_content content;
  content.firm_inn = "7701234567";
  content.client_email_or_phone = "buyer@example.com";
  std::int64_t total = 0;
  for (int i = 0; i < rows; ++i) {
    ffd::receipt_row row;
    row.text = "Товар номер " + std::to_string(i + 1);
    row.price = ffd::money{1999 + 100 * i};
    row.qty = ffd::quantity{1'500'000};  // 1.5: the amount needs rounding
    row.tax = i % 2 ? ffd::vat_rate::nds_10 : ffd::vat_rate::nds_20;
    total += (row.price.kopecks * 3 + 1) / 2;
    content.rows.push_back(row);
  }
  content.payments.push_back({ffd::payment_type::cash, ffd::money{total}});
  return content;
}

/// One receipt end to end; returns the encoded document's size.
std::size_t calculate_and_build(const ffd::receipt_content& content) {
  const ffd::calculated_receipt calculated = ffd::calculate_receipt(content);
  ffd::receipt_document document = ffd::receipt_document_from(content, calculated);
  document.header.fd_number = 42;
  document.header.fn_number = "9999078900012345";
  document.header.fiscal_sign = 123456789;
  document.header.date_time = 1772445600;
  document.header.kkt_reg_number = "0000000001012345";
  document.header.user_inn = "7701234567";
  document.shift_number = 1;
  document.receipt_in_shift = 1;
  document.user_name = "ООО Ромашка";
  document.settlement_address = "Москва, ул. Тверская, 1";
  document.cashier = "Иванова";
  return ffd::encode(ffd::build_document(document)).size();
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = quick_mode(argc, argv);
  const int repetitions = quick ? 3 : 7;
  const auto budget = std::chrono::milliseconds(quick ? 150 : 400);

  for (int rows : {1, 20}) {
    note("receipt calc: " + std::to_string(rows) + " rows");
    const ffd::receipt_content content = sample_receipt(rows);
    const std::size_t document_bytes = calculate_and_build(content);  // also checks it is valid
    auto run = [&](std::chrono::milliseconds length) {
      std::size_t done = 0;
      const auto start = bench_clock::now();
      while (bench_clock::now() - start < length) {
        for (int i = 0; i < 100; ++i) keep(calculate_and_build(content));
        done += 100;
      }
      return static_cast<double>(done) / seconds_between(start, bench_clock::now());
    };
    run(budget / 4);  // warm-up
    std::vector<double> rates;
    for (int i = 0; i < repetitions; ++i) rates.push_back(run(budget));
    const std::vector<param> params{num("rows", rows), num("document_bytes", static_cast<double>(document_bytes)),
                                    num("repetitions", repetitions)};
    report("receipt_calc_and_build_rate", params, median(rates), "receipts/s");
    report("receipt_calc_and_build_time", params, 1e6 / median(rates), "us/receipt");
  }
  return 0;
}
