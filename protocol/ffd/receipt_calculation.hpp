#pragma once
// What a register will compute for a receipt, computed before it is sent: each row's
// amount (price × qty, half up to the kopeck) and VAT, the total, the VAT per rate, the
// payments per type. It also refuses receipts a register would refuse or that do not add
// up, naming the field at fault.

#include <string>
#include <vector>

#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::ffd {

struct calculated_row {
  money amount;  ///< price × qty rounded half up
  money vat;     ///< amount × r / (100 + r) rounded half up (tag 1200)
};

/// One line of tax_totals: a rate, the sum of its rows' amounts, and the VAT computed
/// once from that sum (not the sum of the rows' rounded VATs).
struct vat_total {
  vat_rate rate;
  money amount;
  money vat;
};

/// One line of totals: the sum of the payments of one type.
struct payment_total {
  payment_type type;
  money amount;
};

struct calculated_receipt {
  std::vector<calculated_row> rows;    ///< same order as the content's rows
  money total;                         ///< Σ row amounts (tag 1020)
  std::vector<vat_total> vat_totals;   ///< rates in order of first appearance
  std::vector<payment_total> payments; ///< types in order of first appearance
  money money_received;                ///< cash + electronic payments
};

/// Checks and calculates a receipt. Throws field_error whose path starts with
/// `path` ("receipt_content"): no rows; an empty or over-long row text; zero quantity;
/// a row amount over the register's limit; a credit_after_delivery row with other rows
/// (FFD table 28 note); no payments; a zero payment; a zero total; Σ payments ≠ total.
calculated_receipt calculate_receipt(const receipt_content& content,
                                     const std::string& path = "receipt_content");

/// VAT per rate for rows already calculated (exposed for the correction and document
/// code, and for tests).
std::vector<vat_total> vat_totals_of(const std::vector<receipt_row>& rows,
                                     const std::vector<calculated_row>& calculated);

}  // namespace ws::ffd
