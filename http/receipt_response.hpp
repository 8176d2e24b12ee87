#pragma once
// The answer to POST /v1/receipts (schema Receipt): the fiscal document's own fields
// (FD number as "id", fiscal sign as "fp", date-time, shift and receipt numbers, FN and
// KKT), the content as accepted, and receipt_calculated_content with the QR string.

#include <cstdint>
#include <string>
#include <vector>

#include "http/json_writer.hpp"
#include "protocol/ffd/civil_time.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_calculation.hpp"

namespace ws::http {

/// What the register and FN said about the printed receipt.
struct receipt_document_fields {
  std::uint32_t fd_number = 0;       ///< tag 1040 -> "id"
  std::uint32_t fiscal_sign = 0;     ///< tag 1077 -> "fp"
  std::string fn_number;             ///< tag 1041 -> "fn.sn"
  ffd::civil_time date_time;         ///< tag 1012, register local time -> "dt"
  std::uint32_t shift_number = 0;    ///< tag 1038
  std::uint32_t receipt_number = 0;  ///< tag 1042 -> "document_index"
  std::string kkt_serial;            ///< tag 1013 -> "kkt.sn"
  std::string kkt_registration_number;  ///< tag 1037 -> "kkt.rn", left out when empty
  bool ofd_ticket_received = false;
  std::string check_url;             ///< the receipt page's link, left out when empty
};

/// "2026-01-05T10:30:00": the register's local time, no zone (it has none).
std::string format_date_time(const ffd::civil_time& t);

/// The FFD QR string for this receipt (ffd::qr_string with the document fields).
std::string receipt_qr(const ffd::receipt_content& content, const ffd::calculated_receipt& calculated,
                       const receipt_document_fields& document);

/// The ReceiptContent object, as the request named things.
void write_receipt_content(json_writer& json, const ffd::receipt_content& content);
/// The ReceiptCalculatedContent object.
void write_receipt_calculated_content(json_writer& json, const ffd::receipt_content& content,
                                      const ffd::calculated_receipt& calculated, const std::string& qr);

/// The `totals` array: one line per payment type.
void write_payment_totals(json_writer& json, const std::vector<ffd::payment_total>& totals);

/// The whole Receipt response body.
std::string write_receipt_response(const ffd::receipt_content& content,
                                   const ffd::calculated_receipt& calculated,
                                   const receipt_document_fields& document);

}  // namespace ws::http
