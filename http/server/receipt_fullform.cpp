#include "http/server/receipt_fullform.hpp"

#include "http/json_writer.hpp"
#include "http/receipt_response.hpp"
#include "http/server/document_answers.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/receipt_readback.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::http::server {

namespace {

receipt_document_fields fields_of(const jobs::document_read& read, const ffd::document_header& header,
                                  const std::string& kkt_serial, const std::string& public_url) {
  auto fields =
      receipt_fields_of(printed_document_of(read, header.fn_number), kkt_serial, header.kkt_reg_number, public_url);
  fields.ofd_ticket_received = read.document.ticket_received;
  return fields;
}

std::string receipt_form(const jobs::document_read& read, const ffd::tlv& document, const std::string& kkt_serial,
                         const std::string& public_url) {
  const auto receipt = ffd::parse_receipt_document(document);
  const auto readback = ffd::read_back_receipt(receipt);
  const auto answer =
      write_receipt_response(readback.content, readback.calculated,
                             fields_of(read, receipt.header, kkt_serial, public_url));
  return with_members(answer, {{"origin", json_quote("fn")}});
}

/// A correction's VAT lines (1102-1107) as tax_totals: the VAT for the rated lines, the
/// settled amount for 0% and "no VAT".
void write_correction_taxes(json_writer& json, const ffd::vat_sums& vat) {
  const auto line = [&json](ffd::vat_rate rate, const std::optional<ffd::money>& sum, bool is_amount) {
    if (!sum) return;
    json.begin_object().member("tax_type", ffd::to_string(rate)).member("tax_pct", ffd::tax_pct_text(rate));
    if (is_amount) json.member("amount", ffd::format_money(*sum));
    json.member("tax_amount", ffd::format_money(is_amount ? ffd::money{} : *sum)).end_object();
  };
  json.key("tax_totals").begin_array();
  line(ffd::vat_rate::nds_20, vat.vat_20, false);
  line(ffd::vat_rate::nds_10, vat.vat_10, false);
  line(ffd::vat_rate::nds_0, vat.amount_vat_0, true);
  line(ffd::vat_rate::nds_none, vat.amount_no_vat, true);
  line(ffd::vat_rate::nds_20_120, vat.vat_20_120, false);
  line(ffd::vat_rate::nds_10_110, vat.vat_10_110, false);
  json.end_array();
}

std::string correction_form(const jobs::document_read& read, const ffd::tlv& document, const std::string& kkt_serial,
                            const std::string& public_url) {
  const auto correction = ffd::parse_correction_receipt_document(document);
  const auto fields = fields_of(read, correction.header, kkt_serial, public_url);
  json_writer json;
  json.begin_object()
      .key("id").unsigned_number(fields.fd_number)
      .member("dt", format_date_time(fields.date_time))
      .key("fp").unsigned_number(fields.fiscal_sign)
      .key("shift_number").unsigned_number(correction.shift_number)
      .key("document_index").unsigned_number(correction.receipt_in_shift)
      .key("ofd_ticket_received").boolean(fields.ofd_ticket_received)
      .member("origin", "fn");
  json.key("firm").begin_object().member("inn", correction.header.user_inn).end_object();
  json.key("fn").begin_object().member("sn", fields.fn_number).end_object();
  json.key("kkt").begin_object().member("sn", kkt_serial);
  if (!fields.kkt_registration_number.empty()) json.member("rn", fields.kkt_registration_number);
  json.end_object();
  json.key("receipt_calculated_content").begin_object().member("total", ffd::format_money(correction.total));
  json.key("rows").begin_array().end_array();
  write_correction_taxes(json, correction.vat);
  std::vector<ffd::payment_total> totals;
  for (const auto& payment : ffd::payments_read_back(correction.payments)) totals.push_back({payment.type, payment.amount});
  write_payment_totals(json, totals);
  json.end_object().end_object();
  return json.text();
}

}  // namespace

std::optional<std::string> receipt_fullform(const jobs::document_read& read, const std::string& kkt_serial,
                                            const std::string& public_url) {
  const auto form = static_cast<ffd::form_code>(read.tlv_document_type);
  if (form != ffd::form_code::receipt && form != ffd::form_code::correction_receipt) return std::nullopt;
  const ffd::tlv document = document_tlv_of(read);
  if (form == ffd::form_code::receipt) return receipt_form(read, document, kkt_serial, public_url);
  return correction_form(read, document, kkt_serial, public_url);
}

}  // namespace ws::http::server
