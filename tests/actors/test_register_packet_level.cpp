// The register actor over the alternative low level (numbered packets), chosen by its
// configuration (register_config::low_level): what goes on the wire, identification, a
// receipt, and "never print twice" when the line drops right after the closing FF45h.
//
// The emulator answers whichever level the host starts with. Both sides use short_link()
// (fault_support.hpp) so that each case runs in seconds.

#include <catch2/catch.hpp>

#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "tests/actors/fault_support.hpp"
#include "tests/support/pty_master.hpp"

using namespace ws::actors;
using namespace ws::actors::test;
using ws::jobs::failure_kind;
using ws::shtrih::low_level;

namespace {

register_options options_on(const std::string& port, low_level level, const ws::shtrih::link_timing& link) {
  register_options options;
  options.build_job = test_job_builder();
  options.config.port = port;
  options.config.low_level = level;
  options.timing = quick_timing();
  options.link = link;
  return options;
}

/// A packet-level register actor on device `index`, subscribed by `self`, waited for
/// until ready (the status it published then is kept in `ready`).
register_actor packet_register(timed_farm& fx, caf::scoped_actor& self, std::size_t index,
                               std::optional<register_status>& ready) {
  const auto options = options_on(fx.pty_port(index), low_level::packet, fx.link());
  auto reg = spawn_register(fx.system(), fx.io(), options);
  self->send(reg, subscribe_atom::value, caf::actor{self});
  ready = await_status(self, in_state(register_state::ready), 15s);
  return reg;
}

/// What a register actor configured for `level` writes first on a line nobody answers.
ws::bytes first_bytes_of(low_level level, std::size_t count) {
  farm_fixture fx(1);
  auto pty = ws::emulator::open_raw_pty();
  auto reg = spawn_register(fx.system(), fx.io(), options_on(pty.slave_path, level, short_link()));
  auto got = ws::test::read_pty_master(pty, count, 3000ms);
  CHECK(fx.stop(reg));
  return got;
}

/// A packet-level register on one emulated device, identified, with the device
/// registered and a shift open (FD 1 the registration, FD 2 the shift); stopped when the
/// case ends. `ready` is the status the register published on becoming ready.
struct packet_register_with_shift {
  timed_farm fx{1, short_link(), 500ms};
  caf::scoped_actor self{fx.system(), true};
  std::optional<register_status> ready;
  register_actor reg = packet_register(fx, self, 0, ready);
  actor_guard guard{fx, reg};

  packet_register_with_shift() {
    REQUIRE(ready);
    self->send(reg, unsubscr_atom::value, caf::actor{self});
    REQUIRE(register_and_open_shift(fx, self, reg, 0));
  }
};

}  // namespace

TEST_CASE("the configured low level is what the register writes on the line", "[actors][packet]") {
  // Packet level: it first learns the device's number with a ping, the type I packet
  // STX(8Fh) LEN16 = 0000h CRC16: CRC-16/CCITT of 00 00 from FFFFh is 1D0Fh, LSB first.
  CHECK(first_bytes_of(low_level::packet, 5) == ws::bytes{0x8F, 0x00, 0x00, 0x0F, 0x1D});
  // Standard level: ENQ (05h) asks whether the device holds an old reply.
  const auto standard = first_bytes_of(low_level::standard, 1);
  REQUIRE_FALSE(standard.empty());
  CHECK(standard.front() == 0x05);
}

TEST_CASE("register_config carries its low level across serialization", "[actors][packet]") {
  caf::actor_system_config config;
  add_farm_message_types(config);
  caf::actor_system system{config};
  for (const auto level : {low_level::packet, low_level::standard}) {
    register_config reg;
    reg.port = "/dev/ttyUSB0";
    reg.low_level = level;
    std::vector<char> buffer;
    caf::binary_serializer sink{system, buffer};
    REQUIRE_FALSE(sink(reg));
    register_config back;
    back.low_level = level == low_level::packet ? low_level::standard : low_level::packet;
    caf::binary_deserializer source{system, buffer};
    REQUIRE_FALSE(source(back));
    CHECK(back.low_level == level);
    CHECK(back.port == "/dev/ttyUSB0");
  }
  register_config packet;
  packet.low_level = low_level::packet;
  CHECK(caf::deep_to_string(packet).find("\"packet\"") != std::string::npos);
}

