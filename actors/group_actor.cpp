#include "actors/group_actor.hpp"
#include "actors/backoff.hpp"

#include <algorithm>
#include <deque>

#include "actors/register_actor.hpp"
#include "actors/stale_messages.hpp"

namespace ws::actors {

namespace {

using steady = std::chrono::steady_clock;

struct member_slot {
  register_config config;
  register_actor handle;
  register_status last_status;
  int restarts = 0;
  std::deque<steady::time_point> recent_restarts;  ///< within budget_window
  caf::timespan backoff{0};
  bool given_up = false;
};

class group_actor_impl : public group_actor::base {
 public:
  group_actor_impl(caf::actor_config& config, line_io* io, group_options options)
      : group_actor::base(config), io_(io), options_(std::move(options)) {
    set_default_handler(ignore_stale);
  }

  const char* name() const override { return "ws.group"; }

  behavior_type make_behavior() override {
    set_down_handler([this](caf::down_msg& msg) { member_down(msg); });
    for (const auto& config : options_.registers) {
      member_slot slot;
      slot.config = config;
      slot.last_status.port = config.port;
      members_.push_back(std::move(slot));
    }
    for (std::size_t i = 0; i < members_.size(); ++i) spawn_member(i);
    return {
        [this](subscribe_atom, const caf::actor& who) { subscribe(who); },
        [this](unsubscr_atom, const caf::actor& who) { unsubscribe(who); },
        [this](members_atom) { return members(); },
        [this](subscrs_atom) { return static_cast<std::uint32_t>(subscribers_.size()); },
        [this](const register_status& status) { member_status(status); },
        [this](restart_atom, std::uint64_t index) {
          if (index < members_.size() && !members_[index].handle && !members_[index].given_up) spawn_member(index);
        },
    };
  }

  void on_exit() override {
    // The registers are monitored, not linked (a link would carry a register's kill to the
    // group): take them down with the group, whatever ended it.
    for (auto& slot : members_)
      if (slot.handle) caf::anon_send_exit(slot.handle, caf::exit_reason::user_shutdown);
    members_.clear();
    subscribers_.clear();
  }

 private:
  /// Subscribers are dynamically typed (see farm_messages.hpp), which a typed actor's
  /// send() refuses: this sends as this actor all the same, so they see who it is from.
  template <class... Ts>
  void tell(const caf::actor& who, Ts&&... xs) {
    caf::unsafe_send_as(this, who, std::forward<Ts>(xs)...);
  }

  void spawn_member(std::size_t index) {
    auto& slot = members_[index];
    register_options options{slot.config, options_.timing, options_.link, options_.build_job};
    slot.handle = spawn_register(system(), *io_, std::move(options));
    monitor(slot.handle);
    send(slot.handle, subscribe_atom::value, caf::actor_cast<caf::actor>(this));
    for (const auto& who : subscribers_) tell(who, reg_handle_atom::value, member_of(slot));
  }

  void subscribe(const caf::actor& who) {
    if (!who || std::find(subscribers_.begin(), subscribers_.end(), who) != subscribers_.end()) return;
    subscribers_.push_back(who);
    monitor(who);  // a subscriber that dies (or whose node goes away) is dropped on down_msg
    for (const auto& slot : members_) {
      if (slot.handle) tell(who, reg_handle_atom::value, member_of(slot));
      tell(who, slot.last_status);
    }
  }

  void unsubscribe(const caf::actor& who) {
    const auto it = std::find(subscribers_.begin(), subscribers_.end(), who);
    if (it == subscribers_.end()) return;
    subscribers_.erase(it);
    demonitor(who);
  }

  /// A monitored subscriber went down: forget it; true if it was one.
  bool subscriber_down(const caf::down_msg& msg) {
    const auto it = std::find_if(subscribers_.begin(), subscribers_.end(),
                                 [&](const caf::actor& who) { return who.address() == msg.source; });
    if (it == subscribers_.end()) return false;
    subscribers_.erase(it);
    return true;
  }

  std::vector<register_member> members() const {
    std::vector<register_member> out;
    for (const auto& slot : members_) out.push_back(member_of(slot));
    return out;
  }

  static register_member member_of(const member_slot& slot) { return {slot.config, slot.handle, slot.restarts}; }

  member_slot* find(const caf::actor_addr& address) {
    for (auto& slot : members_)
      if (slot.handle && slot.handle.address() == address) return &slot;
    return nullptr;
  }

  void member_status(const register_status& status) {
    auto* slot = find(caf::actor_cast<caf::actor_addr>(current_sender()));
    if (slot == nullptr) return;
    slot->last_status = status;
    if (status.state == register_state::ready) slot->backoff = caf::timespan{0};
    publish(status);
  }

  void publish(const register_status& status) {
    for (const auto& who : subscribers_) tell(who, status);
  }

  void member_down(const caf::down_msg& msg) {
    if (subscriber_down(msg)) return;
    const auto it = std::find_if(members_.begin(), members_.end(),
                                 [&](const member_slot& slot) { return slot.handle && slot.handle.address() == msg.source; });
    if (it == members_.end()) return;
    auto& slot = *it;
    slot.handle = nullptr;
    const auto index = static_cast<std::uint64_t>(it - members_.begin());
    slot.last_status.state = register_state::offline;
    if (!msg.reason) {
      slot.given_up = true;
      slot.last_status.detail = "register actor exited";
      return publish(slot.last_status);
    }
    const auto now = steady::now();
    while (!slot.recent_restarts.empty() && now - slot.recent_restarts.front() > options_.budget_window)
      slot.recent_restarts.pop_front();
    if (static_cast<int>(slot.recent_restarts.size()) >= options_.restart_budget) {
      slot.given_up = true;
      slot.last_status.detail = "register actor crashed " + std::to_string(slot.recent_restarts.size() + 1) +
                                " times; restart budget exhausted (" + to_string(msg.reason) + ")";
      return publish(slot.last_status);
    }
    slot.recent_restarts.push_back(now);
    ++slot.restarts;
    slot.backoff = next_backoff(slot.backoff, options_.restart_min, options_.restart_max);
    slot.last_status.detail = "register actor crashed (" + to_string(msg.reason) + "); restarting";
    publish(slot.last_status);
    delayed_send(this, slot.backoff, restart_atom::value, index);
  }

  line_io* io_;
  group_options options_;
  std::vector<member_slot> members_;
  std::vector<caf::actor> subscribers_;
};

}  // namespace

group_actor spawn_group(caf::actor_system& system, line_io& io, group_options options) {
  return system.spawn<group_actor_impl>(&io, std::move(options));
}

}  // namespace ws::actors
