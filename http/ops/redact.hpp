#pragma once
// What of a request target may be written to a log: the destructive operations' secret
// (`mysecret`) and any token in the query are replaced, so a log never holds a credential.

#include <string>
#include <string_view>

namespace ws::http::ops {

/// "/v1/x?mysecret=s3&a=1" -> "/v1/x?mysecret=REDACTED&a=1": the value of every query
/// parameter named mysecret or with "token" in its name (any case).
std::string redacted_target(std::string_view target);

}  // namespace ws::http::ops
