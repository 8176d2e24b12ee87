// Receipts: open (8Dh, or implicitly by the first FF46h/80h), positions (FF46h, legacy
// 80h), extra TLV (FF4Dh; FF0Ch is in device_fn_commands.cpp), close (FF45h, legacy
// 85h), cancel (88h), and continue printing after the paper ran out (B0h).
#include "emulator/device_model.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::emulator {

using shtrih::command_code;
namespace device_error = shtrih::device_error;

namespace {

constexpr std::uint8_t wrong_receipt_type = 0x49;  // operation impossible in this receipt type
constexpr std::uint8_t receipt_buffer_full = 0x4B;

/// Receipt type of 8Dh -> settlement sign (tag 1054).
constexpr std::uint8_t sign_for_receipt_type[] = {1, 3, 2, 4};

/// The legacy tax groups 1..4 of 80h as FF46h VAT codes (the device's tax table):
/// 20%, 10%, 0%, not subject to VAT. Group 0 (no tax) sells without VAT.
constexpr std::uint8_t vat_code_for_tax_group[] = {0x08, 0x01, 0x02, 0x04, 0x08};

}  // namespace

command_answer kkt_device::impl::open_receipt_command(const bytes& c) {
  const auto req = shtrih::open_receipt_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  if (date_to_confirm) return error_answer(req.code, device_error::confirm_date);
  if (receipt) return error_answer(req.code, device_error::receipt_open);
  const auto type = static_cast<std::uint8_t>(req.type);
  if (type > 3) return error_answer(req.code, device_error::bad_parameters);
  if (fn.state().phase != fn_phase::fiscal) return error_answer(req.code, classic_error_for_fn(fn_error::wrong_state));
  if (!fn.state().shift_open) return error_answer(req.code, device_error::shift_not_open);
  if (fn.shift_expired(now())) return error_answer(req.code, device_error::shift_over_24h);
  if (fn.ofd_wait_exhausted(now())) return error_answer(req.code, device_error::not_in_mode);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  pending.reset();
  pending_tlvs.clear();
  receipt.emplace(sign_for_receipt_type[type]);
  return reply_answer(shtrih::open_receipt_reply{*op}.encode());
}

command_answer kkt_device::impl::position(const bytes& c) {
  const auto req = shtrih::position_request::decode(c);
  if (!operator_for(req.password)) return error_answer(req.code, device_error::wrong_password);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  if (fn.state().phase != fn_phase::fiscal) return error_answer(req.code, fn_error::wrong_state);
  if (!fn.state().shift_open) return error_answer(req.code, device_error::shift_not_open_operation);
  if (fn.shift_expired(now())) return error_answer(req.code, fn_error::shift_over_24h);
  const auto sign = static_cast<std::uint8_t>(req.operation);
  const auto rate = vat_rate_for_code(static_cast<std::uint8_t>(req.vat));
  if (sign < 1 || sign > 4 || !rate || req.quantity == 0 || req.department > 16 || req.payment_method < 1 ||
      req.payment_method > 7 || req.payment_object == 0)
    return error_answer(req.code, device_error::bad_parameters);
  if (receipt && receipt->settlement_sign() != sign) return error_answer(req.code, wrong_receipt_type);
  if (!receipt && fn.ofd_wait_exhausted(now())) return error_answer(req.code, fn_error::ofd_backlog_over_30_days);

  receipt_position p;
  p.quantity = req.quantity;
  p.price = req.price;
  const std::uint64_t computed = position_amount(req.price, req.quantity);
  p.amount = req.amount.value_or(computed);
  // A given amount may differ from price x quantity by one kopeck of rounding at most.
  if (p.amount + 1 < computed || p.amount > computed + 1) return error_answer(req.code, device_error::bad_parameters);
  p.rate = *rate;
  p.vat_sum = req.vat_sum.value_or(vat_in_amount(p.amount, *rate));
  p.department = req.department;
  p.payment_method = req.payment_method;
  p.payment_object = req.payment_object;
  p.name = req.name;
  if (!receipt) {
    pending.reset();
    pending_tlvs.clear();
    receipt.emplace(sign);
  }
  receipt->add(std::move(p));
  return reply_answer(shtrih::position_reply{}.encode());
}

