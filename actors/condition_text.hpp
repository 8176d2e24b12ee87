#pragma once
// The request's conditions travel as their source text (jobs::condition_text); the front
// (to refuse a bad one with 400 at once), the broker (accept_device, after_select_device)
// and the register (`before`) each parse it with this one function.

#include "actors/conditions/conditional.hpp"
#include "actors/jobs/job_order.hpp"

namespace ws::actors {

/// Parses every condition of `text`; throws conditions::condition_error naming the entry.
conditions::conditional parse_condition_text(const jobs::condition_text& text);

}  // namespace ws::actors
