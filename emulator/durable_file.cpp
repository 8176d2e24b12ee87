#include "emulator/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <system_error>

namespace ws::emulator {
namespace {

[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path) {
  throw std::system_error(errno, std::generic_category(), what + " " + path.string());
}

class file_descriptor {
 public:
  file_descriptor(const std::filesystem::path& path, int flags, mode_t mode = 0644)
      : fd_(::open(path.c_str(), flags | O_CLOEXEC, mode)) {
    if (fd_ < 0) throw_errno("cannot open", path);
  }
  ~file_descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  file_descriptor(const file_descriptor&) = delete;
  file_descriptor& operator=(const file_descriptor&) = delete;
  int get() const { return fd_; }
  void close_or_throw(const std::filesystem::path& path) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw_errno("cannot close", path);
  }

 private:
  int fd_;
};

void write_all(int fd, const bytes& content, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot write", path);
    }
    done += static_cast<std::size_t>(n);
  }
}

void sync_folder(const std::filesystem::path& dir) {
  file_descriptor folder(dir.empty() ? std::filesystem::path(".") : dir, O_RDONLY | O_DIRECTORY);
  if (::fsync(folder.get()) != 0) throw_errno("cannot fsync", dir);
}

}  // namespace

void replace_file_atomically(const std::filesystem::path& path, const bytes& content, bool durable) {
  std::filesystem::path temporary = path;
  temporary += temporary_suffix;
  {
    file_descriptor out(temporary, O_WRONLY | O_CREAT | O_TRUNC);
    write_all(out.get(), content, temporary);
    if (durable && ::fsync(out.get()) != 0) throw_errno("cannot fsync", temporary);
    out.close_or_throw(temporary);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) throw_errno("cannot rename", temporary);
  if (durable) sync_folder(path.parent_path());
}

std::optional<bytes> read_whole_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  bytes content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::system_error(EIO, std::generic_category(), "cannot read " + path.string());
  return content;
}

void remove_temporaries(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == temporary_suffix) std::filesystem::remove(entry.path(), ec);
  }
}

}  // namespace ws::emulator
