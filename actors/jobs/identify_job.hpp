#pragma once
// Who the register is: device type (FCh), full status (11h), FN status (FF01h), FN
// number (FF02h), expiry (FF03h) and version (FF04h), and, once registered, the INN and
// registration number from the registration document (FF0Ah of FD 1). What an unregistered
// FN cannot answer (its expiry) is left empty rather than failing the job.

#include <cstdint>
#include <optional>
#include <string>

#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

struct register_identity {
  std::uint64_t serial_number = 0;  ///< 11h, 6 bytes
  std::string model;                ///< FCh name
  std::uint8_t model_code = 0;
  std::string firmware_version;     ///< "1.0"
  std::uint16_t firmware_build = 0;
  std::string fn_number;
  std::uint8_t fn_phase = 0;
  std::string fn_version;
  std::optional<shtrih::date> fn_expiry;
  std::string inn;                  ///< from the registration document, if registered
  std::string registration_number;  ///< RNM, same
  bool shift_open = false;
  std::uint16_t shift_number = 0;   ///< the open shift, or the last closed one
  std::uint8_t mode = 0;
  std::uint8_t submode = 0;
  std::uint32_t last_document_number = 0;
};

class identify_job : public job_script {
 public:
  const register_identity& result() const { return result_; }

 protected:
  void start() override;

 private:
  void read_fn();
  void read_registration();
  register_identity result_;
};

}  // namespace ws::jobs
