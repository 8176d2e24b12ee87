#pragma once
// When a register reads its FN's health (jobs::fn_health_job: FF39h, and FF03h when the
// expiry is wanted) as part of its upkeep, so /metrics and the dashboard show the OFD
// backlog and the FN's expiry without a device command per scrape:
//   - at identification (a new line, maybe another device or FN),
//   - after a job made a fiscal document (the OFD queue grew), once at least
//     `after_document_gap` has passed since the last read: a register printing a receipt
//     a second would otherwise double its device traffic for a figure an operator reads
//     in minutes (the OFD's lock comes after 30 days),
//   - otherwise at most every `interval` (the queue drains as the OFD acknowledges).
// The register asks due() only when its line is free and no client's job waits, so a
// job never waits for a health read that was merely due. A read counts as done whether or
// not the device answered it: a device that does not answer is not asked again at once.
// The FN's expiry date changes only with the FN: it is read at identification and after
// the FN on the line changed.

#include <chrono>
#include <optional>

namespace ws::actors {

class health_read_schedule {
 public:
  using clock = std::chrono::steady_clock;

  /// The least time between a read and the next one a document asks for.
  static constexpr clock::duration after_document_gap = std::chrono::seconds(10);

  explicit health_read_schedule(clock::duration interval) : interval_(interval) {}

  /// Identification, or another FN on the line: read at the next free moment, the
  /// expiry included.
  void fn_unknown();
  /// A document was made since the last read: read at the next free moment once
  /// after_document_gap (or the interval, if shorter) has passed since the last read.
  void document_made() { document_since_read_ = true; }

  bool due(clock::time_point now) const;
  bool expiry_wanted() const { return expiry_wanted_; }
  /// A read finished at `now` (`expiry_read`: its FF03h was answered).
  void read_done(clock::time_point now, bool expiry_read);

 private:
  clock::duration interval_;
  std::optional<clock::time_point> last_read_;
  bool read_at_once_ = true;  // identification or another FN
  bool document_since_read_ = false;
  bool expiry_wanted_ = true;
};

}  // namespace ws::actors
