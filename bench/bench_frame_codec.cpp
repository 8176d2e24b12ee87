// Frame codec throughput: encode_frame() and frame_decoder::feed() on typical frames.
// Decoding is measured twice: the whole frame in one chunk (a read that got it all) and
// one byte per feed() (the worst case a slow serial line gives).

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/bench_common.hpp"
#include "protocol/shtrih/commands.hpp"
#include "protocol/shtrih/frame.hpp"

namespace {

using namespace ws;
using namespace ws::bench;

struct sample_frame {
  std::string name;
  bytes payload;  ///< CMD + DATA
};

std::vector<sample_frame> sample_frames() {
  shtrih::position_request position;
  position.price = 12345;
  position.quantity = 2'000'000;
  position.vat = shtrih::vat_code::vat20;
  position.name = "Молоко 3,2% 1 л";
  shtrih::close_receipt_request close;
  close.payments[shtrih::payment_slot::cash] = 24690;
  close.vat_sums[shtrih::vat_slot::vat20] = 4115;
  bytes tlv_reply{0xFF, 0x3B, 0x00};  // a document block reply: CMD, ERR, then TLV bytes
  while (tlv_reply.size() < 250) tlv_reply.push_back(static_cast<byte_t>(tlv_reply.size() * 7));
  return {{"status_11h", shtrih::full_status_request{}.encode()},
          {"position_FF46h", position.encode()},
          {"close_FF45h", close.encode()},
          {"tlv_reply_250", tlv_reply}};
}

/// Runs `body` (which handles `batch` frames) repeatedly for about `budget`; returns frames/s.
template <class Body>
double frames_per_second(Body&& body, std::size_t batch, std::chrono::milliseconds budget) {
  std::size_t frames = 0;
  const auto start = bench_clock::now();
  const auto stop = start + budget;
  while (bench_clock::now() < stop) {
    body();
    frames += batch;
  }
  return static_cast<double>(frames) / seconds_between(start, bench_clock::now());
}

void measure(const std::string& operation, const sample_frame& frame, std::size_t wire_bytes, int repetitions,
             std::chrono::milliseconds budget, const std::function<void()>& body, std::size_t batch) {
  frames_per_second(body, batch, budget / 4);  // warm-up
  std::vector<double> rates;
  for (int i = 0; i < repetitions; ++i) rates.push_back(frames_per_second(body, batch, budget));
  const double rate = median(rates);
  const std::vector<param> params{str("frame", frame.name), num("wire_bytes", static_cast<double>(wire_bytes)),
                                  num("repetitions", repetitions)};
  report("frame_" + operation + "_rate", params, rate, "frames/s");
  report("frame_" + operation + "_throughput", params, rate * static_cast<double>(wire_bytes) / 1e6, "MB/s");
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = quick_mode(argc, argv);
  const int repetitions = quick ? 3 : 7;
  const auto budget = std::chrono::milliseconds(quick ? 100 : 300);
  constexpr std::size_t batch = 1000;
  const auto now = shtrih::time_point{} + std::chrono::hours(1);

  for (const auto& frame : sample_frames()) {
    note("frame codec: " + frame.name);
    const bytes wire = shtrih::encode_frame(frame.payload);

    measure("encode", frame, wire.size(), repetitions, budget, [&] {
      for (std::size_t i = 0; i < batch; ++i) keep(shtrih::encode_frame(frame.payload));
    }, batch);

    shtrih::frame_decoder decoder;
    std::vector<shtrih::frame_event> events;
    events.reserve(batch + 1);
    measure("decode_whole", frame, wire.size(), repetitions, budget, [&] {
      events.clear();
      for (std::size_t i = 0; i < batch; ++i) decoder.feed(wire.data(), wire.size(), now, events);
      if (events.size() != batch || events.back().what != shtrih::frame_event::kind::frame)
        throw std::runtime_error("decoder lost a frame");
    }, batch);

    measure("decode_bytewise", frame, wire.size(), repetitions, budget, [&] {
      events.clear();
      for (std::size_t i = 0; i < batch; ++i)
        for (std::size_t b = 0; b < wire.size(); ++b) decoder.feed(&wire[b], 1, now, events);
      if (events.size() != batch || events.back().what != shtrih::frame_event::kind::frame)
        throw std::runtime_error("decoder lost a frame");
    }, batch);
  }
  return 0;
}
