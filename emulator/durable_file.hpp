#pragma once
// Crash-safe file replacement for the emulator's persistent state: the new content goes to
// a temporary file in the same folder, is flushed to disk (fsync), renamed over the old
// name, and the folder itself is flushed so the rename survives a power loss. A reader
// therefore sees either the old file or the new one, never a mix, whenever the process
// is killed.

#include <filesystem>
#include <optional>

#include "protocol/common/bytes.hpp"

namespace ws::emulator {

/// Suffix of the temporary files; leftovers of a killed process are removed on load.
inline constexpr const char* temporary_suffix = ".tmp";

/// Replaces `path` with `content` atomically; throws std::system_error on I/O failure.
/// `durable` = false skips the fsyncs (the rename stays atomic against a killed
/// process, not against a power loss).
void replace_file_atomically(const std::filesystem::path& path, const bytes& content, bool durable = true);

/// The whole content of `path`, or nothing when it does not exist.
std::optional<bytes> read_whole_file(const std::filesystem::path& path);

/// Removes the temporary files a killed writer may have left in `dir`.
void remove_temporaries(const std::filesystem::path& dir);

}  // namespace ws::emulator
