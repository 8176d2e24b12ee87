#include "config/registers_list.hpp"

#include <algorithm>
#include <map>
#include <string>

namespace ws::config {

namespace {

bool all_digits(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Reads one dictionary entry into `out`; false (with errors) when it is not usable.
bool read_entry(const std::string& at, const caf::config_value::dictionary& fields, register_entry& out,
                config_errors& errors) {
  const std::size_t before = errors.size();
  for (const auto& [name, value] : fields) {
    const std::string key = at + "." + name;
    if (name == "port") {
      const auto* port = caf::get_if<std::string>(&value);
      if (port == nullptr) errors.push_back({key, "expected a string, got " + caf::to_string(value)});
      else if (port->empty()) errors.push_back({key, "empty"});
      else out.port = *port;
    } else if (name == "serial") {
      const auto* serial = caf::get_if<std::string>(&value);
      if (serial == nullptr) errors.push_back({key, "expected a string of digits, got " + caf::to_string(value)});
      else if (serial->empty() || serial->size() > 16 || !all_digits(*serial))
        errors.push_back({key, "\"" + *serial + "\" is not a serial number (1 to 16 digits)"});
      else out.serial = *serial;
    } else if (name == "baud") {
      const auto* baud = caf::get_if<std::int64_t>(&value);
      if (baud == nullptr) errors.push_back({key, "expected an integer, got " + caf::to_string(value)});
      else if (!supported_baud(*baud))
        errors.push_back({key, std::to_string(*baud) + " is not a baud rate of the register (2400 ... 115200)"});
      else out.baud = static_cast<std::uint32_t>(*baud);
    } else if (name == "groups") {
      const auto* groups = caf::get_if<caf::config_value::list>(&value);
      if (groups == nullptr) {
        errors.push_back({key, "expected a list of strings, got " + caf::to_string(value)});
        continue;
      }
      for (std::size_t g = 0; g < groups->size(); ++g) {
        const auto* group = caf::get_if<std::string>(&(*groups)[g]);
        const std::string group_key = key + "[" + std::to_string(g) + "]";
        if (group == nullptr) errors.push_back({group_key, "expected a string, got " + caf::to_string((*groups)[g])});
        else if (group->empty()) errors.push_back({group_key, "empty"});
        else out.groups.push_back(*group);
      }
    } else {
      errors.push_back({key, "unknown key (a register has serial, port, baud, groups)"});
    }
  }
  if (fields.count("port") == 0) errors.push_back({at + ".port", "missing"});
  return errors.size() == before;
}

}  // namespace

bool supported_baud(std::int64_t baud) {
  switch (baud) {
    case 2400: case 4800: case 9600: case 19200: case 38400: case 57600: case 115200:
      return true;
    default:
      return false;
  }
}

std::vector<register_entry> read_registers(const caf::config_value::list& list, config_errors& errors) {
  std::vector<register_entry> entries;
  std::map<std::string, std::size_t> ports;    // port -> first entry with it
  std::map<std::string, std::size_t> serials;  // serial -> first entry with it
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = "registers[" + std::to_string(i) + "]";
    const auto* fields = caf::get_if<caf::config_value::dictionary>(&list[i]);
    if (fields == nullptr) {
      errors.push_back({at, "expected a dictionary like {port=\"/dev/ttyUSB0\"}, got " + caf::to_string(list[i])});
      continue;
    }
    register_entry entry;
    bool usable = read_entry(at, *fields, entry, errors);
    // Ports and serials are compared even for entries with other errors.
    if (!entry.port.empty()) {
      const auto [port_at, new_port] = ports.emplace(entry.port, i);
      if (!new_port) {
        errors.push_back({at + ".port", entry.port + " is registers[" + std::to_string(port_at->second) + "]'s port too"});
        usable = false;
      }
    }
    if (!entry.serial.empty()) {
      const auto [serial_at, new_serial] = serials.emplace(entry.serial, i);
      if (!new_serial) {
        errors.push_back({at + ".serial", entry.serial + " is registers[" + std::to_string(serial_at->second) +
                                              "]'s serial too"});
        usable = false;
      }
    }
    if (usable) entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace ws::config
