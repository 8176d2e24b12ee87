#include "actors/register_condition.hpp"

#include "protocol/shtrih/commands_fn_status.hpp"
#include "protocol/shtrih/commands_status_mode.hpp"

namespace ws::actors {

register_condition condition_of(const std::optional<register_status>& status) {
  if (!status || status->identity.serial_number.empty()) return register_condition::offline;
  switch (status->state) {
    case register_state::offline:
    case register_state::connecting:
    case register_state::identifying: return register_condition::offline;
    case register_state::ready:
    case register_state::busy:
    case register_state::recovering: break;
  }
  const auto& identity = status->identity;
  const auto mode = shtrih::mode_number(identity.mode);
  if (mode == shtrih::kkt_mode::blocked_by_password) return register_condition::fatal_error;
  if (identity.fn_phase & shtrih::fn_phase::fiscal_mode_closed) return register_condition::postfiscal;
  if (!(identity.fn_phase & shtrih::fn_phase::fiscal_mode)) return register_condition::nonconfigured;
  if (mode == shtrih::kkt_mode::shift_expired) return register_condition::overdue_shift;
  return identity.shift_open ? register_condition::open_shift : register_condition::closed_shift;
}

fn_life fn_life_of(std::uint8_t phase) {
  if (phase & shtrih::fn_phase::fiscal_mode_closed) return fn_life::postfiscal;
  if (phase & shtrih::fn_phase::fiscal_mode) return fn_life::fiscal_mode;
  if (phase & shtrih::fn_phase::configured) return fn_life::configured;
  return fn_life::not_configured;
}

paper_state paper_of(std::uint8_t submode) {
  switch (static_cast<shtrih::kkt_submode>(submode)) {
    case shtrih::kkt_submode::paper_present: return paper_state::present;
    case shtrih::kkt_submode::paper_out_passive:
    case shtrih::kkt_submode::paper_out_active: return paper_state::out;
    case shtrih::kkt_submode::waiting_continue: return paper_state::waiting_continue;
    case shtrih::kkt_submode::printing_report:
    case shtrih::kkt_submode::printing: return paper_state::printing;
  }
  return paper_state::unknown;
}

}  // namespace ws::actors
