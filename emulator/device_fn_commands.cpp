// Documents the FN signs outside receipts: registration and re-registration, shift open
// and close (classic E0h/41h and the FN pairs FF41h+FF0Bh, FF42h+FF43h), reports, the
// correction receipt, closing the FN; and FF0Ch, the host's extra TLVs for them.
#include <cctype>
#include <utility>

#include "emulator/device_model.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::emulator {

using shtrih::command_code;
namespace device_error = shtrih::device_error;

namespace {

/// The password of a request that carries nothing else.
std::uint32_t password_only(const bytes& c, command_code code) {
  byte_reader in = shtrih::wire::open_request(c, code);
  const std::uint32_t password = in.u32();
  shtrih::wire::expect_end(in);
  return password;
}

bool all_digits(const std::string& s) {
  for (char ch : s)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  return true;
}

bool valid_registration(const shtrih::registration_params& p) {
  const bool inn_ok = (p.inn.size() == 10 || p.inn.size() == 12) && all_digits(p.inn);
  const bool rnm_ok = !p.registration_number.empty() && p.registration_number.size() <= 20;
  const bool tax_ok = p.taxation_systems != 0 && (p.taxation_systems & ~0x3F) == 0;
  return inn_ok && rnm_ok && tax_ok;
}

/// Takes the user and OFD fields the host sent with FF0Ch into `reg` and gives back the
/// TLVs to keep in the document: all but the ones every document header writes itself.
std::vector<ffd::tlv> absorb_registration_tlvs(registration_data& reg, std::vector<ffd::tlv> tlvs) {
  const std::pair<std::uint16_t, std::string*> fields[] = {
      {ffd::tag::ofd_inn, &reg.ofd_inn},          {ffd::tag::ofd_name, &reg.ofd_name},
      {ffd::tag::user_name, &reg.user_name},      {ffd::tag::settlement_address, &reg.address},
      {ffd::tag::settlement_place, &reg.place}};
  for (const auto& [tag, field] : fields) {
    const std::string text = find_text(tlvs, tag);
    if (!text.empty()) *field = text;
  }
  std::vector<ffd::tlv> kept;
  for (auto& t : tlvs)
    if (t.tag() != ffd::tag::user_name && t.tag() != ffd::tag::settlement_address &&
        t.tag() != ffd::tag::settlement_place)
      kept.push_back(std::move(t));
  return kept;
}

}  // namespace

command_answer kkt_device::impl::begin_fn_document(const bytes& c, command_code code, pending_kind kind) {
  const auto op = operator_for(password_only(c, code));
  if (!op || !is_system_admin(*op)) return error_answer(code, device_error::wrong_password);
  if (receipt) return error_answer(code, device_error::receipt_open);
  const fn_state& s = fn.state();
  if (s.phase != fn_phase::fiscal) return error_answer(code, fn_error::wrong_state);
  switch (kind) {
    case pending_kind::shift_open:
      if (s.shift_open) return error_answer(code, fn_error::wrong_state);
      if (fn.ofd_wait_exhausted(now())) return error_answer(code, fn_error::ofd_backlog_over_30_days);
      break;
    case pending_kind::shift_close:
    case pending_kind::correction:
      if (!s.shift_open) return error_answer(code, fn_error::wrong_state);
      if (kind == pending_kind::correction && fn.shift_expired(now()))
        return error_answer(code, fn_error::shift_over_24h);
      break;
    case pending_kind::fn_close:
      if (s.shift_open) return error_answer(code, fn_error::wrong_state);
      break;
    default:
      break;
  }
  // A new "begin" replaces a document begun before and never finished.
  pending = pending_document{kind, 0};
  pending_tlvs.clear();
  return reply_answer(shtrih::wire::begin_reply(code));
}

command_answer kkt_device::impl::begin_registration(const bytes& c) {
  const auto req = shtrih::begin_registration_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (req.report_type > 2) return error_answer(req.code, fn_error::bad_parameters);
  const fn_state& s = fn.state();
  const fn_phase wanted = req.report_type == shtrih::registration_report::registration ? fn_phase::configured
                                                                                        : fn_phase::fiscal;
  if (s.phase != wanted || s.shift_open) return error_answer(req.code, fn_error::wrong_state);
  pending = pending_document{pending_kind::registration, req.report_type};
  pending_tlvs.clear();
  return reply_answer(shtrih::begin_registration_reply{}.encode());
}

