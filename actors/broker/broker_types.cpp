#include "actors/broker/broker_types.hpp"

#include <iterator>

namespace ws::broker {

void decisions::append(decisions&& other) {
  dispatches.insert(dispatches.end(), std::make_move_iterator(other.dispatches.begin()),
                    std::make_move_iterator(other.dispatches.end()));
  answers.insert(answers.end(), std::make_move_iterator(other.answers.begin()),
                 std::make_move_iterator(other.answers.end()));
}

std::string_view name_of(outcome o) {
  switch (o) {
    case outcome::completed: return "completed";
    case outcome::no_free_cashmachine: return "no_free_cashmachine";
    case outcome::no_matching_register: return "no_matching_register";
    case outcome::overloaded: return "overloaded";
    case outcome::timeout: return "timeout";
    case outcome::condition_error: return "condition_error";
    case outcome::shutting_down: return "shutting_down";
  }
  return "unknown";
}

std::string_view name_of(ping_result r) {
  switch (r) {
    case ping_result::ok: return "ok";
    case ping_result::no_ready: return "no_ready";
    case ping_result::backlog_exceeded: return "backlog_exceeded";
  }
  return "unknown";
}

std::string_view name_of(register_availability a) {
  switch (a) {
    case register_availability::offline: return "offline";
    case register_availability::busy: return "busy";
    case register_availability::ready: return "ready";
  }
  return "unknown";
}

}  // namespace ws::broker
