// The device model alone: kkt_device::execute for a one-row receipt (FF46h position,
// FF45h close) in-process, with every state write fsynced (durable) and without. Reports
// receipts/s, per-receipt latency (median, p99) and the bytes the state folder grows by
// per receipt.

#include <stdexcept>
#include <string>
#include <vector>

#include "bench/bench_common.hpp"
#include "emulator/kkt_device.hpp"
#include "protocol/shtrih/commands.hpp"

namespace {

using namespace ws;
using namespace ws::bench;

/// Executes `request` and fails the benchmark unless the device answered ERR 0.
template <class Request>
void must_succeed(emulator::kkt_device& device, const Request& request) {
  const bytes reply = device.execute(request.encode()).reply;
  const auto header = shtrih::parse_reply_header(reply);
  if (header.error != 0)
    throw std::runtime_error("command " + std::to_string(header.code.value()) + " failed with error " +
                             std::to_string(header.error));
}

void register_and_open_shift(emulator::kkt_device& device) {
  must_succeed(device, shtrih::begin_registration_request{});
  shtrih::registration_request registration;
  registration.params.inn = "7701234567";
  registration.params.registration_number = "0000000001012345";
  registration.params.taxation_systems = shtrih::taxation::osn;
  registration.params.work_mode = 0;
  must_succeed(device, registration);
  must_succeed(device, shtrih::open_shift_request{});
}

std::string to_hex(const bytes& data) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (byte_t b : data) {
    out += digits[b >> 4];
    out += digits[b & 0x0F];
  }
  return out;
}

struct receipt_commands {
  bytes position;
  bytes close;
};

receipt_commands one_row_receipt() {
  shtrih::position_request position;
  position.price = 10000;
  position.vat = shtrih::vat_code::vat20;
  position.name = "Товар";
  shtrih::close_receipt_request close;
  close.payments[shtrih::payment_slot::cash] = 10000;
  close.taxation_system = shtrih::taxation::osn;
  return {position.encode(), close.encode()};
}

/// One device in its own folder, selling one-row receipts and keeping what they cost.
class device_under_test {
 public:
  explicit device_under_test(bool durable) : durable_(durable), device_(settings(durable), dir_.path()) {
    register_and_open_shift(device_);
    for (int i = 0; i < 20; ++i) sell();  // warm-up
    bytes_before_ = folder_bytes(dir_.path());
  }

  /// Sells receipts for `length` (at most `max_receipts`); keeps the round's rate.
  void run_round(std::chrono::milliseconds length, std::size_t max_receipts) {
    std::size_t sold = 0;
    const auto start = bench_clock::now();
    while (sold < max_receipts && bench_clock::now() - start < length) {
      const auto t0 = bench_clock::now();
      sell();
      latencies_us_.push_back(std::chrono::duration<double, std::micro>(bench_clock::now() - t0).count());
      ++sold;
    }
    round_rates_.push_back(static_cast<double>(sold) / seconds_between(start, bench_clock::now()));
  }

  void report_results() const {
    const auto receipts = static_cast<double>(latencies_us_.size());
    const std::vector<param> params{str("durable", durable_ ? "fsync" : "no_fsync"), num("receipts", receipts),
                                    num("rounds", static_cast<double>(round_rates_.size()))};
    report("device_receipt_rate", params, median(round_rates_), "receipts/s");
    report("device_receipt_latency_p50", params, median(latencies_us_), "us");
    report("device_receipt_latency_p99", params, percentile(latencies_us_, 99), "us");
    // Whether a receipt costs more as the archive grows: the first and the last tenth.
    const auto tenth = static_cast<std::ptrdiff_t>(latencies_us_.size() / 10);
    if (tenth > 0) {
      report("device_receipt_latency_first_tenth_p50", params,
             median({latencies_us_.begin(), latencies_us_.begin() + tenth}), "us");
      report("device_receipt_latency_last_tenth_p50", params,
             median({latencies_us_.end() - tenth, latencies_us_.end()}), "us");
    }
    report("device_state_bytes_per_receipt", params,
           static_cast<double>(folder_bytes(dir_.path()) - bytes_before_) / receipts, "bytes");
  }

 private:
  static emulator::device_settings settings(bool durable) {
    emulator::device_settings s;
    s.durable = durable;
    return s;
  }
  void sell() {
    for (const bytes* command : {&receipt_.position, &receipt_.close}) {
      const bytes reply = device_.execute(*command).reply;
      if (reply.size() < 2 || shtrih::parse_reply_header(reply).error != 0)
        throw std::runtime_error("a receipt command failed: reply " + to_hex(reply));
    }
  }

  bool durable_;
  temp_dir dir_;
  emulator::kkt_device device_;
  receipt_commands receipt_ = one_row_receipt();
  std::uintmax_t bytes_before_ = 0;
  std::vector<double> latencies_us_;
  std::vector<double> round_rates_;
};

}  // namespace

int main(int argc, char** argv) {
  // Rounds alternate between the two devices so a change in the machine's load (other
  // builds share the disk) falls on both rather than on one.
  const bool quick = quick_mode(argc, argv);
  const int rounds = quick ? 3 : 8;
  const auto round_length = std::chrono::milliseconds(quick ? 400 : 1000);
  const std::size_t max_per_round = 5000;
  device_under_test fast(false);
  device_under_test durable(true);
  for (int round = 0; round < rounds; ++round) {
    note("device model: round " + std::to_string(round + 1) + " of " + std::to_string(rounds));
    fast.run_round(round_length, max_per_round);
    durable.run_round(round_length, max_per_round);
  }
  fast.report_results();
  durable.report_results();
  return 0;
}
