// kkt-emulator: N emulated Shtrih-M registers on ptys (and TCP), with a control socket
// for fault injection. Runs until SIGINT or SIGTERM.

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "apps/common/stop_signals.hpp"
#include "emulator/control_protocol.hpp"
#include "emulator/control_server.hpp"
#include "emulator/emulator_farm.hpp"

namespace {

using ws::emulator::farm_options;

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void print_help(std::ostream& out) {
  out << "Usage: kkt-emulator --count N --dir DIR [options]\n"
         "Emulates N Shtrih-M cash registers (KKT with FN), each on its own pseudo-terminal.\n"
         "\n"
         "Options:\n"
         "  --count N               number of devices (1..; 1000 is fine)\n"
         "  --dir DIR               state folder; the same DIR gives back the same devices\n"
         "  --serial-base SN        serial number of the first new device (default 1); device k\n"
         "                          gets SN + k - 1, 16 digits. Existing devices keep theirs.\n"
         "  --tcp-port P            also listen on TCP 127.0.0.1: device k on port P + k - 1\n"
         "  --no-pty                TCP only (needs --tcp-port)\n"
         "  --print-ms-per-doc X    printing time per document, in ms (delays the reply)\n"
         "  --print-ms-per-line Y   printing time per printed line, in ms\n"
         "  --reboot-ms MS          how long a rebooting device stays silent (default 1500)\n"
         "  --byte-timeout-ms MS    the link's byte timeout (default 50, the protocol's); the host\n"
         "                          must use the same (a host sets it with command 14h)\n"
         "  --ack-timeout-ms MS     the link's ACK timeout (default 500)\n"
         "  --threads T             I/O threads shared by all devices (default 2)\n"
         "  --help                  this text\n"
         "\n"
         "Files under DIR:\n"
         "  DIR/kkt-0001            symlink to the device's pty (/dev/pts/N): open it as a serial\n"
         "                          port, 115200 8N1 raw (the emulator ignores the speed).\n"
         "                          What a device sends while no program has its port open is\n"
         "                          lost, as on a real line; hosts may connect and disconnect.\n"
         "  DIR/state/kkt-0001/     the device's persistent state (FN archive, counters, clock)\n"
         "  DIR/control.sock        control socket, e.g.: echo list | socat - UNIX-CONNECT:DIR/control.sock\n"
         "\n"
      << ws::emulator::control_help_text()
      << "\n"
         "At start one line per device is printed, then a line starting with 'ready:'.\n"
         "SIGINT or SIGTERM stops it cleanly: lines closed, symlinks and control socket removed.\n";
}

std::string_view value_of(int argc, char** argv, int& i) {
  if (i + 1 >= argc) throw usage_error(std::string(argv[i]) + " needs a value");
  return argv[++i];
}

std::uint64_t to_number(std::string_view text, std::string_view option, std::uint64_t max) {
  try {
    std::size_t used = 0;
    const std::string s(text);
    const unsigned long long value = std::stoull(s, &used);
    if (used != s.size() || s.front() == '-' || value > max) throw std::out_of_range("range");
    return value;
  } catch (const std::logic_error&) {
    throw usage_error(std::string(option) + ": bad number '" + std::string(text) + "'");
  }
}

farm_options parse_arguments(int argc, char** argv, bool& help) {
  farm_options options;
  bool have_dir = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view option = argv[i];
    if (option == "--help" || option == "-h") {
      help = true;
    } else if (option == "--count") {
      options.count = static_cast<int>(to_number(value_of(argc, argv, i), option, 100000));
    } else if (option == "--dir") {
      options.dir = std::string(value_of(argc, argv, i));
      have_dir = true;
    } else if (option == "--serial-base") {
      options.serial_base = to_number(value_of(argc, argv, i), option, 9'000'000'000'000'000ULL);
    } else if (option == "--tcp-port") {
      options.tcp_base_port = static_cast<std::uint16_t>(to_number(value_of(argc, argv, i), option, 65535));
    } else if (option == "--no-pty") {
      options.pty = false;
    } else if (option == "--print-ms-per-doc") {
      options.print_time.per_document = std::chrono::milliseconds(to_number(value_of(argc, argv, i), option, 600000));
    } else if (option == "--print-ms-per-line") {
      options.print_time.per_line = std::chrono::milliseconds(to_number(value_of(argc, argv, i), option, 60000));
    } else if (option == "--reboot-ms") {
      options.reboot_time = std::chrono::milliseconds(to_number(value_of(argc, argv, i), option, 600000));
    } else if (option == "--byte-timeout-ms") {
      // A shorter byte timeout is what the host may negotiate with command 14h; the host
      // must use the same one (benchmarks and tests do).
      options.timing.byte_timeout = std::chrono::milliseconds(to_number(value_of(argc, argv, i), option, 10000));
    } else if (option == "--ack-timeout-ms") {
      options.timing.ack_timeout = std::chrono::milliseconds(to_number(value_of(argc, argv, i), option, 60000));
    } else if (option == "--threads") {
      options.threads = static_cast<int>(to_number(value_of(argc, argv, i), option, 64));
    } else {
      throw usage_error("unknown option " + std::string(option));
    }
  }
  if (help) return options;
  if (!have_dir) throw usage_error("--dir is required");
  if (options.count < 1) throw usage_error("--count must be at least 1");
  if (options.threads < 1) throw usage_error("--threads must be at least 1");
  if (options.timing.byte_timeout.count() < 1) throw usage_error("--byte-timeout-ms must be at least 1");
  if (!options.pty && !options.tcp_base_port) throw usage_error("--no-pty needs --tcp-port");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  farm_options options;
  try {
    bool help = false;
    options = parse_arguments(argc, argv, help);
    if (help) {
      print_help(std::cout);
      return 0;
    }
  } catch (const usage_error& e) {
    std::cerr << "kkt-emulator: " << e.what() << "\n(kkt-emulator --help for usage)\n";
    return 2;
  }

  const sigset_t stop_signals = ws::apps::block_stop_signals();
  try {
    ws::emulator::emulator_farm farm(options);
    ws::emulator::control_server control(farm, options.dir / "control.sock");

    std::cout << "kkt-emulator: " << farm.size() << " devices under " << options.dir.string() << '\n';
    for (std::size_t i = 0; i < farm.size(); ++i) std::cout << ws::emulator::describe_device(farm.device(i).info()) << '\n';
    std::cout << "Open a device's link as a serial port (115200 8N1 raw)";
    if (options.tcp_base_port) std::cout << " or connect to its TCP port";
    std::cout << ".\nControl: echo help | socat - UNIX-CONNECT:" << control.path().string() << '\n'
              << "ready: " << farm.size() << " devices, control " << control.path().string() << std::endl;

    const int signal_number = ws::apps::wait_for_stop_signal(stop_signals);
    std::cerr << "kkt-emulator: signal " << signal_number << ", stopping\n";
    control.stop();
    farm.stop();
  } catch (const std::exception& e) {
    std::cerr << "kkt-emulator: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
