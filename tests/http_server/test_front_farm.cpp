// The front under waiting, retries, overload, registration and concurrency, over real
// HTTP against emulated registers.

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <map>
#include <mutex>

#include "tests/http_server/front_fixture.hpp"

using namespace ws::http::test;

TEST_CASE("front waits for a busy register then times out with nothing printed", "[http_server]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  ws::broker::broker_limits limits;
  limits.max_waiting = 1;
  farm.start({{{0}, {}}}, {}, limits);
  // Slow replies keep the register busy for seconds with the first receipt.
  farm.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 300ms; });
  auto slow = std::async(std::launch::async, [&farm] {
    auto http = farm.client();
    auto res = http->Post("/v1/receipts", receipt_body(firm_a, 100), "application/json");
    return res ? res->status : -1;
  });
  auto http = farm.client();
  const auto until = steady::now() + 5s;
  while (steady::now() < until) {
    auto ping = http->Get(("/v1/ping?firm_inn=" + firm_a).c_str());
    if (ping && ping->status == 429) break;
    std::this_thread::sleep_for(10ms);
  }
  const auto docs = farm.documents(0);

  auto at_once = http->Post("/v1/receipts", receipt_body(firm_a, 200), "application/json");
  REQUIRE(at_once);
  CHECK(at_once->status == 429);
  CHECK(json_doc(at_once->body).str("/error") == "NoFreeCashmachine");

  // One waits (the queue holds one); a second waiter overflows the queue: 503.
  const auto started = steady::now();
  auto waiter = std::async(std::launch::async, [&farm] {
    auto client = farm.client();
    auto res = client->Post("/v1/receipts?wait4free=1", receipt_body(firm_a, 300), "application/json");
    return res ? std::make_pair(res->status, res->body) : std::make_pair(-1, std::string{});
  });
  REQUIRE(farm.await_waiting(1, 900ms));  // the first waiter is queued (it gives up at 1 s)
  auto overflow = http->Post("/v1/receipts?wait4free=1", receipt_body(firm_a, 400), "application/json");
  REQUIRE(overflow);
  CHECK(overflow->status == 503);
  CHECK(json_doc(overflow->body).str("/error") == "Overloaded");
  CHECK(overflow->has_header("Retry-After"));

  const auto waited = waiter.get();
  CHECK(waited.first == 504);
  CHECK(json_doc(waited.second).str("/error") == "Timeout");
  CHECK(steady::now() - started >= 1s);
  CHECK(farm.documents(0) == docs);  // the waiter printed nothing

  CHECK(slow.get() == 200);
  CHECK(farm.documents(0) == docs + 1);
  farm.device(0).clear_faults();
}

TEST_CASE("front retries a receipt on another register after a safe failure", "[http_server]") {
  front_farm farm(2);
  farm.fiscalise(0, firm_a);
  farm.fiscalise(1, firm_a);
  farm.start({{{0, 1}, {}}});
  farm.device(0).set_paper_present(false);
  auto http = farm.client();
  int device_errors = 0;
  for (int i = 0; i < 4; ++i) {
    auto res = http->Post("/v1/receipts?retry_count=1", receipt_body(firm_a, 1000 + i), "application/json");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json_doc(res->body).str("/kkt/sn") == farm.serial(1));
    REQUIRE(farm.await_ready(2));
  }
  CHECK(farm.documents(1) == 6);
  // Without retries, the paper-out register answers for itself at least once.
  for (int i = 0; i < 4; ++i) {
    auto res = http->Post("/v1/receipts", receipt_body(firm_a, 2000 + i), "application/json");
    REQUIRE(res);
    if (res->status == 498) ++device_errors;
    REQUIRE(farm.await_ready(2));
  }
  CHECK(device_errors >= 1);
  CHECK(farm.documents(0) == 2);  // nothing ever printed without paper
  farm.device(0).set_paper_present(true);
}

