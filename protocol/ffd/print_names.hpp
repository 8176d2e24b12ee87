#pragma once
// The names a register prints for the codes of a fiscal document (FFD 1.05 print forms):
// the settlement sign, tax systems, agent kinds, VAT rates, payment methods and objects.
// The print form and the receipt page both show codes by these names.

#include <cstdint>
#include <string>

namespace ws::ffd {

/// A UnixTime as printed: "05.01.2026 10:30" (with_time) or "05.01.2026".
std::string printed_date(std::uint64_t seconds, bool with_time);
/// 1054: "ПРИХОД", "ВОЗВРАТ ПРИХОДА", "РАСХОД", "ВОЗВРАТ РАСХОДА".
std::string settlement_sign_name(std::uint64_t sign);
/// 1055/1062 bit masks: "ОСН", "УСН ДОХОД", ... comma-separated.
std::string taxation_names(std::uint64_t mask);
/// 1057/1222 bit masks: "ПЛ. АГЕНТ", "КОМИССИОНЕР", ...
std::string agent_names(std::uint64_t mask);
/// 1199: "НДС 20%", "НДС 20/120", "НДС 0%", "БЕЗ НДС".
std::string vat_rate_name(std::uint64_t code);
/// 1214: "ПОЛНЫЙ РАСЧЕТ", "ПРЕДОПЛАТА 100%", ...
std::string payment_method_name(std::uint64_t code);
/// 1212: "ТОВАР", "УСЛУГА", ...
std::string payment_object_name(std::uint64_t code);

}  // namespace ws::ffd
