#pragma once
// Makes sure every register of the embedded default is fiscalised for the demo firm,
// through the farm itself: each register whose FN is not registered yet gets a
// registration job from the broker, targeted at that register by its serial number.
// A register already registered is left alone, so a restart on the same folder never
// registers twice.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/farm.hpp"

namespace ws::whitespirit {

struct demo_firm {
  std::string inn;
  std::string name;
  std::string address;
  std::uint8_t taxation_systems = 0;  ///< shtrih::taxation bits
};

struct fiscalise_summary {
  std::size_t registered = 0;       ///< registered now
  std::size_t already = 0;          ///< found registered for the firm
  std::vector<std::string> others;  ///< registered for another INN: left alone (for people)
};

/// Waits for `ports` to be identified, registers those not yet fiscal, and waits until
/// the broker routes the firm's receipts to them. Throws std::runtime_error naming the
/// register and the reason when that does not happen within `limit`.
fiscalise_summary fiscalise(caf::actor_system& system, actors::farm& farm, const std::vector<std::string>& ports,
                            const demo_firm& firm, std::chrono::seconds limit);

}  // namespace ws::whitespirit
