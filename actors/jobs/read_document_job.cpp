#include "actors/jobs/read_document_job.hpp"

namespace ws::jobs {

using namespace shtrih;

void read_document_job::start() {
  find_document_request find;
  find.document_number = number_;
  ask<find_document_reply>(find, [this](const find_document_reply& found) {
    try {
      result_.document = parse_archived_document(found);
    } catch (const std::exception& e) {
      return fail_safe(std::string("malformed archive record: ") + e.what(), cmd::fn_find_document.value());
    }
    if (!with_tlv_) return read_ticket_or_succeed();
    begin_read_document_request begin;
    begin.document_number = number_;
    ask<begin_read_document_reply>(begin, [this](const begin_read_document_reply& r) {
      result_.tlv_document_type = r.document_type;
      expected_length_ = r.length;
      read_block();
    });
  });
}

void read_document_job::read_block() {
  if (result_.tlv.size() >= expected_length_) return read_ticket_or_succeed();
  ask<read_document_block_reply>(
      read_document_block_request{},
      [this](const read_document_block_reply& block) {
        if (block.tlv.empty()) return fail_safe("the FN sent an empty block", cmd::fn_read_document_tlv.value());
        result_.tlv.insert(result_.tlv.end(), block.tlv.begin(), block.tlv.end());
        read_block();
      },
      [this](const reply_error& e) {
        // "No data" ends the document; anything else is a failure.
        if (classify_error(e.code, e.error) == error_class::no_data) return read_ticket_or_succeed();
        fail_device(e);
      });
}

void read_document_job::read_ticket_or_succeed() {
  if (!with_ofd_ticket_) return succeed();
  ofd_ticket_request request;
  request.document_number = number_;
  ask<ofd_ticket_reply>(
      request,
      [this](const ofd_ticket_reply& reply) {
        result_.ofd_ticket = reply.ticket;
        succeed();
      },
      [this](const reply_error& e) {
        // "No data": the OFD has not confirmed this document yet.
        if (classify_error(e.code, e.error) == error_class::no_data) return succeed();
        fail_device(e);
      });
}

}  // namespace ws::jobs
