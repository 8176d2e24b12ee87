#include "http/error_response.hpp"

#include "http/json_writer.hpp"

namespace ws::http {

std::string write_error(const request_error& error) {
  json_writer json;
  json.begin_object().member("error", error.name).member("message", error.message);
  if (!error.field.empty()) json.member("field", error.field);
  json.end_object();
  return json.text();
}

}  // namespace ws::http
