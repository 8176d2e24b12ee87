#pragma once
// A document as the FN archive describes it in the FF0Ah reply: its type, then the
// fields every fiscal document starts with (date-time 5, FD number 4, fiscal sign 4),
// then type-specific fields. Receipts and corrections (3, 31) carry the settlement sign
// (1 byte) and the total; the total is read from whatever bytes follow (4 in some FN
// descriptions, 5 in others) so either layout decodes to the same sum.

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/shtrih/commands_documents.hpp"

namespace ws::jobs {

/// FFD form codes as FF0Ah reports them.
namespace form {
inline constexpr std::uint8_t registration = 1;
inline constexpr std::uint8_t shift_open = 2;
inline constexpr std::uint8_t receipt = 3;
inline constexpr std::uint8_t shift_close = 5;
inline constexpr std::uint8_t fn_close = 6;
inline constexpr std::uint8_t reregistration = 11;
inline constexpr std::uint8_t settlement_report = 21;
inline constexpr std::uint8_t correction = 31;
}  // namespace form

struct archived_document {
  std::uint8_t document_type = 0;
  bool ticket_received = false;
  shtrih::fn_date_time date_time;
  std::uint32_t document_number = 0;
  std::uint32_t fiscal_sign = 0;
  std::optional<std::uint8_t> settlement_sign;  ///< receipts and corrections
  std::optional<std::uint64_t> total;           ///< receipts and corrections, kopecks
  std::optional<std::uint16_t> shift_number;    ///< shift open/close, FN close
  bytes data;                                   ///< the raw fields, as received
};

/// Decodes the common fields; throws format_error when the data is too short.
archived_document parse_archived_document(const shtrih::find_document_reply& reply);

/// Who the FN was registered to, from a registration or re-registration document (forms
/// 1 and 11: after the common fields, INN 12 and RNM 20 ASCII characters, space-padded).
struct registration_fields {
  std::string inn;
  std::string registration_number;
};

/// The registration fields of `reply`; nullopt for another form or data too short.
std::optional<registration_fields> parse_registration_fields(const shtrih::find_document_reply& reply);

}  // namespace ws::jobs