command_answer kkt_device::impl::legacy_sale(const bytes& c) {
  const auto req = shtrih::legacy_sale_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  if (date_to_confirm) return error_answer(req.code, device_error::confirm_date);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  if (fn.state().phase != fn_phase::fiscal) return error_answer(req.code, classic_error_for_fn(fn_error::wrong_state));
  if (!fn.state().shift_open) return error_answer(req.code, device_error::shift_not_open);
  if (fn.shift_expired(now())) return error_answer(req.code, device_error::shift_over_24h);
  if (req.quantity == 0 || req.department > 16 || req.taxes[0] > 4)
    return error_answer(req.code, device_error::bad_parameters);
  if (receipt && receipt->settlement_sign() != 1) return error_answer(req.code, wrong_receipt_type);
  if (!receipt && fn.ofd_wait_exhausted(now())) return error_answer(req.code, device_error::not_in_mode);

  // 80h counts quantity in thousandths; the receipt model in millionths.
  receipt_position p;
  p.quantity = req.quantity * 1000;
  p.price = req.price;
  p.amount = position_amount(req.price, p.quantity);
  p.rate = *vat_rate_for_code(vat_code_for_tax_group[req.taxes[0]]);
  p.vat_sum = vat_in_amount(p.amount, p.rate);
  p.department = req.department;
  p.name = req.text;
  if (!receipt) {
    pending.reset();
    pending_tlvs.clear();
    receipt.emplace(1);
  }
  receipt->add(std::move(p));
  return reply_answer(shtrih::legacy_sale_reply{*op}.encode());
}

command_answer kkt_device::impl::position_tlv(const bytes& c) {
  const auto req = shtrih::position_tlv_request::decode(c);
  if (!operator_for(req.password)) return error_answer(req.code, device_error::wrong_password);
  if (!receipt) return error_answer(req.code, device_error::receipt_closed);
  std::vector<ffd::tlv> tlvs;
  try {
    tlvs = ffd::decode(req.tlv);
  } catch (const format_error&) {
    return error_answer(req.code, fn_error::bad_parameters);
  }
  if (!receipt->add_position_extra(std::move(tlvs))) return error_answer(req.code, fn_error::wrong_state);
  return reply_answer(shtrih::position_tlv_reply{}.encode());
}

command_answer kkt_device::impl::close_receipt(const bytes& c) {
  const auto req = shtrih::close_receipt_request::decode(c);
  if (!operator_for(req.password)) return error_answer(req.code, device_error::wrong_password);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  if (!receipt) return error_answer(req.code, device_error::receipt_closed);
  if (fn.shift_expired(now())) return error_answer(req.code, fn_error::shift_over_24h);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, e);
  if (fn.ofd_wait_exhausted(now())) return error_answer(req.code, fn_error::ofd_backlog_over_30_days);
  const registration_data& reg = registration();
  std::uint8_t taxation = req.taxation_system == 0 ? default_taxation_system(reg) : req.taxation_system;
  // Rounding the total off is not modelled: a request for it is refused, not ignored.
  if (req.rounding != 0 || (taxation & (taxation - 1)) != 0 || (taxation & reg.taxation_systems) == 0)
    return error_answer(req.code, device_error::bad_parameters);

  receipt_payments paid;
  paid.cash = req.payments[shtrih::payment_slot::cash];
  for (std::size_t slot = shtrih::payment_slot::electronic; slot < shtrih::payment_slot::prepayment; ++slot)
    paid.electronic += req.payments[slot];
  paid.prepayment = req.payments[shtrih::payment_slot::prepayment];
  paid.postpayment = req.payments[shtrih::payment_slot::postpayment];
  paid.counter_provision = req.payments[shtrih::payment_slot::counter_provision];
  const std::uint64_t total = receipt->total();
  const close_check check = check_close(total, paid);
  if (check.error) return error_answer(req.code, check.error);

  receipt_money money;
  money.total = total;
  money.payments = paid;
  money.payments.cash -= check.change;
  money.vat = receipt->computed_vat();
  for (std::size_t i = 0; i < money.vat.size(); ++i)
    if (req.vat_sums[i] != 0) money.vat[i] = req.vat_sums[i];  // the host's figures win

  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::receipt);
  draft.fields.shift_number = fn.state().shift_number;
  draft.fields.receipt_number = static_cast<std::uint16_t>(fn.state().receipts_in_shift + 1);
  draft.fields.operation = receipt->settlement_sign();
  draft.fields.total = total;
  draft.body = receipt_body(reg, identity, draft.fields.shift_number, draft.fields.receipt_number, *receipt, taxation,
                            money);
  const unsigned lines = print_lines::receipt(*receipt);
  // A receipt too large for one document stays open for the host to cancel.
  if (const auto e = fiscal_storage::check_size(draft)) return error_answer(req.code, e);
  const fiscal_document doc = fn.commit(std::move(draft), now());
  registers.count_receipt(receipt->settlement_sign(), total);
  registers_changed = true;
  receipt.reset();
  shtrih::close_receipt_reply r;
  r.change = check.change;
  r.document_number = doc.number;
  r.fiscal_sign = doc.fiscal_sign;
  r.date_time = wire_fn_date_time(doc.time);
  return print_answer(req.code, r.encode(), lines);
}

