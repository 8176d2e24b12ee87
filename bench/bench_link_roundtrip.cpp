// One device over a real pty: an emulator_farm with one device in this process, the host
// side a line_client (the blocking host driver) on the device's pty path.
// Measures the 11h status round trip (p50/p90/p99) and one-row receipts (FF46h + FF45h)
// per second. Each exchange is ENQ, answer, frame, answer, and both link sides judge what
// they received only after the line was quiet for byte_timeout (50 ms), so an exchange
// has a floor of about 4 x 50 ms whatever the machine; the results give that floor next to
// the measured time. A second, shorter run sets byte_timeout to 5 ms on both sides (a
// benchmark-only configuration through farm_options.timing and bench/tuned_line.hpp, not
// the protocol) to show what the 50 ms quiet time costs.

#include <stdexcept>
#include <string>
#include <vector>

#include "apps/host_driver/line_client.hpp"
#include "bench/bench_common.hpp"
#include "bench/tuned_line.hpp"
#include "emulator/emulator_farm.hpp"
#include "protocol/shtrih/commands.hpp"

namespace {

using namespace ws;
using namespace ws::bench;
using namespace std::chrono_literals;

/// Sends `request` and fails the benchmark unless a reply with ERR 0 came.
template <class Request>
void must_succeed(host_driver::line_client& line, const Request& request, std::chrono::milliseconds timeout) {
  const bytes reply = line.ask(request.encode(), timeout);
  if (reply.size() < 2) throw std::runtime_error("no reply to command " + std::to_string(Request::code.value()));
  const auto header = shtrih::parse_reply_header(reply);
  if (header.error != 0)
    throw std::runtime_error("command " + std::to_string(header.code.value()) + " failed with error " +
                             std::to_string(header.error));
}

void register_and_open_shift(host_driver::line_client& line) {
  must_succeed(line, shtrih::begin_registration_request{}, 10000ms);
  shtrih::registration_request registration;
  registration.params.inn = "7701234567";
  registration.params.registration_number = "0000000001012345";
  registration.params.taxation_systems = shtrih::taxation::osn;
  must_succeed(line, registration, 10000ms);
  must_succeed(line, shtrih::open_shift_request{}, 10000ms);
}

shtrih::position_request sample_position() {
  shtrih::position_request position;
  position.price = 10000;
  position.vat = shtrih::vat_code::vat20;
  position.name = "Товар";
  return position;
}

shtrih::close_receipt_request sample_close() {
  shtrih::close_receipt_request close;
  close.payments[shtrih::payment_slot::cash] = 10000;
  close.taxation_system = shtrih::taxation::osn;
  return close;
}

double ms_since(bench_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(bench_clock::now() - t0).count();
}

/// Status round trips and receipts with byte_timeout 5 ms on both link sides.
void measure_short_quiet(int status_exchanges, int receipts) {
  shtrih::link_timing timing;
  timing.byte_timeout = 5ms;
  temp_dir dir;
  emulator::farm_options options;
  options.dir = dir.path();
  options.count = 1;
  options.timing = timing;
  emulator::emulator_farm farm(options);
  tuned_line line((dir.path() / emulator::emulator_farm::device_name(1)).string(), timing);
  auto must = [&](const bytes& command, std::chrono::milliseconds timeout) {
    const bytes reply = line.ask(command, timeout);
    if (reply.size() < 2 || shtrih::parse_reply_header(reply).error != 0)
      throw std::runtime_error("short-quiet run: a command failed");
  };
  note("link round trip: byte_timeout 5 ms (benchmark-only timing)");
  must(shtrih::begin_registration_request{}.encode(), 10000ms);
  shtrih::registration_request registration;
  registration.params.inn = "7701234567";
  registration.params.registration_number = "0000000001012345";
  must(registration.encode(), 10000ms);
  must(shtrih::open_shift_request{}.encode(), 10000ms);
  for (int i = 0; i < 3; ++i) must(shtrih::full_status_request{}.encode(), 3000ms);

  std::vector<double> latencies_ms;
  for (int i = 0; i < status_exchanges; ++i) {
    const auto t0 = bench_clock::now();
    must(shtrih::full_status_request{}.encode(), 3000ms);
    latencies_ms.push_back(ms_since(t0));
  }
  const std::vector<param> status_params{str("command", "status_11h"), num("exchanges", status_exchanges),
                                         num("byte_timeout_ms", 5)};
  report("link_status_roundtrip_p50", status_params, percentile(latencies_ms, 50), "ms");
  report("link_status_roundtrip_p90", status_params, percentile(latencies_ms, 90), "ms");
  report("link_status_roundtrip_p99", status_params, percentile(latencies_ms, 99), "ms");

  const bytes position = sample_position().encode();
  const bytes close = sample_close().encode();
  const auto start = bench_clock::now();
  for (int i = 0; i < receipts; ++i) {
    must(position, 5000ms);
    must(close, 10000ms);
  }
  const double elapsed = seconds_between(start, bench_clock::now());
  report("link_receipt_rate",
         {str("receipt", "one_row_FF46h_FF45h"), num("devices", 1), num("receipts", receipts),
          num("byte_timeout_ms", 5)},
         receipts / elapsed, "receipts/s");
  farm.stop();
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = quick_mode(argc, argv);
  const int status_exchanges = quick ? 20 : 100;
  const int receipts = quick ? 5 : 25;
  const shtrih::link_timing timing;  // the protocol's own: byte_timeout 50 ms
  const double quiet_floor_ms = 4.0 * static_cast<double>(timing.byte_timeout.count());

  temp_dir dir;
  emulator::farm_options options;
  options.dir = dir.path();
  options.count = 1;
  options.timing = timing;
  emulator::emulator_farm farm(options);
  auto line = host_driver::line_client::open_serial((dir.path() / emulator::emulator_farm::device_name(1)).string());

  note("link round trip: registering the device");
  register_and_open_shift(line);
  for (int i = 0; i < 3; ++i) must_succeed(line, shtrih::full_status_request{}, 3000ms);  // warm-up

  note("link round trip: " + std::to_string(status_exchanges) + " status exchanges");
  std::vector<double> latencies_ms;
  for (int i = 0; i < status_exchanges; ++i) {
    const auto t0 = bench_clock::now();
    must_succeed(line, shtrih::full_status_request{}, 3000ms);
    latencies_ms.push_back(ms_since(t0));
  }
  const std::vector<param> status_params{str("command", "status_11h"), num("exchanges", status_exchanges),
                                         num("byte_timeout_ms", static_cast<double>(timing.byte_timeout.count()))};
  report("link_status_roundtrip_p50", status_params, percentile(latencies_ms, 50), "ms");
  report("link_status_roundtrip_p90", status_params, percentile(latencies_ms, 90), "ms");
  report("link_status_roundtrip_p99", status_params, percentile(latencies_ms, 99), "ms");
  // The quiet floor (4 x byte_timeout) is a constant of the protocol, not a measurement:
  // it is not reported as a result, only named as a parameter of the figure derived from it.
  std::vector<param> over_floor_params = status_params;
  over_floor_params.push_back(num("derived_quiet_floor_ms", quiet_floor_ms));
  report("link_status_roundtrip_over_floor_p50", over_floor_params, percentile(latencies_ms, 50) - quiet_floor_ms,
         "ms");

  note("link round trip: " + std::to_string(receipts) + " one-row receipts");
  const shtrih::position_request position = sample_position();
  const shtrih::close_receipt_request close = sample_close();
  std::vector<double> receipt_ms;
  const auto start = bench_clock::now();
  for (int i = 0; i < receipts; ++i) {
    const auto t0 = bench_clock::now();
    must_succeed(line, position, 5000ms);
    must_succeed(line, close, 10000ms);
    receipt_ms.push_back(ms_since(t0));
  }
  const double elapsed = seconds_between(start, bench_clock::now());
  const std::vector<param> receipt_params{str("receipt", "one_row_FF46h_FF45h"), num("devices", 1),
                                          num("receipts", receipts),
                                          num("byte_timeout_ms", static_cast<double>(timing.byte_timeout.count()))};
  report("link_receipt_rate", receipt_params, receipts / elapsed, "receipts/s");
  report("link_receipt_latency_p50", receipt_params, percentile(receipt_ms, 50), "ms");
  report("link_receipt_latency_p99", receipt_params, percentile(receipt_ms, 99), "ms");
  farm.stop();

  measure_short_quiet(quick ? 20 : 100, quick ? 5 : 25);
  return 0;
}
