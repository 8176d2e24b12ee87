#pragma once
// One thing wrong with the configuration, naming the key as a user writes it:
// `http.port`, `registers[2].port`, `config-file`.

#include <string>
#include <vector>

namespace ws::config {

struct config_error {
  std::string key;
  std::string message;

  /// "http.port: 70000 out of range (0 to 65535)"
  std::string text() const { return key + ": " + message; }
};

using config_errors = std::vector<config_error>;

}  // namespace ws::config
