#pragma once
// The string a receipt's QR code holds (FFD tag 1196), from which a buyer checks it:
// t=YYYYMMDDTHHMM&s=RUB.KK&fn=FN&i=FD&fp=FP&n=1054-code

#include <cstdint>
#include <string>

#include "protocol/ffd/decimal.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/ffd/receipt_document.hpp"

namespace ws::ffd {

struct qr_fields {
  std::uint32_t date_time = 0;  ///< tag 1012 (register's local time as UnixTime)
  money total;                  ///< tag 1020
  std::string fn_number;        ///< tag 1041
  std::uint32_t fd_number = 0;  ///< tag 1040
  std::uint32_t fiscal_sign = 0;  ///< tag 1077 as printed
  receipt_type type = receipt_type::income;  ///< tag 1054
};

/// "t=20260105T1030&s=123.45&fn=9999078900001234&i=17&fp=2881561289&n=1": minutes
/// precision, the sum with two decimals, numbers without leading zeros.
std::string qr_string(const qr_fields& fields);
/// The QR string of a stored receipt.
std::string qr_string(const receipt_document& receipt);

}  // namespace ws::ffd
