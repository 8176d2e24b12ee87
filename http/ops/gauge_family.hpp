#pragma once
// Building the metric families of a scrape by hand (prometheus-cpp's MetricFamily, then
// its text serializer): a family and one sample of it.

#include <string>
#include <vector>

#include <prometheus/metric_family.h>

namespace ws::http::ops {

using metric_labels = std::vector<prometheus::ClientMetric::Label>;

/// An empty gauge family (set `type` to Counter for a counter built the same way).
prometheus::MetricFamily gauge_family(std::string name, std::string help);

/// One sample of `family` (its value as a gauge or a counter, as the family's type says).
void add_sample(prometheus::MetricFamily& family, metric_labels labels, double value);

}  // namespace ws::http::ops
