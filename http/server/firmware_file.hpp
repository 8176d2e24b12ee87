#pragma once
// The file `upgrade` writes to a register's SD card: named by ?filename= in the folder the
// operator configured (firmware.dir), and its kind by ?mode= (firmware or loader, FF4Eh's
// "Файл прошивки" 1 or 0). Every refusal is an api_exception: firmware.dir not set is
// 403 Forbidden (the server's configuration turns the operation off, as an empty
// secrets.mysecret does for the destructive ones); a bad filename or mode, a missing,
// empty or too large file is 400 DataError naming the parameter.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "protocol/shtrih/commands_firmware.hpp"

namespace ws::http::server {

/// The largest file upgrade takes: 1 MiB, 8,192 FF4Eh blocks. FF4Eh's 2-byte block number
/// would allow 8 MiB; the limit keeps one request's deadline (firmware_upload_run_time)
/// and the order that carries the bytes to the register's node within reason.
inline constexpr std::size_t max_firmware_file_bytes = std::size_t{1} << 20;

struct firmware_file_request {
  std::string filename;
  shtrih::firmware_file kind = shtrih::firmware_file::firmware;
  std::vector<std::uint8_t> content;
};

/// Each FF4Eh block's share of an upload's deadline. One block is a 137-byte command and a
/// 3-byte reply: about 13 ms on the wire at 115200 baud, 300 ms at 4800 (both speeds a
/// register may be set to); the reference gives no time for the card's write beyond the
/// driver table's 10 s answer timeout, which bounds each block on its own.
inline constexpr std::chrono::milliseconds firmware_block_allowance{500};

/// How long a register may run an upload of `blocks` blocks: the job timeout (http.job-timeout,
/// what any other job gets) plus firmware_block_allowance per block, so the deadline grows
/// with the file instead of cutting a large one short: 8 blocks at the defaults 34 s, the
/// largest file (8,192 blocks) 30 s + 68 min. The request waits that long for its answer;
/// a deadline that passes is a 504 whose message names the block the upload stopped at.
std::chrono::milliseconds firmware_upload_run_time(std::chrono::seconds job_timeout, std::size_t blocks);

/// "firmware" (or absent) and "loader"; anything else is 400 on `mode`.
shtrih::firmware_file firmware_kind_of(const std::optional<std::string>& mode);

/// Reads `filename` from `folder`. A name with '/', '\\' or "..", an empty name, a file
/// that is not a regular file in the folder, an empty one or one over
/// max_firmware_file_bytes: 400 on `filename`. An empty `folder`: 403 naming firmware.dir.
firmware_file_request read_firmware_file(const std::string& folder, const std::optional<std::string>& filename,
                                         shtrih::firmware_file kind);

}  // namespace ws::http::server
