#pragma once
// The default handler of the farm's actors. Their typed behaviours handle every message of
// their interface in every state (a timer or line event left over from an earlier state is
// ignored by the state's own handler), so only a message outside the interface lands here:
// one sent through an untyped handle (actor_cast). CAF 0.17's own `drop` answers an
// unmatched message with unexpected_message, which makes the actor quit. Such a message is
// dropped silently instead; an unmatched request still gets an error answer.

#include <caf/all.hpp>

namespace ws::actors {

inline caf::result<caf::message> ignore_stale(caf::scheduled_actor* self, caf::message_view&) {
  if (self->current_message_id().is_request()) return caf::make_error(caf::sec::unexpected_message);
  return caf::message{};
}

}  // namespace ws::actors
