#include "emulator/control_protocol.hpp"

#include <charconv>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "emulator/emulator_farm.hpp"

namespace ws::emulator {

namespace {

using std::chrono::milliseconds;

struct command_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::vector<std::string_view> split_words(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

template <class T>
T parse_number(std::string_view text, const char* what) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size())
    throw command_error(std::string("bad ") + what + ": '" + std::string(text) + "'");
  return value;
}

double parse_probability(std::string_view text) {
  const auto p = parse_number<double>(text, "probability");
  if (!(p >= 0.0 && p <= 1.0)) throw command_error("probability must be between 0 and 1");
  return p;
}

/// Seconds for `clock` and `ack-delay`: within 100 years either way (further out the
/// device's time points overflow).
std::chrono::seconds parse_seconds(std::string_view text) {
  const auto s = parse_number<long long>(text, "seconds");
  constexpr long long limit = 100LL * 366 * 24 * 3600;
  if (s > limit || s < -limit) throw command_error("seconds beyond 100 years");
  return std::chrono::seconds(s);
}

milliseconds parse_ms(std::string_view text) {
  const auto ms = parse_number<long long>(text, "milliseconds");
  if (ms < 0) throw command_error("milliseconds must not be negative");
  return milliseconds(ms);
}

std::string_view arg(const std::vector<std::string_view>& words, std::size_t i, const char* what) {
  if (i >= words.size()) throw command_error(std::string("missing ") + what);
  return words[i];
}

std::vector<device_host*> targets(emulator_farm& farm, std::string_view name) {
  std::vector<device_host*> hosts;
  if (name == "all") {
    for (std::size_t i = 0; i < farm.size(); ++i) hosts.push_back(&farm.device(i));
  } else if (auto* host = farm.find(name)) {
    hosts.push_back(host);
  } else {
    throw command_error("no device '" + std::string(name) + "'");
  }
  return hosts;
}

void run_fault(emulator_farm& farm, const std::vector<std::string_view>& words) {
  const auto hosts = targets(farm, arg(words, 1, "device name"));
  const std::string_view kind = arg(words, 2, "fault kind");
  const auto value = [&] { return arg(words, 3, "value"); };
  if (kind == "corrupt" || kind == "drop" || kind == "nak") {
    const double p = parse_probability(value());
    for (auto* host : hosts)
      host->update_faults([&](fault_plan& plan) {
        (kind == "corrupt" ? plan.corrupt_probability : kind == "drop" ? plan.drop_probability : plan.nak_probability) = p;
      });
  } else if (kind == "nak-next") {
    const int frames = parse_number<int>(value(), "frame count");
    for (auto* host : hosts) host->update_faults([&](fault_plan& plan) { plan.nak_next_frames = frames; });
  } else if (kind == "slow") {
    const milliseconds delay = parse_ms(value());
    for (auto* host : hosts) host->update_faults([&](fault_plan& plan) { plan.extra_delay = delay; });
  } else if (kind == "seed") {
    const auto seed = parse_number<std::uint64_t>(value(), "seed");
    for (auto* host : hosts) host->update_faults([&](fault_plan& plan) { plan.seed = seed; });
  } else if (kind == "silent") {
    const std::string_view how = value();
    if (how == "off") {
      for (auto* host : hosts) host->end_silence();
      return;
    }
    const std::optional<milliseconds> duration = how == "on" ? std::nullopt : std::optional<milliseconds>(parse_ms(how));
    for (auto* host : hosts) host->go_silent(duration);
  } else if (kind == "line-down") {
    const milliseconds duration = parse_ms(value());
    for (auto* host : hosts) host->drop_line(duration);
  } else if (kind == "line-up") {
    for (auto* host : hosts) host->restore_line();
  } else if (kind == "reboot") {
    for (auto* host : hosts) host->reboot_now();
  } else if (kind == "clear") {
    for (auto* host : hosts) host->clear_faults();
  } else {
    throw command_error("unknown fault '" + std::string(kind) + "'");
  }
}

std::string describe_status(const device_info& info) {
  std::ostringstream out;
  out << describe_device(info) << '\n'
      << "  faults corrupt=" << info.faults.corrupt_probability << " drop=" << info.faults.drop_probability
      << " nak=" << info.faults.nak_probability << " nak-next=" << info.faults.nak_next_frames
      << " slow-ms=" << info.faults.extra_delay.count() << " seed=" << info.faults.seed << '\n'
      << "  effects corrupted=" << info.counters.bytes_corrupted << " dropped=" << info.counters.bytes_dropped
      << " naked=" << info.counters.frames_naked << " swallowed=" << info.bytes_swallowed << '\n'
      << "  fn=" << info.fn_serial_number << " last-fd=" << info.last_document_number
      << " fn-kind=" << (info.fn_debug ? "debug" : "production") << " kkt-receipts=" << info.registers.receipts
      << '\n'
      << "  traffic in=" << info.bytes_in << " out=" << info.bytes_out << " commands=" << info.commands
      << " pty-open=" << (info.pty_host_present ? "yes" : "no") << " tcp-connected=" << (info.tcp_connected ? "yes" : "no");
  return out.str();
}

std::string run(emulator_farm& farm, const std::vector<std::string_view>& words) {
  const std::string_view verb = words.front();
  if (verb == "help") return control_help_text();
  if (verb == "list") {
    std::string out;
    for (std::size_t i = 0; i < farm.size(); ++i) out += describe_device(farm.device(i).info()) + '\n';
    return out;
  }
  if (verb == "status") {
    std::string out;
    for (auto* host : targets(farm, arg(words, 1, "device name"))) out += describe_status(host->info()) + '\n';
    return out;
  }
  if (verb == "fault") {
    run_fault(farm, words);
  } else if (verb == "reboot" || verb == "clear") {
    std::vector<std::string_view> as_fault{"fault", arg(words, 1, "device name"), verb};
    run_fault(farm, as_fault);
  } else if (verb == "paper") {
    const auto hosts = targets(farm, arg(words, 1, "device name"));
    const std::string_view state = arg(words, 2, "out, in or out-after");
    if (state == "out-after") {
      const auto lines = parse_number<unsigned>(arg(words, 3, "line count"), "line count");
      for (auto* host : hosts) host->paper_runs_out_after_lines(lines);
      return {};
    }
    if (state != "out" && state != "in") throw command_error("paper takes 'out', 'in' or 'out-after LINES'");
    for (auto* host : hosts) host->set_paper_present(state == "in");
  } else if (verb == "ofd") {
    const auto hosts = targets(farm, arg(words, 1, "device name"));
    const std::string_view what = arg(words, 2, "online, offline or ack-delay");
    if (what == "ack-delay") {
      const auto delay = parse_seconds(arg(words, 3, "seconds"));
      if (delay.count() < 0) throw command_error("ack-delay must not be negative");
      for (auto* host : hosts) host->set_ofd_ack_delay(delay);
    } else if (what == "online" || what == "offline") {
      for (auto* host : hosts) host->set_ofd_online(what == "online");
    } else {
      throw command_error("ofd takes 'online', 'offline' or 'ack-delay SECONDS'");
    }
  } else if (verb == "fn") {
    const auto hosts = targets(farm, arg(words, 1, "device name"));
    const std::string_view kind = arg(words, 2, "debug or production");
    if (kind != "debug" && kind != "production") throw command_error("fn takes 'debug' or 'production'");
    for (auto* host : hosts) host->set_fn_debug(kind == "debug");
  } else if (verb == "clock") {
    const auto hosts = targets(farm, arg(words, 1, "device name"));
    const auto seconds = parse_seconds(arg(words, 2, "seconds"));
    for (auto* host : hosts) host->advance_clock(seconds);
  } else {
    throw command_error("unknown command '" + std::string(verb) + "' (try help)");
  }
  return {};
}

}  // namespace

