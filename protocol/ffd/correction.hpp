#pragma once
// The correction receipt as the API describes it (CorrectionReceiptContent): no rows,
// only payments, the VAT lines stated by the client, the correction type and its basis.
// Parsed from the API's strings with path-carrying errors, and turned into the
// correction receipt document (form 31).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/ffd/civil_time.hpp"
#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/receipt_parse.hpp"

namespace ws::ffd {

/// The API's correction tax names, one per receipt VAT line 1102-1107.
enum class correction_tax {
  nds_18and20,          ///< 1102
  nds_10,               ///< 1103
  nds_0,                ///< 1104 (an amount, not a VAT sum)
  nds_none,             ///< 1105 (an amount, not a VAT sum)
  nds_18_118and20_120,  ///< 1106
  nds_10_110,           ///< 1107
};

std::string_view to_string(correction_tax tax);
std::optional<correction_tax> parse_correction_tax(std::string_view name);

struct correction_tax_amount {
  correction_tax tax = correction_tax::nds_18and20;
  money amount;
};

struct correction_content {
  receipt_type type = receipt_type::income;  ///< income_correction -> income, charge_correction -> charge
  taxation_system taxation = taxation_system::osn;
  bool by_order = false;      ///< correction_type: by_order (1173 = 1) or independently (0)
  std::string reason_name;    ///< 1177
  std::string reason_number;  ///< 1179
  civil_time reason_date;     ///< 1178 (date only)
  std::vector<correction_tax_amount> taxes;
  std::vector<payment> payments;
};

struct correction_tax_text {
  std::string amount;
  std::string tax_type;
};

/// The API's fields as strings, as the HTTP layer copies them.
struct correction_content_text {
  std::string document_type;    ///< income_correction | charge_correction
  std::string taxation_type;
  std::string correction_type;  ///< independently | by_order
  std::optional<std::string> reason_name;
  std::optional<std::string> reason_number;
  std::string reason_dt;        ///< YYYY-MM-DD
  std::vector<correction_tax_text> taxes;
  std::vector<payment_text> payments;
};

/// Parses and checks a correction: known names; a real date; 1 to 6 taxes, each rate at
/// most once; at least one payment, each above zero; a total above zero. Throws
/// field_error with paths under `path` ("correction_receipt_content.reason.dt").
correction_content parse_correction_content(const correction_content_text& text,
                                            const std::string& path = "correction_receipt_content");

/// The correction receipt for a parsed correction: total = Σ payments. The caller fills
/// the header, the shift and receipt numbers and the cashier.
correction_receipt_document correction_document_from(const correction_content& content);

}  // namespace ws::ffd
