#include "protocol/shtrih/commands_documents.hpp"

namespace ws::shtrih {

bytes find_document_reply::encode() const {
  bytes out = wire::begin_reply(code);
  out.push_back(document_type);
  out.push_back(ticket_received ? 1 : 0);
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

find_document_reply find_document_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  find_document_reply r;
  r.document_type = in.u8();
  r.ticket_received = in.u8() != 0;
  r.data = in.rest();
  return r;
}

bytes begin_read_document_reply::encode() const {
  bytes out = wire::begin_reply(code);
  byte_writer(out).u16(document_type).u16(length);
  return out;
}

begin_read_document_reply begin_read_document_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  begin_read_document_reply r;
  r.document_type = in.u16();
  r.length = in.u16();
  return r;
}

bytes read_document_block_reply::encode() const {
  bytes out = wire::begin_reply(code);
  out.insert(out.end(), tlv.begin(), tlv.end());
  return out;
}

read_document_block_reply read_document_block_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  read_document_block_reply r;
  r.tlv = in.rest();
  return r;
}

bytes ofd_ticket_reply::encode() const {
  bytes out = wire::begin_reply(code);
  out.insert(out.end(), ticket.begin(), ticket.end());
  return out;
}

ofd_ticket_reply ofd_ticket_reply::decode(const bytes& payload) {
  byte_reader in = wire::open_reply(payload, code);
  ofd_ticket_reply r;
  r.ticket = in.rest();
  return r;
}

}  // namespace ws::shtrih
