#pragma once
// How every farm message is written to the wire: CAF 0.17 `inspect` overloads for the
// plain data that travels in farm messages (orders, outcomes, receipt content, statuses,
// broker questions and answers). They live here, in the actors layer, so that protocol/
// and the jobs stay free of CAF; each overload sits in its type's namespace, where CAF's
// inspectors find it by argument-dependent lookup. farm_messages.hpp registers the types
// by name (add_farm_message_types); tests/actors/test_message_round_trip.cpp writes and
// reads back every one of them.
//
// Every field of a type is listed: one left out would silently arrive as its default on
// another node. What is runner state rather than order data is left out on purpose and
// says so (shift_policy's hints).

#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include <caf/all.hpp>

#include "actors/broker/broker_types.hpp"
#include "actors/conditions/value.hpp"
#include "actors/jobs/identify_job.hpp"
#include "actors/jobs/job_order.hpp"
#include "protocol/ffd/correction.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/shtrih/commands_common.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"
#include "protocol/shtrih/commands_registration.hpp"

// ---- standard library types CAF 0.17 does not inspect ----
// In namespace caf: found through the inspector's namespace, as CAF's own are.
namespace caf {

template <class Inspector, class T>
typename std::enable_if<Inspector::reads_state, typename Inspector::result_type>::type inspect(
    Inspector& f, std::optional<T>& x) {
  return x ? f(true, *x) : f(false);
}

template <class Inspector, class T>
typename std::enable_if<Inspector::writes_state, typename Inspector::result_type>::type inspect(
    Inspector& f, std::optional<T>& x) {
  bool flag = false;
  T tmp{};
  optional_inspect_helper<T> helper{flag, tmp};
  auto guard = detail::make_scope_guard([&] {
    if (flag)
      x = std::move(tmp);
    else
      x = std::nullopt;
  });
  return f(flag, helper);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, std::monostate&) {
  return f(meta::type_name("none"));
}

/// A std::variant on the wire: one byte of alternative index, then the alternative.
template <class Variant>
struct std_variant_access {
  std::uint8_t& index;
  Variant& value;
};

namespace detail {
template <std::size_t I, class Inspector, class... Ts>
typename Inspector::result_type load_alternative(Inspector& f, std::uint8_t index, std::variant<Ts...>& x) {
  if constexpr (I < sizeof...(Ts)) {
    if (index != I) return load_alternative<I + 1>(f, index, x);
    return f(x.template emplace<I>());
  } else {
    return make_error(sec::invalid_argument, "variant index out of range");
  }
}
}  // namespace detail

template <class Inspector, class... Ts>
typename Inspector::result_type inspect(Inspector& f, std_variant_access<std::variant<Ts...>>& x) {
  if constexpr (Inspector::reads_state)
    return std::visit([&f](auto& alternative) { return f(alternative); }, x.value);
  else
    return detail::load_alternative<0>(f, x.index, x.value);
}

template <class Inspector, class... Ts>
typename Inspector::result_type inspect(Inspector& f, std::variant<Ts...>& x) {
  static_assert(sizeof...(Ts) < 256, "one byte of index");
  auto index = static_cast<std::uint8_t>(x.index());
  std_variant_access<std::variant<Ts...>> access{index, x};
  return f(index, access);
}

}  // namespace caf

// ---- the Shtrih-M structs: each lists its fields once, in fields() ----
namespace ws::shtrih {

template <class Inspector, class T>
auto inspect(Inspector& f, T& x) -> decltype(x.fields(), typename Inspector::result_type()) {
  // fields() ties const references (it serves comparisons too); the object itself is not
  // const, so writing through them is sound.
  return std::apply([&f](const auto&... field) { return f(const_cast<std::decay_t<decltype(field)>&>(field)...); },
                    x.fields());
}

}  // namespace ws::shtrih

namespace ws::ffd {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, money& x) {
  return f(caf::meta::type_name("money"), x.kopecks);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, quantity& x) {
  return f(caf::meta::type_name("quantity"), x.millionths);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, civil_time& x) {
  return f(caf::meta::type_name("civil_time"), x.year, x.month, x.day, x.hour, x.minute, x.second);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, supplier_info& x) {
  return f(caf::meta::type_name("supplier_info"), x.inn, x.name, x.phone);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, receipt_row& x) {
  return f(caf::meta::type_name("receipt_row"), x.text, x.price, x.qty, x.tax, x.method, x.object, x.unit, x.agent,
           x.supplier);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, payment& x) {
  return f(caf::meta::type_name("payment"), x.type, x.amount);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, user_requisite& x) {
  return f(caf::meta::type_name("user_requisite"), x.name, x.value);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, receipt_content& x) {
  return f(caf::meta::type_name("receipt_content"), x.firm_inn, x.type, x.taxation, x.agent, x.client_email_or_phone,
           x.client_inn, x.supplier_phone, x.firm_reply_email, x.firm_url, x.additional_document_requisite,
           x.additional_user_requisite, x.rows, x.payments);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, correction_tax_amount& x) {
  return f(caf::meta::type_name("correction_tax_amount"), x.tax, x.amount);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, correction_content& x) {
  return f(caf::meta::type_name("correction_content"), x.type, x.taxation, x.by_order, x.reason_name, x.reason_number,
           x.reason_date, x.taxes, x.payments);
}

}  // namespace ws::ffd

