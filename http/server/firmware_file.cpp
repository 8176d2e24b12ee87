#include "http/server/firmware_file.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "http/server/api_error.hpp"

namespace ws::http::server {
namespace {

[[noreturn]] void refuse(const std::string& field, const std::string& message) {
  auto error = make_error(error_kind::data_error, message);
  error.field = field;
  throw api_exception(error);
}

/// A plain name of a file in the folder: no path separator, no parent reference, no NUL.
bool is_plain_name(const std::string& name) {
  return !name.empty() && name.find_first_of(std::string("/\\\0", 3)) == std::string::npos &&
         name.find("..") == std::string::npos && name != ".";
}

}  // namespace

std::chrono::milliseconds firmware_upload_run_time(std::chrono::seconds job_timeout, std::size_t blocks) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(job_timeout) +
         firmware_block_allowance * static_cast<std::int64_t>(blocks);
}

shtrih::firmware_file firmware_kind_of(const std::optional<std::string>& mode) {
  if (!mode || *mode == "firmware") return shtrih::firmware_file::firmware;
  if (*mode == "loader") return shtrih::firmware_file::loader;
  refuse("mode", "mode must be firmware or loader, not \"" + *mode + "\"");
}

firmware_file_request read_firmware_file(const std::string& folder, const std::optional<std::string>& filename,
                                         shtrih::firmware_file kind) {
  if (folder.empty())
    throw api_exception(make_error(error_kind::forbidden,
                                   "upgrade is turned off: firmware.dir (the folder of firmware files) is not set"));
  if (!filename) refuse("filename", "filename is required: a file in the server's firmware.dir");
  if (!is_plain_name(*filename))
    refuse("filename", "filename must name a file in firmware.dir: no '/', '\\\\' or '..'");
  const auto path = std::filesystem::path(folder) / *filename;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) refuse("filename", "no file \"" + *filename + "\" in firmware.dir");
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) refuse("filename", "\"" + *filename + "\" cannot be read");
  if (size == 0) refuse("filename", "\"" + *filename + "\" is empty");
  if (size > max_firmware_file_bytes)
    refuse("filename", "\"" + *filename + "\" is " + std::to_string(size) + " bytes; upgrade takes at most " +
                           std::to_string(max_firmware_file_bytes) + " (" +
                           std::to_string(max_firmware_file_bytes / shtrih::firmware_block_size) + " blocks)");
  std::ifstream in(path, std::ios::binary);
  firmware_file_request out;
  out.filename = *filename;
  out.kind = kind;
  out.content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) refuse("filename", "\"" + *filename + "\" cannot be read");
  if (out.content.size() != size) refuse("filename", "\"" + *filename + "\" changed while it was read");
  return out;
}

}  // namespace ws::http::server
