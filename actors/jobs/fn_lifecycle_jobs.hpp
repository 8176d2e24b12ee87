#pragma once
// The FN-document jobs, as fiscal_report_job specs: shift open and close, registration,
// re-registration, closing the FN, and the settlement report.

#include <memory>

#include "actors/jobs/fiscal_report_job.hpp"
#include "protocol/shtrih/commands_registration.hpp"

namespace ws::jobs {

std::unique_ptr<fiscal_report_job> make_open_shift_job();
/// Normal: refused (wrong_state) while a receipt is open. Emergency: cancels it first.
std::unique_ptr<fiscal_report_job> make_close_shift_job(bool emergency = false);
std::unique_ptr<fiscal_report_job> make_registration_job(const shtrih::registration_params& params);
/// `reason`: FF05h report type (registration_report::reregistration or
/// reregistration_fn_replaced) and the FF34h reason code.
std::unique_ptr<fiscal_report_job> make_reregistration_job(std::optional<shtrih::registration_params> params,
                                                           std::uint8_t reason);
std::unique_ptr<fiscal_report_job> make_close_fn_job();
std::unique_ptr<fiscal_report_job> make_settlement_report_job();

}  // namespace ws::jobs
