#include "emulator/document_archive.hpp"

#include <cstdio>

#include "emulator/durable_file.hpp"

namespace ws::emulator {
namespace {

std::string numbered(const char* prefix, std::uint32_t number) {
  char name[32];
  std::snprintf(name, sizeof name, "%s%010u", prefix, static_cast<unsigned>(number));
  return name;
}

std::filesystem::path discarded_path(const std::filesystem::path& dir) {
  auto path = dir;
  path += ".discarded";
  return path;
}

}  // namespace

document_archive::document_archive(std::filesystem::path dir, bool durable) : dir_(std::move(dir)), durable_(durable) {
  std::filesystem::create_directories(dir_);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
  remove_temporaries(dir_);
  std::filesystem::remove_all(discarded_path(dir_));
}

void document_archive::discard_all() const {
  const auto discarded = discarded_path(dir_);
  std::filesystem::remove_all(discarded);
  std::filesystem::rename(dir_, discarded);
  std::filesystem::create_directories(dir_);
  std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
  std::filesystem::remove_all(discarded);
}

std::filesystem::path document_archive::document_path(std::uint32_t number) const {
  return dir_ / (numbered("fd-", number) + ".doc");
}

std::filesystem::path document_archive::ticket_path(std::uint32_t number) const {
  return dir_ / (numbered("fd-", number) + ".ticket");
}

void document_archive::store(const fiscal_document& doc) const {
  replace_file_atomically(document_path(doc.number), serialize(doc), durable_);
}

std::optional<fiscal_document> document_archive::load(std::uint32_t number) const {
  auto file = read_whole_file(document_path(number));
  if (!file) return std::nullopt;
  return parse_fiscal_document(*file);
}

bool document_archive::contains(std::uint32_t number) const {
  return std::filesystem::exists(document_path(number));
}

void document_archive::store_ticket(std::uint32_t number, const bytes& ticket) const {
  replace_file_atomically(ticket_path(number), ticket, durable_);
}

std::optional<bytes> document_archive::load_ticket(std::uint32_t number) const {
  return read_whole_file(ticket_path(number));
}

}  // namespace ws::emulator
