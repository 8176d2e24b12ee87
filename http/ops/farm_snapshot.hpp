#pragma once
// What a scrape reads of the farm: the broker's listing (every register's last published
// status and the queues) and the journal's counts, each absent when it could not be had
// in time. Taken once per scrape from what the broker and the registers already know:
// no register is asked anything for it.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "actors/farm_messages.hpp"
#include "journal/journal.hpp"

namespace ws::http::ops {

struct farm_snapshot {
  std::optional<actors::farm_listing> listing;  ///< nullopt: the broker did not answer in time
  std::optional<std::map<journal::entry_state, std::size_t>> journal_entries;  ///< nullopt: no journal
  std::chrono::system_clock::time_point taken_at = std::chrono::system_clock::now();
};

}  // namespace ws::http::ops
