#include "protocol/ffd/document_size.hpp"

#include <string>

#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::ffd {

namespace {

constexpr std::size_t max_receipt_bytes = 32768;
constexpr std::size_t max_other_document_bytes = 4096;
constexpr std::size_t stlv_header_bytes = 4;  // tag and length of the document itself

/// Tags a register may add that receipt_document does not model (1013 serial number of
/// up to 20 characters, 1209 FFD version, 1017 OFD INN): their largest encoded size.
constexpr std::size_t register_tags_reserve = (4 + 20) + (4 + 1) + (4 + 12);

}  // namespace

std::size_t max_document_bytes(form_code form) {
  switch (form) {
    case form_code::receipt:
    case form_code::correction_receipt:
    case form_code::bso:
    case form_code::bso_correction:
      return max_receipt_bytes;
    default:
      return max_other_document_bytes;
  }
}

std::size_t worst_case_receipt_bytes(const receipt_content& content, const calculated_receipt& calculated) {
  receipt_document longest = receipt_document_from(content, calculated);
  longest.header.fn_number = std::string(16, '9');
  longest.header.kkt_reg_number = std::string(20, '9');
  longest.header.user_inn = std::string(12, '9');
  longest.header.fd_number = 0xFFFFFFFF;
  longest.header.fiscal_sign = 0xFFFFFFFF;
  longest.header.date_time = 0xFFFFFFFF;
  longest.user_name = std::string(256, 'x');           // 1048
  longest.settlement_address = std::string(256, 'x');  // 1009
  longest.settlement_place = std::string(256, 'x');    // 1187
  longest.cashier = std::string(64, 'x');              // 1021
  longest.cashier_inn = std::string(12, '9');          // 1203
  longest.fns_site = std::string(256, 'x');            // 1060
  longest.shift_number = 0xFFFFFFFF;
  longest.receipt_in_shift = 0xFFFFFFFF;
  return encode(build_document(longest)).size() - stlv_header_bytes + register_tags_reserve;
}

void check_receipt_fits(const receipt_content& content, const calculated_receipt& calculated,
                        const std::string& path) {
  const std::size_t size = worst_case_receipt_bytes(content, calculated);
  const std::size_t limit = max_document_bytes(form_code::receipt);
  if (size > limit)
    throw field_error(path + ".rows", "the receipt is too large for a fiscal storage: " + std::to_string(size) +
                                          " bytes where an FN signs at most " + std::to_string(limit) +
                                          " (send fewer rows or shorter texts, or split the sale)");
}

}  // namespace ws::ffd
