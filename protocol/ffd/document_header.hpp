#pragma once
// What every fiscal document the FN signs carries: its number, the FN, the fiscal sign,
// the date-time, the register's registration number, the user's INN, the FFD version.
// Each document kind (documents.hpp) has one of these plus its own fields.

#include <cstdint>
#include <string>

#include "protocol/ffd/tlv.hpp"

namespace ws::ffd {

struct document_header {
  std::uint32_t fd_number = 0;     ///< tag 1040
  std::string fn_number;           ///< tag 1041, 16 characters
  std::uint32_t fiscal_sign = 0;   ///< tag 1077 as printed (bytes 2..5, big-endian)
  std::uint32_t date_time = 0;     ///< tag 1012, UnixTime of the register's local clock
  std::string kkt_reg_number;      ///< tag 1037, up to 20 characters (space-padded)
  std::string user_inn;            ///< tag 1018, 10 or 12 digits (space-padded to 12)
  std::uint8_t ffd_version = 2;    ///< tag 1209: 2 = FFD 1.05, 3 = 1.1, 4 = 1.2

  friend bool operator==(const document_header& a, const document_header& b) {
    return a.fd_number == b.fd_number && a.fn_number == b.fn_number && a.fiscal_sign == b.fiscal_sign &&
           a.date_time == b.date_time && a.kkt_reg_number == b.kkt_reg_number && a.user_inn == b.user_inn &&
           a.ffd_version == b.ffd_version;
  }
};

/// Tag 1077: six bytes of which the FFD prints bytes 2..5 as a big-endian UInt32; the
/// first two are the FN's and are zero here.
tlv fiscal_sign_tlv(std::uint32_t fiscal_sign);
/// The printed number of a tag 1077 value; throws format_error unless it is 6 bytes.
std::uint32_t read_fiscal_sign(const tlv& node);

/// Appends the header's tags to a document structure.
void add_header(tlv& document, const document_header& header);
/// Reads the header's tags back; throws format_error naming a missing tag.
document_header read_header(const tlv& document);

}  // namespace ws::ffd
