#pragma once
// Stable names for ptys: /dev/pts/N changes with every start, so each device gets a
// symlink (DIR/kkt-0001 -> /dev/pts/N) that configurations can name instead.

#include <filesystem>

namespace ws::emulator {

/// Makes `link` point at `target`, replacing an old symlink in one atomic rename. Throws
/// if `link` exists and is not a symlink (never clobbers a real file or folder).
void point_symlink(const std::filesystem::path& link, const std::filesystem::path& target);

/// Removes `link` if it is a symlink; anything else is left alone. Never throws.
void remove_symlink(const std::filesystem::path& link) noexcept;

}  // namespace ws::emulator
