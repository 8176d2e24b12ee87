#pragma once
// Writes a loader or firmware file to the register's SD card: FF4Eh "Запись блока данных
// прошивки ФР на SD карту" once per 128-byte block, in order from block 0, the last block
// padded (shtrih::firmware_block_of). It stops at the first block the device refuses or
// does not answer, and its failure names that block and how many were written before it.
// Nothing more is sent: the reference has no command that checks or installs what the
// card holds, so the job claims only that the blocks were written.

#include <cstddef>
#include <cstdint>

#include "actors/jobs/job_script.hpp"
#include "protocol/shtrih/commands_firmware.hpp"

namespace ws::jobs {

class firmware_upload_job : public job_script {
 public:
  firmware_upload_job(shtrih::firmware_file file, bytes content);

  /// The failure with the block it stopped at in its message.
  const job_failure& failure() const override;

 protected:
  void start() override;

 private:
  void write_next_block();

  shtrih::firmware_file file_;
  bytes content_;
  std::size_t block_count_;
  std::size_t blocks_written_ = 0;
  mutable job_failure described_failure_;
};

}  // namespace ws::jobs
