#pragma once
// The JSON body of every refused request: {"error":NAME,"message":TEXT,"field":PATH},
// "field" only when one field is at fault.

#include <string>

#include "http/request_error.hpp"

namespace ws::http {

std::string write_error(const request_error& error);

}  // namespace ws::http
