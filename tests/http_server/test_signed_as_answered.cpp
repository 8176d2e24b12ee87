// What the FN signs is what the answer says: texts mapped or refused before anything is
// sent, INNs checked at once, a receipt too large for an FN refused before it is begun,
// and for random receipts the POST's answer equals the fullform the front reads back
// from the FN's archive.

#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "http/json_writer.hpp"
#include "http/receipt_request.hpp"
#include "http/request_error.hpp"
#include "protocol/common/charset.hpp"
#include "protocol/ffd/document_size.hpp"
#include "tests/http_server/front_fixture.hpp"

using namespace ws::http::test;
using ws::http::json_quote;

namespace {

struct row_spec {
  std::string text;
  std::string price = "10.00";
  std::string qty = "1";
  std::string tax = "nds_none";
  std::string method = "full_payment_w_delivery";
  std::string unit{};  ///< empty: none sent
};

struct payment_spec {
  std::string type;
  std::string amount;
};

struct receipt_spec {
  std::string inn = firm_a;
  std::string receipt_type = "income";
  std::string contact = "buyer@example.com";
  std::string client_inn{};  ///< empty: none sent
  std::vector<row_spec> rows;
  std::vector<payment_spec> payments;
};

std::string body_of(const receipt_spec& r) {
  std::string rows;
  for (const auto& row : r.rows) {
    if (!rows.empty()) rows += ',';
    rows += R"({"text":)" + json_quote(row.text) + R"(,"price":")" + row.price + R"(","qty":")" + row.qty +
            R"(","tax_type":")" + row.tax + R"(","payment_type_type":")" + row.method + "\"" +
            (row.unit.empty() ? std::string() : R"(,"unit":)" + json_quote(row.unit)) + "}";
  }
  std::string payments;
  for (const auto& p : r.payments) {
    if (!payments.empty()) payments += ',';
    payments += R"({"payment_type":")" + p.type + R"(","amount":")" + p.amount + "\"}";
  }
  return R"({"receipt_content":{"firm_inn":")" + r.inn + R"(","receipt_type":")" + r.receipt_type +
         R"(","taxation_type":"OSN","agent_type":"none_agent","client_email_or_phone":)" + json_quote(r.contact) +
         (r.client_inn.empty() ? std::string() : R"(,"client_inn":")" + r.client_inn + "\"") +
         R"(,"firm_reply_email":"shop@example.com","firm_url":"https://shop.example.com","rows":[)" + rows +
         R"(],"payments":[)" + payments + "]}}";
}

/// A one-row card receipt of `text`.
std::string one_row(const std::string& text, const std::string& contact = "buyer@example.com",
                    const std::string& inn = firm_a) {
  receipt_spec r;
  r.inn = inn;
  r.contact = contact;
  r.rows.push_back({text});
  r.payments.push_back({"card", "10.00"});
  return body_of(r);
}

std::string minified(const json_doc& doc, const char* pointer) {
  auto element = doc.root.at_pointer(pointer);
  if (element.error()) return std::string("<no ") + pointer + ">";
  return simdjson::minify(element.value());
}

/// The answer's fields that the FN holds, against the fullform's.
void check_answer_is_fullform(const json_doc& answer, const json_doc& fullform) {
  for (const char* field : {"/id", "/dt", "/fp", "/shift_number", "/document_index", "/check_url", "/firm", "/fn", "/kkt",
                            "/receipt_content", "/receipt_calculated_content"}) {
    INFO(field);
    CHECK(minified(answer, field) == minified(fullform, field));
  }
  CHECK(fullform.str("/origin") == "fn");
}

std::string document_path(const std::string& serial, std::int64_t number, const std::string& query) {
  return "/v1/cashmachines/" + serial + "/document/" + std::to_string(number) + query;
}

/// The fullform of document `number`, as its own JSON text. A read is safe to repeat: the
/// fixture's line has 5 ms byte timeouts, so on a loaded machine a block read (FF3Bh) may
/// be lost and answered 498; a client reads again, as this does, up to three times.
std::string fullform_of(httplib::Client& http, const std::string& serial, std::int64_t number) {
  auto read = http.Get(document_path(serial, number, "?with_fullform=1").c_str());
  for (int again = 0; again < 2 && read && read->status == 498; ++again)
    read = http.Get(document_path(serial, number, "?with_fullform=1").c_str());
  REQUIRE(read);
  INFO(read->body);
  REQUIRE(read->status == 200);
  json_doc document(read->body);
  return minified(document, "/fullform");
}

}  // namespace

