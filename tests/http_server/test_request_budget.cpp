// The front's waits come from the configuration: the bridge waits for the broker longer
// than all the broker may spend on a request (its wait, and each attempt's run time plus
// the configured broker.request-margin plus one sweep), whatever that margin is. With a
// fixed 5 s assumption a margin of 10 s made the front answer 500 OutcomeUnknown while
// the register could still print.

#include <catch2/catch.hpp>

#include "http/server/front_state.hpp"

using namespace ws::http;
using namespace ws::http::server;
using namespace std::chrono;

TEST_CASE("the bridge outwaits the broker for every configured margin", "[http_server][budget]") {
  for (const auto margin : {milliseconds(100), milliseconds(5000), milliseconds(6500), milliseconds(10000),
                            milliseconds(60000)}) {
    for (unsigned retries : {0u, 1u, 3u}) {
      for (const auto wait : {milliseconds(0), milliseconds(2500), milliseconds(300000)}) {
        front_options options;
        options.job_timeout = seconds(30);
        options.request_margin = margin;
        const auto budget = budget_for(options, wait, retries);
        const auto attempts = retries + 1;
        CHECK(budget.run_time == milliseconds(30000));
        CHECK(budget.time_left == wait + budget.run_time * attempts);
        // The broker's latest answer: past the deadline it starts no attempt; each attempt
        // ends at run + margin, and the sweep that ends it runs every 200 ms.
        const auto broker_latest = wait + (budget.run_time + margin + milliseconds(200)) * attempts;
        CHECK(budget.bridge_limit > broker_latest);
      }
    }
  }
}