TEST_CASE_METHOD(packet_register_with_shift, "a packet-level register identifies the device and prints one receipt",
                 "[actors][packet]") {
  const auto info = fx.device(0).info();
  CHECK(ready->identity.serial_number == "0000000000000001");
  CHECK(ready->identity.serial_number == info.serial_number);
  CHECK(ready->identity.fn_number == info.fn_serial_number);
  CHECK(ready->identity.fn_number.size() == 16);
  CHECK_FALSE(ready->identity.model.empty());
  CHECK(ready->identity.last_document_number == 0);  // as identified, before the registration

  REQUIRE(fx.last_document(0) == 2);  // FD 1 registration, FD 2 shift
  auto receipt = receipt_of(12345);
  const auto answer = run_job(self, reg, receipt, 20s, 30s);
  REQUIRE(answer);
  INFO(answer->message);
  CHECK(answer->kind == failure_kind::none);
  CHECK(fx.last_document(0) == 3);  // exactly one new document
  CHECK(receipt->result().document_number == 3);
  CHECK(receipt->result().total == 12345u);
  CHECK_FALSE(receipt->result().recovered);
}

TEST_CASE_METHOD(packet_register_with_shift,
                 "a packet-level register never prints twice when the line drops right after FF45h",
                 "[actors][packet][faults]") {
  // The device signs the receipt and holds the closing reply back for 300 ms; the line
  // falls in that window, so the host never sees FF45h's answer.
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) { plan.extra_delay = 300ms; });
  auto receipt = receipt_of(20101);
  auto* system = &fx.system();
  auto answer_future = std::async(std::launch::async, [system, reg = reg, receipt] {
    caf::scoped_actor requester{*system, true};
    return run_job(requester, reg, receipt, 20s, 40s);
  });
  const auto deadline = steady::now() + 15s;
  while (fx.last_document(0) == 2 && steady::now() < deadline) std::this_thread::sleep_for(2ms);
  REQUIRE(fx.last_document(0) == 3);  // signed: the closing command ran
  fx.device(0).drop_line(500ms);
  REQUIRE(answer_future.wait_for(60s) == std::future_status::ready);
  const auto answer = answer_future.get();
  REQUIRE(answer);
  INFO(answer->message);
  // Success naming the one document, or outcome_unknown naming it: never a second one.
  if (answer->kind == failure_kind::none) {
    CHECK(receipt->result().recovered);  // found in the FN after the line came back, not printed again
    CHECK(receipt->result().document_number == 3);
    CHECK(receipt->result().total == 20101u);
  } else {
    CHECK(answer->kind == failure_kind::outcome_unknown);
    REQUIRE(answer->document_to_check);
    CHECK(*answer->document_to_check == 3);
  }
  CHECK(fx.last_document(0) == 3);

  // The register is back on the packet level and prints the next receipt as FD 4.
  fx.device(0).clear_faults();
  REQUIRE(poll_ready(self, reg, 20s));
  CHECK(fx.last_document(0) == 3);
  auto next = receipt_of(20102);
  const auto next_answer = run_job(self, reg, next, 20s, 30s);
  REQUIRE(next_answer);
  INFO(next_answer->message);
  CHECK(next_answer->kind == failure_kind::none);
  CHECK(next->result().document_number == 4);
  CHECK(fx.last_document(0) == 4);
}

TEST_CASE_METHOD(packet_register_with_shift,
                 "a packet-level register prints each receipt once when the device discards packets",
                 "[actors][packet][faults]") {
  // One packet in four from the host is discarded (the packet level's stand-in for NAK):
  // the host repeats, and a request the device never saw is run once when it comes again.
  fx.device(0).update_faults([](ws::emulator::fault_plan& plan) {
    plan.nak_probability = 0.25;
    plan.seed = 20260;
  });
  std::uint32_t printed = 0;
  for (std::uint64_t i = 0; i < 6; ++i) {
    auto receipt = receipt_of(30000 + i);
    const auto answer = run_job(self, reg, receipt, 20s, 40s);
    REQUIRE(answer);
    INFO("receipt " << i << ": " << answer->message);
    if (answer->kind == failure_kind::none) {
      ++printed;
      CHECK(receipt->result().document_number == 2 + printed);
    } else {
      // Not printed, and said so: never "unknown" for a request the device did not take.
      CHECK(answer->kind != failure_kind::outcome_unknown);
    }
    CHECK(fx.last_document(0) == 2 + printed);
  }
  CHECK(fx.device(0).info().counters.frames_naked > 0);
  CHECK(printed >= 3);
}
