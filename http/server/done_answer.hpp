#pragma once
// The answer of an operation that makes no document: {"kkt_sn", "operation", "result":
// "done"} and, where the register did something else than the name says, a "note".

#include <string>

namespace ws::http::server {

std::string done_body(const std::string& serial, const std::string& operation, const std::string& note = {});

}  // namespace ws::http::server
