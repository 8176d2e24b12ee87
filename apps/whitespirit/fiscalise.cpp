#include "apps/whitespirit/fiscalise.hpp"

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <stdexcept>
#include <thread>

#include "actors/jobs/job_order.hpp"
#include "protocol/shtrih/commands_fn_status.hpp"

namespace ws::whitespirit {

namespace {

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

/// Registrations sent to the broker at once (each holds a thread while it waits).
constexpr std::size_t registrations_at_once = 16;

milliseconds left_until(steady::time_point deadline) {
  return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(deadline - steady::now()));
}

/// What the groups tell a subscriber about each register, by port.
class register_watch {
 public:
  register_watch(caf::actor_system& system, actors::farm& farm) : self_(system, true) {
    farm.subscribe(caf::actor{self_});
  }

  /// Takes in statuses until `done()` holds; false if the deadline came first.
  bool until(steady::time_point deadline, const std::function<bool()>& done) {
    while (!done()) {
      const auto left = left_until(deadline);
      if (left.count() == 0) return false;
      self_->receive(
          [&](const actors::register_status& s) {
            if (!s.identity.serial_number.empty() && s.state == actors::register_state::ready) identified_[s.port] = s;
            latest_[s.port] = s;
          },
          [&](actors::reg_handle_atom, const actors::register_member& member) {
            handles_[member.config.port] = member.handle;
          },
          caf::after(std::min(left, milliseconds(100))) >> [] {});
    }
    return true;
  }

  /// The last status in which the register was ready and identified, if any.
  const actors::register_status* identified(const std::string& port) const {
    auto it = identified_.find(port);
    return it == identified_.end() ? nullptr : &it->second;
  }
  std::string detail(const std::string& port) const {
    auto it = latest_.find(port);
    if (it == latest_.end()) return "no status yet";
    return actors::to_string(it->second.state) + (it->second.detail.empty() ? "" : ": " + it->second.detail);
  }
  actors::register_actor handle(const std::string& port) const {
    auto it = handles_.find(port);
    return it == handles_.end() ? actors::register_actor{} : it->second;
  }
  void forget(const std::string& port) { identified_.erase(port); }

