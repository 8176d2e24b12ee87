#include "actors/health_read_schedule.hpp"

namespace ws::actors {

void health_read_schedule::fn_unknown() {
  wanted_ = true;
  expiry_wanted_ = true;
}

bool health_read_schedule::due(clock::time_point now) const {
  return wanted_ || !last_read_ || now - *last_read_ >= interval_;
}

void health_read_schedule::read_done(clock::time_point now, bool expiry_read) {
  last_read_ = now;
  wanted_ = false;
  if (expiry_read) expiry_wanted_ = false;
}

}  // namespace ws::actors
