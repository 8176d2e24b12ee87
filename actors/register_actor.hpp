#pragma once
// The register actor: one per device. It owns the device's line (through line_io) and the
// host side of the Shtrih-M link, and runs one job at a time. Its interface (register_actor)
// is in actors/farm_messages.hpp. Its states are typed behaviours switched with `become`,
// each answering the whole interface:
//
//   connecting --line up--> identifying --FCh, 11h, FF01h (FF0Ah FD 1 if registered),
//                                          FF39h, FF03h (the health read)--> ready
//   ready --run_job--> busy --job finished--> ready
//   busy --line lost--> recovering --line back--> busy (job->on_line_restored())
//   any other failure of the line or of identification --> offline --backoff--> connecting
//
// A job arrives as an order (jobs::job_order, plain data): the register builds the job
// itself (jobs::build_job, or register_options::build_job), refuses an order that arrives
// with no time left or whose `before` condition is false on its attributes, and answers a
// jobs::job_outcome exactly once: the job's result, a refusal when the register is not
// ready, or at the order's deadline (job->on_deadline()). An order that arrives while a
// job runs (busy, recovering; from another front, or sent on a stale status) is refused
// with failure_kind::busy and nothing sent: never two jobs at once, whoever sends them.
//
// Every exchange on the line belongs to a job, one at a time, all run by one engine: the
// client's, or the register's own upkeep written as job scripts too (identify_job when the
// line comes up; fn_refresh_job after each client job; registration_read_job after a job
// registered the FN; poll_job, 11h every poll_interval while idle: a poll the device does
// not answer takes the register offline; fn_health_job, FF39h and FF03h for the OFD
// backlog and the FN's expiry, when health_read_schedule says it is due: at
// identification, after a document, at most every health_interval otherwise, and never
// before a client's job that waits). An order that arrives while an upkeep job is on
// the line waits for it. Each change of state is published to subscribers as a
// register_status; subscribers are monitored and dropped when they go down.
//
// Between jobs it remembers the current shift's opening (jobs::shift_opening, learnt from
// the job that opened the shift or a receipt that found it) and hands it to the next job,
// so a receipt knows the shift's age without reading the FN archive. It forgets it when
// the shift closes (FF01h after a job, 11h poll), or the FN or device on the line changes.
// A job that lost its line is reconnected at a steady reconnect_min cadence, not backoff.
//
// The link speaks the low level its configuration names (register_config::low_level):
// the standard ENQ/ACK/NAK one or the numbered packets; the actor drives both alike.

#include <functional>
#include <memory>

#include <caf/all.hpp>

#include "actors/farm_messages.hpp"
#include "actors/line_io.hpp"
#include "protocol/shtrih/link_timing.hpp"

namespace ws::actors {

/// Builds the job an order asks for on this node. Production leaves it empty (then
/// jobs::build_job of the order's spec); tests put their own probe jobs behind orders.
using job_builder = std::function<std::shared_ptr<jobs::job>(const jobs::job_order&)>;

struct register_options {
  register_config config;  ///< config.low_level chooses the link: standard or packet level
  register_timing timing;
  shtrih::link_timing link;
  job_builder build_job;
};

/// Spawns a register actor driving `options.config.port` through `io` (which must outlive
/// the actor's line: stop `io` only after the actor exited).
register_actor spawn_register(caf::actor_system& system, line_io& io, register_options options);

}  // namespace ws::actors
