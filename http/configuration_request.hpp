#pragma once
// The body of POST /v1/cashmachines/{kkt_sn}/configure (schema Configuration with
// OfdInfo and RegistrationInfo), and the open bodies of the device operations
// (register, close_shift, close_fiscal_mode, ...), which the API leaves free-form
// ("Дополнительная информация для устройства").
//
// The fiscal core has no API-level registration model yet, so the enum names and INNs
// are checked here; lengths are left to the register, which knows its own limits.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/ffd/receipt.hpp"

namespace ws::http {

/// RegistrationInfo.work_mode names.
enum class kkt_work_mode {
  automatic,
  crypt,
  autonomous,
  in_service_usage,
  bso,  ///< API name "BSO"
  internet_usage,
};

std::string_view to_string(kkt_work_mode mode);
std::optional<kkt_work_mode> parse_work_mode(std::string_view name);

struct ofd_info {
  std::optional<std::string> ofd_addr;
  std::optional<std::string> check_url;
  std::optional<std::string> transport;
};

/// Every field optional, as in the schema: configure may change a part.
struct registration_info {
  std::optional<std::string> user_inn;  ///< checked: 10 or 12 digits
  std::optional<std::string> rnm;       ///< checked: 1 to 16 digits
  std::optional<std::vector<ffd::taxation_system>> tax_mode;  ///< at least one, no repeats
  std::optional<std::vector<kkt_work_mode>> work_mode;            ///< no repeats
  std::optional<std::string> user_name;
  std::optional<std::string> account_address;
  std::optional<std::string> representative_for_registration;
  std::optional<std::string> ofd_inn;             ///< checked: 10 or 12 digits
  std::optional<std::string> representative_inn;  ///< checked: 10 or 12 digits
  std::optional<std::string> account_address_name;
  std::optional<std::string> ofd_name;
  std::optional<std::vector<ffd::agent_type>> agent_mode;  ///< no repeats
  std::optional<std::string> terminal_number;
  std::optional<std::string> user_reply_email;
};

struct configuration_request {
  std::optional<http::ofd_info> ofd_info;
  std::optional<registration_info> reg_info;
  std::optional<std::vector<std::string>> groups;  ///< group_info.groups
  std::optional<std::string> device_payload;       ///< open object, minified JSON
  std::optional<std::string> mysecret;
};

/// Throws request_error (400 DataError with the field's path) for anything wrong.
configuration_request parse_configuration_request(std::string_view body);

/// A body the API leaves open: must be a JSON object (an empty body counts as {});
/// returned minified for the device.
std::string parse_open_object_body(std::string_view body);

}  // namespace ws::http
