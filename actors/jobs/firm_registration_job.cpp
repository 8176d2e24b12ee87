#include "actors/jobs/firm_registration_job.hpp"

#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"
#include "protocol/shtrih/commands.hpp"

namespace ws::jobs {

using namespace shtrih;

void firm_registration_job::start() {
  ask<fn_status_reply>(fn_status_request{}, [this](const fn_status_reply& fn) {
    if ((fn.phase & (fn_phase::fiscal_mode | fn_phase::fiscal_mode_closed)) != 0)
      return fail_wrong_state("registration: the FN is already registered");
    result_.fn_number = fn.fn_number;
    const std::uint32_t last_before = fn.last_document_number;
    begin_registration_request begin;
    begin.report_type = registration_report::registration;
    ask<begin_registration_reply>(begin, [this, last_before](const begin_registration_reply&) {
      send_details(0, last_before);
    });
  });
}

void firm_registration_job::send_details(std::size_t index, std::uint32_t last_before) {
  const std::pair<std::uint16_t, const std::string*> details[] = {{ffd::tag::user_name, &firm_.user_name},
                                                                  {ffd::tag::settlement_address, &firm_.address}};
  if (index == std::size(details)) return form_report(last_before);
  write_tlv_request request;
  request.tlv = ffd::encode(ffd::tlv::string(details[index].first, *details[index].second));
  ask<write_tlv_reply>(request, [this, index, last_before](const write_tlv_reply&) {
    send_details(index + 1, last_before);
  });
}

void firm_registration_job::form_report(std::uint32_t last_before) {
  registration_request form_request;
  form_request.params = firm_.params;
  close_document(
      form_request.encode(), last_before, jobs::expected_document{jobs::form::registration, {}},
      [this](const bytes& reply) {
        try {
          const auto r = registration_reply::decode(reply);
          result_.document_number = r.document_number;
          result_.fiscal_sign = r.fiscal_sign;
          if (r.date_time) result_.date_time = *r.date_time;
        } catch (const std::exception&) {
          // Signed all the same; the details are in the FN archive.
        }
        succeed();
      },
      [this](const jobs::archived_document& doc) {
        result_.document_number = doc.document_number;
        result_.fiscal_sign = doc.fiscal_sign;
        result_.date_time = doc.date_time;
        result_.recovered = true;
      });
}

}  // namespace ws::jobs
