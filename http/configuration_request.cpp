#include "http/configuration_request.hpp"

#include <algorithm>
#include <utility>

#include "http/json_body.hpp"
#include "http/request_error.hpp"
#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/fiscal_text.hpp"
#include "protocol/ffd/inn.hpp"
#include "protocol/ffd/receipt_parse.hpp"

namespace ws::http {

namespace {

constexpr std::pair<kkt_work_mode, std::string_view> work_mode_names[] = {
    {kkt_work_mode::automatic, "automatic"},
    {kkt_work_mode::crypt, "crypt"},
    {kkt_work_mode::autonomous, "autonomous"},
    {kkt_work_mode::in_service_usage, "in_service_usage"},
    {kkt_work_mode::bso, "BSO"},
    {kkt_work_mode::internet_usage, "internet_usage"},
};

/// An array of enum names: each known, none twice. `parse` maps a name to the enum.
template <typename E, typename Parse>
std::optional<std::vector<E>> enum_list(object_reader& object, std::string_view key, Parse parse) {
  auto names = object.optional_string_array(key);
  if (!names) return std::nullopt;
  const std::string path = child_path(object.path(), key);
  std::vector<E> values;
  for (std::size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    std::optional<E> value = parse(name);
    if (!value) throw data_error(ffd::indexed(path, i), "unknown value \"" + name + "\"");
    if (std::find(values.begin(), values.end(), *value) != values.end()) {
      throw data_error(ffd::indexed(path, i), "\"" + name + "\" listed twice");
    }
    values.push_back(*value);
  }
  return values;
}

std::optional<std::string> inn_field(object_reader& object, std::string_view key) {
  auto inn = object.optional_string(key);
  if (inn)
    if (auto error = ffd::inn_error(*inn)) throw data_error(child_path(object.path(), key), *error);
  return inn;
}

std::optional<std::string> rnm_field(object_reader& object) {
  auto rnm = object.optional_string("rnm");
  const bool digits = rnm && std::all_of(rnm->begin(), rnm->end(), [](char c) { return c >= '0' && c <= '9'; });
  if (rnm && (!digits || rnm->empty() || rnm->size() > 16)) {
    throw data_error(child_path(object.path(), "rnm"), "must be 1 to 16 digits");
  }
  return rnm;
}

/// A text the FN signs into the registration report, checked as every fiscal text is
/// (ffd/fiscal_text.hpp): the value carries what will be printed.
std::optional<std::string> fiscal_text_field(object_reader& object, std::string_view key, std::size_t max_bytes) {
  auto text = object.optional_string(key);
  if (!text) return text;
  try {
    return ffd::fiscal_text(*text, max_bytes, child_path(object.path(), key));
  } catch (const ffd::field_error& e) {
    throw data_error(e);
  }
}

std::optional<std::string> fiscal_email_field(object_reader& object, std::string_view key) {
  auto text = object.optional_string(key);
  if (!text || text->empty()) return text;
  try {
    return ffd::fiscal_email(*text, 64, child_path(object.path(), key));
  } catch (const ffd::field_error& e) {
    throw data_error(e);
  }
}

registration_info read_registration_info(object_reader& object) {
  object.allow_only({"user_inn", "rnm", "tax_mode", "work_mode", "user_name", "account_address",
                     "representative_for_registration", "ofd_inn", "representative_inn",
                     "account_address_name", "ofd_name", "agent_mode", "terminal_number", "user_reply_email"});
  registration_info info;
  info.user_inn = inn_field(object, "user_inn");
  info.rnm = rnm_field(object);
  info.tax_mode = enum_list<ffd::taxation_system>(object, "tax_mode", ffd::parse_taxation_system);
  if (info.tax_mode && info.tax_mode->empty()) {
    throw data_error(child_path(object.path(), "tax_mode"), "must not be empty");
  }
  info.work_mode = enum_list<kkt_work_mode>(object, "work_mode", parse_work_mode);
  info.user_name = fiscal_text_field(object, "user_name", 256);              // 1048
  info.account_address = fiscal_text_field(object, "account_address", 256);  // 1009
  info.representative_for_registration = fiscal_text_field(object, "representative_for_registration", 256);
  info.ofd_inn = inn_field(object, "ofd_inn");
  info.representative_inn = inn_field(object, "representative_inn");
  info.account_address_name = fiscal_text_field(object, "account_address_name", 256);  // 1187
  info.ofd_name = fiscal_text_field(object, "ofd_name", 256);                            // 1046
  info.agent_mode = enum_list<ffd::agent_type>(object, "agent_mode", ffd::parse_agent_type);
  info.terminal_number = object.optional_string("terminal_number");
  info.user_reply_email = fiscal_email_field(object, "user_reply_email");  // 1117
  object.finish();
  return info;
}

ofd_info read_ofd_info(object_reader& object) {
  object.allow_only({"ofd_addr", "check_url", "transport"});
  ofd_info info;
  info.ofd_addr = object.optional_string("ofd_addr");
  info.check_url = object.optional_string("check_url");
  info.transport = object.optional_string("transport");
  object.finish();
  return info;
}

}  // namespace

std::string_view to_string(kkt_work_mode mode) {
  for (const auto& [value, name] : work_mode_names) {
    if (value == mode) return name;
  }
  return "";
}

std::optional<kkt_work_mode> parse_work_mode(std::string_view name) {
  for (const auto& [value, known] : work_mode_names) {
    if (known == name) return value;
  }
  return std::nullopt;
}

configuration_request parse_configuration_request(std::string_view body) {
  const json_body json = json_body::parse(body);
  object_reader root = json.root();
  root.allow_only({"ofd_info", "reg_info", "group_info", "device_payload", "mysecret"});
  configuration_request request;
  if (auto ofd = root.optional_object("ofd_info")) request.ofd_info = read_ofd_info(*ofd);
  if (auto reg = root.optional_object("reg_info")) request.reg_info = read_registration_info(*reg);
  if (auto group_info = root.optional_object("group_info")) {
    group_info->allow_only({"groups"});
    request.groups = group_info->optional_string_array("groups");
    group_info->finish();
  }
  request.device_payload = root.optional_raw_object("device_payload");
  request.mysecret = root.optional_string("mysecret");
  root.finish();
  return request;
}

std::string parse_open_object_body(std::string_view body) {
  // Clients commonly send nothing at all to an operation with an optional payload.
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return "{}";
  const json_body json = json_body::parse(body);
  return json.root_json();
}

}  // namespace ws::http
