#include "actors/jobs/print_receipt_job.hpp"

#include "actors/jobs/document_match.hpp"
#include "actors/jobs/receipt_commands.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

namespace ws::jobs {

using namespace shtrih;

print_receipt_job::print_receipt_job(ffd::receipt_content content, ffd::calculated_receipt calculated,
                                     shift_policy policy)
    : receipt_script(policy), content_(std::move(content)), calculated_(std::move(calculated)) {}

void print_receipt_job::start() {
  try {
    receipt_tlvs_ = receipt_tlvs_of(content_);
  } catch (const std::exception& e) {
    return fail_safe(std::string("the receipt cannot be encoded: ") + e.what());
  }
  prepare_register([this](const fn_status_reply& fn) { open_receipt(fn); });
}

void print_receipt_job::open_receipt(const fn_status_reply& fn) {
  last_document_before_ = fn.last_document_number;
  result_.fn_number = fn.fn_number;
  open_receipt_request request;
  request.type = shtrih_receipt_type(content_.type);
  receipt_opened();  // even a lost 8Dh may have opened it: cancel on failure
  // 8Dh stays although the emulator opens a receipt on the first FF46h: the protocol
  // gives 8Dh as the command that opens a receipt of a type, and FF46h's description
  // says nothing of opening one, so a device is not trusted to.
  ask<open_receipt_reply>(request, [this](const open_receipt_reply&) { send_row(0); });
}

void print_receipt_job::send_row(std::size_t row) {
  if (row == content_.rows.size()) return send_receipt_tlv(0);
  position_request position;
  bytes tlv;
  try {
    position = position_of(content_, row, calculated_);
    tlv = position_tlv_of(content_.rows[row]);
    position.encode();  // checks the name fits before anything is sent
  } catch (const std::exception& e) {
    job_failure failure;
    failure.kind = failure_kind::safe;
    failure.message = "row " + std::to_string(row) + " cannot be encoded: " + e.what();
    return fail_after_cleanup(std::move(failure));
  }
  ask<position_reply>(position, [this, row, tlv](const position_reply&) {
    if (tlv.empty()) return send_row(row + 1);
    position_tlv_request request;
    request.tlv = tlv;
    ask<position_tlv_reply>(request, [this, row](const position_tlv_reply&) { send_row(row + 1); });
  });
}

void print_receipt_job::send_receipt_tlv(std::size_t index) {
  if (index == receipt_tlvs_.size()) return close_receipt();
  write_tlv_request request;
  request.tlv = receipt_tlvs_[index];
  ask<write_tlv_reply>(request, [this, index](const write_tlv_reply&) { send_receipt_tlv(index + 1); });
}

std::optional<fn_status_reply> print_receipt_job::fn_status_after() const {
  if (!finished() || failure().kind != failure_kind::none || !closed_cleanly_) return std::nullopt;
  fn_status_reply after = prepared_fn_status();
  after.shift_open = true;
  after.last_document_number = result_.document_number;
  return after;
}

bool print_receipt_job::is_this_receipt(const archived_document& doc) const {
  return is_receipt_of(content_, calculated_, doc);
}

void print_receipt_job::close_receipt() {
  result_.total = static_cast<std::uint64_t>(calculated_.total.kopecks);
  expected_document expect{form::receipt, [this](const archived_document& d) { return is_this_receipt(d); }};
  close_document(
      close_of(content_, calculated_).encode(), last_document_before_, std::move(expect),
      [this](const bytes& reply) {
        try {
          const auto closed = close_receipt_reply::decode(reply);
          result_.document_number = closed.document_number;
          result_.fiscal_sign = closed.fiscal_sign;
          result_.date_time = closed.date_time;
          result_.change = closed.change;
          closed_cleanly_ = true;
        } catch (const std::exception&) {
          // Signed, but the reply's fields are unreadable: the FD number is the next one.
          result_.document_number = last_document_before_ + 1;
        }
        read_shift_parameters();
      },
      [this](const archived_document& doc) {
        result_.document_number = doc.document_number;
        result_.fiscal_sign = doc.fiscal_sign;
        result_.date_time = doc.date_time;
        result_.recovered = true;
      });
}

void print_receipt_job::read_shift_parameters() {
  const auto read_back = [this] { details_then(result_.document_number, [this] { succeed(); }); };
  ask<shift_parameters_reply>(
      shift_parameters_request{},
      [this, read_back](const shift_parameters_reply& shift) {
        // Right after our FF45h the FN's last receipt is ours; a shift other than the one
        // the receipt went into, or no receipt at all, is not believed.
        if (shift.shift_number != open_shift_number() || shift.receipt_number == 0) return read_back();
        result_.shift_number = shift.shift_number;
        result_.receipt_in_shift = shift.receipt_number;
        succeed();
      },
      [read_back](const reply_error&) { read_back(); });
}

void print_receipt_job::details_then(std::uint32_t document_number, std::function<void()> done) {
  begin_read_document_request begin;
  begin.document_number = document_number;
  ask<begin_read_document_reply>(
      begin,
      [this, done](const begin_read_document_reply& r) { read_details_block(r.length, done); },
      [done](const reply_error&) { done(); });
}

void print_receipt_job::read_details_block(std::uint16_t length, std::function<void()> done) {
  if (details_tlv_.size() >= length) {
    take_details();
    return done();
  }
  ask<read_document_block_reply>(
      read_document_block_request{},
      [this, length, done](const read_document_block_reply& block) {
        if (block.tlv.empty()) return done();
        details_tlv_.insert(details_tlv_.end(), block.tlv.begin(), block.tlv.end());
        // The FN gives one TLV per block: stop once the two wanted tags are in (an
        // unfinished read needs no closing; the next FF3Ah starts afresh).
        take_details();
        if (result_.shift_number && result_.receipt_in_shift) return done();
        read_details_block(length, done);
      },
      [this, done](const reply_error&) {
        take_details();
        done();
      });
}

void print_receipt_job::take_details() {
  try {
    std::vector<ffd::tlv> nodes = ffd::decode(details_tlv_, ffd::is_structure_tag);
    // Some FNs send the document's own STLV (form code) around its tags.
    if (nodes.size() == 1 && nodes[0].is_structure() && nodes[0].tag() < 100) nodes = nodes[0].children();
    for (const ffd::tlv& node : nodes) {
      if (node.tag() == ffd::tag::shift_number) result_.shift_number = static_cast<std::uint16_t>(node.as_uint());
      if (node.tag() == ffd::tag::receipt_in_shift) result_.receipt_in_shift = static_cast<std::uint32_t>(node.as_uint());
    }
  } catch (const std::exception&) {
    // Details are a courtesy: the receipt is printed whatever they say.
  }
}

}  // namespace ws::jobs
