#pragma once
// What a register's status bytes mean: 11h's mode and submode and FF01h's phase bits,
// decoded once here (the actors layer knows the device) into plain meanings that the
// REST front names and the operators' views show. http/ never reads Shtrih bytes.

#include <cstdint>
#include <optional>

#include "actors/farm_messages.hpp"

namespace ws::actors {

/// The register as a client of the farm sees it.
enum class register_condition {
  offline,         ///< no live, identified register
  nonconfigured,   ///< its FN is not registered (no fiscal documents possible)
  closed_shift,
  open_shift,
  overdue_shift,   ///< the shift passed 24 hours: it must be closed before printing
  fatal_error,     ///< blocked by a wrong tax inspector password: a service visit
  postfiscal,      ///< its FN was closed
};

enum class fn_life { not_configured, configured, fiscal_mode, postfiscal };
enum class paper_state { present, out, waiting_continue, printing, unknown };

register_condition condition_of(const std::optional<register_status>& status);
fn_life fn_life_of(std::uint8_t fn_phase);
paper_state paper_of(std::uint8_t submode);

}  // namespace ws::actors
