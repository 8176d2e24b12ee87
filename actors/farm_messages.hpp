#pragma once
// The vocabulary of the farm: every atom, message type and actor interface the register,
// group and broker actors exchange, in one header so that every node registers the same
// types under the same names and the compiler checks both directions of every message.
//
// The interfaces (typed actor handles) follow the types they carry: register_actor,
// group_actor, broker_actor, each its public protocol (register_public, ...) extended by
// the messages only the actor's own line (io thread), its timers or its subscriptions send. Down and exit messages are handled apart (CAF
// system messages, not part of an interface).
//
// Subscribers stay dynamically typed (caf::actor): a register's subscribers are its group
// or a test probe, a group's subscribers the broker, the program's fiscalisation probe or
// a test; each receives register_status (and from a group, reg_handle messages) next to
// its own protocol, so no one typed interface fits them all.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/broker/broker_core.hpp"
#include "actors/farm_serialization.hpp"
#include "actors/jobs/identify_job.hpp"
#include "actors/jobs/job_order.hpp"
#include "actors/register_health.hpp"
#include "protocol/shtrih/low_level.hpp"

namespace ws::actors {

// ---- atoms (at most 10 characters) ----
using run_job_atom = caf::atom_constant<caf::atom("run_job")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using subscribe_atom = caf::atom_constant<caf::atom("subscribe")>;
using unsubscr_atom = caf::atom_constant<caf::atom("unsubscr")>;
using members_atom = caf::atom_constant<caf::atom("members")>;
using reg_handle_atom = caf::atom_constant<caf::atom("reg_handle")>;
using line_up_atom = caf::atom_constant<caf::atom("line_up")>;
using line_bytes_atom = caf::atom_constant<caf::atom("line_bytes")>;
using line_down_atom = caf::atom_constant<caf::atom("line_down")>;
using link_tick_atom = caf::atom_constant<caf::atom("link_tick")>;
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
using poll_atom = caf::atom_constant<caf::atom("poll")>;
using reconnect_atom = caf::atom_constant<caf::atom("reconnect")>;
using restart_atom = caf::atom_constant<caf::atom("restart")>;
/// (subscrs_atom) -> std::uint32_t: how many subscribers a register or group holds (a
/// subscriber is monitored and dropped when it goes down).
using subscrs_atom = caf::atom_constant<caf::atom("subscrs")>;
/// (dispatched_atom, dispatch_record) -> dispatched_atom: a journaled order's register asks its
/// journal to record where the request went, before sending its first command.
using dispatched_atom = caf::atom_constant<caf::atom("dispatched")>;

/// Where a journaled request went: the register that took it, its FN and the FN's last
/// document number at that moment (the request's document, if it is printed, is the
/// first receipt or correction after that one: how an unknown outcome is resolved).
struct dispatch_record {
  std::string serial_number;
  std::string fn_number;
  std::uint32_t last_document_number = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dispatch_record& x) {
  return f(caf::meta::type_name("dispatch_record"), x.serial_number, x.fn_number, x.last_document_number);
}

/// How one register is reached and where it belongs (from configuration).
struct register_config {
  std::string serial_number;         ///< expected device serial (digits); empty: accept any
  std::string port;                  ///< /dev/ttyUSB0, a pty symlink, or tcp://127.0.0.1:7001
  std::uint32_t baud = 115200;
  std::vector<std::string> groups;
  /// The Shtrih-M low level the line speaks. A real device starts on the standard one;
  /// the packet level must have been chosen on it (or the device picks by first byte).
  shtrih::low_level low_level = shtrih::low_level::standard;
};

/// The low level travels by its name ("standard", "packet"), which reads well in
/// to_string and is checked when a message is deserialised.
template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_config& x) {
  std::string level{shtrih::low_level_name(x.low_level)};
  auto read_level = caf::meta::load_callback([&]() -> caf::error {
    const auto parsed = shtrih::low_level_from_name(level);
    if (!parsed) return caf::make_error(caf::sec::invalid_argument, "unknown low level: " + level);
    x.low_level = *parsed;
    return caf::none;
  });
  return f(caf::meta::type_name("register_config"), x.serial_number, x.port, x.baud, x.groups, level, read_level);
}

/// Timing knobs of a register actor (defaults for a real device; tests shorten them).
struct register_timing {
  caf::timespan poll_interval = std::chrono::seconds(5);       ///< idle 11h status poll
  /// Longest wait between health reads (FF39h OFD backlog) of an idle register; it reads
  /// at identification and after a document too (health_read_schedule.hpp).
  caf::timespan health_interval = std::chrono::seconds(60);
  caf::timespan reconnect_min = std::chrono::milliseconds(200);  ///< first reconnect delay
  caf::timespan reconnect_max = std::chrono::seconds(10);      ///< backoff cap
};

enum class register_state : std::uint8_t {
  connecting,   ///< opening the line
  identifying,  ///< asking the device who it is (FCh, 11h, FF01h, FF0Ah FD 1 when registered)
  ready,        ///< idle, accepts a job
  busy,         ///< running one job
  recovering,   ///< line lost during a job: reconnecting to finish it
  offline,      ///< no usable line; reconnecting with backoff
};

