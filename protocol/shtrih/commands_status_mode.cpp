#include "protocol/shtrih/commands_status_mode.hpp"

namespace ws::shtrih {

namespace {

struct mode_names {
  std::string_view russian;
  std::string_view english;
};

// Indexed by the mode number (low nibble): protocol appendix 1.
constexpr mode_names modes[16] = {
    {"Принтер в рабочем режиме", "printer ready"},
    {"Выдача данных", "data output"},
    {"Открытая смена, 24 часа не кончились", "shift open"},
    {"Открытая смена, 24 часа кончились", "shift open over 24 hours"},
    {"Закрытая смена", "shift closed"},
    {"Блокировка по неправильному паролю налогового инспектора", "blocked by wrong tax inspector password"},
    {"Ожидание подтверждения ввода даты", "waiting for date confirmation"},
    {"Разрешение изменения положения десятичной точки", "decimal point change allowed"},
    {"Открытый документ", "document open"},
    {"Режим разрешения технологического обнуления", "technological reset allowed"},
    {"Тестовый прогон", "test run"},
    {"Печать полного фискального отчета", "printing full fiscal report"},
    {"Печать отчёта ЭКЛЗ", "printing EKLZ report"},
    {"Работа с фискальным подкладным документом", "fiscal slip document open"},
    {"Печать подкладного документа", "printing slip document"},
    {"Фискальный подкладной документ сформирован", "fiscal slip document formed"},
};

constexpr mode_names submodes[6] = {
    {"Бумага есть", "paper present"},
    {"Пассивное отсутствие бумаги", "out of paper (idle)"},
    {"Активное отсутствие бумаги", "out of paper while printing"},
    {"После активного отсутствия бумаги", "waiting for continue printing"},
    {"Фаза печати операции полных фискальных отчетов", "printing full fiscal report"},
    {"Фаза печати операции", "printing"},
};

constexpr mode_names unknown_submode{"Неизвестный подрежим", "unknown submode"};

const mode_names& submode_names(std::uint8_t submode) {
  return submode < 6 ? submodes[submode] : unknown_submode;
}

}  // namespace

std::optional<receipt_type> open_receipt_type(std::uint8_t mode_byte) {
  if (mode_number(mode_byte) != kkt_mode::document_open) return std::nullopt;
  const std::uint8_t status = mode_status(mode_byte);
  if (status > static_cast<std::uint8_t>(receipt_type::buy_return)) return std::nullopt;
  return static_cast<receipt_type>(status);
}

bool shift_is_open(std::uint8_t mode_byte) {
  const kkt_mode m = mode_number(mode_byte);
  return m == kkt_mode::shift_open || m == kkt_mode::shift_expired;
}

std::string_view mode_text(std::uint8_t mode_byte) { return modes[mode_byte & 0x0F].russian; }
std::string_view mode_hint(std::uint8_t mode_byte) { return modes[mode_byte & 0x0F].english; }
std::string_view submode_text(std::uint8_t submode) { return submode_names(submode).russian; }
std::string_view submode_hint(std::uint8_t submode) { return submode_names(submode).english; }

}  // namespace ws::shtrih
