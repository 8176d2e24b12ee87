#include "http/ops/farm_metrics.hpp"

#include <prometheus/gauge.h>
#include <prometheus/text_serializer.h>

#include "http/ops/farm_gauges.hpp"

namespace ws::http::ops {

namespace {

/// Receipt latency buckets, seconds: a few milliseconds on the packet level to a minute
/// for one waiting behind a long queue.
const prometheus::Histogram::BucketBoundaries document_buckets{0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
                                                               2.5,  5,     10,   30,  60,   120};

}  // namespace

std::string to_string(document_outcome outcome) {
  switch (outcome) {
    case document_outcome::printed: return "printed";
    case document_outcome::failed: return "failed";
    case document_outcome::unknown: return "unknown";
  }
  return "unknown";
}

farm_metrics::farm_metrics(std::string version)
    : registry_(std::make_shared<prometheus::Registry>()),
      http_requests_(prometheus::BuildCounter()
                         .Name("whitespirit_http_requests_total")
                         .Help("HTTP requests answered, by method, route and status")
                         .Register(*registry_)),
      documents_(prometheus::BuildCounter()
                     .Name("whitespirit_documents_total")
                     .Help("Receipts and corrections run (replays not counted) by kind and outcome: printed, failed "
                           "(nothing printed), unknown (to check on the register)")
                     .Register(*registry_)),
      document_seconds_(prometheus::BuildHistogram()
                            .Name("whitespirit_document_duration_seconds")
                            .Help("Time from a receipt's or correction's admission to its answer, by kind")
                            .Register(*registry_)),
      operations_(prometheus::BuildCounter()
                      .Name("whitespirit_operations_total")
                      .Help("Operations on one register (shifts, reports, status...) by operation and outcome: ok "
                            "or the API error name")
                      .Register(*registry_)),
      broker_overloads_(prometheus::BuildCounter()
                            .Name("whitespirit_broker_overloaded_total")
                            .Help("Jobs the broker refused: its queues were full or it was stopping (503)")
                            .Register(*registry_)
                            .Add({})) {
  prometheus::BuildGauge()
      .Name("whitespirit_build_info")
      .Help("Always 1; the version label names the running build")
      .Register(*registry_)
      .Add({{"version", std::move(version)}})
      .Set(1);
}

void farm_metrics::count_http_request(const std::string& method, const std::string& route, int status) {
  http_requests_.Add({{"method", method}, {"route", route}, {"status", std::to_string(status)}}).Increment();
}

void farm_metrics::count_document(const std::string& kind, document_outcome outcome, double seconds) {
  documents_.Add({{"kind", kind}, {"outcome", to_string(outcome)}}).Increment();
  document_seconds_.Add({{"kind", kind}}, document_buckets).Observe(seconds);
}

void farm_metrics::count_operation(const std::string& operation, const std::string& outcome) {
  operations_.Add({{"operation", operation}, {"outcome", outcome}}).Increment();
}

void farm_metrics::count_broker_overload() { broker_overloads_.Increment(); }

std::string farm_metrics::exposition(const farm_snapshot& farm) const {
  auto families = registry_->Collect();
  auto gauges = farm_gauges(farm);
  families.insert(families.end(), std::make_move_iterator(gauges.begin()), std::make_move_iterator(gauges.end()));
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace ws::http::ops
