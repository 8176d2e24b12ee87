#pragma once
// Registers a register's FN for a firm with its name and settlement address: FF05h
// begins the registration report, FF0Ch hands the firm's name (tag 1048) and address
// (tag 1009) to the report, FF06h forms it. jobs::make_registration_job sends only the
// FF06h fields (INN, registration number, taxation systems); a registration a buyer can
// read needs the name and address too, so the embedded default uses this job.
// The closing FF06h goes through job_script::close_document: never registered twice.

#include <string>

#include "actors/jobs/job_script.hpp"
#include "actors/jobs/printed_document.hpp"
#include "protocol/shtrih/commands_registration.hpp"

namespace ws::jobs {

struct firm_registration {
  shtrih::registration_params params;  ///< INN, registration number, taxation systems
  std::string user_name;               ///< FFD 1048
  std::string address;                 ///< FFD 1009
};

class firm_registration_job : public job_script {
 public:
  explicit firm_registration_job(firm_registration firm) : firm_(std::move(firm)) {}
  const printed_document& result() const { return result_; }
  job_result result_data() const override { return result_; }

 protected:
  void start() override;

 private:
  void send_details(std::size_t index, std::uint32_t last_before);
  void form_report(std::uint32_t last_before);

  firm_registration firm_;
  printed_document result_;
};

}  // namespace ws::jobs
