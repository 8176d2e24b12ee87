#pragma once
// The FFD content the KKT hands to its FN for each kind of document (FFD 1.05 forms):
// everything except the tags the FN adds itself (1012 date-time, 1040 FD number, 1041
// FN number, 1077 fiscal sign). The TLVs the host sent with FF0Ch/FF4Dh are kept as
// they came, after the KKT's own tags.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/fiscal_document.hpp"
#include "emulator/receipt.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::emulator {

/// What the KKT itself contributes to every document.
struct kkt_identity {
  std::string serial;    ///< tag 1013
  std::string version;   ///< tag 1188
};

inline constexpr std::uint8_t ffd_version_105 = 2;  ///< tag 1209 value for FFD 1.05

std::vector<ffd::tlv> registration_body(const registration_data& reg, const kkt_identity& kkt,
                                        std::optional<std::uint8_t> reregistration_reason,
                                        std::vector<ffd::tlv> extra);

std::vector<ffd::tlv> shift_open_body(const registration_data& reg, const kkt_identity& kkt,
                                      std::uint16_t shift_number, std::vector<ffd::tlv> extra);

/// What the FN counted in the shift and still owes the OFD, for the shift close and the
/// settlement report.
struct shift_summary {
  std::uint16_t shift_number = 0;
  std::uint32_t documents_in_shift = 0;
  std::uint32_t receipts_in_shift = 0;
  std::uint32_t unsent_count = 0;
  std::uint32_t first_unsent_number = 0;
  std::int64_t first_unsent_time = 0;
};

std::vector<ffd::tlv> shift_close_body(const registration_data& reg, const kkt_identity& kkt,
                                       const shift_summary& summary, std::vector<ffd::tlv> extra);

std::vector<ffd::tlv> settlement_report_body(const registration_data& reg, const kkt_identity& kkt,
                                             const shift_summary& summary, std::vector<ffd::tlv> extra);

/// A receipt's or correction receipt's money: payments net of change and VAT totals.
struct receipt_money {
  std::uint64_t total = 0;
  receipt_payments payments;  ///< cash already reduced by the change
  vat_totals vat{};
};

std::vector<ffd::tlv> receipt_body(const registration_data& reg, const kkt_identity& kkt,
                                   std::uint16_t shift_number, std::uint16_t receipt_number,
                                   const open_receipt& receipt, std::uint8_t taxation_system,
                                   const receipt_money& money);

std::vector<ffd::tlv> correction_body(const registration_data& reg, const kkt_identity& kkt,
                                      std::uint16_t shift_number, std::uint16_t receipt_number,
                                      std::uint8_t settlement_sign, std::uint8_t correction_type,
                                      std::uint8_t taxation_system, const receipt_money& money,
                                      std::vector<ffd::tlv> extra);

std::vector<ffd::tlv> fn_close_body(const registration_data& reg, const kkt_identity& kkt,
                                    std::uint16_t shift_number, std::vector<ffd::tlv> extra);

/// The first value of `tag` among host TLVs as text, or "" (registration picks the OFD
/// and address fields out of what the host sent with FF0Ch).
std::string find_text(const std::vector<ffd::tlv>& tlvs, std::uint16_t tag);

}  // namespace ws::emulator