TEST_CASE("front registers a register and closes its fiscal mode with the secret and token", "[http_server]") {
  front_farm farm(1);
  farm.device(0).set_ofd_online(false);  // every document stays in the OFD queue
  ws::http::front_options options;
  options.api_token = "tok";
  farm.start({{{0}, {}}}, options);
  const auto sn = farm.serial(0);
  auto http = farm.client();

  auto anonymous = http->Get("/v1/ping");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 403);
  CHECK(json_doc(anonymous->body).str("/error") == "Forbidden");
  http->set_bearer_token_auth("tok");

  auto before = http->Get(("/v1/cashmachines/" + sn + "/status").c_str());
  REQUIRE(before);
  REQUIRE(before->status == 200);
  CHECK(json_doc(before->body).str("/state") == "NONCONFIGURED");

  auto unconfigured = http->Post(("/v1/cashmachines/" + sn + "/register?mysecret=" + secret).c_str(), "{}",
                                 "application/json");
  REQUIRE(unconfigured);
  CHECK(unconfigured->status == 400);
  CHECK(json_doc(unconfigured->body).str("/field") == "reg_info");

  const std::string config = R"({"reg_info":{"user_inn":")" + firm_b +
                             R"(","rnm":"1012345","tax_mode":["OSN","USN_income"],"work_mode":["automatic"]}})";
  auto configured = http->Post(("/v1/cashmachines/" + sn + "/configure").c_str(), config, "application/json");
  REQUIRE(configured);
  CHECK(configured->status == 200);

  auto no_secret = http->Post(("/v1/cashmachines/" + sn + "/register").c_str(), "{}", "application/json");
  REQUIRE(no_secret);
  CHECK(no_secret->status == 403);
  CHECK(farm.documents(0) == 0);

  auto registered = http->Post(("/v1/cashmachines/" + sn + "/register?mysecret=" + secret).c_str(), "{}",
                               "application/json");
  REQUIRE(registered);
  REQUIRE(registered->status == 200);
  json_doc report(registered->body);
  CHECK(report.str("/document_type") == "RegistrationReport");
  CHECK(report.str("/id") == "1");
  CHECK(report.str("/inn") == firm_b);
  CHECK(report.str("/rnm") == "0000000001012345");
  CHECK(report.str("/dt").rfind("2000-", 0) == std::string::npos);  // the FN's own date, read back
  CHECK(farm.documents(0) == 1);

  auto again = http->Post(("/v1/cashmachines/" + sn + "/register?reregister=1&fn_changed=0&mysecret=" + secret).c_str(),
                          "{}", "application/json");
  REQUIRE(again);
  REQUIRE(again->status == 200);
  CHECK(json_doc(again->body).str("/document_type") == "ReRegistrationReport");
  CHECK(json_doc(again->body).str("/id") == "2");

  auto closed = http->Post(("/v1/cashmachines/" + sn + "/close_fiscal_mode?mysecret=" + secret).c_str(), "{}",
                           "application/json");
  REQUIRE(closed);
  REQUIRE(closed->status == 200);
  CHECK(json_doc(closed->body).str("/document_type") == "CloseFNReport");
  CHECK(json_doc(closed->body).str("/id") == "3");
  CHECK(farm.documents(0) == 3);
  // The register reads its FN state again after each job.
  std::string state;
  std::string body;
  const auto until = steady::now() + 5s;
  while (steady::now() < until && state != "POSTFISCAL") {
    auto after = http->Get(("/v1/cashmachines/" + sn + "/status").c_str());
    if (after && after->status == 200) {
      body = after->body;
      state = json_doc(body).str("/state");
    }
    std::this_thread::sleep_for(20ms);
  }
  CHECK(state == "POSTFISCAL");
  INFO(body);
  json_doc status(body);
  CHECK(status.num("/ofd/unsent_count") == 3);
  CHECK(status.num("/ofd/first_unsent_number") == 1);
  CHECK(status.str("/ofd/first_unsent_dt").substr(0, 4) == json_doc(registered->body).str("/dt").substr(0, 4));

  auto reboot = http->Post(("/v1/cashmachines/" + sn + "/reboot").c_str(), "", "application/json");
  REQUIRE(reboot);
  CHECK(reboot->status == 200);
}

