#pragma once
// What a finished job made or read, as plain data: the typed part of a job's outcome
// (job_order.hpp). monostate for jobs that only act (beep, reboot, X report, set time).

#include <variant>

#include "actors/jobs/device_status.hpp"
#include "actors/jobs/document_read.hpp"
#include "actors/jobs/printed_document.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"

namespace ws::jobs {

using job_result = std::variant<std::monostate, printed_document, document_read, device_status,
                                shtrih::ofd_exchange_status_reply>;

}  // namespace ws::jobs
