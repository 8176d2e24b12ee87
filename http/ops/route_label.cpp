#include "http/ops/route_label.hpp"

#include <array>

namespace ws::http::ops {

namespace {

/// The operations on one register: /v1/cashmachines/{kkt_sn}/<operation>.
constexpr std::array<std::string_view, 15> register_operations{
    "status",    "open_shift", "close_shift",       "reboot", "ident",   "set_datetime",      "configure",
    "register",  "close_fiscal_mode", "log",        "upgrade", "maintenance", "clear_device_data",
    "clear_debug_fn", "make_correction_receipt"};

/// Paths served as they are.
constexpr std::array<std::string_view, 9> fixed_paths{"/v1/ping",  "/v1/info",   "/v1/cashmachines", "/v1/receipts",
                                                      "/v1/openapi.json", "/metrics", "/dashboard", "/dashboard.json",
                                                      "/"};

template <class Names>
bool known(std::string_view name, const Names& names) {
  for (auto n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

std::string route_label(std::string_view path) {
  if (known(path, fixed_paths)) return std::string(path);
  constexpr std::string_view receipts = "/v1/receipts/";
  if (path.rfind(receipts, 0) == 0 && path.size() > receipts.size() &&
      path.find('/', receipts.size()) == std::string_view::npos)
    return "/v1/receipts/{key}";
  constexpr std::string_view machines = "/v1/cashmachines/";
  if (path.rfind(machines, 0) != 0) return "other";
  const auto serial_end = path.find('/', machines.size());
  if (serial_end == std::string_view::npos || serial_end == machines.size()) return "other";
  const auto operation = path.substr(serial_end + 1);
  const std::string prefix = "/v1/cashmachines/{kkt_sn}/";
  if (known(operation, register_operations)) return prefix + std::string(operation);
  constexpr std::string_view document = "document/";
  if (operation.rfind(document, 0) == 0 && operation.size() > document.size() &&
      operation.find('/', document.size()) == std::string_view::npos)
    return prefix + "document/{n}";
  return "other";
}

}  // namespace ws::http::ops
