// Happy paths and refusals of the jobs other than print_receipt, with values read back
// from the emulator's FN archive.

#include "actors/jobs/archived_document.hpp"
#include "actors/jobs/correction_receipt_job.hpp"
#include "actors/jobs/identify_job.hpp"
#include "actors/jobs/print_receipt_job.hpp"
#include "actors/jobs/read_document_job.hpp"
#include "actors/jobs/set_datetime_job.hpp"
#include "actors/jobs/simple_jobs.hpp"
#include "actors/jobs/status_job.hpp"
#include "job_test_support.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"
#include "receipt_samples.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

namespace {

void run_ok(job& j, registered_device& d) {
  run_job(j, *d.device);
  INFO(j.failure().message);
  REQUIRE(j.failure().kind == failure_kind::none);
}

archived_document archived(registered_device& d, std::uint32_t number) {
  return parse_archived_document(d.find(number));
}

}  // namespace

TEST_CASE("registration job makes FD 1 with the given INN and RNM", "[jobs][fn]") {
  registered_device d("registration", false);
  auto job = make_registration_job(test_registration());
  run_ok(*job, d);
  CHECK(job->result().document_number == 1);
  CHECK(d.device->last_document_number() == 1);
  const auto doc = archived(d, 1);
  CHECK(doc.document_type == form::registration);
  CHECK(doc.fiscal_sign == job->result().fiscal_sign);

  auto again = make_registration_job(test_registration());
  run_job(*again, *d.device);
  CHECK(again->failure().kind == failure_kind::wrong_state);
  CHECK(d.device->last_document_number() == 1);
}

