#include "emulator/fiscal_storage.hpp"

#include <stdexcept>

#include "emulator/fiscal_sign.hpp"
#include "protocol/ffd/document_size.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::emulator {
namespace {

constexpr std::int64_t seconds_per_day = 86400;
constexpr std::int64_t max_shift_seconds = 24 * 3600;
constexpr std::int64_t max_ofd_wait_seconds = 30 * seconds_per_day;
// The emulated OFD's own key for the signs in its tickets.
constexpr siphash_key ofd_key{0x4f46442d7469636bULL, 0x65742d7369676e31ULL};

void write_fn_date_time(bytes& out, std::int64_t seconds) {
  const civil_time c = civil_time::from(from_unix_seconds(seconds));
  for (int v : {c.year % 100, c.month, c.day, c.hour, c.minute}) out.push_back(static_cast<byte_t>(v));
}

std::int64_t read_fn_date_time(const bytes& in) {
  if (in.size() < 5) throw format_error("ticket too short");
  civil_time c;
  c.year = 2000 + in[0];
  c.month = in[1];
  c.day = in[2];
  c.hour = in[3];
  c.minute = in[4];
  return unix_seconds(c.to_time_point());
}

bytes fiscal_sign_value(std::uint32_t sign) {
  // Tag 1077 is 6 bytes; the sign is bytes 2..5, most significant first.
  return bytes{0, 0, static_cast<byte_t>(sign >> 24), static_cast<byte_t>(sign >> 16),
               static_cast<byte_t>(sign >> 8), static_cast<byte_t>(sign)};
}

}  // namespace

bool operator==(const fn_state& a, const fn_state& b) {
  return a.serial == b.serial && a.key.k0 == b.key.k0 && a.key.k1 == b.key.k1 && a.phase == b.phase &&
         a.lifetime_months == b.lifetime_months && a.expires_at == b.expires_at &&
         a.registration == b.registration && a.registrations == b.registrations &&
         a.last_document == b.last_document && a.last_document_time == b.last_document_time &&
         a.shift_open == b.shift_open && a.shift_number == b.shift_number &&
         a.receipts_in_shift == b.receipts_in_shift && a.shift_opened_at == b.shift_opened_at &&
         a.shift_first_document == b.shift_first_document && a.last_ticketed == b.last_ticketed &&
         a.last_ticket_time == b.last_ticket_time && a.debug == b.debug;
}

fiscal_storage::fiscal_storage(std::filesystem::path dir, bool durable) : archive_(std::move(dir), durable) {}

void fiscal_storage::manufacture(std::string serial, device_time now, int lifetime_months) {
  state_ = fn_state{};
  state_.key = fn_key_for_serial(serial);
  state_.serial = std::move(serial);
  state_.lifetime_months = lifetime_months;
  state_.expires_at = unix_seconds(add_months(now, lifetime_months));
  queue_.clear();
  changed_ = true;
}

void fiscal_storage::reset_to_configured(device_time now) {
  const fn_state old = state_;
  manufacture(old.serial, now, old.lifetime_months);
  state_.key = old.key;
  state_.debug = old.debug;
}

bool fiscal_storage::restore(fn_state saved) {
  state_ = std::move(saved);
  bool adopted = false;
  // A document file is written before the state that counts it: adopt any the state
  // missed because the process died in between.
  for (;;) {
    std::optional<fiscal_document> doc;
    try {
      doc = archive_.load(state_.last_document + 1);
    } catch (const format_error&) {
      break;  // unreadable and never counted: as if it had not been written
    }
    if (!doc) break;
    apply(*doc);
    adopted = true;
  }
  rebuild_queue();
  while (!queue_.empty()) {
    const auto ticket_file = archive_.load_ticket(queue_.front().number);
    if (!ticket_file) break;
    state_.last_ticketed = queue_.front().number;
    state_.last_ticket_time = read_fn_date_time(*ticket_file);
    queue_.pop_front();
    adopted = true;
  }
  if (state_.phase == fn_phase::post_fiscal && queue_.empty()) {
    state_.phase = fn_phase::archive_only;
    adopted = true;
  }
  changed_ = adopted;
  return adopted;
}

