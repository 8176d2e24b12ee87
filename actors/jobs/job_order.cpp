#include "actors/jobs/job_order.hpp"

#include <stdexcept>
#include <string>
#include <type_traits>

#include "actors/jobs/clearing_jobs.hpp"
#include "actors/jobs/correction_receipt_job.hpp"
#include "actors/jobs/firm_registration_job.hpp"
#include "actors/jobs/firmware_upload_job.hpp"
#include "actors/jobs/fn_lifecycle_jobs.hpp"
#include "actors/jobs/ofd_queue_job.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "actors/jobs/read_document_job.hpp"
#include "actors/jobs/set_datetime_job.hpp"
#include "actors/jobs/simple_jobs.hpp"
#include "actors/jobs/status_job.hpp"
#include "protocol/ffd/receipt_calculation.hpp"

namespace ws::jobs {

namespace {


struct spec_name {
  std::string_view operator()(const receipt_order&) const { return "receipt"; }
  std::string_view operator()(const correction_order&) const { return "correction"; }
  std::string_view operator()(const open_shift_order&) const { return "open_shift"; }
  std::string_view operator()(const close_shift_order& o) const {
    return o.emergency ? "close_shift_emergency" : "close_shift";
  }
  std::string_view operator()(const x_report_order&) const { return "x_report"; }
  std::string_view operator()(const read_document_order&) const { return "read_document"; }
  std::string_view operator()(const registration_order&) const { return "registration"; }
  std::string_view operator()(const reregistration_order&) const { return "reregistration"; }
  std::string_view operator()(const close_fn_order&) const { return "close_fn"; }
  std::string_view operator()(const settlement_report_order&) const { return "settlement_report"; }
  std::string_view operator()(const set_datetime_order&) const { return "set_datetime"; }
  std::string_view operator()(const reboot_order&) const { return "reboot"; }
  std::string_view operator()(const beep_order&) const { return "beep"; }
  std::string_view operator()(const status_order&) const { return "status"; }
  std::string_view operator()(const ofd_queue_order&) const { return "ofd_queue"; }
  std::string_view operator()(const general_clearing_order&) const { return "general_clearing"; }
  std::string_view operator()(const fn_reset_order&) const { return "fn_reset"; }
  std::string_view operator()(const firmware_upload_order&) const { return "firmware_upload"; }
};

struct job_builder {
  std::unique_ptr<job> operator()(const receipt_order& o) const {
    return std::make_unique<print_receipt_job>(o.content, ffd::calculate_receipt(o.content), o.shift);
  }
  std::unique_ptr<job> operator()(const correction_order& o) const {
    return std::make_unique<correction_receipt_job>(o.content, o.shift);
  }
  std::unique_ptr<job> operator()(const open_shift_order&) const { return make_open_shift_job(); }
  std::unique_ptr<job> operator()(const close_shift_order& o) const { return make_close_shift_job(o.emergency); }
  std::unique_ptr<job> operator()(const x_report_order&) const { return std::make_unique<x_report_job>(); }
  std::unique_ptr<job> operator()(const read_document_order& o) const {
    return std::make_unique<read_document_job>(o.number, o.with_tlv, o.with_ofd_ticket);
  }
  std::unique_ptr<job> operator()(const registration_order& o) const {
    if (o.user_name.empty() && o.address.empty()) return make_registration_job(o.params);
    return std::make_unique<firm_registration_job>(firm_registration{o.params, o.user_name, o.address});
  }
  std::unique_ptr<job> operator()(const reregistration_order& o) const {
    return make_reregistration_job(o.params, o.reason);
  }
  std::unique_ptr<job> operator()(const close_fn_order&) const { return make_close_fn_job(); }
  std::unique_ptr<job> operator()(const settlement_report_order&) const { return make_settlement_report_job(); }
  std::unique_ptr<job> operator()(const set_datetime_order& o) const {
    return std::make_unique<set_datetime_job>(o.day, o.time);
  }
  std::unique_ptr<job> operator()(const reboot_order&) const { return std::make_unique<reboot_job>(); }
  std::unique_ptr<job> operator()(const beep_order&) const { return std::make_unique<beep_job>(); }
  std::unique_ptr<job> operator()(const status_order&) const { return std::make_unique<status_job>(); }
  std::unique_ptr<job> operator()(const ofd_queue_order&) const { return std::make_unique<ofd_queue_job>(); }
  std::unique_ptr<job> operator()(const general_clearing_order&) const {
    return std::make_unique<general_clearing_job>();
  }
  std::unique_ptr<job> operator()(const fn_reset_order&) const { return std::make_unique<fn_reset_job>(); }
  std::unique_ptr<job> operator()(const firmware_upload_order& o) const {
    if (o.file != static_cast<std::uint8_t>(shtrih::firmware_file::loader) &&
        o.file != static_cast<std::uint8_t>(shtrih::firmware_file::firmware))
      throw std::invalid_argument("firmware file kind " + std::to_string(o.file) + " is neither 0 (loader) nor 1 (firmware)");
    if (o.content.empty() || shtrih::firmware_block_count(o.content.size()) > shtrih::max_firmware_blocks)
      throw std::invalid_argument("a firmware file of " + std::to_string(o.content.size()) +
                                  " bytes does not fit FF4Eh's 1 to 65536 blocks");
    return std::make_unique<firmware_upload_job>(static_cast<shtrih::firmware_file>(o.file), o.content);
  }
};

}  // namespace

std::string_view name_of(const job_spec& spec) { return std::visit(spec_name{}, spec); }

std::unique_ptr<job> build_job(const job_spec& spec) {
  try {
    return std::visit(job_builder{}, spec);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string(name_of(spec)) + " order cannot be run: " + e.what());
  }
}

}  // namespace ws::jobs