command_answer kkt_device::impl::registration_report(const bytes& c) {
  const auto req = shtrih::registration_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!pending || pending->kind != pending_kind::registration ||
      pending->report_type != shtrih::registration_report::registration)
    return error_answer(req.code, fn_error::wrong_state);
  if (const auto e = fn.check_new_document(now(), false)) return error_answer(req.code, e);
  if (!valid_registration(req.params)) return error_answer(req.code, fn_error::bad_parameters);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);

  registration_data reg;
  reg.inn = req.params.inn;
  reg.rnm = req.params.registration_number;
  reg.taxation_systems = req.params.taxation_systems;
  reg.work_modes = req.params.work_mode;
  std::vector<ffd::tlv> extra = absorb_registration_tlvs(reg, std::move(pending_tlvs));
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::registration);
  draft.body = registration_body(reg, identity, std::nullopt, std::move(extra));
  draft.fields.registration = reg;
  const fiscal_document doc = commit_begun(std::move(draft));
  shtrih::registration_reply r{doc.number, doc.fiscal_sign, wire_fn_date_time(doc.time)};
  return print_answer(req.code, r.encode(), print_lines::report);
}

command_answer kkt_device::impl::reregistration_report(const bytes& c) {
  const auto req = shtrih::reregistration_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (fn.state().shift_open) return error_answer(req.code, fn_error::wrong_state);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, e);
  if (req.params && !valid_registration(*req.params)) return error_answer(req.code, fn_error::bad_parameters);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);

  registration_data reg = registration();
  if (req.params) {
    reg.inn = req.params->inn;
    reg.rnm = req.params->registration_number;
    reg.taxation_systems = req.params->taxation_systems;
    reg.work_modes = req.params->work_mode;
  }
  std::vector<ffd::tlv> kept;
  if (pending && pending->kind == pending_kind::registration)
    kept = absorb_registration_tlvs(reg, std::move(pending_tlvs));
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::re_registration);
  draft.body = registration_body(reg, identity, req.reason, std::move(kept));
  draft.fields.registration = reg;
  draft.fields.operation = req.reason;
  const fiscal_document doc = commit_begun(std::move(draft));
  shtrih::reregistration_reply r{doc.number, doc.fiscal_sign, wire_fn_date_time(doc.time)};
  return print_answer(req.code, r.encode(), print_lines::report);
}

command_answer kkt_device::impl::open_shift(const bytes& c) {
  const auto req = shtrih::open_shift_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  if (date_to_confirm) return error_answer(req.code, device_error::confirm_date);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (fn.state().shift_open) return error_answer(req.code, device_error::shift_already_open);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, classic_error_for_fn(e));
  if (fn.ofd_wait_exhausted(now())) return error_answer(req.code, device_error::not_in_mode);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::shift_open);
  draft.fields.shift_number = static_cast<std::uint16_t>(fn.state().shift_number + 1);
  draft.body = shift_open_body(registration(), identity, draft.fields.shift_number, {});
  fn.commit(std::move(draft), now());
  return print_answer(req.code, shtrih::open_shift_reply{*op}.encode(), print_lines::shift_document);
}

command_answer kkt_device::impl::fn_open_shift(const bytes& c) {
  const auto req = shtrih::fn_open_shift_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!pending || pending->kind != pending_kind::shift_open || fn.state().shift_open)
    return error_answer(req.code, fn_error::wrong_state);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, e);
  if (fn.ofd_wait_exhausted(now())) return error_answer(req.code, fn_error::ofd_backlog_over_30_days);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::shift_open);
  draft.fields.shift_number = static_cast<std::uint16_t>(fn.state().shift_number + 1);
  draft.body = shift_open_body(registration(), identity, draft.fields.shift_number, std::move(pending_tlvs));
  const fiscal_document doc = commit_begun(std::move(draft));
  shtrih::fn_open_shift_reply r;
  r.shift_number = doc.shift_number;
  r.document_number = doc.number;
  r.fiscal_sign = doc.fiscal_sign;
  return print_answer(req.code, r.encode(), print_lines::shift_document);
}

