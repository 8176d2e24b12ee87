#pragma once
// What the API's connection gate (http/server/connection_gate.hpp) counts: for /metrics,
// the operator, and the tests.

#include <cstddef>

namespace ws::http::ops {

struct connection_counters {
  std::size_t open = 0;            ///< connections held now
  std::size_t refused_cap = 0;     ///< closed at once by a connection cap (503), since start
  std::size_t timed_out = 0;       ///< requests that did not arrive within their deadline (408)
  std::size_t head_too_large = 0;  ///< heads over the limit (431)
};

}  // namespace ws::http::ops
