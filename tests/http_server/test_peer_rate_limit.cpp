// peer_rate_limit: a token bucket per client address, on a clock the test moves.

#include <catch2/catch.hpp>

#include "http/server/peer_rate_limit.hpp"

using ws::http::server::peer_rate_limit;
using namespace std::chrono_literals;

TEST_CASE("a client address gets its burst then its rate and says when to come back", "[http_server][rate]") {
  peer_rate_limit limit(2, 4);  // 2 a second, 4 at once
  const auto t0 = peer_rate_limit::clock::time_point{} + 1h;
  int retry = 0;
  for (int i = 0; i < 4; ++i) CHECK(limit.allow("10.0.0.1", t0, retry));
  CHECK_FALSE(limit.allow("10.0.0.1", t0, retry));
  CHECK(retry == 1);
  CHECK(limit.allow("10.0.0.2", t0, retry));  // another address has its own bucket
  CHECK_FALSE(limit.allow("10.0.0.1", t0 + 400ms, retry));  // 0.8 of a request back
  CHECK(limit.allow("10.0.0.1", t0 + 500ms, retry));        // one
  CHECK_FALSE(limit.allow("10.0.0.1", t0 + 500ms, retry));
  // A long rest refills to the burst, not beyond.
  const auto later = t0 + 1h;
  for (int i = 0; i < 4; ++i) CHECK(limit.allow("10.0.0.1", later, retry));
  CHECK_FALSE(limit.allow("10.0.0.1", later, retry));
}

TEST_CASE("a rate of 0 is no limit", "[http_server][rate]") {
  peer_rate_limit limit(0, 0);
  int retry = 0;
  for (int i = 0; i < 1000; ++i) REQUIRE(limit.allow("10.0.0.1", peer_rate_limit::clock::now(), retry));
}
