// whitespirit: the farm of fiscal registers behind the REST API.
//
//   whitespirit [--config-file=farm.ini] [--section.key=value ...]
//   whitespirit --version
//
// With registers configured it drives them; with none it starts the embedded default:
// emulated registers on ptys in this process, fiscalised for a demo firm, so that the
// API can be tried anywhere. It prints `whitespirit: listening on http://HOST:PORT` on
// standard output once it serves, and stops cleanly on SIGINT or SIGTERM (exit 0).
// Exit codes: 0 done, 1 could not start or run, 2 configuration error (on stderr, one
// line per problem, each naming its key).

#include <cstring>
#include <filesystem>
#include <future>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/farm.hpp"
#include "actors/farm_messages.hpp"
#include "apps/whitespirit/cluster_setup.hpp"
#include "apps/whitespirit/farm_setup.hpp"
#include "apps/whitespirit/fiscalise.hpp"
#include "apps/whitespirit/register_watch.hpp"
#include "apps/common/stop_signals.hpp"
#include "config/whitespirit_config.hpp"
#include "emulator/emulator_farm.hpp"
#include "http/ops/farm_log.hpp"
#include "http/server/front.hpp"
#include "protocol/shtrih/low_level.hpp"

#ifndef WS_VERSION
#define WS_VERSION "0.0.0"
#endif