std::string to_string(register_state state);

/// What identification learnt about the device (identify_job's result).
using jobs::register_identity;

/// Published on every change of state (and answered to status_atom).
struct register_status {
  std::string port;              ///< the configured port: names the register before identification
  register_state state = register_state::connecting;
  register_identity identity;    ///< valid once identified (serial_number not empty)
  std::string detail;            ///< why offline / recovering, for people
  register_health health;        ///< clock offset, shift opening: what the upkeep learnt
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_status& x) {
  return f(caf::meta::type_name("register_status"), x.port, x.state, x.identity, x.detail, x.health);
}

/// The register actor (actors/register_actor.hpp): one device, one job at a time.
using register_public = caf::typed_actor<
    /// Builds the job from the order on this node and runs it; answered exactly once,
    /// within the order's time_left (an order that arrives with none left is refused
    /// unstarted).
    caf::replies_to<run_job_atom, jobs::job_order>::with<jobs::job_outcome>,
    /// The same, journaled: right before the job's first command the register asks the
    /// journal actor (dispatched_atom, dispatch_record) and waits for its dispatched_atom; an error or
    /// no answer by the order's deadline fails the job with nothing sent.
    caf::replies_to<run_job_atom, jobs::job_order, caf::actor>::with<jobs::job_outcome>,
    caf::replies_to<status_atom>::with<register_status>,
    /// The subscriber gets every register_status (it is monitored, dropped when down).
    caf::reacts_to<subscribe_atom, caf::actor>,
    caf::reacts_to<unsubscr_atom, caf::actor>,
    /// Subscribers held (dead ones dropped).
    caf::replies_to<subscrs_atom>::with<std::uint32_t>>;

/// What only the register's own line (from the io thread) and its timers send it; each
/// carries the line generation or timer sequence it belongs to, so stale ones are ignored.
using register_actor = register_public::extend<
    caf::reacts_to<line_up_atom, std::uint64_t>,                   // generation
    caf::reacts_to<line_bytes_atom, std::uint64_t, std::vector<std::uint8_t>>,  // generation, bytes
    caf::reacts_to<line_down_atom, std::uint64_t, std::string>,    // generation, reason
    caf::reacts_to<link_tick_atom, std::uint64_t>,                 // link timer sequence
    caf::reacts_to<deadline_atom, std::uint64_t>,                  // job sequence
    caf::reacts_to<poll_atom, std::uint64_t>,                      // idle poll sequence
    caf::reacts_to<reconnect_atom, std::uint64_t>>;                // reconnect sequence

/// One register as a group knows it.
struct register_member {
  register_config config;
  register_actor handle;         ///< invalid while waiting for a restart or given up
  int restarts = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_member& x) {
  return f(caf::meta::type_name("register_member"), x.config, x.handle, x.restarts);
}

/// The group actor (actors/group_actor.hpp): supervises the registers of one group.
using group_public = caf::typed_actor<
    /// The subscriber gets (reg_handle_atom, register_member) for every register (again
    /// after a restart) and every register_status (its port names the register).
    caf::reacts_to<subscribe_atom, caf::actor>,
    caf::reacts_to<unsubscr_atom, caf::actor>,
    caf::replies_to<members_atom>::with<std::vector<register_member>>,
    /// Subscribers held (dead ones dropped).
    caf::replies_to<subscrs_atom>::with<std::uint32_t>>;

/// What the group hears from its registers (it subscribes to each) and its restart timer.
using group_actor = group_public::extend<
    caf::reacts_to<register_status>,
    caf::reacts_to<restart_atom, std::uint64_t>>;  // index of the member to respawn

}  // namespace ws::actors

namespace ws::jobs {

std::string to_string(failure_kind kind);

}  // namespace ws::jobs

namespace ws::actors {

/// Registers every farm message type by name (same names on every node of a cluster).
void add_farm_message_types(caf::actor_system_config& config);

/// The version of the messages fronts and nodes exchange: this header's types and those of
/// actors/cluster/cluster_messages.hpp, with everything they carry. CAF compares no
/// version between nodes (its BASP version only), so a front refuses a node whose version
/// differs. Change it whenever a message type changes; builds with the same version work
/// together, so hosts can be upgraded one at a time.
// 2: failure_kind::busy, the OFD ticket read, FN health; 3: general clearing and FN reset orders;
// 4: the firmware upload order; 5: the buyer's INN in receipt_content
constexpr std::uint32_t cluster_protocol_version = 5;

}  // namespace ws::actors

