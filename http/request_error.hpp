#pragma once
// An API request the server refuses, carrying everything its JSON error body needs:
// the HTTP status, the error NAME of API-NOTES ("DataError"), a human message and, when
// one field is at fault, that field's path ("receipt_content.rows[2].price").

#include <cstddef>
#include <stdexcept>
#include <string>

#include "http/error_kind.hpp"
#include "protocol/ffd/field_error.hpp"

namespace ws::http {

struct request_error : std::runtime_error {
  request_error(error_kind kind, const std::string& text, std::string field_path = {});

  error_kind kind;
  int status;
  std::string name;
  std::string message;
  std::string field;  ///< empty when no single field is at fault
};

/// 400 DataError at `field_path` (empty for the body as a whole); the message is
/// "field_path: text" ("receipt_content.rows[0].prise: unknown field"), or just `text`.
request_error data_error(std::string field_path, const std::string& text);
/// 413 PayloadTooLarge when `size` exceeds `limit` bytes; the HTTP layer calls it
/// before parsing.
void check_body_size(std::size_t size, std::size_t limit);

/// A fiscal-core validation fault as the 400 DataError the API answers with.
request_error data_error(const ffd::field_error& error);

}  // namespace ws::http