namespace {

using namespace ws;
using std::chrono::milliseconds;

/// How long the embedded registers may take to come up and be registered.
constexpr std::chrono::seconds fiscalise_limit{60};
/// How long queued requests may still be served after a stop signal.
constexpr std::chrono::seconds drain_grace{3};

/// A line of the program's own (start, stop), in the configured log format.
void log(const std::string& line) { http::ops::log_event(http::ops::log_level::info, "whitespirit", {{"message", line}}); }

/// Cluster events (nodes joining and lost, fronts, refused registers), from actors.
void log_line_cluster(const std::string& line) { log("cluster: " + line); }

void configure_log(const config::log_settings& settings) {
  using level = config::log_settings::level;
  http::ops::log_level chosen = http::ops::log_level::info;
  switch (settings.level_) {
    case level::debug: chosen = http::ops::log_level::debug; break;
    case level::info: chosen = http::ops::log_level::info; break;
    case level::warn: chosen = http::ops::log_level::warn; break;
    case level::error: chosen = http::ops::log_level::error; break;
  }
  http::ops::configure_log(settings.format_ == config::log_settings::format::json ? http::ops::log_format::json
                                                                                   : http::ops::log_format::text,
                           chosen);
}

/// The embedded default's emulated registers, and the register entries that reach them.
std::vector<config::register_entry> start_emulators(const config::embedded_settings& embedded,
                                                    std::optional<emulator::emulator_farm>& emulated) {
  emulator::farm_options options;
  options.dir = std::filesystem::absolute(embedded.dir);
  options.count = embedded.devices;
  options.serial_base = embedded.serial_base;
  // Both ends of these lines live in this process and exchange bytes through the kernel
  // at once, so the Shtrih-M byte timeout (the least wait before answering, 50 ms on a
  // real RS-232 line) can shrink to a few milliseconds: a receipt of ~10 exchanges then
  // takes tens of milliseconds instead of a second. Real registers keep link.byte-timeout.
  options.timing.byte_timeout = embedded.byte_timeout;
  std::filesystem::create_directories(options.dir);
  emulated.emplace(options);
  std::vector<config::register_entry> registers;
  for (std::size_t i = 0; i < emulated->size(); ++i) {
    config::register_entry entry;
    entry.serial = emulated->device(i).info().serial_number;  // a device made earlier keeps its own
    entry.port = emulated->device(i).options().pty_link.string();
    registers.push_back(std::move(entry));
  }
  return registers;
}

void fiscalise_embedded(caf::actor_system& system, actors::farm& farm, const config::whitespirit_settings& settings,
                        const std::vector<config::register_entry>& registers, emulator::emulator_farm& emulated) {
  whitespirit::demo_firm firm;
  firm.inn = settings.embedded.firm_inn;
  firm.name = settings.embedded.firm_name;
  firm.address = settings.embedded.firm_address;
  firm.taxation_systems = whitespirit::taxation_bits(settings.embedded.tax_modes);
  std::vector<std::string> ports;
  for (const auto& r : registers) ports.push_back(r.port);
  const auto summary = whitespirit::fiscalise(system, farm, ports, firm, fiscalise_limit);
  for (const auto& other : summary.others) log(other);
  log("embedded default: " + std::to_string(registers.size()) + " emulated registers in " + settings.embedded.dir +
      " for INN " + firm.inn + " (" + std::to_string(summary.registered) + " registered now, " +
      std::to_string(summary.already) + " already registered)");
  // The level each emulated line chose from the farm's first byte: what link.protocol
  // made the registers speak, seen from the device's end.
  for (std::size_t i = 0; i < emulated.size(); ++i) {
    const auto info = emulated.device(i).info();
    log("embedded default: " + info.name + " speaks the " +
        (info.link_level ? std::string(shtrih::low_level_name(*info.link_level)) : std::string("(no)")) + " level");
  }
}

/// Waits for SIGINT or SIGTERM; returns its name for the log.
std::string wait_for_stop(const sigset_t& stop_set) {
  const int signal_number = apps::wait_for_stop_signal(stop_set);
  return strsignal(signal_number);
}

/// The REST front (standalone or cluster front) until a stop signal, then a clean stop.
void serve_front(caf::actor_system& system, actors::farm& farm, const config::whitespirit_settings& settings,
                 std::size_t registers, const sigset_t& stop_set) {
  std::optional<whitespirit::published_registry> registry;
  if (settings.cluster.role == config::cluster_role::front) {
    registry.emplace(system, settings.cluster, farm.broker(), log_line_cluster);
    std::cout << "whitespirit: cluster listening on " << settings.cluster.listen.host << ":" << registry->port()
              << (settings.cluster.insecure ? " (plain TCP)" : " (mutual TLS)") << std::endl;
  }
  auto front_options = whitespirit::front_options_for(settings, WS_VERSION);
  if (const auto lowered = whitespirit::fit_connections_to_open_files(front_options, registers)) log(*lowered);
  http::front front(system, http::farm_handles{farm.broker(), registry ? registry->handle() : actors::cluster::front_registry_public{}},
                    std::move(front_options));
  const std::uint16_t port = front.start();
  std::cout << "whitespirit: listening on " << (settings.tls.enabled() ? "https" : "http") << "://"
            << settings.http.host << ":" << port << std::endl;
  if (settings.ops.host)
    std::cout << "whitespirit: operations on http://" << *settings.ops.host << ":" << front.ops_port() << std::endl;

  log(wait_for_stop(stop_set) + ": stopping");
  // No new requests; the requests in flight get their answers. Jobs already queued get
  // `drain_grace` to be served; after it the broker answers those still waiting
  // `shutting_down` (503 to the client, nothing printed) and lets the running ones finish.
  const auto longest_job = std::chrono::duration_cast<milliseconds>(
      settings.http.job_timeout + settings.broker.request_margin + std::chrono::seconds(5));
  auto front_stopped = std::async(std::launch::async, [&front] { front.stop(); });
  if (front_stopped.wait_for(drain_grace) != std::future_status::ready) {
    log("answering the requests still waiting for a register: shutting down");
    if (!farm.stop_broker(longest_job)) log("the broker had to be killed");
  }
  front_stopped.wait();
  // Nodes stop hearing this front (they retry it); its broker still answers their jobs.
  if (registry) registry->stop();
  if (!farm.stop(longest_job)) log("some actors had to be killed");
}

/// A cluster node: its registers join every front until a stop signal.
void serve_node(caf::actor_system& system, actors::farm& farm, const config::whitespirit_settings& settings,
                std::size_t registers, const sigset_t& stop_set) {
  const auto& cluster = settings.cluster;
  auto agent = whitespirit::start_node_agent(system, cluster, farm.groups(), log_line_cluster);
  std::string fronts;
  for (const auto& front : cluster.fronts) fronts += (fronts.empty() ? "" : ", ") + front.text();
  std::cout << "whitespirit: node " << cluster.name << " with " << registers << " registers, joining " << fronts
            << (cluster.insecure ? " (plain TCP)" : " (mutual TLS)") << std::endl;
  log(wait_for_stop(stop_set) + ": stopping");
  whitespirit::stop_actor(caf::actor_cast<caf::actor>(agent));
  const auto longest_job = std::chrono::duration_cast<milliseconds>(
      settings.http.job_timeout + settings.broker.request_margin + std::chrono::seconds(5));
  if (!farm.stop(longest_job)) log("some actors had to be killed");
}

int run(config::whitespirit_config& config, const config::whitespirit_settings& settings, const sigset_t& stop_set) {
  const auto role = settings.cluster.role;
  std::optional<emulator::emulator_farm> emulated;
  std::vector<config::register_entry> registers = settings.registers;
  milliseconds byte_timeout = settings.link.byte_timeout;
  // A front hosts only the registers it is given; standalone and nodes run the embedded
  // default when they have none.
  if (settings.embedded_default() && role != config::cluster_role::front) {
    registers = start_emulators(settings.embedded, emulated);
    byte_timeout = settings.embedded.byte_timeout;
  }
  whitespirit::load_cluster_modules(config, settings.cluster);
  if (role != config::cluster_role::standalone && settings.cluster.insecure)
    log("warning: cluster links are plain TCP without authentication (cluster.insecure): use it only on a trusted "
        "network such as loopback");
  {
    caf::actor_system system{config};
    auto options = whitespirit::farm_options_for(settings, registers, byte_timeout);
    options.broker.log = log_line_cluster;
    actors::farm farm(system, std::move(options));
    whitespirit::watch_registers(system, farm);
    if (emulated) fiscalise_embedded(system, farm, settings, registers, *emulated);
    if (role == config::cluster_role::node)
      serve_node(system, farm, settings, registers.size(), stop_set);
    else
      serve_front(system, farm, settings, registers.size(), stop_set);
  }
  if (emulated) emulated->stop();
  log("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread starts, so that every thread inherits the blocked stop signals.
  const sigset_t stop_set = apps::block_stop_signals();
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--version") == 0) {
      std::cout << "whitespirit " << WS_VERSION << std::endl;
      return 0;
    }
  }
  config::whitespirit_config config;
  actors::add_farm_message_types(config);
  const auto loaded = config.load(std::vector<std::string>(argv + 1, argv + argc));
  if (loaded.outcome == config::load_outcome::done) return 0;
  if (loaded.outcome == config::load_outcome::invalid) {
    for (const auto& error : loaded.errors) std::cerr << "whitespirit: " << error.text() << "\n";
    std::cerr << "whitespirit: configuration error (--long-help lists every key)" << std::endl;
    return 2;
  }
  configure_log(loaded.settings.log);
  try {
    return run(config, loaded.settings, stop_set);
  } catch (const std::exception& e) {
    http::ops::log_event(http::ops::log_level::error, "whitespirit", {{"message", std::string("cannot run: ") + e.what()}});
    return 1;
  }
}
