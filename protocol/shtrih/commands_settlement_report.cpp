#include "protocol/shtrih/commands_settlement_report.hpp"

namespace ws::shtrih {

bytes settlement_report_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).u32(document_number).u32(fiscal_sign).u32(unconfirmed_count);
  wire::write_fn_date(out, first_unconfirmed_date);
  if (date_time) wire::write_fn_date_time(out, *date_time);
  return out;
}

settlement_report_reply settlement_report_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  settlement_report_reply r;
  r.document_number = in.u32();
  r.fiscal_sign = in.u32();
  r.unconfirmed_count = in.u32();
  r.first_unconfirmed_date = wire::read_fn_date(in);
  if (in.remaining() >= 5) r.date_time = wire::read_fn_date_time(in);
  return r;
}

}  // namespace ws::shtrih