 private:
  caf::scoped_actor self_;
  std::map<std::string, actors::register_status> latest_;
  std::map<std::string, actors::register_status> identified_;
  std::map<std::string, actors::register_actor> handles_;
};

bool fiscal(const actors::register_identity& identity) {
  return (identity.fn_phase & (shtrih::fn_phase::fiscal_mode | shtrih::fn_phase::fiscal_mode_closed)) != 0;
}

/// True when the broker has every one of `ports` ready for `inn` ("" = any INN).
bool broker_has_ready(caf::actor_system& system, const actors::broker_actor& broker, const std::vector<std::string>& ports,
                      const std::string& inn) {
  caf::scoped_actor self{system, true};
  std::size_t ready = 0;
  self->request(broker, std::chrono::seconds(2), actors::stats_atom::value)
      .receive(
          [&](const broker::broker_stats& stats) {
            for (const auto& reg : stats.registers)
              if (std::find(ports.begin(), ports.end(), reg.id) != ports.end() &&
                  reg.availability == broker::register_availability::ready && (inn.empty() || reg.inn == inn))
                ++ready;
          },
          [](const caf::error&) {});
  return ready == ports.size();
}

bool await_broker(caf::actor_system& system, const actors::broker_actor& broker, const std::vector<std::string>& ports,
                  const std::string& inn, steady::time_point deadline) {
  while (!broker_has_ready(system, broker, ports, inn)) {
    if (steady::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

/// The registration number of a demo registration: the device's serial number. Real
/// registration numbers come from the tax service; the emulator takes any up to 20 digits.
jobs::registration_order registration_for(const demo_firm& firm, const std::string& serial) {
  jobs::registration_order r;
  r.params.inn = firm.inn;
  r.params.registration_number = serial;
  r.params.taxation_systems = firm.taxation_systems;
  r.user_name = firm.name;
  r.address = firm.address;
  return r;
}

/// Runs the registration of one register through the broker; empty on success, else why not.
std::string register_through_broker(caf::actor_system& system, const actors::broker_actor& broker, const demo_firm& firm,
                                    const std::string& serial, steady::time_point deadline) {
  actors::broker_request request;
  request.order.spec = registration_for(firm, serial);
  request.order.time_left = std::chrono::seconds(30);
  request.order.request_id = "embedded default: registration";
  request.target_serial = serial;
  request.wait4free = left_until(deadline);
  request.time_left = left_until(deadline);
  caf::scoped_actor self{system, true};
  std::string why = "the broker did not answer";
  self->request(broker, left_until(deadline) + std::chrono::seconds(40), std::move(request))
      .receive(
          [&](const actors::broker_result& result) {
            if (result.kind == broker::outcome::completed && result.failure.kind == jobs::failure_kind::none)
              why.clear();
            else
              why = std::string(broker::name_of(result.kind)) + ": " +
                    (result.failure.message.empty() ? result.message : result.failure.message);
          },
          [&](const caf::error& e) { why = "no answer from the broker: " + caf::to_string(e); });
  return why;
}

}  // namespace

fiscalise_summary fiscalise(caf::actor_system& system, actors::farm& farm, const std::vector<std::string>& ports,
                            const demo_firm& firm, std::chrono::seconds limit) {
  const auto deadline = steady::now() + limit;
  register_watch watch(system, farm);
  const bool all_identified = watch.until(deadline, [&] {
    return std::all_of(ports.begin(), ports.end(), [&](const auto& p) { return watch.identified(p) != nullptr; });
  });
  if (!all_identified) {
    for (const auto& port : ports)
      if (watch.identified(port) == nullptr)
        throw std::runtime_error("register " + port + " did not come up (" + watch.detail(port) + ")");
  }

  fiscalise_summary summary;
  std::vector<std::string> to_register;
  for (const auto& port : ports) {
    const auto& identity = watch.identified(port)->identity;
    if (!fiscal(identity)) {
      to_register.push_back(port);
    } else if (actors::inn_text(identity.inn) == firm.inn) {
      ++summary.already;
    } else {
      summary.others.push_back("register " + identity.serial_number + " (" + port + ") is registered for INN " +
                               actors::inn_text(identity.inn) + ", not " + firm.inn + ": left as it is");
    }
  }
  if (to_register.empty()) return summary;

  // The broker learns registers from the same group messages: wait until it has them.
  if (!await_broker(system, farm.broker(), to_register, "", deadline))
    throw std::runtime_error("the broker did not see the registers to fiscalise in time");
  for (std::size_t first = 0; first < to_register.size(); first += registrations_at_once) {
    const std::size_t last = std::min(to_register.size(), first + registrations_at_once);
    std::vector<std::future<std::string>> running;
    for (std::size_t i = first; i < last; ++i) {
      const std::string serial = watch.identified(to_register[i])->identity.serial_number;
      running.push_back(std::async(std::launch::async, [&system, &farm, &firm, serial, deadline] {
        return register_through_broker(system, farm.broker(), firm, serial, deadline);
      }));
    }
    for (std::size_t i = first; i < last; ++i) {
      const std::string why = running[i - first].get();
      if (!why.empty()) throw std::runtime_error("registering " + to_register[i] + " failed: " + why);
      ++summary.registered;
    }
  }

  // A register reads its INN when it identifies the device (11h). If it has not published
  // the new INN shortly after the registration, it is restarted (its group supervises
  // it) so that it identifies again and the broker routes the firm's receipts to it.
  for (const auto& port : to_register) watch.forget(port);
  auto has_firm_inn = [&](const std::string& port) {
    const auto* s = watch.identified(port);
    return s != nullptr && actors::inn_text(s->identity.inn) == firm.inn;
  };
  watch.until(std::min(deadline, steady::now() + 2s),
              [&] { return std::all_of(to_register.begin(), to_register.end(), has_firm_inn); });
  for (const auto& port : to_register)
    if (!has_firm_inn(port))
      if (auto handle = watch.handle(port)) caf::anon_send_exit(handle, caf::exit_reason::user_shutdown);
  if (!watch.until(deadline, [&] { return std::all_of(to_register.begin(), to_register.end(), has_firm_inn); }))
    throw std::runtime_error("the registered registers did not report INN " + firm.inn + " in time");
  if (!await_broker(system, farm.broker(), to_register, firm.inn, deadline))
    throw std::runtime_error("the broker did not route INN " + firm.inn + " to the registered registers in time");
  return summary;
}

}  // namespace ws::whitespirit
