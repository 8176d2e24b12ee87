// Every farm message type goes through CAF's binary serializer and back, inside a
// caf::message as it crosses a node boundary: that proves both its inspect overload
// (actors/farm_serialization.hpp) and its registration by name (add_farm_message_types;
// an unregistered type cannot be read back from a message). The copy read back must equal
// the original field by field: compared as CAF renders them, and the fields that carry
// money, documents and routing checked one by one.

#include <catch2/catch.hpp>

#include <caf/all.hpp>

#include "actors/farm_messages.hpp"
#include "tests/jobs/receipt_samples.hpp"

using namespace ws;
using namespace ws::actors;

namespace {

struct serialization_fixture {
  serialization_fixture() {
    add_farm_message_types(config);
    system.emplace(config);
  }
  caf::actor_system_config config;
  std::optional<caf::actor_system> system;

  /// `value` in a message, written and read back as a node does.
  template <class T>
  T round_trip(const T& value) {
    std::vector<char> buffer;
    caf::binary_serializer sink{*system, buffer};
    auto message = caf::make_message(value);
    REQUIRE_FALSE(sink(message));
    caf::message read_back;
    caf::binary_deserializer source{*system, buffer};
    REQUIRE_FALSE(source(read_back));
    REQUIRE(read_back.match_elements<T>());
    const T copy = read_back.get_as<T>(0);
    CHECK(caf::deep_to_string(copy) == caf::deep_to_string(value));
    return copy;
  }
};

ffd::receipt_content full_receipt() {
  auto content = jobs::testing::milk_and_bread();
  content.client_email_or_phone = "+79990001122";
  content.client_inn = "500100732259";
  content.supplier_phone = "+74950000000";
  content.firm_reply_email = "shop@example.ru";
  content.firm_url = "shop.example.ru";
  content.additional_document_requisite = "A-17";
  content.additional_user_requisite = ffd::user_requisite{"order", "42"};
  content.rows.back().unit = "kg";
  content.rows.back().agent = ffd::agent_type::commission_agent;
  content.rows.back().supplier = ffd::supplier_info{"7704211201", "Supplier", "+74951112233"};
  return content;
}

}  // namespace

TEST_CASE("a receipt order crosses a node boundary whole", "[actors][serialization]") {
  serialization_fixture fx;
  jobs::job_order order;
  jobs::shift_policy shift;
  shift.manage_shift = false;
  shift.renew_margin = std::chrono::minutes(40);
  order.spec = jobs::receipt_order{full_receipt(), shift};
  order.time_left = std::chrono::milliseconds(12345);
  order.conditions = jobs::condition_text{"hy", {"before", "after"}, {"(= device.sn \"1\")", "True"}};
  order.request_id = "req-1";
  const auto copy = fx.round_trip(order);
  const auto* receipt = std::get_if<jobs::receipt_order>(&copy.spec);
  REQUIRE(receipt != nullptr);
  const auto& sent = std::get<jobs::receipt_order>(order.spec).content;
  const auto& got = receipt->content;
  CHECK(got.firm_inn == sent.firm_inn);
  REQUIRE(got.rows.size() == sent.rows.size());
  for (std::size_t i = 0; i < got.rows.size(); ++i) {
    CHECK(got.rows[i].text == sent.rows[i].text);
    CHECK(got.rows[i].price.kopecks == sent.rows[i].price.kopecks);
    CHECK(got.rows[i].qty.millionths == sent.rows[i].qty.millionths);
    CHECK(got.rows[i].tax == sent.rows[i].tax);
    CHECK(got.rows[i].unit == sent.rows[i].unit);
  }
  REQUIRE(got.rows.back().supplier);
  CHECK(got.rows.back().supplier->phone == "+74951112233");
  REQUIRE(got.payments.size() == sent.payments.size());
  CHECK(got.payments.front().amount.kopecks == sent.payments.front().amount.kopecks);
  REQUIRE(got.additional_user_requisite);
  CHECK(got.additional_user_requisite->value == "42");
  CHECK(got.client_email_or_phone == "+79990001122");
  CHECK(got.client_inn == "500100732259");
  CHECK_FALSE(receipt->shift.manage_shift);
  CHECK(receipt->shift.renew_margin == std::chrono::minutes(40));
  CHECK(copy.time_left == std::chrono::milliseconds(12345));
  REQUIRE(copy.conditions);
  CHECK(copy.conditions->expressions.front() == "(= device.sn \"1\")");
  CHECK(copy.request_id == "req-1");
}