TEST_CASE("open and close shift jobs make FD 2 and FD 3", "[jobs][shift]") {
  registered_device d("shift-jobs");
  auto open = make_open_shift_job();
  run_ok(*open, d);
  CHECK(open->result().document_number == 2);
  CHECK(open->result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(archived(d, 2).document_type == form::shift_open);

  auto close = make_close_shift_job();
  run_ok(*close, d);
  CHECK(close->result().document_number == 3);
  CHECK(close->result().shift_number == std::optional<std::uint16_t>(1));
  CHECK(archived(d, 3).document_type == form::shift_close);
  CHECK(archived(d, 3).shift_number == std::optional<std::uint16_t>(1));

  auto close_again = make_close_shift_job();
  run_job(*close_again, *d.device);
  CHECK(close_again->failure().kind == failure_kind::wrong_state);
  CHECK(d.device->last_document_number() == 3);
}

TEST_CASE("emergency close cancels the open receipt and normal close refuses", "[jobs][shift]") {
  registered_device d("shift-emergency");
  auto open = make_open_shift_job();
  run_ok(*open, d);
  shtrih::open_receipt_request receipt;
  REQUIRE(shtrih::parse_reply_header(d.device->execute(receipt.encode()).reply).error == 0);

  auto normal = make_close_shift_job(false);
  run_job(*normal, *d.device);
  CHECK(normal->failure().kind != failure_kind::none);
  CHECK(normal->failure().kind != failure_kind::outcome_unknown);
  CHECK(d.device->last_document_number() == 2);

  auto emergency = make_close_shift_job(true);
  run_ok(*emergency, d);
  CHECK(emergency->result().document_number == 3);
  CHECK(shtrih::mode_number(d.mode()) == shtrih::kkt_mode::shift_closed);
}

TEST_CASE("settlement report reregistration and FN close", "[jobs][fn]") {
  registered_device d("fn-life");
  auto report = make_settlement_report_job();
  run_ok(*report, d);
  CHECK(report->result().document_number == 2);
  CHECK(archived(d, 2).document_type == form::settlement_report);

  auto rereg = make_reregistration_job(test_registration(), shtrih::registration_report::reregistration);
  run_ok(*rereg, d);
  CHECK(rereg->result().document_number == 3);
  CHECK(archived(d, 3).document_type == form::reregistration);

  auto close = make_close_fn_job();
  run_ok(*close, d);
  CHECK(close->result().document_number == 4);
  CHECK(archived(d, 4).document_type == form::fn_close);

  const auto c = single_row(100);
  print_receipt_job after(c, ffd::calculate_receipt(c));
  run_job(after, *d.device);
  CHECK(after.failure().kind == failure_kind::wrong_state);
  CHECK(d.device->last_document_number() == 4);
}

TEST_CASE("correction receipt job prints form 31 with its total", "[jobs][correction]") {
  registered_device d("correction");
  ffd::correction_content c;
  c.type = ffd::receipt_type::income;
  c.by_order = true;
  c.reason_name = "Предписание";
  c.reason_number = "17-Б";
  c.reason_date = ffd::civil_time{2026, 2, 27, 0, 0, 0};
  c.taxes = {ffd::correction_tax_amount{ffd::correction_tax::nds_none, ffd::money{15000}}};
  c.payments = {ffd::payment{ffd::payment_type::cash, ffd::money{10000}},
                ffd::payment{ffd::payment_type::card, ffd::money{5000}}};
  const auto request = correction_request_of(c);
  CHECK(request.total == 15000);
  CHECK(request.cash == 10000);
  CHECK(request.electronic == 5000);
  CHECK(request.vat_sums[shtrih::vat_slot::none] == 15000);

  correction_receipt_job job(c);
  run_ok(job, d);
  CHECK(job.opened_shift());
  CHECK(job.result().document_number == 3);
  CHECK(job.result().receipt_in_shift == std::optional<std::uint32_t>(1));
  const auto doc = archived(d, 3);
  CHECK(doc.document_type == form::correction);
  CHECK(doc.total == std::optional<std::uint64_t>(15000));
  CHECK(doc.fiscal_sign == job.result().fiscal_sign);

  read_document_job read(3);
  run_ok(read, d);
  std::vector<ffd::tlv> nodes = ffd::decode(read.result().tlv, ffd::is_structure_tag);
  if (nodes.size() == 1 && nodes[0].is_structure()) nodes = nodes[0].children();
  const ffd::tlv* basis = nullptr;
  const ffd::tlv* type = nullptr;
  for (const auto& n : nodes) {
    if (n.tag() == ffd::tag::correction_basis) basis = &n;
    if (n.tag() == ffd::tag::correction_type) type = &n;
  }
  REQUIRE(type != nullptr);
  CHECK(type->as_uint() == 1);
  REQUIRE(basis != nullptr);
  CHECK(basis->at(ffd::tag::correction_basis_name).as_string() == "Предписание");
  CHECK(basis->at(ffd::tag::correction_basis_number).as_string() == "17-Б");
  // 2026-02-27 00:00 = 20511 days after 1970-01-01.
  CHECK(basis->at(ffd::tag::correction_basis_date).as_uint() == 20511u * 86400u);
}

TEST_CASE("read document job returns the archive fields and the TLV", "[jobs][read]") {
  registered_device d("read-document");
  const auto c = milk_and_bread();
  print_receipt_job printed(c, ffd::calculate_receipt(c));
  run_ok(printed, d);
  read_document_job job(3);
  run_ok(job, d);
  CHECK(job.result().document.document_type == form::receipt);
  CHECK(job.result().document.total == std::optional<std::uint64_t>(22530));
  CHECK(job.result().tlv_document_type == 3);
  REQUIRE_FALSE(job.result().tlv.empty());
  std::vector<ffd::tlv> nodes = ffd::decode(job.result().tlv, ffd::is_structure_tag);
  if (nodes.size() == 1 && nodes[0].is_structure()) nodes = nodes[0].children();
  bool has_total = false;
  bool has_buyer = false;
  int items = 0;
  for (const auto& n : nodes) {
    if (n.tag() == ffd::tag::total) has_total = n.as_money() == ffd::money{22530};
    if (n.tag() == ffd::tag::buyer_contact) has_buyer = n.as_string() == "buyer@example.com";
    if (n.tag() == ffd::tag::item) ++items;
  }
  CHECK(has_total);
  CHECK(has_buyer);
  CHECK(items == 2);

  read_document_job missing(99);
  run_job(missing, *d.device);
  CHECK(missing.failure().kind == failure_kind::safe);
  CHECK(missing.failure().device_error.has_value());
}

TEST_CASE("status and identify jobs describe the register", "[jobs][status]") {
  registered_device d("identify");
  status_job status;
  run_ok(status, d);
  CHECK_FALSE(status.result().shift_open);
  CHECK(status.result().last_document_number == 1);
  CHECK(status.result().fn_number == d.device->fn_serial_number());
  CHECK(shtrih::mode_number(status.result().mode) == shtrih::kkt_mode::shift_closed);

  auto open = make_open_shift_job();
  run_ok(*open, d);
  identify_job identify;
  run_ok(identify, d);
  const register_identity& id = identify.result();
  CHECK_FALSE(id.model.empty());
  CHECK(id.fn_number == d.device->fn_serial_number());
  CHECK((id.fn_phase & shtrih::fn_phase::fiscal_mode) != 0);
  CHECK(inn_text(id.inn) == "7704211201");
  CHECK(id.registration_number == "0000000001012345");
  CHECK(id.shift_open);
  CHECK(id.shift_number == 1);
  CHECK(id.last_document_number == 2);
}

TEST_CASE("x report beep and reboot jobs", "[jobs][service]") {
  registered_device d("service");
  auto open = make_open_shift_job();
  run_ok(*open, d);
  x_report_job x;
  run_ok(x, d);
  CHECK(d.device->last_document_number() == 2);  // no fiscal document
  beep_job beep;
  run_ok(beep, d);
  reboot_job reboot;
  run_ok(reboot, d);
  reboot_job lost;
  run_job(lost, *d.device, [](const step_info&) { return fault::not_delivered; });
  CHECK(lost.failure().kind == failure_kind::safe);
}

TEST_CASE("set date-time job sets the clock only with the shift closed", "[jobs][clock]") {
  registered_device d("clock");
  set_datetime_job job(shtrih::date{3, 3, 26}, shtrih::time_of_day{12, 30, 0});
  run_ok(job, d);
  const auto s = shtrih::decode_reply<shtrih::full_status_reply>(
      d.device->execute(shtrih::full_status_request{}.encode()).reply);
  REQUIRE(s.ok());
  CHECK(s.value->current_date == shtrih::date{3, 3, 26});
  CHECK(s.value->current_time.hour == 12);
  CHECK(s.value->current_time.minute == 30);

  auto open = make_open_shift_job();
  run_ok(*open, d);
  set_datetime_job refused(shtrih::date{4, 3, 26}, shtrih::time_of_day{9, 0, 0});
  run_job(refused, *d.device);
  CHECK(refused.failure().kind == failure_kind::wrong_state);
}
