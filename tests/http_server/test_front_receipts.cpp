// The REST front over real HTTP against emulated registers: receipts routed by INN and
// group, conditions, documents read back, the per-register operations, and errors.

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "http/json_writer.hpp"
#include "tests/http_server/front_fixture.hpp"

using namespace ws::http::test;

namespace {

std::string post_receipt_path(const std::string& query = {}) { return "/v1/receipts" + query; }

std::string machine(const std::string& serial, const std::string& operation) {
  return "/v1/cashmachines/" + serial + "/" + operation;
}

/// `,"conditional":{...}` with one condition, to append to a receipt body.
std::string conditional(const std::string& condition, const std::string& expression) {
  return R"(,"conditional":{"dialect":"hy","conditions":[{"condition":)" + ws::http::json_quote(condition) +
         R"(,"expression":)" + ws::http::json_quote(expression) + "}]}";
}

/// Tomorrow (UTC) at 10:00:00, ISO-8601: later than every document the FN holds.
std::string tomorrow_at_ten() {
  const std::time_t later = std::time(nullptr) + 24 * 3600;
  std::tm parts{};
  ::gmtime_r(&later, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT10:00:00", &parts);
  return text;
}

}  // namespace

TEST_CASE("front prints receipts routed by INN and group and reads them back", "[http_server]") {
  front_farm farm(3);
  farm.fiscalise(0, firm_a);
  farm.fiscalise(1, firm_b);
  farm.fiscalise(2, firm_a);
  ws::http::front_options options;
  options.max_body_bytes = 64 * 1024;
  farm.start({{{0, 1}, {}}, {{2}, {"G"}}}, options);
  auto http = farm.client();

  SECTION("receipts go to the register of their INN, in the asked group") {
    auto a = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_a, 12345), "application/json");
    REQUIRE(a);
    INFO(a->body);
    REQUIRE(a->status == 200);
    json_doc doc_a(a->body);
    CHECK(doc_a.num("/id") == 3);
    CHECK(doc_a.str("/kkt/sn") == farm.serial(0));
    CHECK(doc_a.str("/kkt/rn") == "0000000001012345");  // as registered by the fixture
    CHECK(farm.documents(0) == 3);
    CHECK(doc_a.str("/receipt_calculated_content/total") == "123.45");