// ---- the broker (actors/broker_actor.hpp) ----
namespace ws::actors {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using join_group_atom = caf::atom_constant<caf::atom("join_group")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
using list_atom = caf::atom_constant<caf::atom("list")>;
using locate_atom = caf::atom_constant<caf::atom("locate")>;
using hold_atom = caf::atom_constant<caf::atom("hold")>;
using join_node_atom = caf::atom_constant<caf::atom("join_node")>;
using leave_node_atom = caf::atom_constant<caf::atom("leave_node")>;

/// One request to the broker.
struct broker_request {
  /// What to run. Its time_left bounds each attempt on a register; its conditions are the
  /// request's `conditional` (the broker applies accept_device and after_select_device,
  /// the register `before`).
  jobs::job_order order;
  std::string inn;                         ///< the firm's INN (10 or 12 digits)
  std::string group;                       ///< empty: `_NOGROUP`
  std::chrono::milliseconds wait4free{0};  ///< how long it may wait for a free register
  /// The request's own deadline as time remaining from its arrival at the broker (it
  /// bounds the wait and the start of retries); zero: wait4free.
  std::chrono::milliseconds time_left{0};
  std::uint32_t retry_count = 0;           ///< other registers to try after a safe failure
  std::optional<std::string> target_serial;  ///< per-register operation: that device only
  /// Receipts and corrections: the journal actor the register tells where the request went
  /// before printing (see register_public); invalid: not journaled.
  caf::actor journal;
};

/// The one answer to a broker_request.
struct broker_result {
  broker::outcome kind = broker::outcome::completed;
  jobs::job_failure failure;          ///< the last run's failure (kind none: success)
  jobs::job_result result;            ///< what that run made or read, on success
  std::string port;                   ///< the register whose run is final (empty: none ran)
  std::string serial_number;          ///< its device serial (16 digits), when identified
  std::string registration_number;    ///< its registration number (RNM), when registered
  /// Its attributes as conditions see them, when the run is final and the request has
  /// conditions (for `after`).
  conditions::device_attributes device;
  std::string message;                ///< for people
  std::chrono::seconds retry_after{0};  ///< overloaded: suggested Retry-After
};

/// One register as the broker follows it, for the listing and per-register questions.
struct register_view {
  register_config config;
  std::string node;     ///< the cluster node hosting it; empty: this process
  std::string refused;  ///< why the broker gives it no work although it is up (a serial seen twice)
  std::optional<register_status> status;  ///< nullopt: no live actor, or none reported yet
  int restarts = 0;
  std::optional<broker::register_snapshot> snapshot;  ///< the broker's view: availability, queue

  /// The device serial once identified, else empty.
  std::string serial() const { return status ? status->identity.serial_number : std::string{}; }
};

/// The farm as the broker sees it: queues and routes, and its registers (all of them, or
/// the one a question named).
struct farm_listing {
  broker::broker_stats stats;
  std::vector<register_view> registers;
};

/// The pool broker (actors/broker_actor.hpp): routes jobs to free registers by INN and group.
using broker_public = caf::typed_actor<
    /// One job, routed by INN and group; always exactly one broker_result.
    caf::replies_to<broker_request>::with<broker_result>,
    caf::replies_to<ping_atom, broker::ping_query>::with<broker::ping_result>,
    caf::replies_to<stats_atom>::with<broker::broker_stats>,
    /// Every register the broker knows, with the queues: one request for the listing.
    caf::replies_to<list_atom>::with<farm_listing>,
    /// The register with that device serial (registers empty when none has it): one
    /// request to find the register of a per-register operation.
    caf::replies_to<locate_atom, std::string>::with<farm_listing>,
    /// Subscribe to a group actor's registers.
    caf::reacts_to<join_group_atom, group_actor>,
    /// The registers (by serial) given no routed job until released (the set replaces the
    /// last one): whether they printed a request is still to be read from their FN. Jobs
    /// sent to them by serial number still run.
    caf::reacts_to<hold_atom, std::vector<std::string>>,
    /// A cluster node joined (actors/cluster/front_registry.hpp): subscribe to its groups;
    /// their registers are named `node:port`. Again after a return: everything is taken afresh.
    caf::reacts_to<join_node_atom, std::string, std::vector<group_actor>>,
    /// The node is lost (second: why): its registers leave at once, a job running on one
    /// of them is answered outcome_unknown naming the register and the document to check.
    caf::reacts_to<leave_node_atom, std::string, std::string>>;

/// What the broker hears as a subscriber of its groups, and its wait-deadline timer.
using broker_actor = broker_public::extend<
    caf::reacts_to<reg_handle_atom, register_member>,
    caf::reacts_to<register_status>,
    caf::reacts_to<expire_atom, std::uint64_t>>;  // timer sequence

}  // namespace ws::actors

namespace ws::actors {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, broker_request& x) {
  return f(caf::meta::type_name("broker_request"), x.order, x.inn, x.group, x.wait4free, x.time_left, x.retry_count,
           x.target_serial, x.journal);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, broker_result& x) {
  return f(caf::meta::type_name("broker_result"), x.kind, x.failure, x.result, x.port, x.serial_number,
           x.registration_number, x.device, x.message, x.retry_after);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_view& x) {
  return f(caf::meta::type_name("register_view"), x.config, x.node, x.refused, x.status, x.restarts, x.snapshot);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, farm_listing& x) {
  return f(caf::meta::type_name("farm_listing"), x.stats, x.registers);
}

}  // namespace ws::actors
