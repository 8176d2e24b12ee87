#pragma once
// The reply of a best-effort question of the register's upkeep (a poll, a refresh, a
// health read): what the device answered, or nothing when it did not answer, refused, or
// sent something unreadable. Such a question never fails its job.

#include <exception>
#include <optional>

#include "protocol/shtrih/commands.hpp"

namespace ws::jobs {

template <class Reply>
std::optional<Reply> best_effort_reply(const shtrih::link_outcome& outcome) {
  if (outcome.what != shtrih::link_outcome::kind::reply) return std::nullopt;
  try {
    auto decoded = shtrih::decode_reply<Reply>(outcome.reply);
    if (decoded.ok()) return *decoded.value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace ws::jobs