command_answer kkt_device::impl::legacy_close_receipt(const bytes& c) {
  const auto req = shtrih::legacy_close_receipt_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  if (const auto refusal = printer.refusal()) return error_answer(req.code, refusal);
  if (!receipt) return error_answer(req.code, device_error::receipt_closed);
  if (fn.shift_expired(now())) return error_answer(req.code, device_error::shift_over_24h);
  if (const auto e = fn.check_new_document(now())) return error_answer(req.code, classic_error_for_fn(e));
  if (fn.ofd_wait_exhausted(now())) return error_answer(req.code, device_error::not_in_mode);
  // A percentage discount on the whole receipt is not modelled: refused, not ignored.
  if (req.discount != 0) return error_answer(req.code, device_error::bad_parameters);

  receipt_payments paid;
  paid.cash = req.payments[0];
  paid.electronic = req.payments[1] + req.payments[2] + req.payments[3];
  const std::uint64_t total = receipt->total();
  const close_check check = check_close(total, paid);
  if (check.error) return error_answer(req.code, check.error);

  const registration_data& reg = registration();
  receipt_money money;
  money.total = total;
  money.payments = paid;
  money.payments.cash -= check.change;
  money.vat = receipt->computed_vat();
  document_draft draft;
  draft.type = static_cast<std::uint16_t>(ffd::form_code::receipt);
  draft.fields.shift_number = fn.state().shift_number;
  draft.fields.receipt_number = static_cast<std::uint16_t>(fn.state().receipts_in_shift + 1);
  draft.fields.operation = receipt->settlement_sign();
  draft.fields.total = total;
  draft.body = receipt_body(reg, identity, draft.fields.shift_number, draft.fields.receipt_number, *receipt,
                            default_taxation_system(reg), money);
  const unsigned lines = print_lines::receipt(*receipt);
  if (fiscal_storage::check_size(draft)) return error_answer(req.code, receipt_buffer_full);
  fn.commit(std::move(draft), now());
  registers.count_receipt(receipt->settlement_sign(), total);
  registers_changed = true;
  receipt.reset();
  return print_answer(req.code, shtrih::legacy_close_receipt_reply{*op, check.change}.encode(), lines);
}

command_answer kkt_device::impl::cancel_receipt(const bytes& c) {
  const auto req = shtrih::cancel_receipt_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  if (!receipt) return error_answer(req.code, device_error::receipt_closed);
  receipt.reset();  // nothing was signed: the FN forgets the document
  const bytes reply = shtrih::cancel_receipt_reply{*op}.encode();
  if (printer.refusal() != 0) return reply_answer(reply);  // nothing to print it on
  return print_answer(req.code, reply, print_lines::cancel);
}

command_answer kkt_device::impl::continue_print(const bytes& c) {
  const auto req = shtrih::continue_print_request::decode(c);
  const auto op = operator_for(req.password);
  if (!op) return error_answer(req.code, device_error::wrong_password);
  if (!printer.paper_present()) return error_answer(req.code, device_error::no_receipt_paper);
  const auto printed = printer.continue_printing();
  command_answer answer{shtrih::continue_print_reply{*op}.encode(), printed.busy, false};
  if (!printed.completed) answer.reply = shtrih::error_reply(req.code, device_error::no_receipt_paper);
  return answer;
}

}  // namespace ws::emulator
