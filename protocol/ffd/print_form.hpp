#pragma once
// A fiscal document as a register prints it: lines of text in Russian, each requisite
// under its print heading of FFD 1.05 table 4 ("ИТОГ", "ФН", "ФП", ...), values in the
// form a paper document shows them (money with kopecks, dates dd.mm.yyyy hh:mm, codes by
// their names: "ПРИХОД", "ПОЛНЫЙ РАСЧЕТ", "НДС 20%"). The order is a paper receipt's:
// the seller and the settlement first, then the items, the totals and payments, then
// any other requisite in the order the FN keeps them, and last the fiscal footer (INN,
// registration number, FN, FD, FP, date-time, FNS site). Every requisite of the document
// is printed: one this table does not know is printed by its tag number.

#include <string>
#include <vector>

#include "protocol/ffd/tlv.hpp"

namespace ws::ffd {

/// The print form of a document structure (the STLV whose tag is the form code).
std::vector<std::string> print_form(const tlv& document);

}  // namespace ws::ffd