TEST_CASE("front 64 concurrent clients on 8 registers: answers 200 equal FN documents", "[http_server][load]") {
  constexpr int registers = 8;
  constexpr int clients = 64;
  front_farm farm(registers);
  for (int i = 0; i < registers; ++i) farm.fiscalise(static_cast<std::size_t>(i), firm_a);
  ws::http::front_options options;
  options.threads = 80;
  farm.start({{{0, 1, 2, 3}, {}}, {{4, 5, 6, 7}, {}}}, options);
  std::uint32_t before = 0;
  for (int i = 0; i < registers; ++i) before += farm.documents(static_cast<std::size_t>(i));

  std::atomic<int> ok{0};
  std::atomic<int> other{0};
  std::mutex mutex;
  std::map<int, int> statuses;
  std::string sample;
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&farm, &ok, &other, &mutex, &statuses, &sample, c] {
      auto http = farm.client(120s);
      auto res = http->Post("/v1/receipts?wait4free=60&retry_count=2", receipt_body(firm_a, 100 + c),
                            "application/json");
      (res && res->status == 200 ? ok : other)++;
      std::lock_guard<std::mutex> lock(mutex);
      ++statuses[res ? res->status : -1];
      if (res && res->status != 200) sample = res->body;
      if (!res) sample = "no answer: " + httplib::to_string(res.error());
    });
  }
  for (auto& t : threads) t.join();
  std::uint32_t after = 0;
  for (int i = 0; i < registers; ++i) after += farm.documents(static_cast<std::size_t>(i));
  CHECK(ok.load() == static_cast<int>(after - before));
  INFO("a refusal: " << sample);
  std::string histogram;
  for (const auto& [status, count] : statuses) histogram += std::to_string(status) + " x" + std::to_string(count) + "; ";
  INFO("statuses: " << histogram);
  CHECK(ok.load() == clients);
  CHECK(other.load() == 0);
}

TEST_CASE("front ping answers 429 when the backlog per ready register exceeds backlog_ratio", "[http_server]") {
  front_farm farm(2);
  farm.fiscalise(0, firm_a);
  farm.fiscalise(1, firm_b);
  farm.start({{{0, 1}, {}}});
  auto http = farm.client();
  auto calm = http->Get("/v1/ping?backlog_ratio=0.5");
  REQUIRE(calm);
  CHECK(calm->status == 200);

  // Firm A's only register prints slowly; a second receipt for firm A waits for it.
  farm.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 300ms; });
  auto post = [&farm](std::int64_t kopecks) {
    return std::async(std::launch::async, [&farm, kopecks] {
      auto client = farm.client();
      auto res = client->Post("/v1/receipts?wait4free=30", receipt_body(firm_a, kopecks), "application/json");
      return res ? res->status : -1;
    });
  };
  auto first = post(100);
  const auto until = steady::now() + 5s;
  while (steady::now() < until) {
    auto ping = http->Get(("/v1/ping?firm_inn=" + firm_a).c_str());
    if (ping && ping->status == 429) break;
    std::this_thread::sleep_for(10ms);
  }
  auto second = post(200);
  bool backlogged = false;
  while (steady::now() < until + 5s && !backlogged) {
    auto ping = http->Get("/v1/ping?backlog_ratio=0.5");
    backlogged = ping && ping->status == 429;
    if (!backlogged) std::this_thread::sleep_for(10ms);
  }
  CHECK(backlogged);  // one waiting job, one ready register (firm B's): 1 > 0.5
  auto tolerant = http->Get("/v1/ping?backlog_ratio=2");
  REQUIRE(tolerant);
  CHECK(tolerant->status == 200);
  auto firm_b_ping = http->Get(("/v1/ping?firm_inn=" + firm_b + "&backlog_ratio=0.5").c_str());
  REQUIRE(firm_b_ping);
  CHECK(firm_b_ping->status == 200);  // firm B's route has no backlog
  CHECK(first.get() == 200);
  CHECK(second.get() == 200);
  farm.device(0).clear_faults();
}
