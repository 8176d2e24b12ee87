// Every job of the farm through a register actor over a real pty, from a blank FN to a
// closed one, each checked by what it left in the device: the FN's document count and
// the form code of each new document (read back through the register itself, FF0Ah).

#include <catch2/catch.hpp>

#include "actors/jobs/correction_receipt_job.hpp"
#include "actors/jobs/identify_job.hpp"
#include "actors/jobs/read_document_job.hpp"
#include "actors/jobs/set_datetime_job.hpp"
#include "actors/jobs/simple_jobs.hpp"
#include "actors/jobs/status_job.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"
#include "tests/actors/fault_support.hpp"
#include "tests/actors/register_test_jobs.hpp"

using namespace ws::actors;
using namespace ws::actors::test;
using ws::jobs::failure_kind;
namespace form = ws::jobs::form;

namespace {

struct happy_fixture {
  timed_farm fx{1, short_link(), 500ms};
  caf::scoped_actor self{fx.system(), true};
  register_actor reg;

  happy_fixture() {
    reg = ready_register(fx, self, 0);
    self->send(reg, unsubscr_atom::value, caf::actor{self});
  }
  ~happy_fixture() { fx.stop({reg}); }

  /// Runs `job`; REQUIREs success.
  void ok(std::shared_ptr<ws::jobs::job> job) {
    const auto answer = run_job(self, reg, std::move(job), 30s, 40s);
    REQUIRE(answer);
    INFO(answer->message);
    REQUIRE(answer->kind == failure_kind::none);
  }
  std::uint32_t documents() { return fx.last_document(0); }
  /// The archive's record of FD `number`, with its TLV.
  ws::jobs::document_read read(std::uint32_t number) {
    auto job = std::make_shared<ws::jobs::read_document_job>(number);
    ok(job);
    return job->result();
  }
  std::uint8_t type_of(std::uint32_t number) { return read(number).document.document_type; }
  /// The register's identity once `done` holds (asked every 20 ms, for at most 5 s).
  std::optional<register_identity> identity_where(const std::function<bool(const register_identity&)>& done) {
    const auto deadline = steady::now() + 5s;
    while (steady::now() < deadline) {
      std::optional<register_identity> got;
      self->request(reg, 1s, status_atom::value)
          .receive([&](const register_status& status) { got = status.identity; }, [](const caf::error&) {});
      if (got && done(*got)) return got;
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }
};

ws::ffd::correction_content correction_sample() {
  ws::ffd::correction_content c;
  c.type = ws::ffd::receipt_type::income;
  c.by_order = true;
  c.reason_name = "Предписание";
  c.reason_number = "17-Б";
  c.reason_date = ws::ffd::civil_time{2026, 2, 27, 0, 0, 0};
  c.taxes = {ws::ffd::correction_tax_amount{ws::ffd::correction_tax::nds_none, ws::ffd::money{15000}}};
  c.payments = {ws::ffd::payment{ws::ffd::payment_type::cash, ws::ffd::money{15000}}};
  return c;
}

}  // namespace

TEST_CASE("every job over a pty through a register leaves exactly its documents", "[actors][jobs][happy]") {
  happy_fixture h;

  // A blank FN: status, identification and a beep make no document.
  auto status = std::make_shared<ws::jobs::status_job>();
  h.ok(status);
  CHECK(status->result().last_document_number == 0);
  CHECK_FALSE(status->result().shift_open);
  CHECK(status->result().fn_number == h.fx.device(0).info().fn_serial_number);
  auto identify = std::make_shared<ws::jobs::identify_job>();
  h.ok(identify);
  CHECK(std::stoull(identify->result().serial_number) == std::stoull(h.fx.device(0).info().serial_number));
  CHECK_FALSE(identify->result().model.empty());
  CHECK(ws::jobs::inn_text(identify->result().inn).empty());  // not registered yet
  h.ok(std::make_shared<ws::jobs::beep_job>());
  CHECK(h.documents() == 0);

  // The clock moves with the shift closed: one hour ahead of the device's own time.
  auto before = std::make_shared<full_status_probe>();
  h.ok(before);
  REQUIRE(before->reply);
  const auto day = before->reply->current_date;
  const auto time = before->reply->current_time;
  const std::uint8_t hour = static_cast<std::uint8_t>(time.hour < 22 ? time.hour + 1 : time.hour);
  h.ok(std::make_shared<ws::jobs::set_datetime_job>(day, ws::shtrih::time_of_day{hour, time.minute, 0}));
  auto after = std::make_shared<full_status_probe>();
  h.ok(after);
  REQUIRE(after->reply);
  CHECK(after->reply->current_date == day);
  CHECK(after->reply->current_time.hour == hour);
  CHECK(h.documents() == 0);

  // Registration: FD 1 (form 1); identification now reads INN and RNM from it.
  h.ok(ws::jobs::make_registration_job(test_registration()));
  CHECK(h.documents() == 1);
  CHECK(h.type_of(1) == form::registration);
  // The register itself learns them too (11h INN, RNM from FD 1) without reconnecting.
  const auto learnt = h.identity_where([](const register_identity& id) { return !id.registration_number.empty(); });
  REQUIRE(learnt);
  CHECK(learnt->registration_number == "0000000001012345");
  CHECK(learnt->inn == 7704211201u);
  auto registered = std::make_shared<ws::jobs::identify_job>();
  h.ok(registered);
  CHECK(ws::jobs::inn_text(registered->result().inn) == "7704211201");
  CHECK(registered->result().registration_number == "0000000001012345");

  // Shift 1: open (FD 2), X report (no document), receipt (FD 3), correction (FD 4),
  // settlement report (FD 5), close (FD 6).
  h.ok(ws::jobs::make_open_shift_job());
  CHECK(h.documents() == 2);
  CHECK(h.type_of(2) == form::shift_open);
  h.ok(std::make_shared<ws::jobs::x_report_job>());
  CHECK(h.documents() == 2);
  const auto content = ws::jobs::testing::milk_and_bread();
  auto receipt = std::make_shared<ws::jobs::print_receipt_job>(content, ws::ffd::calculate_receipt(content));
  h.ok(receipt);
  CHECK(receipt->result().document_number == 3);
  CHECK(receipt->result().total == 22530);
  CHECK(receipt->result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(receipt->result().receipt_in_shift == std::optional<std::uint32_t>(1));
  CHECK(h.documents() == 3);
  // Read back with its TLV: form 3, the total 225.30 in tag 1020, FD 3 in tag 1040.
  const auto read = h.read(3);
  CHECK(read.document.document_type == form::receipt);
  CHECK(read.document.total == std::optional<std::uint64_t>(22530));
  CHECK(read.document.fiscal_sign == receipt->result().fiscal_sign);
  CHECK(read.tlv_document_type == 3);
  std::optional<std::uint64_t> total_tag;
  std::optional<std::uint64_t> number_tag;
  for (const auto& node : ws::ffd::decode(read.tlv, ws::ffd::is_structure_tag)) {
    if (node.tag() == ws::ffd::tag::total) total_tag = node.as_uint();
    if (node.tag() == 1040) number_tag = node.as_uint();
  }
  CHECK(total_tag == std::optional<std::uint64_t>(22530));
  CHECK(number_tag == std::optional<std::uint64_t>(3));
  auto correction = std::make_shared<ws::jobs::correction_receipt_job>(correction_sample());
  h.ok(correction);
  CHECK(correction->result().document_number == 4);
  CHECK(h.type_of(4) == form::correction);
  h.ok(ws::jobs::make_settlement_report_job());
  CHECK(h.documents() == 5);
  CHECK(h.type_of(5) == form::settlement_report);
  h.ok(ws::jobs::make_close_shift_job());
  CHECK(h.documents() == 6);
  CHECK(h.type_of(6) == form::shift_close);

  // Re-registration with the shift closed: FD 7 (form 11).
  h.ok(ws::jobs::make_reregistration_job(test_registration(), ws::shtrih::registration_report::reregistration));
  CHECK(h.documents() == 7);
  CHECK(h.type_of(7) == form::reregistration);

  // Shift 2 closed in an emergency with a receipt left open: FD 8 open, FD 9 close, and
  // the open receipt cancelled (no receipt document).
  h.ok(ws::jobs::make_open_shift_job());
  h.ok(std::make_shared<one_command_job>(ws::shtrih::open_receipt_request{}.encode()));
  auto mode = std::make_shared<ws::jobs::status_job>();
  h.ok(mode);
  CHECK(mode->result().receipt_open);
  h.ok(ws::jobs::make_close_shift_job(true));
  CHECK(h.documents() == 9);
  CHECK(h.type_of(8) == form::shift_open);
  CHECK(h.type_of(9) == form::shift_close);

  // Reboot: no document; the register is ready again once the device is back.
  h.ok(std::make_shared<ws::jobs::reboot_job>());
  REQUIRE(poll_ready(h.self, h.reg, 20s));
  auto rebooted = std::make_shared<ws::jobs::status_job>();
  h.ok(rebooted);
  CHECK(rebooted->result().shift_open == false);
  CHECK(h.documents() == 9);

  // Closing the FN: FD 10 (form 6); the FN leaves fiscal mode.
  REQUIRE(poll_ready(h.self, h.reg, 20s));
  h.ok(ws::jobs::make_close_fn_job());
  CHECK(h.documents() == 10);
  CHECK(h.type_of(10) == form::fn_close);
  auto closed = std::make_shared<ws::jobs::status_job>();
  h.ok(closed);
  CHECK((closed->result().fn_phase & ws::shtrih::fn_phase::fiscal_mode_closed) != 0);
}
