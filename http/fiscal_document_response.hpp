#pragma once
// The FiscalDocument answer (make_correction_receipt, document/{n}, the shift reports):
// unlike Receipt, this schema spells the FD number "id" and the fiscal sign "fp" as
// strings, and names the document's kind.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/json_writer.hpp"
#include "protocol/ffd/civil_time.hpp"
#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/receipt.hpp"

namespace ws::http {

/// FiscalDocument.document_type.
enum class fiscal_document_type {
  registration_report,
  re_registration_report,
  shift_open_report,
  shift_close_report,
  receipt,
  bso,
  correction_receipt,
  correction_bso,
  close_fn_report,
  current_report,
};

/// The API's name ("CorrectionReceipt").
std::string_view to_string(fiscal_document_type type);

struct fiscal_document_summary {
  fiscal_document_type type = fiscal_document_type::receipt;
  std::uint32_t fd_number = 0;    ///< tag 1040 -> "id"
  std::uint32_t fiscal_sign = 0;  ///< tag 1077 -> "fp"
  ffd::civil_time date_time;      ///< tag 1012 -> "dt"
  bool ofd_ticket_received = false;
  std::string inn;                ///< tag 1018, left out when empty
  std::string rnm;                ///< tag 1037, left out when empty
  std::optional<std::uint32_t> shift_number;       ///< tag 1038
  std::optional<ffd::receipt_type> receipt_type;   ///< tag 1054, receipts and corrections
  std::optional<ffd::money> amount;                ///< tag 1020
};

void write_fiscal_document(json_writer& json, const fiscal_document_summary& document);
std::string write_fiscal_document(const fiscal_document_summary& document);

}  // namespace ws::http
