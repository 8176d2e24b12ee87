#include "protocol/ffd/qr_code.hpp"

#include <cstdio>

#include "protocol/ffd/civil_time.hpp"

namespace ws::ffd {

std::string qr_string(const qr_fields& f) {
  const civil_time t = to_civil(f.date_time);
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d", t.year, t.month, t.day, t.hour, t.minute);
  return std::string("t=") + stamp + "&s=" + format_money(f.total) + "&fn=" + f.fn_number +
         "&i=" + std::to_string(f.fd_number) + "&fp=" + std::to_string(f.fiscal_sign) +
         "&n=" + std::to_string(static_cast<int>(f.type));
}

std::string qr_string(const receipt_document& r) {
  qr_fields f;
  f.date_time = r.header.date_time;
  f.total = r.total;
  f.fn_number = r.header.fn_number;
  f.fd_number = r.header.fd_number;
  f.fiscal_sign = r.header.fiscal_sign;
  f.type = r.type;
  return qr_string(f);
}

}  // namespace ws::ffd
