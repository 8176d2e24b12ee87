#include "http/server/api_error.hpp"

#include "http/json_writer.hpp"

namespace ws::http::server {

api_error from_request_error(const request_error& error) {
  api_error out;
  out.kind = error.kind;
  out.status = error.status;
  out.name = error.name;
  out.message = error.message;
  out.field = error.field;
  return out;
}

api_error make_error(error_kind kind, std::string message) {
  api_error out;
  out.kind = kind;
  out.status = status_of(kind);
  out.name = name_of(kind);
  out.message = std::move(message);
  return out;
}

std::string write_api_error(const api_error& error) {
  json_writer json;
  json.begin_object();
  json.member("error", error.name);
  json.member("message", error.message);
  if (!error.field.empty()) json.member("field", error.field);
  if (!error.kkt_sn.empty()) json.member("kkt_sn", error.kkt_sn);
  if (error.device_error) {
    json.key("device_error").begin_object();
    json.key("code").unsigned_number(*error.device_error);
    json.member("text", error.device_error_text);
    json.end_object();
  }
  if (error.document_number) json.key("document_number").unsigned_number(*error.document_number);
  if (!error.condition.empty()) json.member("condition", error.condition);
  if (!error.document_json.empty()) json.key("document").raw(error.document_json);
  if (error.retry_after_seconds) json.key("retry_after").number(*error.retry_after_seconds);
  json.end_object();
  return json.text();
}

}  // namespace ws::http::server