bool fiscal_storage::take_changed() {
  const bool was = changed_;
  changed_ = false;
  return was;
}

std::uint8_t fiscal_storage::check_new_document(device_time now, bool needs_fiscal_phase) const {
  const fn_phase wanted = needs_fiscal_phase ? fn_phase::fiscal : fn_phase::configured;
  if (state_.phase != wanted) return fn_error::wrong_state;
  const std::int64_t t = unix_seconds(now);
  if (needs_fiscal_phase && t > state_.expires_at) return fn_error::lifetime_over;
  if (t < state_.last_document_time) return fn_error::bad_date_time;
  return fn_error::none;
}

bool fiscal_storage::shift_expired(device_time now) const {
  return state_.shift_open && unix_seconds(now) - state_.shift_opened_at > max_shift_seconds;
}

bool fiscal_storage::ofd_wait_exhausted(device_time now) const {
  return !queue_.empty() && unix_seconds(now) - queue_.front().time > max_ofd_wait_seconds;
}

std::uint8_t fiscal_storage::check_size(const document_draft& draft) {
  // 1012 (4+4), 1040 (4+4), 1041 (4+16) and 1077 (4+6) come on top of the body.
  std::size_t content = 8 + 8 + 20 + 10;
  for (const ffd::tlv& child : draft.body) content += child.encoded_size();
  return content > ffd::max_document_bytes(static_cast<ffd::form_code>(draft.type)) ? fn_error::tlv_too_large
                                                                                   : fn_error::none;
}

fiscal_document fiscal_storage::commit(document_draft draft, device_time now) {
  fiscal_document doc = std::move(draft.fields);
  doc.type = draft.type;
  doc.number = state_.last_document + 1;
  doc.time = unix_seconds(now);

  ffd::tlv document = ffd::tlv::structure(draft.type, std::move(draft.body));
  document.add(ffd::tlv::unix_time(ffd::tag::date_time, static_cast<std::uint32_t>(doc.time)));
  document.add(ffd::tlv::u32(ffd::tag::fd_number, doc.number));
  document.add(ffd::tlv::fixed_string(ffd::tag::fn_number, state_.serial, 16));
  doc.fiscal_sign = fiscal_sign(state_.key, ffd::encode(document));
  document.add(ffd::tlv::raw(ffd::tag::fiscal_sign, fiscal_sign_value(doc.fiscal_sign)));
  doc.tlv = ffd::encode(document);

  archive_.store(doc);  // before the state that counts it: see restore()
  apply(doc);
  changed_ = true;
  return doc;
}

void fiscal_storage::apply(const fiscal_document& doc) {
  state_.last_document = doc.number;
  state_.last_document_time = doc.time;
  switch (static_cast<ffd::form_code>(doc.type)) {
    case ffd::form_code::registration:
    case ffd::form_code::re_registration:
      if (doc.type == static_cast<std::uint16_t>(ffd::form_code::registration))
        state_.expires_at = unix_seconds(add_months(from_unix_seconds(doc.time), state_.lifetime_months));
      state_.phase = fn_phase::fiscal;
      if (doc.registration) state_.registration = doc.registration;
      ++state_.registrations;
      break;
    case ffd::form_code::shift_open:
      state_.shift_open = true;
      state_.shift_number = doc.shift_number;
      state_.receipts_in_shift = 0;
      state_.shift_opened_at = doc.time;
      state_.shift_first_document = doc.number;
      break;
    case ffd::form_code::receipt:
    case ffd::form_code::correction_receipt:
      state_.receipts_in_shift = doc.receipt_number;
      break;
    case ffd::form_code::shift_close:
      state_.shift_open = false;
      break;
    case ffd::form_code::fn_close:
      state_.phase = fn_phase::post_fiscal;
      break;
    default:
      break;
  }
  queue_.push_back({doc.number, doc.time});
}

