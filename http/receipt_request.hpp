#pragma once
// The bodies of POST /v1/receipts (ReceiptRequest) and of make_correction_receipt
// (CorrectionReceiptRequest). Shape and JSON types are checked here; the values
// themselves (enum names, decimals, INNs, sums) by the fiscal core's parse functions,
// whose field_error becomes the same 400 DataError with the same path.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/json_body.hpp"
#include "protocol/ffd/correction.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"
#include "protocol/ffd/receipt_parse.hpp"

namespace ws::http {

/// When a condition runs (API-NOTES "Conditions").
enum class condition_stage {
  accept_device,
  after_select_device,
  before,
  after,
};

std::string_view to_string(condition_stage stage);
std::optional<condition_stage> parse_condition_stage(std::string_view name);

struct condition {
  condition_stage stage = condition_stage::accept_device;
  std::string expression;  ///< hy source, not parsed here
};

struct conditional {
  std::string dialect = "hy";  ///< the only dialect there is
  std::vector<condition> conditions;
};

struct receipt_request {
  ffd::receipt_content content;
  ffd::calculated_receipt calculated;  ///< already checked: Σ payments = total
  std::optional<http::conditional> conditional;
  std::optional<std::string> trace;  ///< the client's object, minified JSON
};

struct correction_receipt_request {
  ffd::correction_content content;
};

/// Throws request_error (400 DataError with the field's path) for anything wrong.
receipt_request parse_receipt_request(std::string_view body);
correction_receipt_request parse_correction_receipt_request(std::string_view body);

// The pieces, for other bodies that embed them. Each calls finish() on what it reads.
ffd::receipt_content_text read_receipt_content_text(object_reader& content);
ffd::correction_content_text read_correction_content_text(object_reader& content);
http::conditional read_conditional(object_reader& object);

}  // namespace ws::http
