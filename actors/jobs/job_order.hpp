#pragma once
// Jobs as data (ARCHITECTURE decision 8): what crosses an actor boundary, and so possibly
// a host boundary, is an order naming the job and carrying its inputs, and an outcome
// carrying what happened. The register that receives an order builds the job script from
// it on its own node (build_job); the caller reads the typed result from the outcome.
// Plain structs only: no CAF here (their inspect overloads are in
// actors/farm_serialization.hpp), no closure, no pointer to a local object.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "actors/jobs/job.hpp"
#include "actors/jobs/shift_policy.hpp"
#include "protocol/ffd/correction.hpp"
#include "protocol/ffd/receipt.hpp"
#include "protocol/shtrih/commands_registration.hpp"

namespace ws::jobs {

// ---- orders: one per kind of job the farm runs ----

/// A sale, return... The register calculates rows, VAT and totals from `content` itself
/// (ffd::calculate_receipt is a pure function of it), so what it prints and what the
/// front answers come from one rule and cannot disagree.
struct receipt_order {
  ffd::receipt_content content;
  shift_policy shift;  ///< only the policy travels (manage_shift, renew_margin, search limit)
};
struct correction_order {
  ffd::correction_content content;
  shift_policy shift;
};
struct open_shift_order {};
struct close_shift_order {
  bool emergency = false;  ///< cancels an open receipt first
};
struct x_report_order {};
struct read_document_order {
  std::uint32_t number = 0;
  bool with_tlv = true;  ///< also read the document's TLV (FF3Ah/FF3Bh), not only its archive record
  bool with_ofd_ticket = false;  ///< also read the OFD's ticket for it (FF3Ch)
};
/// Registration (FF05h + FF06h); with the firm's name or address they go into the report
/// too (FF0Ch tags 1048 and 1009 before FF06h).
struct registration_order {
  shtrih::registration_params params;
  std::string user_name;
  std::string address;
};
struct reregistration_order {
  std::optional<shtrih::registration_params> params;
  std::uint8_t reason = 0;  ///< FF05h report type and FF34h reason code
};
struct close_fn_order {};
struct settlement_report_order {};
struct set_datetime_order {
  shtrih::date day;
  shtrih::time_of_day time;
};
struct reboot_order {};
struct beep_order {};
struct status_order {};
struct ofd_queue_order {};
/// 27h: the KKT's own registers zeroed (the API's clear_device_data).
struct general_clearing_order {};
/// FF07h code 16h: a debug FN wiped back to unfiscalised (the API's clear_debug_fn).
struct fn_reset_order {};
/// FF4Eh per 128-byte block: a loader or firmware file written to the register's SD card
/// (the API's upgrade). The file's bytes travel whole; the last block is padded on the
/// register's side (shtrih::firmware_block_of).
struct firmware_upload_order {
  std::uint8_t file = 1;  ///< FF4Eh's "Файл прошивки": 0 loader, 1 firmware
  std::vector<std::uint8_t> content;
};

using job_spec = std::variant<receipt_order, correction_order, open_shift_order, close_shift_order, x_report_order,
                              read_document_order, registration_order, reregistration_order, close_fn_order,
                              settlement_report_order, set_datetime_order, reboot_order, beep_order, status_order,
                              ofd_queue_order, general_clearing_order, fn_reset_order, firmware_upload_order>;

/// "receipt", "open_shift"...: for logs and messages.
std::string_view name_of(const job_spec& spec);

/// The API's `conditional` as the client sent it (dialect and the condition/expression
/// pairs): conditions travel as their source text and are parsed where they are used.
struct condition_text {
  std::string dialect;
  std::vector<std::string> conditions;   ///< "accept_device", "before"...
  std::vector<std::string> expressions;  ///< one per condition
};

/// One job for one register.
struct job_order {
  job_spec spec;
  /// How long the register may take from the moment the order reaches it (time remaining,
  /// not a clock value: clocks differ between hosts). At zero or below the register
  /// refuses it unstarted.
  std::chrono::milliseconds time_left{30000};
  /// Checked (its `before` entries) by the register right before it starts the job, with
  /// its own attributes; false: nothing is sent and the job fails wrong_state naming
  /// the condition.
  std::optional<condition_text> conditions;
  std::string request_id;  ///< names the client request in logs (and test jobs in tests)
};

// ---- outcomes ----

struct job_outcome {
  job_failure failure;  ///< kind none: success, and `result` holds what the job made or read
  job_result result;
};

/// Builds the job an order asks for (throws std::invalid_argument for an order that
/// cannot be run, e.g. a receipt whose content does not calculate).
std::unique_ptr<job> build_job(const job_spec& spec);

}  // namespace ws::jobs
