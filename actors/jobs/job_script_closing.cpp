// "Never print twice": the closing command of a fiscal document and, when its result is
// unknown, finding out from the FN archive whether the document exists.
//
// Rules: an error reply that certainly refused the command, or a command the device
// never took (not_delivered), means no document: clean up and fail safe. No reply, or an
// error after which the FN may have signed (paper, hardware...), means the document may
// exist: wait for the line, read FF01h; if the last document number moved past the one
// remembered before the closing command, look the new documents up (FF0Ah) and accept
// the one that is ours; if it did not move, ours was not made. A deadline while this is
// unresolved is outcome_unknown naming the document number to check.

#include "actors/jobs/job_script.hpp"

namespace ws::jobs {

void job_script::close_document(bytes command, std::uint32_t last_document_before, expected_document expect,
                                std::function<void(const bytes& reply)> on_signed,
                                std::function<void(const archived_document&)> on_recovered) {
  closing_code_ = shtrih::command_code::peek(command);
  last_before_ = last_document_before;
  expect_ = std::move(expect);
  on_signed_ = std::move(on_signed);
  on_recovered_ = std::move(on_recovered);
  closing_error_.reset();
  phase_ = phase::closing;
  send_raw(std::move(command), true, [this](const shtrih::link_outcome& o) { on_closing_outcome(o); });
}

void job_script::on_closing_outcome(const shtrih::link_outcome& outcome) {
  using kind = shtrih::link_outcome::kind;
  if (outcome.what == kind::not_delivered) {
    phase_ = phase::preparing;  // the device never took it: as if never sent
    return fail_link(closing_code_, outcome);
  }
  if (outcome.what == kind::no_reply) return wait_for_line();

  shtrih::reply_error header;
  try {
    header = shtrih::parse_reply_header(outcome.reply);
  } catch (const std::exception&) {
    return resolve();  // a damaged reply tells nothing: ask the archive
  }
  if (header.error == 0) {
    document_signed();
    return on_signed_(outcome.reply);
  }
  if (shtrih::fiscal_outcome_uncertain(header.code, header.error)) {
    closing_error_ = header.error;
    return resolve();
  }
  phase_ = phase::preparing;  // a refusal: nothing was signed
  fail_device(header);
}

void job_script::wait_for_line() {
  phase_ = phase::waiting_line;
  pending_.reset();
  in_flight_ = false;
  handler_ = nullptr;
}

void job_script::resolve() {
  phase_ = phase::resolving;
  send_raw(shtrih::fn_status_request{}.encode(), false, [this](const shtrih::link_outcome& o) {
    if (o.what != shtrih::link_outcome::kind::reply) return wait_for_line();
    shtrih::decoded_reply<shtrih::fn_status_reply> status;
    try {
      status = shtrih::decode_reply<shtrih::fn_status_reply>(o.reply);
    } catch (const std::exception&) {
      return wait_for_line();
    }
    // A busy or confused device: try again once the runner has the line again.
    if (!status.ok()) return wait_for_line();
    const std::uint32_t last = status.value->last_document_number;
    if (last <= last_before_) return not_printed("the FN's last document did not change");
    check_archive(last_before_ + 1, last);
  });
}

void job_script::check_archive(std::uint32_t number, std::uint32_t last) {
  if (number > last) return not_printed("the FN's new documents are not this one");
  shtrih::find_document_request request;
  request.document_number = number;
  send_raw(request.encode(), false, [this, number, last](const shtrih::link_outcome& o) {
    if (o.what != shtrih::link_outcome::kind::reply) return wait_for_line();
    try {
      const auto found = shtrih::decode_reply<shtrih::find_document_reply>(o.reply);
      if (!found.ok()) return wait_for_line();
      const archived_document doc = parse_archived_document(*found.value);
      const bool ours = doc.document_type == expect_.document_type && (!expect_.matches || expect_.matches(doc));
      if (ours) return recovered(doc);
    } catch (const std::exception&) {
      return wait_for_line();
    }
    check_archive(number + 1, last);
  });
}

void job_script::recovered(const archived_document& doc) {
  document_signed();
  on_recovered_(doc);  // records the result first: a deadline from here on is a success
  // The device may hold the printout until paper is loaded and B0h is sent.
  send_raw(shtrih::short_status_request{}.encode(), false, [this, doc](const shtrih::link_outcome& o) {
    bool waits = false;
    if (o.what == shtrih::link_outcome::kind::reply) {
      try {
        const auto status = shtrih::decode_reply<shtrih::short_status_reply>(o.reply);
        waits = status.ok() &&
                status.value->submode == static_cast<std::uint8_t>(shtrih::kkt_submode::waiting_continue);
      } catch (const std::exception&) {
      }
    }
    const std::uint32_t number = doc.document_number;
    if (!waits) return details_then(number, [this] { succeed(); });
    ask_ignoring(shtrih::continue_print_request{}, [this, number] { details_then(number, [this] { succeed(); }); });
  });
}

void job_script::not_printed(std::string why) {
  job_failure f;
  f.kind = failure_kind::safe;
  f.command = closing_code_.value();
  f.message = "the document was not made (" + why + ")";
  if (closing_error_) {
    f.device_error = closing_error_;
    f.device_error_text = shtrih::describe_error(closing_code_, *closing_error_);
    f.message += "; the register answered " + f.device_error_text;
  }
  fail_after_cleanup(std::move(f));
}

job_failure job_script::outcome_unknown_failure() const {
  job_failure f;
  f.kind = failure_kind::outcome_unknown;
  f.command = closing_code_.value();
  f.document_to_check = last_before_ + 1;
  f.message = "the register could not be asked whether document " + std::to_string(last_before_ + 1) +
              " was made before the deadline";
  if (closing_error_) {
    f.device_error = closing_error_;
    f.device_error_text = shtrih::describe_error(closing_code_, *closing_error_);
  }
  return f;
}

}  // namespace ws::jobs
