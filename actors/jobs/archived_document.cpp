#include "actors/jobs/archived_document.hpp"

namespace ws::jobs {

archived_document parse_archived_document(const shtrih::find_document_reply& reply) {
  archived_document doc;
  doc.document_type = reply.document_type;
  doc.ticket_received = reply.ticket_received;
  doc.data = reply.data;
  byte_reader in(doc.data);
  doc.date_time = shtrih::wire::read_fn_date_time(in);
  doc.document_number = in.u32();
  doc.fiscal_sign = in.u32();
  switch (doc.document_type) {
    case form::receipt:
    case form::correction: {
      doc.settlement_sign = in.u8();
      const std::size_t width = in.remaining() >= 5 ? 5 : in.remaining();
      if (width == 0) throw format_error("archived receipt without its total");
      doc.total = in.uint_le(width);
      break;
    }
    case form::shift_open:
    case form::shift_close:
    case form::fn_close:
      doc.shift_number = in.u16();
      break;
    default:
      break;
  }
  return doc;
}

namespace {

/// A fixed-width ASCII field without its padding.
std::string field_text(const bytes& data, std::size_t offset, std::size_t width) {
  std::string s(data.begin() + static_cast<std::ptrdiff_t>(offset),
                data.begin() + static_cast<std::ptrdiff_t>(offset + width));
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

}  // namespace

std::optional<registration_fields> parse_registration_fields(const shtrih::find_document_reply& reply) {
  if (reply.document_type != form::registration && reply.document_type != form::reregistration) return std::nullopt;
  constexpr std::size_t common = 5 + 4 + 4;  // date-time, FD number, fiscal sign
  if (reply.data.size() < common + 12 + 20) return std::nullopt;
  return registration_fields{field_text(reply.data, common, 12), field_text(reply.data, common + 12, 20)};
}

}  // namespace ws::jobs