command_answer kkt_device::impl::z_report(const bytes& c) {
  const auto req = shtrih::z_report_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (date_to_confirm) return error_answer(req.code, device_error::confirm_date);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (!fn.state().shift_open) return error_answer(req.code, device_error::shift_not_open);
  if (unix_seconds(now()) < fn.state().last_document_time) return error_answer(req.code, device_error::not_in_mode);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  const shift_summary s = summary();
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::shift_close);
  draft.fields.shift_number = s.shift_number;
  draft.body = shift_close_body(registration(), identity, s, {});
  fn.commit(std::move(draft), now());
  return print_answer(req.code, shtrih::z_report_reply{*op}.encode(), print_lines::report);
}

command_answer kkt_device::impl::fn_close_shift(const bytes& c) {
  const auto req = shtrih::fn_close_shift_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!pending || pending->kind != pending_kind::shift_close || !fn.state().shift_open)
    return error_answer(req.code, fn_error::wrong_state);
  if (unix_seconds(now()) < fn.state().last_document_time) return error_answer(req.code, fn_error::bad_date_time);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  const shift_summary s = summary();
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::shift_close);
  draft.fields.shift_number = s.shift_number;
  draft.body = shift_close_body(registration(), identity, s, std::move(pending_tlvs));
  const fiscal_document doc = commit_begun(std::move(draft));
  shtrih::fn_close_shift_reply r;
  r.shift_number = doc.shift_number;
  r.document_number = doc.number;
  r.fiscal_sign = doc.fiscal_sign;
  r.date_time = wire_fn_date_time(doc.time);
  return print_answer(req.code, r.encode(), print_lines::report);
}

command_answer kkt_device::impl::x_report(const bytes& c) {
  const auto req = shtrih::x_report_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (date_to_confirm) return error_answer(req.code, device_error::confirm_date);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  return print_answer(req.code, shtrih::x_report_reply{*op}.encode(), print_lines::report);
}

command_answer kkt_device::impl::settlement_report(const bytes& c) {
  const auto req = shtrih::settlement_report_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!pending || pending->kind != pending_kind::settlement) return error_answer(req.code, fn_error::wrong_state);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, e);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  const shift_summary s = summary();
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::settlement_report);
  draft.fields.shift_number = s.shift_number;
  draft.fields.unsent_count = s.unsent_count;
  draft.fields.first_unsent_time = s.first_unsent_time;
  draft.body = settlement_report_body(registration(), identity, s, std::move(pending_tlvs));
  const fiscal_document doc = commit_begun(std::move(draft));
  shtrih::settlement_report_reply r;
  r.document_number = doc.number;
  r.fiscal_sign = doc.fiscal_sign;
  r.unconfirmed_count = s.unsent_count;
  r.first_unconfirmed_date = s.unsent_count ? wire_date(from_unix_seconds(s.first_unsent_time)) : shtrih::date{0, 0, 0};
  r.date_time = wire_fn_date_time(doc.time);
  return print_answer(req.code, r.encode(), print_lines::report);
}

command_answer kkt_device::impl::correction_v1(const bytes& c) {
  const auto req = shtrih::correction_v1_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!pending || pending->kind != pending_kind::correction || !fn.state().shift_open)
    return error_answer(req.code, fn_error::wrong_state);
  if (fn.shift_expired(now())) return error_answer(req.code, fn_error::shift_over_24h);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, e);
  if (fn.ofd_wait_exhausted(now())) return error_answer(req.code, fn_error::ofd_backlog_over_30_days);
  const auto sign = static_cast<std::uint8_t>(req.sign);
  if (sign < 1 || sign > 4 || req.total > shtrih::max_money) return error_answer(req.code, fn_error::bad_parameters);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  receipt_money money;
  money.total = req.total;
  money.payments.cash = req.total;  // the short form carries no payment split
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::correction_receipt);
  draft.fields.shift_number = fn.state().shift_number;
  draft.fields.receipt_number = static_cast<std::uint16_t>(fn.state().receipts_in_shift + 1);
  draft.fields.operation = sign;
  draft.fields.total = req.total;
  draft.body = correction_body(registration(), identity, draft.fields.shift_number, draft.fields.receipt_number, sign,
                               0, default_taxation_system(registration()), money, std::move(pending_tlvs));
  const fiscal_document doc = commit_begun(std::move(draft));
  shtrih::correction_v1_reply r;
  r.receipt_number = doc.receipt_number;
  r.document_number = doc.number;
  r.fiscal_sign = doc.fiscal_sign;
  return print_answer(req.code, r.encode(), print_lines::shift_document);
}

