#include "http/server/receipt_page.hpp"

#include "http/receipt_response.hpp"
#include "http/server/qr_svg.hpp"
#include "protocol/ffd/print_names.hpp"
#include "protocol/ffd/vat.hpp"

namespace ws::http::server {

namespace {

constexpr int qr_size_mm = 30;
constexpr const char* fns_check_site = "www.nalog.gov.ru";

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

/// A labelled line; `field` names the requisite (an item's repeat for every item, so it
/// is a data attribute, not an id).
std::string line(const char* field, const std::string& label, const std::string& value) {
  return "<div class=\"line\" data-field=\"" + std::string(field) + "\"><span>" + escaped(label) + "</span><span>" +
         escaped(value) + "</span></div>\n";
}

std::string items_html(const ffd::receipt_document& r) {
  std::string out = "<ol class=\"items\">\n";
  for (const auto& item : r.items) {
    out += "<li class=\"item\"><div class=\"name\">" + escaped(item.name) + "</div>\n";
    std::string qty = ffd::format_quantity(item.qty);
    if (!item.unit.empty()) qty += " " + item.unit;
    out += line("item-price", qty + " × " + ffd::format_money(item.price), "= " + ffd::format_money(item.amount));
    const std::string vat = ffd::vat_rate_name(ffd::ffd_vat_code(item.rate));
    out += line("item-vat", vat, ffd::carries_vat(item.rate) ? ffd::format_money(item.vat) : std::string());
    if (item.supplier) {
      out += line("item-supplier-inn", "ИНН поставщика", item.supplier->inn);
      if (!item.supplier->name.empty()) out += line("item-supplier", "Поставщик", item.supplier->name);
    }
    out += "</li>\n";
  }
  return out + "</ol>\n";
}

std::string vat_totals_html(const ffd::vat_sums& vat) {
  std::string out;
  const auto add = [&out](const char* id, const char* label, const std::optional<ffd::money>& sum) {
    if (sum) out += line(id, label, ffd::format_money(*sum));
  };
  add("vat-20", "Сумма НДС 20%", vat.vat_20);
  add("vat-10", "Сумма НДС 10%", vat.vat_10);
  add("vat-0", "Сумма с НДС 0%", vat.amount_vat_0);
  add("vat-none", "Сумма без НДС", vat.amount_no_vat);
  add("vat-20-120", "Сумма НДС 20/120", vat.vat_20_120);
  add("vat-10-110", "Сумма НДС 10/110", vat.vat_10_110);
  return out;
}

std::string payments_html(const ffd::payment_sums& p) {
  std::string out;
  const auto add = [&out](const char* id, const char* label, ffd::money sum) {
    if (sum.kopecks != 0) out += line(id, label, ffd::format_money(sum));
  };
  add("pay-cash", "Наличными", p.cash);
  add("pay-electronic", "Безналичными", p.electronic);
  add("pay-prepayment", "Предварительная оплата (аванс)", p.prepayment);
  add("pay-credit", "Последующая оплата (кредит)", p.credit);
  add("pay-other", "Иная форма оплаты", p.counter_provision);
  return out;
}

constexpr const char* style = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#eee;color:#111}
main{max-width:420px;margin:0 auto;background:#fff;padding:16px 18px}
h1{font-size:1.15rem;text-align:center;margin:.2rem 0}
.seller{text-align:center;font-size:.95rem}
.line{display:flex;justify-content:space-between;gap:12px;font-size:.95rem;padding:1px 0}
.line span:last-child{text-align:right;white-space:nowrap}
.items{padding-left:1.2rem;margin:.6rem 0}.item{margin:.4rem 0}.name{font-weight:600}
.total{font-size:1.2rem;font-weight:700;border-top:1px dashed #999;margin-top:.4rem;padding-top:.4rem}
hr{border:0;border-top:1px dashed #999}.qr{display:block;margin:12px auto;width:200px;height:200px}
.note{font-size:.8rem;color:#555;text-align:center;overflow-wrap:anywhere}
@media print{body{background:#fff}main{max-width:none;padding:0}.qr{width:30mm;height:30mm}}
</style>)";

}  // namespace

std::string receipt_page_link(const std::string& public_url, const std::string& fn_number, std::uint32_t fd_number,
                              std::uint32_t fiscal_sign) {
  return public_url + receipt_page_path + "?fn=" + fn_number + "&i=" + std::to_string(fd_number) +
         "&fp=" + std::to_string(fiscal_sign);
}

std::string receipt_page_html(const receipt_page_facts& facts) {
  const auto& r = facts.receipt;
  std::string body;
  body += "<div class=\"seller\"><div id=\"seller-name\">" + escaped(r.user_name) + "</div>";
  body += "<div id=\"seller-address\">" + escaped(r.settlement_address) + "</div></div>\n";
  body += line("seller-inn", "ИНН", r.header.user_inn);
  if (!r.settlement_place.empty()) body += line("place", "Место расчетов", r.settlement_place);
  body += "<h1>Кассовый чек</h1>\n";
  body += line("sale-type", "Признак расчета", ffd::settlement_sign_name(static_cast<std::uint64_t>(r.type)));
  body += line("tax-system", "СНО", ffd::taxation_names(static_cast<std::uint64_t>(r.taxation)));
  body += line("receipt-number", "Чек №", std::to_string(r.receipt_in_shift));
  body += line("shift-number", "Смена №", std::to_string(r.shift_number));
  body += line("date-time", "Дата и время", ffd::printed_date(r.header.date_time, true));
  if (!r.cashier.empty()) body += line("cashier", "Кассир", r.cashier);
  body += items_html(r);
  body += "<div class=\"line total\" id=\"total\"><span>Итог</span><span>" + ffd::format_money(r.total) +
          "</span></div>\n";
  body += payments_html(r.payments);
  body += vat_totals_html(r.vat);
  body += "<hr>\n";
  if (!r.buyer_contact.empty()) body += line("buyer-contact", "Покупатель", r.buyer_contact);
  if (!r.buyer_inn.empty()) body += line("buyer-inn", "ИНН покупателя", r.buyer_inn);
  if (!r.sender_email.empty()) body += line("sender-email", "Эл. адрес отправителя", r.sender_email);
  body += line("kkt-serial", "ЗН ККТ", facts.kkt_serial);
  body += line("kkt-rn", "РН ККТ", r.header.kkt_reg_number);
  body += line("fn-number", "ФН", r.header.fn_number);
  body += line("fd-number", "ФД", std::to_string(r.header.fd_number));
  body += line("fiscal-sign", "ФП", std::to_string(r.header.fiscal_sign));
  body += line("ofd", "ОФД", facts.ofd_name.empty() ? "не указан в настройках фермы" : facts.ofd_name);
  if (!facts.ofd_site.empty()) body += line("ofd-site", "Сайт ОФД", facts.ofd_site);
  body += line("fns-site", "Проверка чека: сайт ФНС", r.fns_site.empty() ? fns_check_site : r.fns_site);
  body += qr_svg(facts.qr, qr_size_mm);
  body += "<p class=\"note\" id=\"qr-text\">" + escaped(facts.qr) + "</p>\n";
  return "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
         "<title>Кассовый чек № " + std::to_string(r.receipt_in_shift) + "</title>" + style +
         "</head><body><main>\n" + body + "</main></body></html>\n";
}

namespace {

std::string message_page(const std::string& title, const std::string& text) {
  return "<!doctype html>\n<html lang=\"ru\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
         title + "</title>" + style + "</head><body><main><h1>" + title + "</h1><p class=\"note\">" + text +
         "</p></main></body></html>\n";
}

}  // namespace

std::string receipt_not_found_html() { return message_page("Чек не найден", "Проверьте ссылку или QR-код."); }

std::string receipt_unavailable_html() {
  return message_page("Чек сейчас недоступен", "Касса, напечатавшая его, не на связи или занята. Попробуйте позже.");
}

std::string receipt_too_often_html() {
  return message_page("Слишком много запросов", "С этого адреса чеки запрашивают слишком часто. Попробуйте через минуту.");
}

}  // namespace ws::http::server
