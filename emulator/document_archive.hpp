#pragma once
// The FN archive on disk: one file per document (written once, never rewritten) and one
// per OFD ticket, under the device's folder. Each file is written with an atomic replace
// before the device state that counts it, so after a kill the archive may be one
// document ahead of the state, never behind it (see fiscal_storage::load).

#include <cstdint>
#include <filesystem>
#include <optional>

#include "emulator/fiscal_document.hpp"

namespace ws::emulator {

class document_archive {
 public:
  document_archive(std::filesystem::path dir, bool durable);

  void store(const fiscal_document& doc) const;
  /// Throws format_error when the file exists but is damaged.
  std::optional<fiscal_document> load(std::uint32_t number) const;
  bool contains(std::uint32_t number) const;

  void store_ticket(std::uint32_t number, const bytes& ticket) const;
  std::optional<bytes> load_ticket(std::uint32_t number) const;

  const std::filesystem::path& dir() const { return dir_; }

  /// Removes every file of the archive: the folder is renamed away (one atomic step, so
  /// no half-deleted archive is ever read) and an empty one takes its place. A folder
  /// left renamed by a kill is removed at the next start.
  void discard_all() const;

 private:
  std::filesystem::path document_path(std::uint32_t number) const;
  std::filesystem::path ticket_path(std::uint32_t number) const;

  std::filesystem::path dir_;
  bool durable_;
};

}  // namespace ws::emulator
