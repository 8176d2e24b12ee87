#pragma once
// Who the register is, asked when its line comes up: device type (FCh), full status (11h),
// FN status (FF01h) and, once the FN is registered, the INN and registration number from
// its first document (FF0Ah of FD 1; 11h gives no RNM, and a device whose INN was never
// entered in its tables gives all ones). A device without a working FN still identifies
// (FF01h refused: no FN data), and so does one whose registration document cannot be read.
// A refused FCh or 11h, or a line that does not answer, fails the job.
//
// The register's upkeep between client jobs, run through the same engine:
//   poll_job              11h while idle: mode and paper; a silent device is noticed
//   fn_refresh_job        FF01h after each job: shift, FN phase, last document
//   registration_read_job FF0Ah of FD 1 after a job registered the FN: INN and RNM
//   fn_health_job         FF39h (and FF03h) now and then: OFD backlog, FN expiry

#include <cstdint>
#include <optional>
#include <string>

#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

/// What identification learnt about the device (the register publishes it in its status).
struct register_identity {
  std::string serial_number;     ///< from 11h, 16 digits zero-padded
  std::string model;             ///< device name from FCh
  std::string firmware_version;  ///< as 11h gives it
  std::uint16_t firmware_build = 0;
  std::uint64_t inn = 0;         ///< 11h, or the registration document when 11h has none (see inn_entered)
  std::string fn_number;         ///< FF01h
  std::uint8_t fn_phase = 0;
  bool shift_open = false;
  std::uint16_t shift_number = 0;  ///< the open shift, or the last closed one (11h)
  std::uint32_t last_document_number = 0;
  std::uint8_t mode = 0;         ///< 11h mode, refreshed by the idle poll
  std::uint8_t submode = 0;
  std::string registration_number;  ///< RNM from the FN's registration document; empty if none
};

/// 11h's INN field holds all ones (or zero) while no INN was entered: the one rule for
/// "INN not entered", used by identification, the register and the broker.
bool inn_entered(std::uint64_t inn);

/// The INN as the API spells it: 10 digits for a firm, 12 for a person; empty when none
/// was entered.
std::string inn_text(std::uint64_t inn);

/// Takes INN and RNM from the FN's registration document into `identity` (the INN only
/// when 11h had none); false when the reply is not a readable registration document.
bool take_registration_fields(const shtrih::find_document_reply& reply, register_identity& identity);

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

/// 11h, once. Never fails on what the device says: `answered` false when it did not
/// answer at all (the register then takes it offline); `status` empty when it refused
/// or the reply was unreadable (the next poll asks again).
class poll_job : public job_script {
 public:
  struct result_type {
    bool answered = false;
    std::optional<shtrih::full_status_reply> status;
  };
  const result_type& result() const { return result_; }

 protected:
  void start() override;

 private:
  result_type result_;
};

/// FF01h, once; `status` empty when it went unanswered or was refused.
class fn_refresh_job : public job_script {
 public:
  const std::optional<shtrih::fn_status_reply>& result() const { return result_; }

 protected:
  void start() override;

 private:
  std::optional<shtrih::fn_status_reply> result_;
};

/// FF0Ah of FD 1 into a copy of the register's identity; `read` false when it could not.
class registration_read_job : public job_script {
 public:
  explicit registration_read_job(register_identity identity) : identity_(std::move(identity)) {}
  bool read() const { return read_; }
  const register_identity& identity() const { return identity_; }

 protected:
  void start() override;

 private:
  register_identity identity_;
  bool read_ = false;
};

}  // namespace ws::jobs