command_answer kkt_device::impl::correction(const bytes& c) {
  const auto req = shtrih::correction_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  if (fn.state().phase != fn_phase::fiscal) return error_answer(req.code, fn_error::wrong_state);
  if (!fn.state().shift_open) return error_answer(req.code, device_error::shift_not_open_operation);
  if (fn.shift_expired(now())) return error_answer(req.code, fn_error::shift_over_24h);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, e);
  if (fn.ofd_wait_exhausted(now())) return error_answer(req.code, fn_error::ofd_backlog_over_30_days);
  const auto sign = static_cast<std::uint8_t>(req.sign);
  const registration_data& reg = registration();
  if (sign < 1 || sign > 4 || req.correction_type > 1) return error_answer(req.code, fn_error::bad_parameters);
  if (req.taxation_system == 0 || (req.taxation_system & (req.taxation_system - 1)) != 0 ||
      (req.taxation_system & reg.taxation_systems) == 0)
    return error_answer(req.code, fn_error::bad_parameters);
  receipt_money money;
  money.total = req.total;
  money.payments = receipt_payments{req.cash, req.electronic, req.prepayment, req.postpayment, req.counter_provision};
  for (std::size_t i = 0; i < money.vat.size(); ++i) money.vat[i] = req.vat_sums[i];
  if (money.total == 0) return error_answer(req.code, device_error::zero_total);
  if (money.payments.total() != money.total) return error_answer(req.code, device_error::payments_less_than_total);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::correction_receipt);
  draft.fields.shift_number = fn.state().shift_number;
  draft.fields.receipt_number = static_cast<std::uint16_t>(fn.state().receipts_in_shift + 1);
  draft.fields.operation = sign;
  draft.fields.total = req.total;
  // TLVs sent with FF0Ch before this one-shot command (e.g. the correction basis).
  std::vector<ffd::tlv> extra = pending ? std::vector<ffd::tlv>{} : std::move(pending_tlvs);
  pending_tlvs.clear();
  draft.body = correction_body(reg, identity, draft.fields.shift_number, draft.fields.receipt_number, sign,
                               req.correction_type, req.taxation_system, money, std::move(extra));
  const fiscal_document doc = fn.commit(std::move(draft), now());
  shtrih::correction_reply r;
  r.receipt_number = doc.receipt_number;
  r.document_number = doc.number;
  r.fiscal_sign = doc.fiscal_sign;
  r.date_time = wire_fn_date_time(doc.time);
  return print_answer(req.code, r.encode(), print_lines::shift_document);
}

command_answer kkt_device::impl::close_fn(const bytes& c) {
  const auto req = shtrih::close_fn_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op || !is_system_admin(*op)) return error_answer(req.code, device_error::wrong_password);
  if (!pending || pending->kind != pending_kind::fn_close || fn.state().shift_open ||
      fn.state().phase != fn_phase::fiscal)
    return error_answer(req.code, fn_error::wrong_state);
  if (unix_seconds(now()) < fn.state().last_document_time) return error_answer(req.code, fn_error::bad_date_time);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::fn_close);
  draft.fields.shift_number = fn.state().shift_number;
  draft.body = fn_close_body(registration(), identity, fn.state().shift_number, std::move(pending_tlvs));
  const fiscal_document doc = commit_begun(std::move(draft));
  shtrih::close_fn_reply r{doc.number, doc.fiscal_sign, wire_fn_date_time(doc.time)};
  return print_answer(req.code, r.encode(), print_lines::report);
}

command_answer kkt_device::impl::write_tlv(const bytes& c) {
  const auto req = shtrih::write_tlv_request::decode(c);
  if (!operator_for(req.password)) return error_answer(req.code, device_error::wrong_password);
  std::vector<ffd::tlv> tlvs;
  try {
    tlvs = ffd::decode(req.tlv);
  } catch (const format_error&) {
    return error_answer(req.code, fn_error::bad_parameters);
  }
  if (receipt) {
    receipt->add_extra(std::move(tlvs));
  } else if (pending || fn.state().phase == fn_phase::fiscal) {
    // For the document begun, or for the next one-shot document (FF4Ah).
    for (auto& t : tlvs) pending_tlvs.push_back(std::move(t));
  } else {
    return error_answer(req.code, fn_error::wrong_state);
  }
  return reply_answer(shtrih::write_tlv_reply{}.encode());
}

}  // namespace ws::emulator
