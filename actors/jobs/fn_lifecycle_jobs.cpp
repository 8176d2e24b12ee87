#include "actors/jobs/fn_lifecycle_jobs.hpp"

#include "actors/jobs/archived_document.hpp"

namespace ws::jobs {

using namespace shtrih;

namespace {

bool in_fiscal_mode(const fn_status_reply& fn) {
  return (fn.phase & fn_phase::fiscal_mode) != 0 && (fn.phase & fn_phase::fiscal_mode_closed) == 0;
}

std::string needs_fiscal_mode(const fn_status_reply& fn) {
  return in_fiscal_mode(fn) ? std::string{} : "the FN is not in fiscal mode";
}

template <class Reply>
void read_fiscal_document_reply(const bytes& reply, printed_document& out) {
  const Reply r = Reply::decode(reply);
  out.document_number = r.document_number;
  out.fiscal_sign = r.fiscal_sign;
  if (r.date_time) out.date_time = *r.date_time;
}

}  // namespace

std::unique_ptr<fiscal_report_job> make_open_shift_job() {
  fiscal_report_spec spec;
  spec.what = "opening the shift";
  spec.begin_command = fn_begin_open_shift_request{}.encode();
  spec.form_command = fn_open_shift_request{}.encode();
  spec.form = form::shift_open;
  spec.refuse = [](const fn_status_reply& fn) {
    if (!in_fiscal_mode(fn)) return std::string("the FN is not in fiscal mode");
    return fn.shift_open ? std::string("the shift is already open") : std::string{};
  };
  spec.read_reply = [](const bytes& reply, printed_document& out) {
    const auto r = fn_open_shift_reply::decode(reply);
    out.document_number = r.document_number;
    out.fiscal_sign = r.fiscal_sign;
    out.shift_number = r.shift_number;
  };
  return std::make_unique<fiscal_report_job>(std::move(spec));
}

std::unique_ptr<fiscal_report_job> make_close_shift_job(bool emergency) {
  fiscal_report_spec spec;
  spec.what = "closing the shift";
  spec.begin_command = fn_begin_close_shift_request{}.encode();
  spec.form_command = fn_close_shift_request{}.encode();
  spec.form = form::shift_close;
  spec.cancel_open_receipt = emergency;
  spec.refuse = [](const fn_status_reply& fn) {
    if (!in_fiscal_mode(fn)) return std::string("the FN is not in fiscal mode");
    return fn.shift_open ? std::string{} : std::string("the shift is not open");
  };
  spec.read_reply = [](const bytes& reply, printed_document& out) {
    const auto r = fn_close_shift_reply::decode(reply);
    out.document_number = r.document_number;
    out.fiscal_sign = r.fiscal_sign;
    out.shift_number = r.shift_number;
    if (r.date_time) out.date_time = *r.date_time;
  };
  return std::make_unique<fiscal_report_job>(std::move(spec));
}

std::unique_ptr<fiscal_report_job> make_registration_job(const registration_params& params) {
  fiscal_report_spec spec;
  spec.what = "registration";
  begin_registration_request begin;
  begin.report_type = registration_report::registration;
  spec.begin_command = begin.encode();
  registration_request form_request;
  form_request.params = params;
  spec.form_command = form_request.encode();
  spec.form = form::registration;
  spec.refuse = [](const fn_status_reply& fn) {
    return (fn.phase & (fn_phase::fiscal_mode | fn_phase::fiscal_mode_closed)) == 0
               ? std::string{}
               : std::string("the FN is already registered");
  };
  spec.read_reply = read_fiscal_document_reply<registration_reply>;
  return std::make_unique<fiscal_report_job>(std::move(spec));
}

std::unique_ptr<fiscal_report_job> make_reregistration_job(std::optional<registration_params> params,
                                                           std::uint8_t reason) {
  fiscal_report_spec spec;
  spec.what = "re-registration";
  begin_registration_request begin;
  begin.report_type = reason == registration_report::reregistration_fn_replaced
                          ? registration_report::reregistration_fn_replaced
                          : registration_report::reregistration;
  spec.begin_command = begin.encode();
  reregistration_request form_request;
  form_request.params = std::move(params);
  form_request.reason = reason;
  spec.form_command = form_request.encode();
  spec.form = form::reregistration;
  spec.refuse = [](const fn_status_reply& fn) {
    if (!in_fiscal_mode(fn)) return std::string("the FN is not in fiscal mode");
    return fn.shift_open ? std::string("the shift is open") : std::string{};
  };
  spec.read_reply = read_fiscal_document_reply<reregistration_reply>;
  return std::make_unique<fiscal_report_job>(std::move(spec));
}

std::unique_ptr<fiscal_report_job> make_close_fn_job() {
  fiscal_report_spec spec;
  spec.what = "closing the FN";
  spec.begin_command = begin_close_fn_request{}.encode();
  spec.form_command = close_fn_request{}.encode();
  spec.form = form::fn_close;
  spec.refuse = [](const fn_status_reply& fn) {
    if (!in_fiscal_mode(fn)) return std::string("the FN is not in fiscal mode");
    return fn.shift_open ? std::string("the shift is open") : std::string{};
  };
  spec.read_reply = read_fiscal_document_reply<close_fn_reply>;
  return std::make_unique<fiscal_report_job>(std::move(spec));
}

std::unique_ptr<fiscal_report_job> make_settlement_report_job() {
  fiscal_report_spec spec;
  spec.what = "the settlement report";
  spec.begin_command = begin_settlement_report_request{}.encode();
  spec.form_command = settlement_report_request{}.encode();
  spec.form = form::settlement_report;
  spec.refuse = needs_fiscal_mode;
  spec.read_reply = [](const bytes& reply, printed_document& out) {
    const auto r = settlement_report_reply::decode(reply);
    out.document_number = r.document_number;
    out.fiscal_sign = r.fiscal_sign;
    if (r.date_time) out.date_time = *r.date_time;
  };
  return std::make_unique<fiscal_report_job>(std::move(spec));
}

}  // namespace ws::jobs
