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
#include "actors/jobs/job.hpp"
#include "protocol/shtrih/low_level.hpp"

// std::optional fields in inspected messages, the way CAF 0.17 does caf::optional (found by
// argument-dependent lookup through the inspector's namespace).
namespace caf {
template <class Inspector, class T>
typename std::enable_if<Inspector::reads_state, typename Inspector::result_type>::type inspect(
    Inspector& f, std::optional<T>& x) {
  return x ? f(true, *x) : f(false);
}
template <class Inspector, class T>
typename std::enable_if<Inspector::writes_state, typename Inspector::result_type>::type inspect(
    Inspector& f, std::optional<T>& x) {
  bool flag = false;
  T tmp{};
  optional_inspect_helper<T> helper{flag, tmp};
  auto guard = detail::make_scope_guard([&] {
    if (flag)
      x = std::move(tmp);
    else
      x = std::nullopt;
  });
  return f(flag, helper);
}
}  // namespace caf

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

/// What identification learnt about the device.
struct register_identity {
  std::string serial_number;     ///< from 11h, 16 digits zero-padded
  std::string model;             ///< device name from FCh
  std::string firmware_version;  ///< "10" and build from 11h
  std::uint16_t firmware_build = 0;
  std::uint64_t inn = 0;         ///< 11h, or the registration document when 11h has none (all ones: unknown)
  std::string fn_number;         ///< FF01h
  std::uint8_t fn_phase = 0;
  bool shift_open = false;
  std::uint32_t last_document_number = 0;
  std::uint8_t mode = 0;         ///< 11h mode, refreshed by the idle poll
  std::uint8_t submode = 0;
  std::string registration_number;  ///< RNM from the FN's registration document (FF0Ah FD 1); empty if none
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_identity& x) {
  return f(caf::meta::type_name("register_identity"), x.serial_number, x.model, x.firmware_version,
           x.firmware_build, x.inn, x.fn_number, x.fn_phase, x.shift_open, x.last_document_number, x.mode,
           x.submode, x.registration_number);
}

/// Published on every change of state (and answered to status_atom).
struct register_status {
  std::string port;              ///< the configured port: names the register before identification
  register_state state = register_state::connecting;
  register_identity identity;    ///< valid once identified (serial_number not empty)
  std::string detail;            ///< why offline / recovering, for people
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_status& x) {
  return f(caf::meta::type_name("register_status"), x.port, x.state, x.identity, x.detail);
}

/// A job to run on one register. The job object is local to the process that built it
/// (the caller keeps its shared_ptr to read the typed result after the answer), so this
/// message never crosses nodes; a remote broker sends job specs instead (later).
struct job_request {
  std::shared_ptr<jobs::job> job;
  caf::timespan timeout = std::chrono::seconds(30);  ///< the register answers within it
};

/// The register actor (actors/register_actor.hpp): one device, one job at a time.
using register_public = caf::typed_actor<
    /// Answered exactly once, within job_request::timeout.
    caf::replies_to<run_job_atom, job_request>::with<jobs::job_failure>,
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
    /// The subscriber gets (reg_handle_atom, register_config, register_actor) for every
    /// register (again after a restart) and every register_status (its port names the
    /// register).
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

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::actors::job_request)

namespace ws::jobs {

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, job_failure& x) {
  return f(caf::meta::type_name("job_failure"), x.kind, x.message, x.command, x.device_error,
           x.device_error_text, x.document_to_check);
}

std::string to_string(failure_kind kind);

}  // namespace ws::jobs

namespace ws::actors {

/// Registers every farm message type by name (same names on every node of a cluster).
void add_farm_message_types(caf::actor_system_config& config);

}  // namespace ws::actors

// ---- the broker (actors/broker_actor.hpp) ----
namespace ws::actors {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using join_group_atom = caf::atom_constant<caf::atom("join_group")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;

/// Makes a fresh job for each attempt: a retry runs a new job on another register.
using job_factory = std::function<std::shared_ptr<jobs::job>()>;
/// As job_factory, but told the attributes (sn, inn, groups, ...) of the register the
/// attempt runs on, as conditions see them: lets the caller decide right before the run
/// (e.g. the `before` condition) and remember which device it was.
using job_factory_on = std::function<std::shared_ptr<jobs::job>(const conditions::device_attributes&)>;

/// One request to the broker (local only: it carries a factory of local job objects).
struct broker_request {
  job_factory make_job;
  std::string inn;                         ///< the firm's INN (10 or 12 digits)
  std::string group;                       ///< empty: `_NOGROUP`
  std::chrono::milliseconds wait4free{0};  ///< how long it may wait for a free register
  broker::time_point deadline{};           ///< steady clock; bounds the wait
  unsigned retry_count = 0;                ///< other registers to try after a safe failure
  std::shared_ptr<const conditions::conditional> conditions;  ///< may be null
  std::optional<std::string> target_serial;  ///< per-register operation: that device only
  caf::timespan run_timeout = std::chrono::seconds(30);  ///< given to the register per attempt
  /// When set, used instead of make_job (which may then be empty).
  job_factory_on make_job_on;
};

/// The one answer to a broker_request.
struct broker_result {
  broker::outcome kind = broker::outcome::completed;
  jobs::job_failure failure;          ///< the last run's failure (kind none: success)
  std::string port;                   ///< the register whose run is final (empty: none ran)
  std::string serial_number;          ///< its device serial (16 digits), when identified
  std::string registration_number;    ///< its registration number (RNM), when registered
  std::shared_ptr<jobs::job> job;     ///< the job of that run: read its typed result
  std::string message;                ///< for people
  std::chrono::seconds retry_after{0};  ///< overloaded: suggested Retry-After
};

/// The pool broker (actors/broker_actor.hpp): routes jobs to free registers by INN and group.
using broker_public = caf::typed_actor<
    /// One job, routed by INN and group; always exactly one broker_result.
    caf::replies_to<broker_request>::with<broker_result>,
    caf::replies_to<ping_atom, broker::ping_query>::with<broker::ping_result>,
    caf::replies_to<stats_atom>::with<broker::broker_stats>,
    /// Subscribe to a group actor's registers.
    caf::reacts_to<join_group_atom, group_actor>>;

/// What the broker hears as a subscriber of its groups, and its wait-deadline timer.
using broker_actor = broker_public::extend<
    caf::reacts_to<reg_handle_atom, register_config, register_actor>,
    caf::reacts_to<register_status>,
    caf::reacts_to<expire_atom, std::uint64_t>>;  // timer sequence

}  // namespace ws::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::actors::broker_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::actors::broker_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::broker::ping_query)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::broker::ping_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(ws::broker::broker_stats)
