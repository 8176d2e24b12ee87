#include "protocol/shtrih/errors.hpp"

#include <algorithm>
#include <iterator>

namespace ws::shtrih {

namespace {

struct error_entry {
  std::uint8_t code;
  error_class kind;
  std::string_view text;  // Russian, as the vendor's table names it
  std::string_view hint;  // English
};

using k = error_class;

// The device's table (kkt-protocol-2.0, "Коды ошибок"), sorted by code. Where the table
// gives a code two meanings the one a current KKT issues is kept: 26h as the KKT's, 3Ch
// as the EKLZ one (the table's note says the other was never issued).
constexpr error_entry device_errors[] = {
    {0x00, k::none, "Ошибок нет", "no error"},
    {0x01, k::hardware, "Неисправен накопитель ФП 1, ФП 2 или часы", "fiscal memory or clock failure"},
    {0x02, k::hardware, "Отсутствует ФП 1", "fiscal memory 1 missing"},
    {0x03, k::hardware, "Отсутствует ФП 2", "fiscal memory 2 missing"},
    {0x04, k::request, "Некорректные параметры в команде обращения к ФП", "bad fiscal memory parameters"},
    {0x05, k::no_data, "Нет запрошенных данных", "no requested data"},
    {0x06, k::state, "ФП в режиме вывода данных", "fiscal memory is outputting data"},
    {0x07, k::request, "Некорректные параметры в команде для данной реализации ФП", "parameters unsupported by this fiscal memory"},
    {0x08, k::request, "Команда не поддерживается в данной реализации ФП", "command unsupported by this fiscal memory"},
    {0x09, k::request, "Некорректная длина команды", "wrong command length"},
    {0x0A, k::request, "Формат данных не BCD", "data not in BCD"},
    {0x0B, k::hardware, "Неисправна ячейка памяти ФП при записи итога", "fiscal memory cell failed"},
    {0x11, k::state, "Не введена лицензия", "no license"},
    {0x12, k::state, "Заводской номер уже введен", "serial number already set"},
    {0x13, k::date_time, "Текущая дата меньше даты последней записи в ФП", "date before the last fiscal record"},
    {0x14, k::fn_resource, "Область сменных итогов ФП переполнена", "shift totals area full"},
    {0x15, k::state, "Смена уже открыта", "shift already open"},
    {0x16, k::state, "Смена не открыта", "shift not open"},
    {0x17, k::request, "Номер первой смены больше номера последней смены", "first shift after last"},
    {0x18, k::request, "Дата первой смены больше даты последней смены", "first shift date after last"},
    {0x19, k::no_data, "Нет данных в ФП", "no data in fiscal memory"},
    {0x1A, k::fn_resource, "Область перерегистраций в ФП переполнена", "re-registration area full"},
    {0x1B, k::state, "Заводской номер не введен", "serial number not set"},
    {0x1C, k::hardware, "В заданном диапазоне есть поврежденная запись", "damaged record in range"},
    {0x1D, k::hardware, "Повреждена последняя запись сменных итогов", "last shift totals record damaged"},
    {0x1F, k::hardware, "Отсутствует память регистров", "register memory missing"},
    {0x20, k::other, "Переполнение денежного регистра при добавлении", "money register overflow"},
    {0x21, k::request, "Вычитаемая сумма больше содержимого денежного регистра", "subtracted sum over register"},
    {0x22, k::date_time, "Неверная дата", "wrong date"},
    {0x23, k::no_data, "Нет записи активизации", "no activation record"},
    {0x24, k::fn_resource, "Область активизаций переполнена", "activation area full"},
    {0x25, k::no_data, "Нет активизации с запрашиваемым номером", "no activation with that number"},
    {0x26, k::request, "Вносимая клиентом сумма меньше суммы чека", "payment less than receipt total"},
    {0x27, k::hardware, "Признак несовпадения КС, з/н, перерегистраций или активизаций", "fiscal memory checksum mismatch"},
    {0x2B, k::state, "Невозможно отменить предыдущую команду", "cannot cancel previous command"},
    {0x2C, k::state, "Обнулённая касса (повторное гашение невозможно)", "already cleared"},
    {0x2D, k::request, "Сумма чека по секции меньше суммы сторно", "department sum less than void"},
    {0x2E, k::request, "В ККТ нет денег для выплаты", "no cash for payout"},
    {0x30, k::state, "ККТ заблокирован, ждет ввода пароля налогового инспектора", "blocked: tax inspector password needed"},
    {0x32, k::state, "Требуется выполнение общего гашения", "general clearing required"},
    {0x33, k::request, "Некорректные параметры в команде", "bad command parameters"},
    {0x34, k::no_data, "Нет данных", "no data"},
    {0x35, k::request, "Некорректный параметр при данных настройках", "parameter invalid for these settings"},
    {0x36, k::request, "Некорректные параметры в команде для данной реализации ККТ", "parameters unsupported by this KKT"},
    {0x37, k::request, "Команда не поддерживается в данной реализации ККТ", "command not supported by this KKT"},
    {0x38, k::hardware, "Ошибка в ПЗУ", "ROM error"},
    {0x39, k::hardware, "Внутренняя ошибка ПО ККТ", "internal firmware error"},
    {0x3A, k::other, "Переполнение накопления по надбавкам в смене", "shift surcharge total overflow"},
    {0x3B, k::other, "Переполнение накопления в смене", "shift total overflow"},
    {0x3C, k::state, "ЭКЛЗ: неверный регистрационный номер", "EKLZ: wrong registration number"},
    {0x3D, k::state, "Смена не открыта – операция невозможна", "shift not open"},
    {0x3E, k::other, "Переполнение накопления по секциям в смене", "shift department total overflow"},
    {0x3F, k::other, "Переполнение накопления по скидкам в смене", "shift discount total overflow"},
    {0x40, k::request, "Переполнение диапазона скидок", "discount out of range"},
    {0x41, k::request, "Переполнение диапазона оплаты наличными", "cash payment out of range"},
    {0x42, k::request, "Переполнение диапазона оплаты типом 2", "payment type 2 out of range"},
    {0x43, k::request, "Переполнение диапазона оплаты типом 3", "payment type 3 out of range"},
    {0x44, k::request, "Переполнение диапазона оплаты типом 4", "payment type 4 out of range"},
    {0x45, k::request, "Cумма всех типов оплаты меньше итога чека", "payments less than receipt total"},
    {0x46, k::request, "Не хватает наличности в кассе", "not enough cash in the drawer"},
    {0x47, k::other, "Переполнение накопления по налогам в смене", "shift tax total overflow"},
    {0x48, k::request, "Переполнение итога чека", "receipt total overflow"},
    {0x49, k::state, "Операция невозможна в открытом чеке данного типа", "not allowed in this receipt type"},
    {0x4A, k::state, "Открыт чек – операция невозможна", "receipt open"},
    {0x4B, k::request, "Буфер чека переполнен", "receipt buffer full"},
    {0x4C, k::other, "Переполнение накопления по обороту налогов в смене", "shift tax turnover overflow"},
    {0x4D, k::request, "Вносимая безналичной оплатой сумма больше суммы чека", "non-cash payment over receipt total"},
    {0x4E, k::shift_expired, "Смена превысила 24 часа", "shift over 24 hours"},
    {0x4F, k::password, "Неверный пароль", "wrong password"},
    {0x50, k::busy, "Идет печать предыдущей команды", "still printing the previous command"},
    {0x51, k::other, "Переполнение накоплений наличными в смене", "shift cash total overflow"},
    {0x52, k::other, "Переполнение накоплений по типу оплаты 2 в смене", "shift payment type 2 overflow"},
    {0x53, k::other, "Переполнение накоплений по типу оплаты 3 в смене", "shift payment type 3 overflow"},
    {0x54, k::other, "Переполнение накоплений по типу оплаты 4 в смене", "shift payment type 4 overflow"},
    {0x55, k::state, "Чек закрыт – операция невозможна", "receipt closed"},
    {0x56, k::no_data, "Нет документа для повтора", "no document to repeat"},
    {0x57, k::hardware, "ЭКЛЗ: количество закрытых смен не совпадает с ФП", "EKLZ shift count mismatch"},
    {0x58, k::waiting_continue, "Ожидание команды продолжения печати", "waiting for continue printing"},
    {0x59, k::state, "Документ открыт другим оператором", "document opened by another operator"},
    {0x5A, k::request, "Скидка превышает накопления в чеке", "discount over receipt total"},
    {0x5B, k::request, "Переполнение диапазона надбавок", "surcharge out of range"},
    {0x5C, k::hardware, "Понижено напряжение 24В", "24 V supply low"},
    {0x5D, k::request, "Таблица не определена", "table not defined"},
    {0x5E, k::request, "Некорректная операция", "invalid operation"},
    {0x5F, k::request, "Отрицательный итог чека", "negative receipt total"},
    {0x60, k::request, "Переполнение при умножении", "multiplication overflow"},
    {0x61, k::request, "Переполнение диапазона цены", "price out of range"},
    {0x62, k::request, "Переполнение диапазона количества", "quantity out of range"},
    {0x63, k::request, "Переполнение диапазона отдела", "department out of range"},
    {0x64, k::hardware, "ФП отсутствует", "fiscal memory missing"},
    {0x65, k::request, "Не хватает денег в секции", "not enough money in department"},
    {0x66, k::other, "Переполнение денег в секции", "department money overflow"},
    {0x67, k::hardware, "Ошибка связи с ФП", "fiscal memory link error"},
    {0x68, k::request, "Не хватает денег по обороту налогов", "not enough tax turnover"},
    {0x69, k::other, "Переполнение денег по обороту налогов", "tax turnover overflow"},
    {0x6A, k::hardware, "Ошибка питания в момент ответа по I2C", "power failure during I2C answer"},
    {0x6B, k::paper, "Нет чековой ленты", "no receipt paper"},
    {0x6C, k::paper, "Нет контрольной ленты", "no journal paper"},
    {0x6D, k::request, "Не хватает денег по налогу", "not enough tax money"},
    {0x6E, k::other, "Переполнение денег по налогу", "tax money overflow"},
    {0x6F, k::other, "Переполнение по выплате в смене", "shift payout overflow"},
    {0x70, k::fn_resource, "Переполнение ФП", "fiscal memory full"},
    {0x71, k::hardware, "Ошибка отрезчика", "cutter error"},
    {0x72, k::state, "Команда не поддерживается в данном подрежиме", "not allowed in this submode"},
    {0x73, k::state, "Команда не поддерживается в данном режиме", "not allowed in this mode"},
    {0x74, k::hardware, "Ошибка ОЗУ", "RAM error"},
    {0x75, k::hardware, "Ошибка питания", "power failure"},
    {0x76, k::hardware, "Ошибка принтера: нет импульсов с тахогенератора", "printer error: no tachometer pulses"},
    {0x77, k::hardware, "Ошибка принтера: нет сигнала с датчиков", "printer error: no sensor signal"},
    {0x78, k::state, "Замена ПО", "firmware replaced"},
    {0x79, k::state, "Замена ФП", "fiscal memory replaced"},
    {0x7A, k::request, "Поле не редактируется", "field is read-only"},
    {0x7B, k::hardware, "Ошибка оборудования", "hardware error"},
    {0x7C, k::date_time, "Не совпадает дата", "date mismatch"},
    {0x7D, k::date_time, "Неверный формат даты", "wrong date format"},
    {0x7E, k::request, "Неверное значение в поле длины", "wrong length field"},
    {0x7F, k::request, "Переполнение диапазона итога чека", "receipt total out of range"},
    {0x80, k::hardware, "Ошибка связи с ФП", "fiscal memory link error"},
    {0x81, k::hardware, "Ошибка связи с ФП", "fiscal memory link error"},
    {0x82, k::hardware, "Ошибка связи с ФП", "fiscal memory link error"},
    {0x83, k::hardware, "Ошибка связи с ФП", "fiscal memory link error"},
    {0x84, k::other, "Переполнение наличности", "cash overflow"},
    {0x85, k::other, "Переполнение по продажам в смене", "shift sales overflow"},
    {0x86, k::other, "Переполнение по покупкам в смене", "shift purchases overflow"},
    {0x87, k::other, "Переполнение по возвратам продаж в смене", "shift sale returns overflow"},
    {0x88, k::other, "Переполнение по возвратам покупок в смене", "shift purchase returns overflow"},
    {0x89, k::other, "Переполнение по внесению в смене", "shift cash-in overflow"},
    {0x8A, k::request, "Переполнение по надбавкам в чеке", "receipt surcharge overflow"},
    {0x8B, k::request, "Переполнение по скидкам в чеке", "receipt discount overflow"},
    {0x8C, k::request, "Отрицательный итог надбавки в чеке", "negative receipt surcharge"},
    {0x8D, k::request, "Отрицательный итог скидки в чеке", "negative receipt discount"},
    {0x8E, k::request, "Нулевой итог чека", "zero receipt total"},
    {0x8F, k::state, "Касса не фискализирована", "KKT not registered"},
    {0x90, k::request, "Поле превышает размер, установленный в настройках", "field longer than configured"},
    {0x91, k::request, "Выход за границу поля печати при данных настройках шрифта", "outside the print area for this font"},
    {0x92, k::request, "Наложение полей", "fields overlap"},
    {0x93, k::other, "Восстановление ОЗУ прошло успешно", "RAM restored"},
    {0x94, k::request, "Исчерпан лимит операций в чеке", "receipt operation limit reached"},
    {0x95, k::hardware, "Неизвестная ошибка ЭКЛЗ", "unknown EKLZ error"},
    {0xA0, k::hardware, "Ошибка связи с ЭКЛЗ", "EKLZ link error"},
    {0xA1, k::hardware, "ЭКЛЗ отсутствует", "EKLZ missing"},
    {0xA2, k::request, "ЭКЛЗ: Некорректный формат или параметр команды", "EKLZ: bad command format or parameter"},
    {0xA3, k::state, "Некорректное состояние ЭКЛЗ", "wrong EKLZ state"},
    {0xA4, k::hardware, "Авария ЭКЛЗ", "EKLZ failure"},
    {0xA5, k::hardware, "Авария КС в составе ЭКЛЗ", "EKLZ crypto failure"},
    {0xA6, k::fn_resource, "Исчерпан временной ресурс ЭКЛЗ", "EKLZ lifetime over"},
    {0xA7, k::fn_resource, "ЭКЛЗ переполнена", "EKLZ full"},
    {0xA8, k::date_time, "ЭКЛЗ: Неверные дата и время", "EKLZ: wrong date and time"},
    {0xA9, k::no_data, "ЭКЛЗ: Нет запрошенных данных", "EKLZ: no requested data"},
    {0xAA, k::request, "Переполнение ЭКЛЗ (отрицательный итог документа)", "EKLZ overflow (negative document total)"},
    {0xB0, k::request, "ЭКЛЗ: Переполнение в параметре количество", "EKLZ: quantity overflow"},
    {0xB1, k::request, "ЭКЛЗ: Переполнение в параметре сумма", "EKLZ: sum overflow"},
    {0xB2, k::state, "ЭКЛЗ: Уже активизирована", "EKLZ already activated"},
    {0xC0, k::date_time, "Контроль даты и времени (подтвердите дату и время)", "confirm date and time"},
    {0xC1, k::state, "ЭКЛЗ: суточный отчёт с гашением прервать нельзя", "EKLZ: Z report cannot be interrupted"},
    {0xC2, k::hardware, "Превышение напряжения в блоке питания", "supply over-voltage"},
    {0xC3, k::hardware, "Несовпадение итогов чека и ЭКЛЗ", "receipt and EKLZ totals differ"},
    {0xC4, k::hardware, "Несовпадение номеров смен", "shift numbers differ"},
    {0xC5, k::state, "Буфер подкладного документа пуст", "slip buffer empty"},
    {0xC6, k::paper, "Подкладной документ отсутствует", "no slip document"},
    {0xC7, k::state, "Поле не редактируется в данном режиме", "field read-only in this mode"},
    {0xC8, k::hardware, "Отсутствуют импульсы от таходатчика", "no tachometer pulses"},
    {0xC9, k::hardware, "Перегрев печатающей головки", "print head overheated"},
    {0xCA, k::hardware, "Температура вне условий эксплуатации", "temperature out of range"},
};

// The FN's table (end of fn-commands), sorted by code.
constexpr error_entry fn_errors[] = {
    {0x00, k::none, "Успешное выполнение команды", "no error"},
    {0x01, k::request, "Неизвестная команда, неверный формат посылки или неизвестные параметры", "unknown command or bad format"},
    {0x02, k::state, "Неверное состояние ФН", "wrong FN state"},
    {0x03, k::hardware, "Ошибка ФН", "FN failure"},
    {0x04, k::hardware, "Ошибка КС", "FN crypto coprocessor failure"},
    {0x05, k::fn_resource, "Закончен срок эксплуатации ФН", "FN lifetime over"},
    {0x06, k::fn_resource, "Архив ФН переполнен", "FN archive full"},
    {0x07, k::date_time, "Неверные дата и/или время", "wrong date or time"},
    {0x08, k::no_data, "Нет запрошенных данных", "no requested data"},
    {0x09, k::request, "Некорректное значение параметров команды", "bad parameter values"},
    {0x10, k::request, "Превышение размеров TLV данных", "TLV data too large"},
    {0x11, k::ofd, "Нет транспортного соединения", "no transport connection to the OFD"},
    {0x12, k::fn_resource, "Исчерпан ресурс КС (криптографического сопроцессора)", "crypto coprocessor resource exhausted"},
    {0x14, k::fn_resource, "Исчерпан ресурс хранения", "storage for OFD documents exhausted"},
    {0x15, k::fn_resource, "Исчерпан ресурс ожидания передачи сообщения", "oldest unsent document over 30 days"},
    {0x16, k::shift_expired, "Продолжительность смены более 24 часов", "shift over 24 hours"},
    {0x17, k::date_time, "Неверная разница во времени между 2 операциями", "clock drift over 5 minutes"},
    {0x20, k::ofd, "Сообщение от ОФД не может быть принято", "OFD message rejected"},
};

constexpr error_entry unknown_error{0, k::other, "Неизвестная ошибка", "unknown error"};

template <std::size_t N>
const error_entry* find_entry(const error_entry (&table)[N], std::uint8_t code) {
  const auto it = std::lower_bound(std::begin(table), std::end(table), code,
                                   [](const error_entry& e, std::uint8_t c) { return e.code < c; });
  return it != std::end(table) && it->code == code ? it : nullptr;
}

const error_entry& device_entry(std::uint8_t code) {
  const error_entry* e = find_entry(device_errors, code);
  return e ? *e : unknown_error;
}

const error_entry& fn_entry(std::uint8_t code) {
  const error_entry* e = find_entry(fn_errors, code);
  return e ? *e : unknown_error;
}

const error_entry& entry_for(command_code command, std::uint8_t error) {
  return error_source_of(command, error) == error_source::fn ? fn_entry(error) : device_entry(error);
}

char hex_digit(unsigned v) { return "0123456789ABCDEF"[v & 0xF]; }

}  // namespace

error_source error_source_of(command_code command, std::uint8_t error) {
  return command.is_fn_command() && find_entry(fn_errors, error) ? error_source::fn : error_source::device;
}

std::string_view device_error_text(std::uint8_t error) { return device_entry(error).text; }
std::string_view device_error_hint(std::uint8_t error) { return device_entry(error).hint; }
std::string_view fn_error_text(std::uint8_t error) { return fn_entry(error).text; }
std::string_view fn_error_hint(std::uint8_t error) { return fn_entry(error).hint; }
std::string_view error_text(command_code command, std::uint8_t error) { return entry_for(command, error).text; }
std::string_view error_hint(command_code command, std::uint8_t error) { return entry_for(command, error).hint; }

std::string describe_error(command_code command, std::uint8_t error) {
  const error_entry& e = entry_for(command, error);
  std::string out;
  if (error_source_of(command, error) == error_source::fn) out += "ФН ";
  out += hex_digit(error >> 4);
  out += hex_digit(error);
  out += "h: ";
  out += e.text;
  out += " (";
  out += e.hint;
  out += ")";
  return out;
}

error_class classify_error(command_code command, std::uint8_t error) {
  if (error == 0) return error_class::none;
  return entry_for(command, error).kind;
}

bool creates_fiscal_document(command_code command) {
  switch (command.value()) {
    case 0xE0:    // open shift
    case 0xFF0B:  // open shift in the FN
    case 0x41:    // Z report
    case 0xFF43:  // close shift in the FN
    case 0x85:    // legacy close receipt
    case 0xFF45:  // close receipt
    case 0xFF4A:  // correction receipt
    case 0xFF36:  // correction receipt (two-step)
    case 0xFF06:  // registration
    case 0xFF34:  // re-registration
    case 0xFF38:  // settlement report
    case 0xFF3E:  // close the fiscal mode
      return true;
    default:
      return false;
  }
}

bool fiscal_outcome_uncertain(command_code command, std::uint8_t error) {
  if (!creates_fiscal_document(command)) return false;
  switch (classify_error(command, error)) {
    case error_class::paper:
    case error_class::waiting_continue:
    case error_class::hardware:
    case error_class::ofd:
    case error_class::other:
      return true;
    default:
      return false;
  }
}

}  // namespace ws::shtrih