TEST_CASE("texts are signed as answered: typographic ones mapped and unprintable ones refused with their path",
          "[http_server][signed]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  const auto documents_before = farm.documents(0);

  auto mapped = http->Post("/v1/receipts", one_row("«Чай» — зелёный…", "+7 (916) 123-45-67"), "application/json");
  REQUIRE(mapped);
  INFO(mapped->body);
  REQUIRE(mapped->status == 200);
  json_doc answer(mapped->body);
  CHECK(answer.str("/receipt_content/rows/0/text") == "\"Чай\" - зелёный...");
  CHECK(answer.str("/receipt_calculated_content/rows/0/text") == "\"Чай\" - зелёный...");
  CHECK(answer.str("/receipt_content/client_email_or_phone") == "+79161234567");
  json_doc fullform(fullform_of(*http, farm.serial(0), answer.num("/id")));
  check_answer_is_fullform(answer, fullform);
  CHECK(farm.documents(0) == documents_before + 1);

  struct refusal {
    std::string body;
    std::string field;
  };
  const std::vector<refusal> refusals{
      {one_row("Торт 5 €"), "receipt_content.rows[0].text"},
      {one_row("Pizza 🍕"), "receipt_content.rows[0].text"},
      {one_row(std::string("a\0b", 3)), "receipt_content.rows[0].text"},
      {one_row("Tea", "not an email"), "receipt_content.client_email_or_phone"},
      {one_row("Tea", "buyer@example.com", "7720000015"), "receipt_content.firm_inn"},
  };
  for (const auto& r : refusals) {
    auto refused = http->Post("/v1/receipts?wait4free=30", r.body, "application/json");
    REQUIRE(refused);
    INFO(refused->body);
    CHECK(refused->status == 400);
    json_doc error(refused->body);
    CHECK(error.str("/error") == "DataError");
    CHECK(error.str("/field") == r.field);
  }
  CHECK(farm.documents(0) == documents_before + 1);  // nothing printed for any of them
}

TEST_CASE("an INN no register has served is answered at once not after the whole wait4free",
          "[http_server][signed]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  const auto started = std::chrono::steady_clock::now();
  auto unknown = http->Post("/v1/receipts?wait4free=30", one_row("Tea", "buyer@example.com", firm_b),
                            "application/json");
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE(unknown);
  INFO(unknown->body);
  CHECK(unknown->status == 429);
  CHECK(unknown->body.find("since the server started") != std::string::npos);
  CHECK(took < std::chrono::seconds(2));
}

TEST_CASE("the largest receipt the farm accepts is signed and one row more is refused before anything is sent",
          "[http_server][signed]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  ws::http::front_options options;
  options.max_body_bytes = 1 << 20;
  farm.start({{{0}, {}}}, options);
  auto http = farm.client();

  receipt_spec r;
  const std::string long_name(128, 'n');
  const auto fits = [&](const receipt_spec& spec) {
    try {
      ws::http::parse_receipt_request(body_of(spec));  // refuses a receipt too large for an FN
      return true;
    } catch (const ws::http::request_error& e) {
      REQUIRE(e.field == "receipt_content.rows");
      return false;
    }
  };
  const auto with_rows = [&](std::size_t count) {
    receipt_spec spec;
    spec.rows.assign(count, row_spec{long_name, "1.00", "1", "nds_20"});
    spec.payments.push_back({"card", std::to_string(count) + ".00"});
    return spec;
  };
  std::size_t most = 1;
  while (fits(with_rows(most + 1))) ++most;
  CHECK(most > 150);  // 32 KB hold about 180 rows of 128 characters

  const auto before = farm.documents(0);
  auto largest = http->Post("/v1/receipts", body_of(with_rows(most)), "application/json");
  REQUIRE(largest);
  CHECK(largest->status == 200);
  CHECK(farm.documents(0) == before + 1);

  auto too_large = http->Post("/v1/receipts", body_of(with_rows(most + 1)), "application/json");
  REQUIRE(too_large);
  INFO(too_large->body);
  CHECK(too_large->status == 400);
  json_doc error(too_large->body);
  CHECK(error.str("/field") == "receipt_content.rows");
  CHECK(error.str("/message").find("too large for a fiscal storage") != std::string::npos);
  CHECK(farm.documents(0) == before + 1);
}

