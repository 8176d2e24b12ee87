#include "http/ops/register_warnings.hpp"

#include "protocol/shtrih/commands_fn_status.hpp"
#include "protocol/shtrih/commands_status_mode.hpp"

namespace ws::http::ops {

std::vector<std::string> register_warnings(const actors::register_view& view, std::chrono::system_clock::time_point now) {
  std::vector<std::string> out;
  if (!view.status) {
    out.push_back("no status yet (no live actor)");
    return out;
  }
  const auto& status = *view.status;
  using actors::register_state;
  if (status.state == register_state::offline)
    out.push_back("offline" + (status.detail.empty() ? std::string{} : ": " + status.detail));
  if (status.state == register_state::recovering) out.push_back("recovering a job: " + status.detail);
  const auto& device = status.identity;
  if (device.serial_number.empty()) return out;
  if (device.shift_open)
    if (const auto age = actors::shift_age_seconds(status.health, now);
        age && *age >= std::chrono::duration_cast<std::chrono::seconds>(shift_age_warning).count())
      out.push_back("shift open for " + std::to_string(*age / 3600) + " h (24 h limit)");
  if (const auto offset = status.health.clock_offset_seconds;
      offset && (*offset >= clock_offset_warning.count() || -*offset >= clock_offset_warning.count()))
    out.push_back("clock off by " + std::to_string(*offset) + " s (the FN refuses past 5 min)");
  if (!shtrih::printer_ready(device.submode)) out.push_back("printer not ready (paper)");
  if ((device.fn_phase & shtrih::fn_phase::fiscal_mode) == 0 || (device.fn_phase & shtrih::fn_phase::fiscal_mode_closed) != 0)
    out.push_back("FN not in fiscal mode");
  constexpr std::int64_t day = 86400;
  if (const auto age = actors::ofd_oldest_unsent_age_seconds(status.health, now);
      age && *age >= std::chrono::duration_cast<std::chrono::seconds>(ofd_backlog_warning).count())
    out.push_back(std::to_string(status.health.ofd_unsent_documents.value_or(0)) +
                  " documents unsent to the OFD, the oldest for " + std::to_string(*age / day) +
                  " days (the FN refuses documents after 30)");
  if (const auto left = actors::fn_seconds_left(status.health, now)) {
    if (*left <= 0)
      out.push_back("FN expired: replace it");
    else if (*left < std::chrono::duration_cast<std::chrono::seconds>(fn_expiry_warning).count())
      out.push_back("FN expires in " + std::to_string((*left + day - 1) / day) + " days: replace it");
  }
  return out;
}

}  // namespace ws::http::ops
