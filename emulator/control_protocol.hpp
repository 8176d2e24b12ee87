#pragma once
// The emulator's control commands: one text line in, a few text lines out. Served on
// DIR/control.sock by control_server; kept apart from the socket so tests and other
// front ends can run commands directly.
//
// Every reply ends with a line "ok" or "error: <why>"; data lines (list, status) come
// before it.

#include <string>
#include <string_view>

namespace ws::emulator {

class emulator_farm;
struct device_info;

/// Runs one command (without its newline) against the farm and returns the reply.
std::string run_control_command(emulator_farm& farm, std::string_view line);

/// One line describing a device: name, serial, pty, symlink, TCP port, state.
std::string describe_device(const device_info& info);

/// The command reference (for --help and the "help" command).
const char* control_help_text();

}  // namespace ws::emulator
