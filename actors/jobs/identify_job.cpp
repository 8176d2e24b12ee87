#include "actors/jobs/identify_job.hpp"

#include "actors/jobs/archived_document.hpp"

namespace ws::jobs {

using namespace shtrih;

void identify_job::start() {
  ask<device_type_reply>(device_type_request{}, [this](const device_type_reply& type) {
    result_.model = type.name;
    result_.model_code = type.model;
    ask<full_status_reply>(full_status_request{}, [this](const full_status_reply& s) {
      result_.serial_number = s.serial_number();
      result_.firmware_version = s.firmware_version.size() == 2
                                     ? std::string{s.firmware_version[0], '.', s.firmware_version[1]}
                                     : s.firmware_version;
      result_.firmware_build = s.firmware_build;
      result_.mode = s.mode;
      result_.submode = s.submode;
      result_.shift_number = s.last_closed_shift;
      read_fn();
    });
  });
}

void identify_job::read_fn() {
  ask<fn_status_reply>(fn_status_request{}, [this](const fn_status_reply& fn) {
    result_.fn_phase = fn.phase;
    result_.shift_open = fn.shift_open;
    result_.last_document_number = fn.last_document_number;
    if (fn.shift_open) ++result_.shift_number;  // 11h counts closed shifts
    ask<fn_number_reply>(fn_number_request{}, [this](const fn_number_reply& number) {
      result_.fn_number = number.fn_number;
      ask<fn_version_reply>(fn_version_request{}, [this](const fn_version_reply& version) {
        result_.fn_version = version.version;
        ask<fn_expiry_reply>(
            fn_expiry_request{},
            [this](const fn_expiry_reply& expiry) {
              result_.fn_expiry = expiry.expiry;
              read_registration();
            },
            [this](const reply_error&) { read_registration(); });
      });
    });
  });
}

void identify_job::read_registration() {
  if ((result_.fn_phase & fn_phase::fiscal_mode) == 0 || result_.last_document_number == 0) return succeed();
  find_document_request request;
  request.document_number = 1;
  ask<find_document_reply>(
      request,
      [this](const find_document_reply& found) {
        if (const auto fields = parse_registration_fields(found)) {
          result_.inn = fields->inn;
          result_.registration_number = fields->registration_number;
        }
        succeed();
      },
      [this](const reply_error&) { succeed(); });
}

}  // namespace ws::jobs
