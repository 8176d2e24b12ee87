// The configuration reader (config/whitespirit_config.hpp): an INI text as given by
// --config-file, read together with CAF's own sections. First byte odd: the rest is
// instead a command line, one argument per line (--config-file, --help, --long-help and
// --dump-config are dropped: they open files or only print). Checks: load() either runs
// with settings in range or lists errors, each naming its key; nothing escapes.

#include <string>
#include <vector>

#include "config/whitespirit_config.hpp"
#include "fuzz/fuzz_input.hpp"

using namespace ws::config;

namespace {

std::vector<std::string> split_args(const std::string& text) {
  std::vector<std::string> args;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t nl = text.find('\n', start);
    std::string arg = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    const bool dropped = arg.rfind("--config-file", 0) == 0 || arg.rfind("--help", 0) == 0 ||
                         arg.rfind("--long-help", 0) == 0 || arg.rfind("--dump-config", 0) == 0 ||
                         arg.rfind("-h", 0) == 0 || arg.rfind("-?", 0) == 0;
    if (!arg.empty() && !dropped) args.push_back(std::move(arg));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return args;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  whitespirit_config config;
  const load_result result = data[0] % 2 == 1 ? config.load(split_args(text)) : config.load({}, text);
  if (result.outcome == load_outcome::run) {
    const auto& s = result.settings;
    if (s.http.threads < 1) ws::fuzz::fail("http.threads accepted below 1");
    if (s.embedded.devices < 0) ws::fuzz::fail("negative device count accepted");
    for (const auto& r : s.registers)
      if (r.port.empty()) ws::fuzz::fail("a register without a port accepted");
  } else if (result.outcome == load_outcome::invalid && result.errors_text().empty()) {
    ws::fuzz::fail("invalid without a single error");
  }
  return 0;
}
