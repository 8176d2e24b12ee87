#pragma once
// The small state file of one device: what the KKT and its FN keep across power cycles,
// apart from the archive (one file per document, see document_archive.hpp). It is a
// text of `key value` lines, replaced atomically after every change and before the
// reply to the command that made it.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "emulator/fiscal_storage.hpp"
#include "emulator/kkt_registers.hpp"

namespace ws::emulator {

struct persistent_state {
  std::string kkt_serial;
  std::chrono::seconds clock_offset{0};
  fn_state fn;
  kkt_registers registers;

  friend bool operator==(const persistent_state& a, const persistent_state& b) {
    return a.kkt_serial == b.kkt_serial && a.clock_offset == b.clock_offset && a.fn == b.fn &&
           a.registers == b.registers;
  }
};

std::string serialize(const persistent_state& state);
/// Throws format_error naming the bad line or the missing key.
persistent_state parse_persistent_state(const std::string& text);

class state_store {
 public:
  state_store(std::filesystem::path dir, bool durable);
  /// The saved state, or nothing for a device that was never saved.
  std::optional<persistent_state> load() const;
  void save(const persistent_state& state) const;
  std::filesystem::path file() const { return dir_ / "state.txt"; }

 private:
  std::filesystem::path dir_;
  bool durable_;
};

}  // namespace ws::emulator
