#include "protocol/ffd/print_names.hpp"

#include <algorithm>

#include "protocol/ffd/civil_time.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::ffd {

namespace {

/// Names of the bits set in `mask`, comma-separated.
template <std::size_t N>
std::string bit_names(std::uint64_t mask, const char* const (&names)[N]) {
  std::string out;
  for (std::size_t bit = 0; bit < N; ++bit) {
    if ((mask & (1u << bit)) == 0) continue;
    if (!out.empty()) out += ", ";
    out += names[bit];
  }
  return out.empty() ? "0" : out;
}

std::string two_digits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

std::string printed_date(std::uint64_t seconds, bool with_time) {
  const civil_time t = to_civil(static_cast<std::int64_t>(seconds));
  std::string out = two_digits(t.day) + "." + two_digits(t.month) + "." + std::to_string(t.year);
  if (with_time) out += " " + two_digits(t.hour) + ":" + two_digits(t.minute);
  return out;
}

std::string settlement_sign_name(std::uint64_t v) {
  switch (v) {
    case 1: return "ПРИХОД";
    case 2: return "ВОЗВРАТ ПРИХОДА";
    case 3: return "РАСХОД";
    case 4: return "ВОЗВРАТ РАСХОДА";
    default: return "ПРИЗНАК РАСЧЕТА " + std::to_string(v);
  }
}

std::string taxation_names(std::uint64_t mask) {
  static const char* const names[] = {"ОСН", "УСН ДОХОД", "УСН ДОХОД - РАСХОД", "ЕНВД", "ЕСХН", "ПСН"};
  return bit_names(mask, names);
}

std::string agent_names(std::uint64_t mask) {
  static const char* const names[] = {"БАНК. ПЛ. АГЕНТ", "БАНК. ПЛ. СУБАГЕНТ", "ПЛ. АГЕНТ", "ПЛ. СУБАГЕНТ",
                                      "ПОВЕРЕННЫЙ",      "КОМИССИОНЕР",        "АГЕНТ"};
  return bit_names(mask, names);
}

std::string vat_rate_name(std::uint64_t code) {
  const auto rate = vat_rate_from_ffd_code(static_cast<std::uint8_t>(code));
  if (!rate) return "СТАВКА НДС " + std::to_string(code);
  if (*rate == vat_rate::nds_none) return "БЕЗ НДС";
  const int r = vat_percent(*rate);
  const std::string api_name(to_string(*rate));
  const bool calculated = std::count(api_name.begin(), api_name.end(), '_') == 2;  // nds_20_120
  return "НДС " + std::to_string(r) + (calculated ? "/" + std::to_string(100 + r) : "%");
}

std::string payment_method_name(std::uint64_t v) {
  static const char* const names[] = {"ПРЕДОПЛАТА 100%", "ПРЕДОПЛАТА", "АВАНС", "ПОЛНЫЙ РАСЧЕТ",
                                      "ЧАСТИЧНЫЙ РАСЧЕТ И КРЕДИТ", "ПЕРЕДАЧА В КРЕДИТ", "ОПЛАТА КРЕДИТА"};
  return v >= 1 && v <= 7 ? names[v - 1] : "СПОСОБ РАСЧЕТА " + std::to_string(v);
}

std::string payment_object_name(std::uint64_t v) {
  static const char* const names[] = {"ТОВАР",          "ПОДАКЦИЗНЫЙ ТОВАР",     "РАБОТА",
                                      "УСЛУГА",         "СТАВКА АЗАРТНОЙ ИГРЫ",  "ВЫИГРЫШ АИ",
                                      "ЛОТЕРЕЙНЫЙ БИЛЕТ", "ВЫИГРЫШ ЛОТЕРЕИ",     "ПРЕДОСТАВЛЕНИЕ РИД",
                                      "ПЛАТЕЖ",         "АГЕНТСКОЕ ВОЗНАГРАЖДЕНИЕ", "СОСТАВНОЙ ПРЕДМЕТ РАСЧЕТА",
                                      "ИНОЙ ПРЕДМЕТ РАСЧЕТА"};
  return v >= 1 && v <= 13 ? names[v - 1] : "ПРЕДМЕТ РАСЧЕТА " + std::to_string(v);
}

}  // namespace ws::ffd