TEST_CASE("every kind of order crosses a node boundary as the same kind", "[actors][serialization]") {
  serialization_fixture fx;
  ffd::correction_content correction;
  correction.reason_name = "reason";
  correction.reason_number = "7";
  correction.taxes = {ffd::correction_tax_amount{ffd::correction_tax::nds_10, ffd::money{1000}}};
  correction.payments = {ffd::payment{ffd::payment_type::card, ffd::money{11000}}};
  shtrih::registration_params params;
  params.inn = "7704211201";
  params.registration_number = "0000000001012345";
  const std::vector<jobs::job_spec> specs{
      jobs::correction_order{correction, {}},
      jobs::open_shift_order{},
      jobs::close_shift_order{true},
      jobs::x_report_order{},
      jobs::read_document_order{77, false},
      jobs::registration_order{params, "Firm", "Street 1"},
      jobs::reregistration_order{params, 4},
      jobs::close_fn_order{},
      jobs::settlement_report_order{},
      jobs::set_datetime_order{shtrih::date{5, 1, 26}, shtrih::time_of_day{10, 30, 15}},
      jobs::reboot_order{},
      jobs::beep_order{},
      jobs::status_order{},
      jobs::ofd_queue_order{},
      jobs::general_clearing_order{},
      jobs::fn_reset_order{},
      jobs::firmware_upload_order{0, {1, 2, 3}},
  };
  for (const auto& spec : specs) {
    jobs::job_order order;
    order.spec = spec;
    const auto copy = fx.round_trip(order);
    CHECK(copy.spec.index() == spec.index());
    CHECK(jobs::name_of(copy.spec) == jobs::name_of(spec));
  }
  jobs::job_order order;
  order.spec = specs[0];
  const auto correction_copy = std::get<jobs::correction_order>(fx.round_trip(order).spec).content;
  CHECK(correction_copy.taxes.front().amount.kopecks == 1000);
  CHECK(correction_copy.payments.front().amount.kopecks == 11000);
  order.spec = specs[5];
  const auto registration_copy = std::get<jobs::registration_order>(fx.round_trip(order).spec);
  CHECK(registration_copy.params.registration_number == "0000000001012345");
  CHECK(registration_copy.address == "Street 1");
  order.spec = specs[9];
  const auto time_copy = std::get<jobs::set_datetime_order>(fx.round_trip(order).spec);
  CHECK(time_copy.day.year == 26);
  CHECK(time_copy.time.second == 15);
  order.spec = specs.back();
  const auto firmware_copy = std::get<jobs::firmware_upload_order>(fx.round_trip(order).spec);
  CHECK(firmware_copy.file == 0);
  CHECK(firmware_copy.content == std::vector<std::uint8_t>{1, 2, 3});
}

TEST_CASE("outcomes cross a node boundary with their documents", "[actors][serialization]") {
  serialization_fixture fx;
  jobs::printed_document printed;
  printed.document_number = 3;
  printed.fiscal_sign = 0xDEADBEEF;
  printed.date_time = shtrih::fn_date_time{shtrih::date{6, 12, 26}, 20, 15};
  printed.fn_number = "9999078900001234";
  printed.shift_number = 2;
  printed.receipt_in_shift = 5;
  printed.total = 12345;
  printed.change = 55;
  printed.recovered = true;
  jobs::job_outcome outcome{jobs::job_failure{}, printed};
  const auto copy = fx.round_trip(outcome);
  const auto& got = std::get<jobs::printed_document>(copy.result);
  CHECK(got.fiscal_sign == 0xDEADBEEF);
  CHECK(got.date_time == printed.date_time);
  CHECK(got.receipt_in_shift == std::optional<std::uint32_t>{5});
  CHECK(got.total == 12345);
  CHECK(got.recovered);

  jobs::document_read read;
  read.document.document_type = 3;
  read.document.total = 999;
  read.document.data = {1, 2, 3};
  read.tlv = {0x10, 0x04, 0x00};
  const auto read_copy = std::get<jobs::document_read>(fx.round_trip(jobs::job_outcome{{}, read}).result);
  CHECK(read_copy.document.total == std::optional<std::uint64_t>{999});
  CHECK(read_copy.tlv == read.tlv);

  jobs::device_status status;
  status.fn_number = "FN";
  status.last_document_number = 9;
  CHECK(std::get<jobs::device_status>(fx.round_trip(jobs::job_outcome{{}, status}).result).last_document_number == 9);

  shtrih::ofd_exchange_status_reply queue;
  queue.queue_size = 4;
  queue.first_document_number = 17;
  CHECK(std::get<shtrih::ofd_exchange_status_reply>(fx.round_trip(jobs::job_outcome{{}, queue}).result)
            .first_document_number == 17);

  jobs::job_failure failure;
  failure.kind = jobs::failure_kind::outcome_unknown;
  failure.message = "line lost after FF45h";
  failure.command = 0xFF45;
  failure.device_error = 0x50;
  failure.device_error_text = "text";
  failure.document_to_check = 12;
  failure.refused_by_condition = "before";
  const auto failure_copy = fx.round_trip(jobs::job_outcome{failure, {}}).failure;
  CHECK(failure_copy.kind == jobs::failure_kind::outcome_unknown);
  CHECK(failure_copy.command == std::optional<std::uint16_t>{0xFF45});
  CHECK(failure_copy.device_error == std::optional<std::uint8_t>{0x50});
  CHECK(failure_copy.document_to_check == std::optional<std::uint32_t>{12});
  CHECK(failure_copy.refused_by_condition == "before");
}

