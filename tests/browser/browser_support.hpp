#pragma once
// Headless Chromium for the page tests: a shell command's output, and a browser run on a
// URL with what to do (--dump-dom, --screenshot=...), bounded by `timeout`.

#include <cstdio>
#include <string>

#include "tests/support/temp_dir.hpp"

namespace ws::test::browser {

inline std::string run(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

/// Chromium on `url` with `what`; `extra` goes before it (e.g. --virtual-time-budget=3000
/// for a page whose script fetches and renders).
inline std::string chromium(const temp_dir& profile, const std::string& url, const std::string& what,
                            const std::string& extra = {}) {
  return run("timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir='" +
             profile.path().string() + "' " + extra + " " + what + " '" + url + "' 2>/dev/null");
}

}  // namespace ws::test::browser
