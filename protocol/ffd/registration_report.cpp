#include "protocol/ffd/registration_report.hpp"

#include "protocol/ffd/document_fields.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

using namespace detail;

namespace {

constexpr std::size_t inn_width = 12;

}  // namespace

tlv build_document(const registration_report& r) {
  tlv doc = tlv::structure(static_cast<tag_t>(r.is_re_registration ? form_code::re_registration
                                                                    : form_code::registration));
  add_header(doc, r.header);
  doc.add(tlv::string(tag::user_name, r.user_name));
  doc.add(tlv::string(tag::settlement_address, r.settlement_address));
  add_text_if(doc, tag::settlement_place, r.settlement_place);
  doc.add(tlv::u8(tag::taxation_systems, r.taxation_systems));
  if (r.agent_flags != 0) doc.add(tlv::u8(tag::agent_flags, r.agent_flags));
  doc.add(tlv::u8(tag::offline_mode, r.offline_mode ? 1 : 0));
  doc.add(tlv::u8(tag::encryption, r.encryption ? 1 : 0));
  doc.add(tlv::u8(tag::automatic_mode, r.automatic_mode ? 1 : 0));
  doc.add(tlv::u8(tag::internet_only, r.internet_only ? 1 : 0));
  doc.add(tlv::u8(tag::bso_mode, r.bso_mode ? 1 : 0));
  add_flag_if(doc, tag::services, r.services);
  add_flag_if(doc, tag::excise, r.excise);
  add_flag_if(doc, tag::gambling, r.gambling);
  add_flag_if(doc, tag::lottery, r.lottery);
  add_text_if(doc, tag::machine_number, r.machine_number);
  add_text_if(doc, tag::kkt_serial, r.kkt_serial);
  add_fixed_text_if(doc, tag::ofd_inn, r.ofd_inn, inn_width);
  add_text_if(doc, tag::ofd_name, r.ofd_name);
  add_text_if(doc, tag::fns_site, r.fns_site);
  add_text_if(doc, tag::sender_email, r.sender_email);
  add_text_if(doc, tag::cashier, r.cashier);
  add_fixed_text_if(doc, tag::cashier_inn, r.cashier_inn, inn_width);
  add_text_if(doc, tag::kkt_version, r.kkt_version);
  doc.add(tlv::u8(tag::kkt_ffd_version, r.kkt_ffd_version));
  doc.add(tlv::u8(tag::fn_ffd_version, r.fn_ffd_version));
  if (r.fn_key_days_left) doc.add(tlv::u16(tag::fn_key_days_left, *r.fn_key_days_left));
  if (r.is_re_registration) {
    if (r.re_registration_reason) doc.add(tlv::u8(tag::re_registration_reason, *r.re_registration_reason));
    if (r.change_reasons != 0) doc.add(tlv::u32(tag::kkt_change_reasons, r.change_reasons));
  }
  return doc;
}

registration_report parse_registration_report(const tlv& doc) {
  expect_form(doc, {form_code::registration, form_code::re_registration});
  registration_report r;
  r.is_re_registration = doc.tag() == static_cast<tag_t>(form_code::re_registration);
  r.header = read_header(doc);
  r.user_name = doc.at(tag::user_name).as_string();
  r.settlement_address = doc.at(tag::settlement_address).as_string();
  r.settlement_place = text_of(doc, tag::settlement_place);
  r.taxation_systems = u8_of(doc, tag::taxation_systems);
  if (const tlv* agent = doc.find(tag::agent_flags)) r.agent_flags = static_cast<std::uint8_t>(uint_of(*agent, 1));
  r.offline_mode = flag_of(doc, tag::offline_mode);
  r.encryption = flag_of(doc, tag::encryption);
  r.automatic_mode = flag_of(doc, tag::automatic_mode);
  r.internet_only = flag_of(doc, tag::internet_only);
  r.bso_mode = flag_of(doc, tag::bso_mode);
  r.services = flag_of(doc, tag::services);
  r.excise = flag_of(doc, tag::excise);
  r.gambling = flag_of(doc, tag::gambling);
  r.lottery = flag_of(doc, tag::lottery);
  r.machine_number = text_of(doc, tag::machine_number);
  r.kkt_serial = text_of(doc, tag::kkt_serial);
  r.ofd_inn = trimmed_text_of(doc, tag::ofd_inn);
  r.ofd_name = text_of(doc, tag::ofd_name);
  r.fns_site = text_of(doc, tag::fns_site);
  r.sender_email = text_of(doc, tag::sender_email);
  r.cashier = text_of(doc, tag::cashier);
  r.cashier_inn = trimmed_text_of(doc, tag::cashier_inn);
  r.kkt_version = text_of(doc, tag::kkt_version);
  r.kkt_ffd_version = u8_of(doc, tag::kkt_ffd_version);
  r.fn_ffd_version = u8_of(doc, tag::fn_ffd_version);
  if (const tlv* days = doc.find(tag::fn_key_days_left))
    r.fn_key_days_left = static_cast<std::uint16_t>(uint_of(*days, 2));
  if (const tlv* reason = doc.find(tag::re_registration_reason))
    r.re_registration_reason = static_cast<std::uint8_t>(uint_of(*reason, 1));
  r.change_reasons = optional_u32_of(doc, tag::kkt_change_reasons).value_or(0);
  return r;
}

tlv build_document(const fn_close_report& r) {
  tlv doc = tlv::structure(static_cast<tag_t>(form_code::fn_close));
  add_header(doc, r.header);
  add_text_if(doc, tag::user_name, r.user_name);
  doc.add(tlv::string(tag::settlement_address, r.settlement_address));
  add_text_if(doc, tag::settlement_place, r.settlement_place);
  if (r.shift_number) doc.add(tlv::u32(tag::shift_number, *r.shift_number));
  add_text_if(doc, tag::cashier, r.cashier);
  add_fixed_text_if(doc, tag::cashier_inn, r.cashier_inn, inn_width);
  return doc;
}

fn_close_report parse_fn_close_report(const tlv& doc) {
  expect_form(doc, {form_code::fn_close});
  fn_close_report r;
  r.header = read_header(doc);
  r.user_name = text_of(doc, tag::user_name);
  r.settlement_address = doc.at(tag::settlement_address).as_string();
  r.settlement_place = text_of(doc, tag::settlement_place);
  r.shift_number = optional_u32_of(doc, tag::shift_number);
  r.cashier = text_of(doc, tag::cashier);
  r.cashier_inn = trimmed_text_of(doc, tag::cashier_inn);
  return r;
}

}  // namespace ws::ffd