std::string describe_device(const device_info& info) {
  std::string line = info.name + " serial=" + info.serial_number;
  if (!info.pty_link.empty()) line += " pty=" + (info.pty_path.empty() ? std::string("-") : info.pty_path) +
                                      " link=" + info.pty_link.string();
  if (info.tcp_port) line += " tcp=127.0.0.1:" + std::to_string(*info.tcp_port);
  line += " state=";
  line += info.rebooting ? "rebooting" : info.line_down ? "line-down" : info.silent ? "silent" : "up";
  line += info.paper_present ? " paper=in" : " paper=out";
  return line;
}

std::string run_control_command(emulator_farm& farm, std::string_view line) {
  const auto words = split_words(line);
  if (words.empty()) return "error: empty command (try help)\n";
  try {
    return run(farm, words) + "ok\n";
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what() + '\n';
  }
}

const char* control_help_text() {
  return "Control commands (one per line on DIR/control.sock; NAME is kkt-0001 or 'all'):\n"
         "  list                          one line per device: serial, pty, symlink, TCP port, state\n"
         "  status NAME                   faults, their effects so far, traffic counters\n"
         "  fault NAME corrupt P          corrupt each byte (both ways) with probability P (0..1)\n"
         "  fault NAME drop P             lose each byte (both ways) with probability P\n"
         "  fault NAME nak P              answer NAK to each command frame with probability P\n"
         "                                (packet level: discard each packet, the device stays silent)\n"
         "  fault NAME nak-next N         answer NAK to the next N command frames (packet level:\n"
         "                                discard the next N packets)\n"
         "  fault NAME slow MS            send every reply MS later\n"
         "  fault NAME seed S             restart the fault random generator from seed S\n"
         "  fault NAME silent MS|on|off   swallow everything both ways for MS, or until off\n"
         "  fault NAME line-down MS       hang up the line for MS: the pty closes (the symlink goes\n"
         "                                and comes back to a new /dev/pts/N), TCP is closed\n"
         "  fault NAME line-up            bring a dropped line back now\n"
         "  reboot NAME                   power cycle now: silent for the reboot time, open receipt lost\n"
         "  paper NAME out|in             paper sensor: without paper printing fails with error 6Bh\n"
         "  paper NAME out-after LINES    the roll ends after LINES more printed lines (mid-document)\n"
         "  ofd NAME online|offline       the device's OFD link: no tickets while offline\n"
         "  ofd NAME ack-delay SECONDS    how long the OFD takes to ticket a document\n"
         "  fn NAME debug|production      the kind of FN in the device: a debug FN takes FF07h (reset\n"
         "                                FN state), a production one refuses it with FN error 01h\n"
         "  clock NAME +SECONDS           move the device clock forward\n"
         "  clear NAME                    remove every fault, end silence, bring the line back\n"
         "  help                          this text\n"
         "Every reply ends with a line 'ok' or 'error: <why>'.\n";
}

}  // namespace ws::emulator