void fiscal_storage::rebuild_queue() {
  queue_.clear();
  for (std::uint32_t n = state_.last_ticketed + 1; n <= state_.last_document; ++n) {
    // A damaged or missing file does not stop the device from starting: its commands
    // that need the document report an FN failure instead.
    std::int64_t time = state_.last_document_time;
    try {
      if (const auto doc = archive_.load(n)) time = doc->time;
    } catch (const format_error&) {
    }
    queue_.push_back({n, time});
  }
}

std::optional<fiscal_document> fiscal_storage::find(std::uint32_t number) const {
  if (number == 0 || number > state_.last_document) return std::nullopt;
  try {
    auto doc = archive_.load(number);
    if (!doc) throw std::runtime_error("archive lacks document " + std::to_string(number));
    return doc;
  } catch (const format_error& e) {
    // A damaged archive is an FN failure, not a malformed request.
    throw std::runtime_error(std::string("damaged archive: ") + e.what());
  }
}

std::optional<bytes> fiscal_storage::ticket(std::uint32_t number) const {
  if (number == 0 || number > state_.last_ticketed) return std::nullopt;
  return archive_.load_ticket(number);
}

bool fiscal_storage::verify(const fiscal_document& doc) const {
  const ffd::tlv whole = ffd::decode_one(doc.tlv);
  ffd::tlv unsigned_part = ffd::tlv::structure(whole.tag());
  for (const ffd::tlv& child : whole.children())
    if (child.tag() != ffd::tag::fiscal_sign) unsigned_part.add(child);
  const ffd::tlv* stored = whole.find(ffd::tag::fiscal_sign);
  return stored && stored->value() == fiscal_sign_value(doc.fiscal_sign) &&
         fiscal_sign(state_.key, ffd::encode(unsigned_part)) == doc.fiscal_sign;
}

void fiscal_storage::exchange_with_ofd(device_time now) {
  const std::int64_t t = unix_seconds(now);
  while (!queue_.empty()) {
    const auto due = ofd_.ticket_time(queue_.front(), state_.last_ticket_time);
    if (!due || *due > t) break;
    const auto doc = archive_.load(queue_.front().number);
    if (!doc) throw format_error("archive lacks document " + std::to_string(queue_.front().number));
    archive_.store_ticket(doc->number, make_ticket(*doc, *due));  // before the state, as documents
    state_.last_ticketed = doc->number;
    state_.last_ticket_time = *due;
    queue_.pop_front();
    changed_ = true;
  }
  if (state_.phase == fn_phase::post_fiscal && queue_.empty()) {
    state_.phase = fn_phase::archive_only;
    changed_ = true;
  }
}

std::optional<queued_document> fiscal_storage::first_unticketed() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.front();
}

bytes fiscal_storage::make_ticket(const fiscal_document& doc, std::int64_t ticket_time) const {
  bytes out;
  write_fn_date_time(out, ticket_time);
  bytes signed_input;
  byte_writer(signed_input).u32(doc.number).u32(doc.fiscal_sign).uint_le(static_cast<std::uint64_t>(ticket_time), 8);
  for (std::uint8_t part = 0; part < 3; ++part) {
    signed_input.push_back(part);
    const std::uint64_t h = siphash_2_4(ofd_key, signed_input.data(), signed_input.size());
    signed_input.pop_back();
    const std::size_t take = part < 2 ? 8 : 2;  // 8 + 8 + 2 = 18 bytes
    for (std::size_t i = 0; i < take; ++i) out.push_back(static_cast<byte_t>(h >> (8 * i)));
  }
  byte_writer(out).u32(doc.number);
  return out;
}

}  // namespace ws::emulator