namespace ws::conditions {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, value& x) {
  return f(caf::meta::type_name("condition_value"), x.data);
}

}  // namespace ws::conditions

namespace ws::jobs {

/// The policy travels; the hints (shift_open_document_hint, known_shift) are what the
/// register that runs the job remembers itself, so they are not sent.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, shift_policy& x) {
  return f(caf::meta::type_name("shift_policy"), x.manage_shift, x.renew_margin, x.shift_search_limit);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, receipt_order& x) {
  return f(caf::meta::type_name("receipt_order"), x.content, x.shift);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, correction_order& x) {
  return f(caf::meta::type_name("correction_order"), x.content, x.shift);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, close_shift_order& x) {
  return f(caf::meta::type_name("close_shift_order"), x.emergency);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, read_document_order& x) {
  return f(caf::meta::type_name("read_document_order"), x.number, x.with_tlv, x.with_ofd_ticket);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, registration_order& x) {
  return f(caf::meta::type_name("registration_order"), x.params, x.user_name, x.address);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reregistration_order& x) {
  return f(caf::meta::type_name("reregistration_order"), x.params, x.reason);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, set_datetime_order& x) {
  return f(caf::meta::type_name("set_datetime_order"), x.day, x.time);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, firmware_upload_order& x) {
  return f(caf::meta::type_name("firmware_upload_order"), x.file, x.content);
}
/// The orders without inputs.
template <class Inspector, class Order>
auto inspect(Inspector& f, Order&) -> std::enable_if_t<
    std::is_same_v<Order, open_shift_order> || std::is_same_v<Order, x_report_order> ||
        std::is_same_v<Order, close_fn_order> || std::is_same_v<Order, settlement_report_order> ||
        std::is_same_v<Order, reboot_order> || std::is_same_v<Order, beep_order> ||
        std::is_same_v<Order, status_order> || std::is_same_v<Order, ofd_queue_order> ||
        std::is_same_v<Order, general_clearing_order> || std::is_same_v<Order, fn_reset_order>,
    typename Inspector::result_type> {
  return f(caf::meta::type_name("order"));
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, condition_text& x) {
  return f(caf::meta::type_name("condition_text"), x.dialect, x.conditions, x.expressions);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_order& x) {
  return f(caf::meta::type_name("job_order"), x.spec, x.time_left, x.conditions, x.request_id);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_failure& x) {
  return f(caf::meta::type_name("job_failure"), x.kind, x.message, x.command, x.device_error, x.device_error_text,
           x.document_to_check, x.refused_by_condition);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, printed_document& x) {
  return f(caf::meta::type_name("printed_document"), x.document_number, x.fiscal_sign, x.date_time, x.fn_number,
           x.shift_number, x.receipt_in_shift, x.total, x.change, x.recovered);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, archived_document& x) {
  return f(caf::meta::type_name("archived_document"), x.document_type, x.ticket_received, x.date_time,
           x.document_number, x.fiscal_sign, x.settlement_sign, x.total, x.shift_number, x.data);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, document_read& x) {
  return f(caf::meta::type_name("document_read"), x.document, x.tlv_document_type, x.tlv, x.ofd_ticket);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, device_status& x) {
  return f(caf::meta::type_name("device_status"), x.mode, x.submode, x.flags, x.receipt_operations, x.fn_phase,
           x.fn_warnings, x.shift_open, x.receipt_open, x.last_document_number, x.fn_number);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_outcome& x) {
  return f(caf::meta::type_name("job_outcome"), x.failure, x.result);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_identity& x) {
  return f(caf::meta::type_name("register_identity"), x.serial_number, x.model, x.firmware_version, x.firmware_build,
           x.inn, x.fn_number, x.fn_phase, x.shift_open, x.shift_number, x.last_document_number, x.mode, x.submode,
           x.registration_number);
}

}  // namespace ws::jobs

namespace ws::broker {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, ping_query& x) {
  return f(caf::meta::type_name("ping_query"), x.inn, x.group, x.backlog_ratio);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_snapshot& x) {
  return f(caf::meta::type_name("register_snapshot"), x.id, x.inn, x.groups, x.availability, x.running, x.waiting);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, route_snapshot& x) {
  return f(caf::meta::type_name("route_snapshot"), x.inn, x.group, x.waiting, x.ready, x.known, x.running);
}
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, broker_stats& x) {
  return f(caf::meta::type_name("broker_stats"), x.registers, x.routes, x.waiting, x.running, x.service_estimate);
}

}  // namespace ws::broker