namespace {

/// Code points a random text is made of: printable ones and ones with a plain form.
char32_t random_code_point(std::mt19937& rng) {
  static const std::vector<char32_t> mapped{0x00AB, 0x00BB, 0x2014, 0x2013, 0x2026, 0x201C, 0x201D, 0x2019};
  const int pool = std::uniform_int_distribution<int>(0, 99)(rng);
  if (pool < 45) return std::uniform_int_distribution<char32_t>(0x20, 0x7E)(rng);
  if (pool < 90) return std::uniform_int_distribution<char32_t>(0x0410, 0x044F)(rng);
  if (pool < 97) return mapped[std::uniform_int_distribution<std::size_t>(0, mapped.size() - 1)(rng)];
  return std::uniform_int_distribution<int>(0, 1)(rng) ? 0x0401 : 0x2116;  // Ё №
}

/// A character no register prints (UTF-8): outside both code pages, or a control character.
std::string unprintable_character(std::mt19937& rng) {
  static const std::vector<std::string> unprintable{"€", "😀", "é", "茶", "\t", std::string(1, '\0'), "°", "ѐ"};
  return unprintable[std::uniform_int_distribution<std::size_t>(0, unprintable.size() - 1)(rng)];
}

bool printable_text(const std::string& utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = ws::charset_detail::next_code_point(utf8, i);
    const bool mapped = cp == 0x00AB || cp == 0x00BB || (cp >= 0x2013 && cp <= 0x2014) || cp == 0x2026 ||
                        (cp >= 0x2018 && cp <= 0x201D);
    if (mapped) continue;
    if (cp < 0x20 || cp == 0x7F || ws::charset_detail::to_cp866(cp) == 0 || ws::charset_detail::to_cp1251(cp) == 0)
      return false;
  }
  return true;
}

std::string random_text(std::mt19937& rng) {
  std::string text;
  const int length = std::uniform_int_distribution<int>(1, 40)(rng);
  for (int i = 0; i < length; ++i) ws::charset_detail::append_utf8(text, random_code_point(rng));
  if (text.find_first_not_of(' ') == std::string::npos) text = "x";
  return text;
}

std::string kopecks_text(std::int64_t kopecks) {
  const std::string cents = std::to_string(kopecks % 100);
  return std::to_string(kopecks / 100) + "." + (cents.size() < 2 ? "0" : "") + cents;
}

}  // namespace

