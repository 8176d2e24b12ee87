#include "actors/jobs/receipt_script.hpp"

namespace ws::jobs {

using namespace shtrih;

void receipt_script::prepare_register(ready_handler ready) {
  ready_ = std::move(ready);
  ask<full_status_reply>(full_status_request{}, [this](const full_status_reply& s) { on_full_status(s); });
}

void receipt_script::on_full_status(const full_status_reply& status) {
  device_now_minutes_ =
      minutes_since_2000(status.current_date, status.current_time.hour, status.current_time.minute);
  shift_expired_ = mode_number(status.mode) == kkt_mode::shift_expired;
  last_closed_shift_ = status.last_closed_shift;
  open_shift_number_ = static_cast<std::uint16_t>(last_closed_shift_ + 1u);
  if (status.submode == static_cast<std::uint8_t>(kkt_submode::waiting_continue)) {
    // An earlier printout waits for B0h; then look again.
    return ask<continue_print_reply>(continue_print_request{}, [this](const continue_print_reply&) {
      ask<full_status_reply>(full_status_request{}, [this](const full_status_reply& s) {
        if (s.submode == static_cast<std::uint8_t>(kkt_submode::waiting_continue))
          return fail_safe("the register still waits for continue printing", cmd::continue_print.value());
        on_full_status(s);
      });
    });
  }
  if (mode_number(status.mode) == kkt_mode::document_open) {
    cancelled_open_receipt_ = true;
    return ask<cancel_receipt_reply>(cancel_receipt_request{}, [this](const cancel_receipt_reply&) {
      ask<full_status_reply>(full_status_request{}, [this](const full_status_reply& s) {
        if (mode_number(s.mode) == kkt_mode::document_open)
          return fail_wrong_state("a receipt stays open after cancelling it", cmd::cancel_receipt.value());
        on_full_status(s);
      });
    });
  }
  check_fn();
}

void receipt_script::check_fn() {
  ask<fn_status_reply>(fn_status_request{}, [this](const fn_status_reply& fn) {
    if ((fn.phase & fn_phase::fiscal_mode) == 0 || (fn.phase & fn_phase::fiscal_mode_closed) != 0)
      return fail_wrong_state("the FN is not in fiscal mode", cmd::fn_status.value());
    fn_ = fn;
    apply_shift_policy(fn);
  });
}

void receipt_script::apply_shift_policy(const fn_status_reply& fn) {
  if (!fn.shift_open) {
    if (!policy_.manage_shift) return fail_wrong_state("the shift is closed and the policy may not open it");
    return open_shift();
  }
  if (shift_expired_) return renew_shift();
  if (fn.last_document_number == 0) return go();
  const auto& known = policy_.known_shift;
  if (known && known->shift_number == last_closed_shift_ + 1u && known->document_number >= 1 &&
      known->document_number <= fn.last_document_number) {
    shift_open_document_ = known->document_number;
    known_shift_ = *known;
    if (known->opened_minutes) return judge_shift_age(*known->opened_minutes);  // no archive read
    return try_shift_open_hint(known->document_number, fn.last_document_number);
  }
  const auto hint = policy_.shift_open_document_hint;
  if (hint && *hint >= 1 && *hint <= fn.last_document_number) return try_shift_open_hint(*hint, fn.last_document_number);
  find_shift_open(fn.last_document_number, 0);
}

void receipt_script::try_shift_open_hint(std::uint32_t hint, std::uint32_t last) {
  find_document_request request;
  request.document_number = hint;
  ++archive_reads_;
  ask<find_document_reply>(request, [this, hint, last](const find_document_reply& found) {
    if (found.document_type != form::shift_open) return find_shift_open(last, 0);
    try {
      const archived_document doc = parse_archived_document(found);
      // The opening of an earlier shift is a stale hint: its age is not this shift's.
      if (doc.shift_number && *doc.shift_number != last_closed_shift_ + 1u) return find_shift_open(last, 0);
      found_shift_open(hint, doc);
    } catch (const std::exception& e) {
      fail_safe(std::string("malformed shift-open document: ") + e.what(), cmd::fn_find_document.value());
    }
  });
}

// Walks back through the archive to the document that opened the current shift: its
// date-time is when the shift started.
void receipt_script::find_shift_open(std::uint32_t number, std::uint32_t searched) {
  if (number == 0 || searched >= policy_.shift_search_limit) return go();  // age unknown
  find_document_request request;
  request.document_number = number;
  ++archive_reads_;
  ask<find_document_reply>(request, [this, number, searched](const find_document_reply& found) {
    if (found.document_type != form::shift_open) return find_shift_open(number - 1, searched + 1);
    try {
      found_shift_open(number, parse_archived_document(found));
    } catch (const std::exception& e) {
      fail_safe(std::string("malformed shift-open document: ") + e.what(), cmd::fn_find_document.value());
    }
  });
}

void receipt_script::found_shift_open(std::uint32_t number, const archived_document& doc) {
  const std::int64_t opened = minutes_since_2000(doc.date_time);
  shift_open_document_ = number;
  known_shift_ = shift_opening{number, doc.shift_number.value_or(static_cast<std::uint16_t>(last_closed_shift_ + 1u)),
                               opened};
  judge_shift_age(opened);
}

void receipt_script::judge_shift_age(std::int64_t opened_minutes) {
  if (!shift_needs_renewal(opened_minutes, device_now_minutes_, policy_)) return go();
  renew_shift();
}

void receipt_script::renew_shift() {
  if (!policy_.manage_shift)
    return fail_wrong_state("the shift is over or near 24 hours and the policy may not renew it");
  ask<fn_begin_close_shift_reply>(fn_begin_close_shift_request{}, [this](const fn_begin_close_shift_reply&) {
    ask<fn_close_shift_reply>(fn_close_shift_request{}, [this](const fn_close_shift_reply&) {
      closed_shift_ = true;
      shift_open_document_.reset();
      known_shift_.reset();
      open_shift();
    });
  });
}

void receipt_script::open_shift() {
  if (!policy_.manage_shift) return fail_wrong_state("the shift is closed and the policy may not open it");
  ask<fn_begin_open_shift_reply>(fn_begin_open_shift_request{}, [this](const fn_begin_open_shift_reply&) {
    ask<fn_open_shift_reply>(fn_open_shift_request{}, [this](const fn_open_shift_reply& opened) {
      opened_shift_ = true;
      shift_open_document_ = opened.document_number;
      // FF0Bh gives no time: the device time read (11h) just before is the opening to the
      // minute, or a minute early, which only renews the shift that much sooner.
      known_shift_ = shift_opening{opened.document_number, opened.shift_number, device_now_minutes_};
      open_shift_number_ = opened.shift_number;
      // FF0Bh signed the FN's newest document: it is the last one before the receipt.
      fn_.last_document_number = opened.document_number;
      fn_.shift_open = true;
      go();
    });
  });
}

void receipt_script::go() {
  // No second FF01h: since check_fn() read it, only archive reads (FF0Ah) or this job's
  // own shift documents (the newest one's FD number from FF0Bh) happened.
  ready_(fn_);
}

void receipt_script::cleanup_then(std::function<void()> done) {
  if (!receipt_open_) return done();
  receipt_open_ = false;
  ask_ignoring(cancel_receipt_request{}, std::move(done));
}

}  // namespace ws::jobs
