#include "actors/health_read_schedule.hpp"

#include <algorithm>

namespace ws::actors {

void health_read_schedule::fn_unknown() {
  read_at_once_ = true;
  expiry_wanted_ = true;
}

bool health_read_schedule::due(clock::time_point now) const {
  if (read_at_once_ || !last_read_) return true;
  const auto since = now - *last_read_;
  return since >= interval_ || (document_since_read_ && since >= std::min(interval_, after_document_gap));
}

void health_read_schedule::read_done(clock::time_point now, bool expiry_read) {
  last_read_ = now;
  read_at_once_ = false;
  document_since_read_ = false;
  if (expiry_read) expiry_wanted_ = false;
}

}  // namespace ws::actors