    auto b = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_b, 500), "application/json");
    REQUIRE(b);
    REQUIRE(b->status == 200);
    CHECK(json_doc(b->body).str("/kkt/sn") == farm.serial(1));
    CHECK(farm.documents(1) == 3);

    auto g = http->Post(post_receipt_path("?group=G&wait4free=5"), receipt_body(firm_a, 700), "application/json");
    REQUIRE(g);
    REQUIRE(g->status == 200);
    CHECK(json_doc(g->body).str("/kkt/sn") == farm.serial(2));
    CHECK(farm.documents(2) == 3);
    CHECK(farm.documents(0) == 3);

    // Nothing serves firm B in group G.
    auto none = http->Post(post_receipt_path("?group=G"), receipt_body(firm_b, 700), "application/json");
    REQUIRE(none);
    CHECK(none->status == 429);
    CHECK(json_doc(none->body).str("/error") == "NoFreeCashmachine");

    // The document as the FN keeps it.
    auto read = http->Get(machine(farm.serial(0), "document/3?with_rawform=1&with_printform=true").c_str());
    REQUIRE(read);
    REQUIRE(read->status == 200);
    json_doc document(read->body);
    CHECK(document.str("/id") == "3");
    CHECK(document.str("/document_type") == "Receipt");
    CHECK(document.str("/receipt_type") == "income");
    CHECK(document.str("/amount") == "123.45");
    CHECK(document.str("/fp") == std::to_string(doc_a.num("/fp")));
    CHECK(document.num("/rawform/form") == 3);
    CHECK(document.has("/printform/0"));
    auto full = http->Get(machine(farm.serial(0), "document/3?with_fullform=1&with_ofd_ticket=1").c_str());
    REQUIRE(full);
    REQUIRE(full->status == 200);
    json_doc with_parts(full->body);
    CHECK(with_parts.num("/fullform/id") == 3);
    CHECK(with_parts.str("/fullform/receipt_calculated_content/total") == "123.45");
    CHECK(with_parts.str("/fullform/origin") == "fn");
    auto shift_report = http->Get(machine(farm.serial(0), "document/2?with_fullform=1").c_str());
    REQUIRE(shift_report);
    CHECK(shift_report->status == 200);
    CHECK_FALSE(json_doc(shift_report->body).has("/fullform"));  // a report has no Receipt form
    auto missing = http->Get(machine(farm.serial(0), "document/99").c_str());
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(json_doc(missing->body).str("/error") == "NotFound");

    // The front's log of that register names the receipt.
    auto log = http->Get(machine(farm.serial(0), "log").c_str());
    REQUIRE(log);
    CHECK(log->status == 200);
    CHECK(log->body.find("POST /v1/receipts -> 200 FD 3") != std::string::npos);
    auto short_log = http->Get(machine(farm.serial(0), "log?log_size=10").c_str());
    REQUIRE(short_log);
    CHECK(short_log->body.empty());  // the last line is longer than 10 bytes
  }

  SECTION("request faults are 400 with the field, 413 over the limit, 404 for no register") {
    auto unknown = http->Post(post_receipt_path(), receipt_body(firm_a, 100, R"(,"prise":1)"), "application/json");
    REQUIRE(unknown);
    CHECK(unknown->status == 400);
    json_doc unknown_doc(unknown->body);
    CHECK(unknown_doc.str("/error") == "DataError");
    CHECK(unknown_doc.str("/field") == "prise");

    std::string body = receipt_body(firm_a, 100);
    body.replace(body.find("\"price\""), 7, "\"prise\"");
    auto row = http->Post(post_receipt_path(), body, "application/json");
    REQUIRE(row);
    CHECK(row->status == 400);
    CHECK(json_doc(row->body).str("/field") == "receipt_content.rows[0].prise");

    auto param = http->Post(post_receipt_path("?wait4fre=3"), receipt_body(firm_a, 100), "application/json");
    REQUIRE(param);
    CHECK(param->status == 400);
    CHECK(json_doc(param->body).str("/field") == "wait4fre");

    const std::string huge(100 * 1024, ' ');
    auto big = http->Post(post_receipt_path(), huge + receipt_body(firm_a, 100), "application/json");
    REQUIRE(big);
    CHECK(big->status == 413);
    CHECK(json_doc(big->body).str("/error") == "PayloadTooLarge");

    auto status = http->Get("/v1/cashmachines/9999999999999999/status");
    REQUIRE(status);
    CHECK(status->status == 404);
    CHECK(json_doc(status->body).str("/error") == "NotFound");
    auto route = http->Get("/v1/nothing");
    REQUIRE(route);
    CHECK(route->status == 404);
    CHECK(farm.documents(0) == 2);
  }

  SECTION("ping, info, cashmachines, status and the OpenAPI file") {
    auto ok = http->Get(("/v1/ping?firm_inn=" + firm_a).c_str());
    REQUIRE(ok);
    CHECK(ok->status == 200);
    auto grouped = http->Get("/v1/ping?group=G");
    REQUIRE(grouped);
    CHECK(grouped->status == 400);
    CHECK(json_doc(grouped->body).str("/field") == "group");
    auto nobody = http->Get("/v1/ping?firm_inn=7707083893");
    REQUIRE(nobody);
    CHECK(nobody->status == 429);
    CHECK(json_doc(nobody->body).str("/error") == "NoFreeCashmachine");
    auto whole = http->Get("/v1/ping");
    REQUIRE(whole);
    CHECK(whole->status == 200);

    auto info = http->Get("/v1/info");
    REQUIRE(info);
    CHECK(info->status == 200);
    CHECK(info->body.find("\"inn\":\"" + firm_b + "\"") != std::string::npos);

    auto all = http->Get("/v1/cashmachines?include_offline=1");
    REQUIRE(all);
    REQUIRE(all->status == 200);
    json_doc list(all->body);
    CHECK(list.has("/cashmachines/2"));
    CHECK_FALSE(list.has("/cashmachines/3"));
    CHECK(list.num("/queues/waiting") == 0);

    auto status = http->Get(machine(farm.serial(2), "status").c_str());
    REQUIRE(status);
    REQUIRE(status->status == 200);
    json_doc s(status->body);
    CHECK(s.str("/kkt_sn") == farm.serial(2));
    CHECK(s.str("/state") == "OPEN_SHIFT");
    CHECK(s.str("/groups/0") == "G");
    CHECK(s.str("/inn") == firm_a);
    CHECK(s.str("/fn/phase") == "fiscal_mode");
    CHECK(s.num("/fn/last_document_number") == 2);
    // From the register's own health read (FF03h, FF39h), not a command of this request.
    CHECK(s.str("/fn/expiry_date").size() == 10);
    CHECK(s.has("/fn/ofd_unsent_count"));
    CHECK(s.str("/availability") == "ready");
    // The emulated OFD acknowledges each document 2 s after it (the farm is online).
    CHECK(s.has("/ofd/unsent_count"));
    CHECK(s.has("/ofd/connected"));

    auto spec = http->Get("/v1/openapi.json");
    REQUIRE(spec);
    CHECK(spec->status == 200);
    const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
    std::ifstream file(root / "http/server/whitespirit-api.openapi.json");
    std::stringstream expected;
    expected << file.rdbuf();
    CHECK(spec->body == expected.str());
    CHECK(json_doc(spec->body).str("/info/title") == "White Spirit API");
  }

  SECTION("conditions choose the register and may refuse before or after printing") {
    const std::string on_dev0 = conditional("accept_device", "(= device.sn \"" + farm.serial(0) + "\")");
    auto chosen = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_a, 100, on_dev0), "application/json");
    REQUIRE(chosen);
    REQUIRE(chosen->status == 200);
    CHECK(json_doc(chosen->body).str("/kkt/sn") == farm.serial(0));

    const std::string nowhere = conditional("accept_device", "(= device.sn \"0\")");
    auto refused = http->Post(post_receipt_path(), receipt_body(firm_a, 100, nowhere), "application/json");
    REQUIRE(refused);
    CHECK(refused->status == 429);

    const std::string before_false = conditional("before", "(!= device.sn \"" + farm.serial(0) + "\")");
    const auto docs = farm.documents(0);
    auto before = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_a, 200, before_false), "application/json");
    REQUIRE(before);
    CHECK(before->status == 409);
    json_doc before_doc(before->body);
    CHECK(before_doc.str("/error") == "ConditionFailed");
    CHECK(before_doc.str("/condition") == "before");
    CHECK(before_doc.str("/kkt_sn") == farm.serial(0));
    CHECK(farm.documents(0) == docs);  // nothing printed

    const std::string after_false = conditional("after", "False");
    auto after = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_a, 300, after_false), "application/json");
    REQUIRE(after);
    INFO(after->body);
    CHECK(after->status == 409);
    json_doc after_doc(after->body);
    CHECK(after_doc.str("/condition") == "after");
    CHECK(after_doc.num("/document/id") == docs + 1);
    CHECK(after_doc.str("/document/receipt_calculated_content/total") == "3.00");
    CHECK(farm.documents(0) == docs + 1);  // printed

    const std::string broken = conditional("before", "(= device.sn");
    auto syntax = http->Post(post_receipt_path(), receipt_body(firm_a, 300, broken), "application/json");
    REQUIRE(syntax);
    CHECK(syntax->status == 400);
    CHECK(json_doc(syntax->body).str("/field") == "conditional");
    CHECK(farm.documents(0) == docs + 1);
  }

  SECTION("shift operations, corrections, the clock and device refusals on one register") {
    const auto sn = farm.serial(0);
    auto open_again = http->Post(machine(sn, "open_shift").c_str(), "", "application/json");
    REQUIRE(open_again);
    CHECK(open_again->status == 499);
    CHECK(json_doc(open_again->body).str("/error") == "WrongKKTState");

    auto clock_open = http->Post(machine(sn, "set_datetime?dt=2026-03-01T10:00:00").c_str(), "", "application/json");
    REQUIRE(clock_open);
    CHECK(clock_open->status == 499);

    const std::string correction = R"({"correction_receipt_content": {
      "payments": [{"amount": "10.00", "payment_type": "card"}], "document_type": "income_correction",
      "taxation_type": "OSN", "taxes": [{"amount": "10.00", "tax_type": "nds_none"}],
      "correction_type": "independently", "reason": {"name": "Сбой", "number": "1", "dt": "2026-01-05"}}})";
    auto fixed = http->Post(machine(sn, "make_correction_receipt").c_str(), correction, "application/json");
    REQUIRE(fixed);
    INFO(fixed->body);
    REQUIRE(fixed->status == 200);
    json_doc fixed_doc(fixed->body);
    CHECK(fixed_doc.str("/document_type") == "CorrectionReceipt");
    CHECK(fixed_doc.str("/id") == "3");
    CHECK(fixed_doc.str("/amount") == "10.00");

    auto emergency = http->Post(machine(sn, "close_shift?emergency=1").c_str(), "{}", "application/json");
    REQUIRE(emergency);
    CHECK(emergency->status == 403);
    CHECK(json_doc(emergency->body).str("/error") == "Forbidden");
    CHECK(farm.documents(0) == 3);

    auto closed = http->Post(machine(sn, "close_shift").c_str(), "{}", "application/json");
    REQUIRE(closed);
    REQUIRE(closed->status == 200);
    CHECK(json_doc(closed->body).str("/document_type") == "ShiftCloseReport");
    CHECK(json_doc(closed->body).str("/id") == "4");
    CHECK(json_doc(closed->body).str("/dt").rfind("2000-", 0) == std::string::npos);

    const std::string tomorrow = tomorrow_at_ten();
    auto clock = http->Post(machine(sn, "set_datetime?dt=" + tomorrow).c_str(), "", "application/json");
    REQUIRE(clock);
    CHECK(clock->status == 200);
    auto bad_clock = http->Post(machine(sn, "set_datetime?dt=2026-02-30T10:00").c_str(), "", "application/json");
    REQUIRE(bad_clock);
    CHECK(bad_clock->status == 400);
    CHECK(json_doc(bad_clock->body).str("/field") == "dt");

    auto opened = http->Post(machine(sn, "open_shift").c_str(), "", "application/json");
    REQUIRE(opened);
    REQUIRE(opened->status == 200);
    json_doc opened_doc(opened->body);
    INFO(opened->body);
    CHECK(opened_doc.str("/document_type") == "ShiftOpenReport");
    CHECK(opened_doc.str("/id") == "5");
    CHECK(opened_doc.str("/dt").rfind(tomorrow.substr(0, 15), 0) == 0);

    auto emergency_ok = http->Post(machine(sn, "close_shift?emergency=1&mysecret=" + secret).c_str(), "{}",
                                   "application/json");
    REQUIRE(emergency_ok);
    CHECK(emergency_ok->status == 200);
    CHECK(farm.documents(0) == 6);

    // A register refusing for want of paper: 498 with its error.
    farm.device(1).set_paper_present(false);
    auto paper = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_b, 100), "application/json");
    REQUIRE(paper);
    CHECK(paper->status == 498);
    json_doc paper_doc(paper->body);
    CHECK(paper_doc.str("/error") == "DeviceError");
    CHECK(paper_doc.str("/kkt_sn") == farm.serial(1));
    CHECK(paper_doc.has("/device_error/code"));
    CHECK(farm.documents(1) == 2);
    farm.device(1).set_paper_present(true);

    auto beep = http->Post(machine(sn, "ident?on_=1").c_str(), "", "application/json");
    REQUIRE(beep);
    CHECK(beep->status == 200);
    auto quiet = http->Post(machine(sn, "ident?on_=0").c_str(), "", "application/json");
    REQUIRE(quiet);
    CHECK(quiet->status == 200);
    CHECK(json_doc(quiet->body).str("/note") == "the register only beeps: there is no light to switch off");
    auto log = http->Get(machine(sn, "log").c_str());
    REQUIRE(log);
    CHECK(log->body.find("POST ident -> 200 beep") != std::string::npos);
    CHECK(log->body.find("POST open_shift -> 499 WrongKKTState") != std::string::npos);
  }

  SECTION("maintenance refuses honestly and destructive operations need the secret") {
    const auto sn = farm.serial(0);
    auto maintenance = http->Post(machine(sn, "maintenance").c_str(), "{}", "application/json");
    REQUIRE(maintenance);
    CHECK(maintenance->status == 501);
    for (const char* op : {"clear_device_data", "clear_debug_fn", "close_fiscal_mode", "register", "upgrade"}) {
      auto refused = http->Post(machine(sn, op).c_str(), "{}", "application/json");
      REQUIRE(refused);
      CHECK(refused->status == 403);
      auto wrong = http->Post(machine(sn, std::string(op) + "?mysecret=nope").c_str(), "{}", "application/json");
      REQUIRE(wrong);
      CHECK(wrong->status == 403);
    }
    CHECK(farm.documents(0) == 2);
  }
}

TEST_CASE("front with the shift policy off refuses a receipt on a closed shift and prints nothing", "[http_server]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a, /*open_shift=*/false);
  ws::http::front_options options;
  options.shift.manage_shift = false;
  farm.start({{{0}, {}}}, options);
  auto http = farm.client();
  const auto docs = farm.documents(0);  // the registration report only

  auto refused = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_a, 100), "application/json");
  REQUIRE(refused);
  INFO(refused->body);
  CHECK(refused->status == 499);
  CHECK(json_doc(refused->body).str("/error") == "WrongKKTState");
  CHECK(farm.documents(0) == docs);

  auto opened = http->Post(machine(farm.serial(0), "open_shift"), "", "application/json");
  REQUIRE(opened);
  CHECK(opened->status == 200);
  auto printed = http->Post(post_receipt_path("?wait4free=5"), receipt_body(firm_a, 100), "application/json");
  REQUIRE(printed);
  CHECK(printed->status == 200);
  CHECK(farm.documents(0) == docs + 2);  // shift opening and the receipt
}
