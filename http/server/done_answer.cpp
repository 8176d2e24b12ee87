#include "http/server/done_answer.hpp"

#include "http/json_writer.hpp"

namespace ws::http::server {

std::string done_body(const std::string& serial, const std::string& operation, const std::string& note) {
  json_writer json;
  json.begin_object().member("kkt_sn", serial).member("operation", operation).member("result", "done");
  if (!note.empty()) json.member("note", note);
  json.end_object();
  return json.text();
}

}  // namespace ws::http::server
