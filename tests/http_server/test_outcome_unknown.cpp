// OutcomeUnknown over real HTTP: the receipt's closing command reached the register and
// the FN signed the receipt, but the answer never came back and the register stayed
// silent until the job's deadline. The client must hear 500 OutcomeUnknown naming the
// register and the FD to check; the receipt must exist exactly once, on that register.

#include <catch2/catch.hpp>

#include <future>

#include "tests/http_server/front_fixture.hpp"

using namespace ws::http::test;

TEST_CASE("front answers OutcomeUnknown when the closing answer is lost until the deadline", "[http_server][outcome]") {
  const auto started = steady::now();
  front_farm farm(2);
  farm.fiscalise(0, firm_a);  // FD 1 registration, FD 2 shift opened, on both
  farm.fiscalise(1, firm_a);
  ws::http::front_options options;
  options.job_timeout = std::chrono::seconds(5);
  farm.start({{{0, 1}, {}}}, options);
  REQUIRE(farm.documents(0) == 2);
  REQUIRE(farm.documents(1) == 2);

  // Late replies on both, so the closing reply is still due when the FN already holds
  // the receipt: silence then swallows it, whichever register the broker picked.
  for (std::size_t i = 0; i < 2; ++i)
    farm.device(i).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 150ms; });

  const auto posted = steady::now();
  // retry_count=2 invites a retry elsewhere: an unknown outcome must never be retried.
  auto answer = std::async(std::launch::async, [&farm] {
    auto http = farm.client();
    auto res = http->Post("/v1/receipts?retry_count=2", receipt_body(firm_a, 4321), "application/json");
    return res ? std::make_pair(res->status, res->body) : std::make_pair(-1, std::string{});
  });

  std::optional<std::size_t> signer;
  const auto until = steady::now() + 15s;
  while (!signer && steady::now() < until) {
    for (std::size_t i = 0; i < 2 && !signer; ++i) {
      if (farm.documents(i) == 3) {
        farm.device(i).go_silent(std::nullopt);  // silent until clear_faults()
        signer = i;
      }
    }
    if (!signer) std::this_thread::sleep_for(1ms);
  }
  REQUIRE(signer);
  const std::size_t other = 1 - *signer;

  REQUIRE(answer.wait_for(40s) == std::future_status::ready);
  const auto waited = std::chrono::duration_cast<milliseconds>(steady::now() - posted);
  INFO("answered after " << waited.count() << " ms");
  const auto [status, body] = answer.get();
  INFO(body);
  CHECK(status == 500);
  json_doc error(body);
  CHECK(error.str("/error") == "OutcomeUnknown");
  CHECK(error.str("/kkt_sn") == farm.serial(*signer));
  CHECK(error.num("/document_number") == 3);
  CHECK(error.has("/message"));
  // The register was asked until the job's deadline (5 s from the start of the run), not
  // given up on at the first silence, and not waited for much longer.
  CHECK(waited >= 4500ms);
  CHECK(waited <= 15s);

  // Exactly one receipt on the FN that signed it; nothing on the other register.
  CHECK(farm.documents(*signer) == 3);
  CHECK(farm.documents(other) == 2);

  // The device comes back: the document to check is there, and it is our receipt.
  farm.device(*signer).clear_faults();
  farm.device(other).clear_faults();
  REQUIRE(farm.await_ready(2, 20000ms));
  auto http = farm.client();
  auto read = http->Get(("/v1/cashmachines/" + farm.serial(*signer) + "/document/3").c_str());
  REQUIRE(read);
  INFO(read->body);
  REQUIRE(read->status == 200);
  json_doc document(read->body);
  CHECK(document.str("/id") == "3");
  CHECK(document.str("/document_type") == "Receipt");
  CHECK(document.str("/receipt_type") == "income");
  CHECK(document.str("/amount") == "43.21");
  CHECK(farm.documents(*signer) == 3);
  CHECK(farm.documents(other) == 2);
  CHECK(steady::now() - started < 60s);
}