TEST_CASE("broker requests, results and listings cross a node boundary", "[actors][serialization]") {
  serialization_fixture fx;
  broker_request request;
  request.order.spec = jobs::beep_order{};
  request.inn = "7704211201";
  request.group = "online";
  request.wait4free = std::chrono::milliseconds(1500);
  request.time_left = std::chrono::milliseconds(31500);
  request.retry_count = 2;
  request.target_serial = "0000000000000001";
  caf::scoped_actor journal{*fx.system, true};
  request.journal = caf::actor_cast<caf::actor>(journal);
  const auto request_copy = fx.round_trip(request);
  CHECK(request_copy.journal == request.journal);  // the handle the register asks, the same actor
  CHECK(request_copy.group == "online");
  CHECK(request_copy.time_left == std::chrono::milliseconds(31500));
  CHECK(request_copy.retry_count == 2);
  CHECK(request_copy.target_serial == std::optional<std::string>{"0000000000000001"});

  broker_result result;
  result.kind = broker::outcome::timeout;
  result.port = "/dev/ttyUSB0";
  result.serial_number = "0000000000000001";
  result.registration_number = "0000000001012345";
  result.device["sn"] = "0000000000000001";
  result.device["groups"] = conditions::value_list{conditions::value("a"), conditions::value("b")};
  result.device["shift_open"] = true;
  result.device["shift_number"] = 7;
  result.retry_after = std::chrono::seconds(3);
  const auto result_copy = fx.round_trip(result);
  CHECK(result_copy.kind == broker::outcome::timeout);
  CHECK(result_copy.device == result.device);
  CHECK(result_copy.retry_after == std::chrono::seconds(3));

  farm_listing listing;
  listing.stats.waiting = 3;
  listing.stats.routes.push_back(broker::route_snapshot{"7704211201", "_NOGROUP", 1, 2, 3});
  register_view view;
  view.config.port = "tcp://127.0.0.1:7001";
  view.config.groups = {"online"};
  view.config.low_level = shtrih::low_level::packet;
  register_status status;
  status.port = view.config.port;
  status.state = register_state::busy;
  status.identity.serial_number = "0000000000000001";
  status.identity.inn = 7704211201ULL;
  status.identity.registration_number = "0000000001012345";
  status.health.clock_offset_seconds = -7;
  status.health.shift_opened_at = 1765000000;
  status.health.ofd_unsent_documents = 3;
  status.health.ofd_oldest_unsent_at = 1764990000;
  status.health.fn_expires_at = 1800000000;
  view.status = status;
  view.restarts = 2;
  view.snapshot = broker::register_snapshot{view.config.port, "7704211201", {"online"},
                                            broker::register_availability::busy, 9, 1};
  listing.registers.push_back(view);
  const auto listing_copy = fx.round_trip(listing);
  REQUIRE(listing_copy.registers.size() == 1);
  const auto& got = listing_copy.registers.front();
  CHECK(got.config.low_level == shtrih::low_level::packet);
  REQUIRE(got.status);
  CHECK(got.status->state == register_state::busy);
  CHECK(got.status->identity.inn == 7704211201ULL);
  CHECK(got.status->health.clock_offset_seconds == std::optional<std::int64_t>{-7});
  CHECK(got.status->health.shift_opened_at == std::optional<std::int64_t>{1765000000});
  CHECK(got.status->health.ofd_unsent_documents == std::optional<std::uint32_t>{3});
  CHECK(got.status->health.ofd_oldest_unsent_at == std::optional<std::int64_t>{1764990000});
  CHECK(got.status->health.fn_expires_at == std::optional<std::int64_t>{1800000000});
  CHECK(got.restarts == 2);
  REQUIRE(got.snapshot);
  CHECK(got.snapshot->running == std::optional<broker::job_id>{9});
  CHECK(listing_copy.stats.routes.front().known == 3);

  broker::ping_query ping{std::string("7704211201"), std::nullopt, 0.5};
  const auto ping_copy = fx.round_trip(ping);
  CHECK(ping_copy.inn == std::optional<std::string>{"7704211201"});
  CHECK(ping_copy.backlog_ratio == std::optional<double>{0.5});
  CHECK(fx.round_trip(broker::ping_result::backlog_exceeded) == broker::ping_result::backlog_exceeded);

  register_member member{view.config, register_actor{}, 4};
  CHECK(fx.round_trip(member).restarts == 4);

  const dispatch_record where{"0000000000000001", "9999078900000001", 41};
  const auto where_copy = fx.round_trip(where);
  CHECK(where_copy.serial_number == where.serial_number);
  CHECK(where_copy.fn_number == where.fn_number);
  CHECK(where_copy.last_document_number == 41);
}

TEST_CASE("a variant index out of range is refused, not read as another alternative", "[actors][serialization]") {
  serialization_fixture fx;
  std::vector<char> buffer;
  caf::binary_serializer sink{*fx.system, buffer};
  jobs::job_result result = jobs::printed_document{};
  REQUIRE_FALSE(sink(result));
  buffer[0] = 42;  // the index byte
  caf::binary_deserializer source{*fx.system, buffer};
  jobs::job_result read_back;
  CHECK(source(read_back));
}
