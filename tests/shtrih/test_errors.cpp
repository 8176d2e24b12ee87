// Error texts and classification. Texts from kkt-protocol-2.0 ("Коды ошибок") and the
// FN table at the end of fn-commands.

#include <catch2/catch.hpp>

#include "protocol/shtrih/errors.hpp"

using namespace ws::shtrih;

TEST_CASE("device error texts", "[shtrih][errors]") {
  CHECK(device_error_text(0x00) == "Ошибок нет");
  CHECK(device_error_text(0x15) == "Смена уже открыта");
  CHECK(device_error_text(0x16) == "Смена не открыта");
  CHECK(device_error_text(0x45) == "Cумма всех типов оплаты меньше итога чека");
  CHECK(device_error_text(0x4A) == "Открыт чек – операция невозможна");
  CHECK(device_error_text(0x4E) == "Смена превысила 24 часа");
  CHECK(device_error_text(0x4F) == "Неверный пароль");
  CHECK(device_error_text(0x50) == "Идет печать предыдущей команды");
  CHECK(device_error_text(0x58) == "Ожидание команды продолжения печати");
  CHECK(device_error_text(0x6B) == "Нет чековой ленты");
  CHECK(device_error_text(0x73) == "Команда не поддерживается в данном режиме");
  CHECK(device_error_text(0x8E) == "Нулевой итог чека");
  CHECK(device_error_text(0xCA) == "Температура вне условий эксплуатации");
  CHECK(device_error_hint(0x4F) == "wrong password");
  // Codes the table skips.
  CHECK(device_error_text(0x0C) == "Неизвестная ошибка");
  CHECK(device_error_hint(0xFF) == "unknown error");
}

TEST_CASE("FN error texts", "[shtrih][errors]") {
  CHECK(fn_error_text(0x01) == "Неизвестная команда, неверный формат посылки или неизвестные параметры");
  CHECK(fn_error_text(0x02) == "Неверное состояние ФН");
  CHECK(fn_error_text(0x08) == "Нет запрошенных данных");
  CHECK(fn_error_text(0x14) == "Исчерпан ресурс хранения");
  CHECK(fn_error_text(0x16) == "Продолжительность смены более 24 часов");
  CHECK(fn_error_text(0x20) == "Сообщение от ОФД не может быть принято");
  CHECK(fn_error_hint(0x17) == "clock drift over 5 minutes");
  CHECK(fn_error_text(0x13) == "Неизвестная ошибка");
}

TEST_CASE("the command picks the error table", "[shtrih][errors]") {
  // 15h: a classic command means "shift already open", an FN command the 30-day backlog.
  CHECK(error_source_of(cmd::open_shift, 0x15) == error_source::device);
  CHECK(error_text(cmd::open_shift, 0x15) == "Смена уже открыта");
  CHECK(error_source_of(cmd::position, 0x15) == error_source::fn);
  CHECK(error_text(cmd::position, 0x15) == "Исчерпан ресурс ожидания передачи сообщения");
  // Codes outside the FN table come from the device even for FFxx commands.
  CHECK(error_source_of(cmd::close_receipt, 0x4F) == error_source::device);
  CHECK(error_text(cmd::close_receipt, 0x6B) == "Нет чековой ленты");
  CHECK(error_hint(cmd::fn_status, 0x02) == "wrong FN state");

  CHECK(describe_error(cmd::close_receipt, 0x02) == "ФН 02h: Неверное состояние ФН (wrong FN state)");
  CHECK(describe_error(cmd::open_receipt, 0x4A) == "4Ah: Открыт чек – операция невозможна (receipt open)");
}

TEST_CASE("error classification", "[shtrih][errors]") {
  CHECK(classify_error(cmd::open_shift, 0x00) == error_class::none);
  CHECK(classify_error(cmd::open_shift, 0x15) == error_class::state);
  CHECK(classify_error(cmd::open_receipt, 0x4A) == error_class::state);
  CHECK(classify_error(cmd::open_receipt, 0x73) == error_class::state);
  CHECK(classify_error(cmd::x_report, 0x4E) == error_class::shift_expired);
  CHECK(classify_error(cmd::close_receipt, 0x16) == error_class::shift_expired);
  CHECK(classify_error(cmd::close_receipt, 0x45) == error_class::request);
  CHECK(classify_error(cmd::close_receipt, 0x8E) == error_class::request);
  CHECK(classify_error(cmd::position, 0x09) == error_class::request);
  CHECK(classify_error(cmd::beep, 0x4F) == error_class::password);
  CHECK(classify_error(cmd::open_receipt, 0x50) == error_class::busy);
  CHECK(classify_error(cmd::open_receipt, 0x6B) == error_class::paper);
  CHECK(classify_error(cmd::open_receipt, 0x58) == error_class::waiting_continue);
  CHECK(classify_error(cmd::set_date, 0xC0) == error_class::date_time);
  CHECK(classify_error(cmd::fn_read_document_tlv, 0x08) == error_class::no_data);
  CHECK(classify_error(cmd::fn_status, 0x03) == error_class::hardware);
  CHECK(classify_error(cmd::close_receipt, 0x05) == error_class::fn_resource);
  CHECK(classify_error(cmd::close_receipt, 0x11) == error_class::ofd);
  CHECK(classify_error(cmd::open_receipt, 0x71) == error_class::hardware);

  CHECK(is_state_error(cmd::open_shift, 0x15));
  CHECK(is_state_error(cmd::x_report, 0x4E));
  CHECK_FALSE(is_state_error(cmd::open_shift, 0x6B));
  CHECK(is_paper_error(cmd::open_receipt, 0x6B));
  CHECK(is_paper_error(cmd::open_receipt, 0x58));
  CHECK(is_busy(cmd::open_receipt, 0x50));
  CHECK(is_request_error(cmd::position, 0x01));
  CHECK(is_hardware_error(cmd::fn_status, 0x04));
}

TEST_CASE("fiscal outcome uncertainty for never printing twice", "[shtrih][errors]") {
  CHECK(creates_fiscal_document(cmd::close_receipt));
  CHECK(creates_fiscal_document(cmd::z_report));
  CHECK(creates_fiscal_document(cmd::fn_close_shift));
  CHECK_FALSE(creates_fiscal_document(cmd::open_receipt));
  CHECK_FALSE(creates_fiscal_document(cmd::position));

  // Paper out or an FN failure on a closing command: the FN may have signed.
  CHECK(fiscal_outcome_uncertain(cmd::close_receipt, 0x6B));
  CHECK(fiscal_outcome_uncertain(cmd::close_receipt, 0x03));
  CHECK(fiscal_outcome_uncertain(cmd::z_report, 0x6B));
  // Refusals before anything is done.
  CHECK_FALSE(fiscal_outcome_uncertain(cmd::close_receipt, 0x45));
  CHECK_FALSE(fiscal_outcome_uncertain(cmd::close_receipt, 0x50));
  CHECK_FALSE(fiscal_outcome_uncertain(cmd::close_receipt, 0x02));
  CHECK_FALSE(fiscal_outcome_uncertain(cmd::close_receipt, 0x4F));
  // Commands that make no fiscal document.
  CHECK_FALSE(fiscal_outcome_uncertain(cmd::position, 0x6B));
  CHECK_FALSE(fiscal_outcome_uncertain(cmd::close_receipt, 0x00));
}
