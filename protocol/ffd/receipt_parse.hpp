#pragma once
// From the API's strings to the typed receipt. The HTTP layer copies the JSON fields
// into these text structs as they are; everything about their content (enum names,
// decimals, INNs, lengths) is checked here, and the first fault is thrown as a
// field_error naming its JSON path.

#include <optional>
#include <string>
#include <vector>

#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/inn.hpp"
#include "protocol/ffd/receipt.hpp"

namespace ws::ffd {

struct receipt_row_text {
  std::string price;
  std::string qty;
  std::string tax_type;
  std::string payment_type_type;
  std::string text;
  std::optional<std::string> unit;
  std::optional<std::string> agent_type;
  std::optional<ffd::supplier_info> supplier_info;
};

struct payment_text {
  std::string amount;
  std::string payment_type;
};

struct receipt_content_text {
  std::string firm_inn;
  std::string receipt_type;
  std::string taxation_type;
  std::string agent_type;
  std::string client_email_or_phone;
  std::optional<std::string> client_inn;
  std::optional<std::string> supplier_phone;
  std::string firm_reply_email;
  std::string firm_url;
  std::optional<std::string> additional_document_requisite;
  std::optional<user_requisite> additional_user_requisite;
  std::vector<receipt_row_text> rows;
  std::vector<payment_text> payments;
};

/// Parses every field; throws field_error ("receipt_content.rows[1].qty: invalid
/// quantity \"1e5\": exponent not allowed"). Does not calculate: pass the result to
/// calculate_receipt for the sums.
receipt_content parse_receipt_content(const receipt_content_text& text,
                                      const std::string& path = "receipt_content");

/// A money field; decimal_error becomes field_error at `path`.
money parse_money_field(std::string_view text, const std::string& path);
/// A quantity field; decimal_error becomes field_error at `path`.
quantity parse_quantity_field(std::string_view text, const std::string& path);


}  // namespace ws::ffd
