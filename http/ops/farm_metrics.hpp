#pragma once
// The farm's metrics in the Prometheus text format (prometheus-cpp's core and text
// serializer; our own HTTP front serves them). Two kinds:
//  - counters and a histogram the front counts as requests finish (HTTP requests by
//    route and status, receipts and register operations by outcome, receipt latency,
//    broker overload answers): kept here, in a prometheus::Registry;
//  - gauges of the farm as it is at the scrape (farm_gauges.hpp), built from one
//    farm_snapshot.
// Every count_* is thread-safe and cheap (a label lookup and an atomic add): the HTTP
// handler threads call them.

#include <memory>
#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "http/ops/farm_snapshot.hpp"

namespace ws::http::ops {

/// What became of a receipt or correction, as its outcome label says it.
enum class document_outcome { printed, failed, unknown };
std::string to_string(document_outcome outcome);

class farm_metrics {
 public:
  explicit farm_metrics(std::string version);
  farm_metrics(const farm_metrics&) = delete;
  farm_metrics& operator=(const farm_metrics&) = delete;

  /// One answered HTTP request; `route` is ops::route_label of its path.
  void count_http_request(const std::string& method, const std::string& route, int status);
  /// A receipt or correction ("receipt", "correction") that ran (not a replay), and how
  /// long it took from admission to its answer.
  void count_document(const std::string& kind, document_outcome outcome, double seconds);
  /// A per-register operation through the broker (open_shift, status...): "ok" or the
  /// API error name it ended with.
  void count_operation(const std::string& operation, const std::string& outcome);
  /// The broker refused a job: its queues were full (or it was stopping).
  void count_broker_overload();

  /// The whole exposition: the counters, and the gauges of `farm`.
  std::string exposition(const farm_snapshot& farm) const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& http_requests_;
  prometheus::Family<prometheus::Counter>& documents_;
  prometheus::Family<prometheus::Histogram>& document_seconds_;
  prometheus::Family<prometheus::Counter>& operations_;
  prometheus::Counter& broker_overloads_;
};

}  // namespace ws::http::ops
