// The farm's message types survive serialization (what crossing nodes needs) and are
// registered by name.

#include <catch2/catch.hpp>

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "actors/farm_messages.hpp"

using namespace ws::actors;

namespace {

template <class T>
T round_trip(caf::actor_system& system, T value) {
  std::vector<char> buffer;
  caf::binary_serializer sink{system, buffer};
  REQUIRE_FALSE(sink(value));
  T out;
  caf::binary_deserializer source{system, buffer};
  REQUIRE_FALSE(source(out));
  return out;
}

}  // namespace

TEST_CASE("farm messages survive serialization", "[actors][messages]") {
  caf::actor_system_config config;
  add_farm_message_types(config);
  caf::actor_system system{config};

  register_status status;
  status.port = "/dev/ttyUSB3";
  status.state = register_state::recovering;
  status.detail = "read: End of file";
  status.identity.serial_number = "0000000000000042";
  status.identity.fn_number = "9999078900001234";
  status.identity.inn = 7704211201;
  status.identity.shift_open = true;
  status.identity.last_document_number = 77;
  const auto status_back = round_trip(system, status);
  CHECK(status_back.port == "/dev/ttyUSB3");
  CHECK(status_back.state == register_state::recovering);
  CHECK(status_back.detail == "read: End of file");
  CHECK(status_back.identity.serial_number == "0000000000000042");
  CHECK(status_back.identity.fn_number == "9999078900001234");
  CHECK(status_back.identity.inn == 7704211201);
  CHECK(status_back.identity.shift_open);
  CHECK(status_back.identity.last_document_number == 77);

  ws::jobs::job_failure failure;
  failure.kind = ws::jobs::failure_kind::outcome_unknown;
  failure.message = "closing reply lost";
  failure.command = 0xFF45;
  failure.document_to_check = 12;
  const auto failure_back = round_trip(system, failure);
  CHECK(failure_back.kind == ws::jobs::failure_kind::outcome_unknown);
  CHECK(failure_back.message == "closing reply lost");
  REQUIRE(failure_back.command);
  CHECK(*failure_back.command == 0xFF45);
  CHECK_FALSE(failure_back.device_error);
  REQUIRE(failure_back.document_to_check);
  CHECK(*failure_back.document_to_check == 12);

  register_config reg{"0000000000000001", "tcp://127.0.0.1:7001", 57600, {"A", "B"}};
  const auto reg_back = round_trip(system, reg);
  CHECK(reg_back.serial_number == "0000000000000001");
  CHECK(reg_back.port == "tcp://127.0.0.1:7001");
  CHECK(reg_back.baud == 57600);
  CHECK(reg_back.groups == std::vector<std::string>{"A", "B"});
}

TEST_CASE("farm message types are registered by name", "[actors][messages]") {
  caf::actor_system_config config;
  add_farm_message_types(config);
  caf::actor_system system{config};
  for (const char* name : {"ws::register_config", "ws::register_status", "ws::register_identity",
                           "ws::register_member", "ws::register_members", "ws::job_failure"}) {
    INFO(name);
    CHECK(system.types().make_value(name) != nullptr);
  }
  CHECK(to_string(register_state::offline) == "offline");
  CHECK(ws::jobs::to_string(ws::jobs::failure_kind::outcome_unknown) == "outcome_unknown");
}
