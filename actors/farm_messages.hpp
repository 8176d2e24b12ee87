#pragma once
// The vocabulary of the farm: every atom, message type and actor interface the register,
// group (and later broker and cluster) actors exchange, in one header so that every node
// registers the same types under the same names.
//
// Register actor (dynamically typed: its states are behaviours switched with `become`,
// and each state answers the same public protocol):
//   (run_job_atom, job_request)      -> jobs::job_failure   one job at a time; always answered
//                                                            within job_request::timeout
//   (status_atom)                    -> register_status     its current status
//   (subscribe_atom, actor)                                 the actor gets every register_status
//   (unsubscr_atom, actor)
//   (subscrs_atom)                   -> std::uint32_t       subscribers held (dead ones dropped)
// Group actor:
//   (subscribe_atom, actor)          the actor gets (reg_handle_atom, register_config, actor) for
//                                    every register (again after a restart) and every
//                                    register_status (its port names the register)
//   (members_atom)                   -> std::vector<register_member>
//   (subscrs_atom)                   -> std::uint32_t       subscribers held (dead ones dropped)
// Internal to the register (posted by its line on the io thread, or by its own timers):
//   (line_up_atom, generation), (line_bytes_atom, generation, bytes),
//   (line_down_atom, generation, reason), (link_tick_atom, seq), (deadline_atom, job_seq),
//   (poll_atom, seq), (reconnect_atom, seq).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/jobs/job.hpp"

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
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_config& x) {
  return f(caf::meta::type_name("register_config"), x.serial_number, x.port, x.baud, x.groups);
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

/// One register as a group knows it.
struct register_member {
  register_config config;
  caf::actor handle;             ///< invalid while waiting for a restart or given up
  int restarts = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, register_member& x) {
  return f(caf::meta::type_name("register_member"), x.config, x.handle, x.restarts);
}

/// A job to run on one register. The job object is local to the process that built it
/// (the caller keeps its shared_ptr to read the typed result after the answer), so this
/// message never crosses nodes; a remote broker sends job specs instead (later).
struct job_request {
  std::shared_ptr<jobs::job> job;
  caf::timespan timeout = std::chrono::seconds(30);  ///< the register answers within it
};

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
// Broker actor:
//   broker_request                       -> broker_result   one job, routed by INN and group
//   (ping_atom, broker::ping_query)      -> broker::ping_result
//   (stats_atom)                         -> broker::broker_stats
//   (join_group_atom, actor)             subscribe to a group actor's registers
// Internal: (expire_atom, seq) its wait-deadline timer.
namespace ws::actors {
using ping_atom = caf::atom_constant<caf::atom("ping")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using join_group_atom = caf::atom_constant<caf::atom("join_group")>;
using expire_atom = caf::atom_constant<caf::atom("expire")>;
}  // namespace ws::actors
