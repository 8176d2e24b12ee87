#pragma once
// The default handler of the farm's actors. Timers and line events of an earlier state
// (a poll tick after the line went down, a reconnect that is no longer wanted) arrive in
// states that do not handle them; CAF 0.17's own `drop` answers an unmatched message with
// unexpected_message, which makes the actor quit. These are dropped silently instead; an
// unmatched request still gets an error answer.

#include <caf/all.hpp>

namespace ws::actors {

inline caf::result<caf::message> ignore_stale(caf::scheduled_actor* self, caf::message_view&) {
  if (self->current_message_id().is_request()) return caf::make_error(caf::sec::unexpected_message);
  return caf::message{};
}

}  // namespace ws::actors
