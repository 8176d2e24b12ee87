#include "protocol/ffd/shift_reports.hpp"

#include "protocol/ffd/document_fields.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

using namespace detail;

namespace {

constexpr std::size_t inn_width = 12;

void add_warnings(tlv& doc, const fn_warnings& w) {
  add_flag_if(doc, tag::ofd_timeout, w.ofd_timeout);
  add_flag_if(doc, tag::fn_replace_urgent, w.replace_urgently);
  add_flag_if(doc, tag::fn_memory_full, w.memory_full);
  add_flag_if(doc, tag::fn_resource_exhausted, w.resource_exhausted);
}

fn_warnings read_warnings(const tlv& doc) {
  fn_warnings w;
  w.ofd_timeout = flag_of(doc, tag::ofd_timeout);
  w.replace_urgently = flag_of(doc, tag::fn_replace_urgent);
  w.memory_full = flag_of(doc, tag::fn_memory_full);
  w.resource_exhausted = flag_of(doc, tag::fn_resource_exhausted);
  return w;
}

void add_cashier(tlv& doc, const std::string& cashier, const std::string& cashier_inn) {
  add_text_if(doc, tag::cashier, cashier);
  add_fixed_text_if(doc, tag::cashier_inn, cashier_inn, inn_width);
}

}  // namespace

tlv build_document(const shift_open_report& r) {
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::shift_open));
  add_header(doc, r.header);
  doc.add(tlv::u32(tag::shift_number, r.shift_number));
  add_cashier(doc, r.cashier, r.cashier_inn);
  add_text_if(doc, tag::kkt_version, r.kkt_version);
  doc.add(tlv::u8(tag::kkt_ffd_version, r.kkt_ffd_version));
  add_warnings(doc, r.warnings);
  return doc;
}

shift_open_report parse_shift_open_report(const tlv& doc) {
  expect_form(doc, {form_code::shift_open});
  shift_open_report r;
  r.header = read_header(doc);
  r.shift_number = u32_of(doc, tag::shift_number);
  r.cashier = text_of(doc, tag::cashier);
  r.cashier_inn = trimmed_text_of(doc, tag::cashier_inn);
  r.kkt_version = text_of(doc, tag::kkt_version);
  r.kkt_ffd_version = u8_of(doc, tag::kkt_ffd_version);
  r.warnings = read_warnings(doc);
  return r;
}

tlv build_document(const shift_close_report& r) {
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::shift_close));
  add_header(doc, r.header);
  doc.add(tlv::u32(tag::shift_number, r.shift_number));
  add_cashier(doc, r.cashier, r.cashier_inn);
  doc.add(tlv::u32(tag::receipts_in_shift, r.receipts_in_shift));
  doc.add(tlv::u32(tag::fd_count_in_shift, r.documents_in_shift));
  doc.add(tlv::u32(tag::unsent_count, r.unsent_count));
  doc.add(tlv::unix_time(tag::first_unsent_date, r.first_unsent_date));
  if (r.fn_key_days_left) doc.add(tlv::u16(tag::fn_key_days_left, *r.fn_key_days_left));
  add_warnings(doc, r.warnings);
  return doc;
}

shift_close_report parse_shift_close_report(const tlv& doc) {
  expect_form(doc, {form_code::shift_close});
  shift_close_report r;
  r.header = read_header(doc);
  r.shift_number = u32_of(doc, tag::shift_number);
  r.cashier = text_of(doc, tag::cashier);
  r.cashier_inn = trimmed_text_of(doc, tag::cashier_inn);
  r.receipts_in_shift = u32_of(doc, tag::receipts_in_shift);
  r.documents_in_shift = u32_of(doc, tag::fd_count_in_shift);
  r.unsent_count = u32_of(doc, tag::unsent_count);
  r.first_unsent_date = u32_of(doc, tag::first_unsent_date);
  if (const tlv* days = doc.find(tag::fn_key_days_left))
    r.fn_key_days_left = static_cast<std::uint16_t>(uint_of(*days, 2));
  r.warnings = read_warnings(doc);
  return r;
}

tlv build_document(const settlement_report& r) {
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::settlement_report));
  add_header(doc, r.header);
  if (r.shift_number) doc.add(tlv::u32(tag::shift_number, *r.shift_number));
  doc.add(tlv::u8(tag::offline_mode, r.offline_mode ? 1 : 0));
  doc.add(tlv::u32(tag::unsent_count, r.unsent_count));
  if (r.unsent_count != 0) {
    doc.add(tlv::u32(tag::first_unsent_number, r.first_unsent_number));
    doc.add(tlv::unix_time(tag::first_unsent_date, r.first_unsent_date));
  }
  return doc;
}

settlement_report parse_settlement_report(const tlv& doc) {
  expect_form(doc, {form_code::settlement_report});
  settlement_report r;
  r.header = read_header(doc);
  r.shift_number = optional_u32_of(doc, tag::shift_number);
  r.offline_mode = flag_of(doc, tag::offline_mode);
  r.unsent_count = u32_of(doc, tag::unsent_count);
  r.first_unsent_number = optional_u32_of(doc, tag::first_unsent_number).value_or(0);
  r.first_unsent_date = optional_u32_of(doc, tag::first_unsent_date).value_or(0);
  return r;
}

}  // namespace ws::ffd
