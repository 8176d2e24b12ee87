#pragma once
// The data part of the FF0Ah reply ("find fiscal document by number"): the fields the FN
// reports for each kind of document (fn-1.2-description, appendix "Форматы фискальных
// документов, при выдаче из Архива ФН", completed for the kinds it leaves out):
//   receipt 3, correction 31:   date-time 5, FD 4, fiscal sign 4, operation 1, total 4
//   shift open 2, shift close 5: date-time 5, FD 4, fiscal sign 4, shift 2, warnings 1
//   FN close 6:                 date-time 5, FD 4, fiscal sign 4, shift 2
//   registration 1:             date-time 5, FD 4, fiscal sign 4, INN 12, RNM 20,
//                               taxation systems 1, work modes 1 (as FF09h)
//   re-registration 11:         as registration, then the reason code 1
//   settlement report 21:       date-time 5, FD 4, fiscal sign 4, unsent count 4,
//                               first unsent date 3 (YY MM DD)
// Date-time is the FN's YY MM DD hh mm; INN and RNM are ASCII padded with spaces.

#include "emulator/fiscal_document.hpp"
#include "protocol/common/bytes.hpp"

namespace ws::emulator {

bytes archive_fields(const fiscal_document& doc);

}  // namespace ws::emulator