TEST_CASE("random receipts: the answer equals the fullform read back from the FN", "[http_server][signed][property]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  std::mt19937 rng(20261207);
  // Rates whose FFD code names one API rate (nds_18 and nds_18_118 share 20%'s codes).
  const std::vector<std::string> rates{"nds_20", "nds_10",  "nds_0",  "nds_none", "nds_20_120", "nds_10_110",
                                       "nds_22", "nds_22_122", "nds_5", "nds_7", "nds_5_105", "nds_7_107"};
  // Methods whose FFD code names one API method ("prepayment" shares code 2 with
  // partial_prepayment_wo_delivery and reads back as it).
  const std::vector<std::string> methods{"full_prepayment_wo_delivery", "ip_payment", "partial_prepayment_wo_delivery",
                                         "full_payment_w_delivery",     "partial_payment_w_delivery",
                                         "credit_w_delivery"};
  const std::vector<std::string> types{"income", "return_income", "charge", "return_charge"};
  // The optional extensions: a unit on some rows (none on others), a buyer's INN on
  // every other receipt (10 and 12 digits).
  const std::vector<std::string> units{"", "шт", "кг", "л", "м2", "упак."};
  const std::vector<std::string> buyer_inns{"", "500100732259", "", "7704211201"};
  int printed = 0, refused = 0;
  for (int round = 0; round < 40; ++round) {
    receipt_spec r;
    r.receipt_type = types[round % types.size()];
    r.client_inn = buyer_inns[round % buyer_inns.size()];
    std::int64_t total = 0;
    std::string unprintable_field;
    const int rows = std::uniform_int_distribution<int>(1, 6)(rng);
    for (int i = 0; i < rows; ++i) {
      row_spec row;
      row.text = random_text(rng);
      const std::int64_t price = std::uniform_int_distribution<std::int64_t>(1, 500000)(rng);
      const std::int64_t qty_thousandths = std::uniform_int_distribution<std::int64_t>(1, 5000)(rng);
      row.price = kopecks_text(price);
      row.qty = std::to_string(qty_thousandths / 1000) + "." + std::to_string(1000 + qty_thousandths % 1000).substr(1);
      row.tax = rates[std::uniform_int_distribution<std::size_t>(0, rates.size() - 1)(rng)];
      row.method = methods[std::uniform_int_distribution<std::size_t>(0, methods.size() - 1)(rng)];
      row.unit = units[std::uniform_int_distribution<std::size_t>(0, units.size() - 1)(rng)];
      if (round % 4 == 3 && i == rows - 1) row.text += unprintable_character(rng);  // every fourth receipt
      total += (price * qty_thousandths + 500) / 1000;  // half up to the kopeck
      if (unprintable_field.empty() && !printable_text(row.text))
        unprintable_field = "receipt_content.rows[" + std::to_string(i) + "].text";
      r.rows.push_back(row);
    }
    if (total == 0) continue;
    // One payment per kind the FN keeps apart, in the order it reads them back.
    const std::int64_t prepaid = std::uniform_int_distribution<std::int64_t>(0, total / 2)(rng);
    r.payments.push_back({"card", kopecks_text(total - prepaid)});
    if (prepaid > 0) r.payments.push_back({"prepayment", kopecks_text(prepaid)});

    const std::string body = body_of(r);
    auto answer = http->Post("/v1/receipts?wait4free=5", body, "application/json");
    REQUIRE(answer);
    INFO("round " << round << ": " << body << "\n-> " << answer->body);
    if (!unprintable_field.empty()) {
      REQUIRE(answer->status == 400);
      CHECK(json_doc(answer->body).str("/field") == unprintable_field);
      ++refused;
      continue;
    }
    REQUIRE(answer->status == 200);
    json_doc posted(answer->body);
    json_doc fullform(fullform_of(*http, farm.serial(0), posted.num("/id")));
    check_answer_is_fullform(posted, fullform);
    // The extensions are answered as sent (and, above, as the FN signed them).
    if (!r.client_inn.empty()) CHECK(posted.str("/receipt_content/client_inn") == r.client_inn);
    for (std::size_t i = 0; i < r.rows.size(); ++i)
      if (!r.rows[i].unit.empty())
        CHECK(posted.str(("/receipt_content/rows/" + std::to_string(i) + "/unit").c_str()) == r.rows[i].unit);
    ++printed;
  }
  CHECK(printed >= 20);
  CHECK(refused >= 3);
}

TEST_CASE("a document's OFD ticket is read from the FN once the OFD has confirmed it", "[http_server][signed]") {
  front_farm farm(1);
  farm.fiscalise(0, firm_a);
  farm.start({{{0}, {}}});
  auto http = farm.client();
  auto printed = http->Post("/v1/receipts", one_row("Tea"), "application/json");
  REQUIRE(printed);
  REQUIRE(printed->status == 200);
  const auto number = json_doc(printed->body).num("/id");
  const auto path = document_path(farm.serial(0), number, "?with_ofd_ticket=1");

  auto first = http->Get(path.c_str());
  if (first && first->status == 498) first = http->Get(path.c_str());
  REQUIRE(first);
  REQUIRE(first->status == 200);
  const bool confirmed_at_once = json_doc(first->body).has("/ofd_ticket_hex");
  if (!confirmed_at_once) CHECK_FALSE(json_doc(first->body).root["ofd_ticket_received"].get_bool().value());

  // The emulated OFD confirms a document about 2 s after it was signed.
  std::string ticket;
  for (int attempt = 0; attempt < 50 && ticket.empty(); ++attempt) {
    auto read = http->Get(path.c_str());
    REQUIRE(read);
    if (read->status == 498) continue;  // a block read lost on the 5 ms line: read again (see fullform_of)
    REQUIRE(read->status == 200);
    json_doc document(read->body);
    if (document.has("/ofd_ticket_hex")) {
      ticket = document.str("/ofd_ticket_hex");
      CHECK(document.root["ofd_ticket_received"].get_bool().value());
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  INFO("no ticket within 10 s");
  REQUIRE_FALSE(ticket.empty());
  CHECK(ticket.size() % 2 == 0);
  CHECK(ticket.size() >= 10);
  CHECK(ticket.find_first_not_of("0123456789abcdef") == std::string::npos);
}
