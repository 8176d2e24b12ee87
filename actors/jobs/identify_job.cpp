#include "actors/jobs/identify_job.hpp"

#include <cstdio>

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/best_effort_reply.hpp"

namespace ws::jobs {

using namespace shtrih;

namespace {

constexpr std::uint64_t inn_not_entered = 0xFFFF'FFFF'FFFFULL;  // 6 bytes of ones

std::string sixteen_digits(std::uint64_t number) {
  char text[24];
  std::snprintf(text, sizeof text, "%016llu", static_cast<unsigned long long>(number));
  return text;
}

find_document_request first_document() {
  find_document_request request;
  request.document_number = 1;
  return request;
}

}  // namespace

bool inn_entered(std::uint64_t inn) { return inn != 0 && inn < inn_not_entered; }

std::string inn_text(std::uint64_t inn) {
  if (!inn_entered(inn)) return {};
  std::string digits = std::to_string(inn);
  if (digits.size() > 12) return {};
  const std::size_t width = digits.size() <= 10 ? 10 : 12;  // a firm's INN or a person's
  return std::string(width - digits.size(), '0') + digits;
}

bool take_registration_fields(const find_document_reply& reply, register_identity& identity) {
  const auto fields = parse_registration_fields(reply);
  if (!fields) return false;
  identity.registration_number = fields->registration_number;
  const bool digits = !fields->inn.empty() && fields->inn.size() <= 12 &&
                      fields->inn.find_first_not_of("0123456789") == std::string::npos;
  if (!inn_entered(identity.inn) && digits) identity.inn = std::stoull(fields->inn);
  return true;
}

void identify_job::start() {
  ask<device_type_reply>(device_type_request{}, [this](const device_type_reply& type) {
    result_.model = type.name;
    ask<full_status_reply>(full_status_request{}, [this](const full_status_reply& s) {
      result_.serial_number = sixteen_digits(s.serial_number());
      result_.firmware_version = s.firmware_version;
      result_.firmware_build = s.firmware_build;
      result_.inn = s.inn;
      result_.mode = s.mode;
      result_.submode = s.submode;
      result_.shift_number = s.last_closed_shift;
      read_fn();
    });
  });
}

void identify_job::read_fn() {
  ask<fn_status_reply>(
      fn_status_request{},
      [this](const fn_status_reply& fn) {
        result_.fn_number = fn.fn_number;
        result_.fn_phase = fn.phase;
        result_.shift_open = fn.shift_open;
        result_.last_document_number = fn.last_document_number;
        if (fn.shift_open) ++result_.shift_number;  // 11h counts closed shifts
        read_registration();
      },
      [this](const reply_error&) { succeed(); });  // no working FN: identified without FN data
}

void identify_job::read_registration() {
  if ((result_.fn_phase & fn_phase::fiscal_mode) == 0 || result_.last_document_number == 0) return succeed();
  send_raw(first_document().encode(), false, [this](const link_outcome& outcome) {
    // Best effort: a device that cannot show its registration document still identifies.
    if (auto found = best_effort_reply<find_document_reply>(outcome)) take_registration_fields(*found, result_);
    succeed();
  });
}

void poll_job::start() {
  send_raw(full_status_request{}.encode(), false, [this](const link_outcome& outcome) {
    result_.answered = outcome.what == link_outcome::kind::reply;
    result_.status = best_effort_reply<full_status_reply>(outcome);
    succeed();
  });
}

void fn_refresh_job::start() {
  send_raw(fn_status_request{}.encode(), false, [this](const link_outcome& outcome) {
    result_ = best_effort_reply<fn_status_reply>(outcome);
    succeed();
  });
}

void registration_read_job::start() {
  send_raw(first_document().encode(), false, [this](const link_outcome& outcome) {
    if (auto found = best_effort_reply<find_document_reply>(outcome)) read_ = take_registration_fields(*found, identity_);
    succeed();
  });
}

}  // namespace ws::jobs
