#include "actors/jobs/firmware_upload_job.hpp"

#include <string>
#include <utility>

namespace ws::jobs {

firmware_upload_job::firmware_upload_job(shtrih::firmware_file file, bytes content)
    : file_(file), content_(std::move(content)), block_count_(shtrih::firmware_block_count(content_.size())) {}

void firmware_upload_job::start() { write_next_block(); }

void firmware_upload_job::write_next_block() {
  if (blocks_written_ == block_count_) return succeed();
  ask<shtrih::firmware_block_reply>(shtrih::firmware_block_of(file_, content_, blocks_written_),
                                    [this](const shtrih::firmware_block_reply&) {
                                      ++blocks_written_;
                                      write_next_block();
                                    });
}

const job_failure& firmware_upload_job::failure() const {
  described_failure_ = job_script::failure();
  if (described_failure_.kind != failure_kind::none)
    described_failure_.message = "stopped at block " + std::to_string(blocks_written_) + " of " +
                                 std::to_string(block_count_) + " (numbered from 0; the " +
                                 std::to_string(blocks_written_) + " before it were written): " +
                                 described_failure_.message;
  return described_failure_;
}

}  // namespace ws::jobs
