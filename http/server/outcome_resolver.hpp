#pragma once
// Outcomes read from the FN, never guessed. A journal entry left dispatched (the server
// stopped while a register had it) or unknown (the line was lost after the closing
// command, the register's actor stopped) is resolved as soon as its register answers: a
// register runs one job at a time, so the request's document, if it was printed, is the
// first receipt or correction after the FN's last document before the job (the journal
// holds that number: the register reported it before its first command). Shift reports
// the job itself made are skipped. That document matching the request (jobs::
// is_receipt_of / is_correction_of: type, total, rows) -> printed, with the answer the
// POST would have given; no such document, or another one -> failed, nothing printed,
// and the key is free again.
//
// Until then the register is held: the broker routes it no new work (which would put
// another document where this one is looked for); reading its documents by serial number
// still runs. One background thread, a pass every `interval`.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http/server/front_state.hpp"

namespace ws::http::server {

class outcome_resolver {
 public:
  explicit outcome_resolver(front_state& state, std::chrono::milliseconds interval = std::chrono::seconds(1));
  ~outcome_resolver();
  outcome_resolver(const outcome_resolver&) = delete;
  outcome_resolver& operator=(const outcome_resolver&) = delete;

  /// One pass over the unresolved entries (the thread's work): holds their registers,
  /// resolves what their registers can tell now. Returns how many remain unresolved.
  std::size_t pass();

 private:
  enum class verdict { printed, not_printed, cannot_tell_yet };
  verdict resolve(const journal::entry& entry);
  /// Unresolved entries whose request is not running here now.
  std::vector<journal::entry> waiting_entries();
  static std::set<std::string> serials_of(const std::vector<journal::entry>& entries);
  /// Tells the broker the registers to hold, when they changed.
  void hold(const std::set<std::string>& serials);
  void run();
  bool stopping();

  front_state& state_;
  std::chrono::milliseconds interval_;
  std::set<std::string> held_;  ///< what the broker was last told
  bool told_broker_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ws::http::server
