// Persistence: the device folder holds everything a register keeps across power loss.
// Reloading gives the identical archive; a kill between the archive write and the state
// write, or in the middle of either, never loses or changes a signed document.
#include "device_fixture.hpp"

#include <fstream>

#include "emulator/durable_file.hpp"
#include "emulator/fiscal_document.hpp"
#include "emulator/state_store.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
namespace fs = std::filesystem;

namespace {

/// What the host can read about every document: FF0Ah data and the TLV.
struct archive_view {
  std::vector<bytes> fields;
  std::vector<bytes> tlvs;
  friend bool operator==(const archive_view& a, const archive_view& b) {
    return a.fields == b.fields && a.tlvs == b.tlvs;
  }
};

archive_view read_archive(device_fixture& f) {
  archive_view view;
  const std::uint32_t last = f.last_document();
  for (std::uint32_t n = 1; n <= last; ++n) {
    shtrih::find_document_request r;
    r.document_number = n;
    view.fields.push_back(f.device->execute(r.encode()).reply);
    view.tlvs.push_back(f.read_tlv(n));
  }
  return view;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

bytes file_bytes(const fs::path& path) { return read_whole_file(path).value(); }

}  // namespace

TEST_CASE("the state file round-trips every field", "[device][persistence]") {
  persistent_state s;
  s.kkt_serial = "0012345678901234";
  s.clock_offset = std::chrono::seconds(-3600);
  s.fn.serial = "9999078900901234";
  s.fn.key = siphash_key{0x0123456789ABCDEFULL, 0xFEDCBA9876543210ULL};
  s.fn.phase = fn_phase::fiscal;
  s.fn.lifetime_months = 15;
  s.fn.expires_at = 1800000000;
  s.fn.registration = registration_data{"7701234567", "0000000001012345", 3, 1, "7704211201", "ОФД \"Тест\"",
                                        "ООО Ромашка", "г. Москва,\nул. Тверская, 1", ""};
  s.fn.registrations = 1;
  s.fn.last_document = 42;
  s.fn.last_document_time = 1772445600;
  s.fn.shift_open = true;
  s.fn.shift_number = 7;
  s.fn.receipts_in_shift = 30;
  s.fn.shift_opened_at = 1772440000;
  s.fn.shift_first_document = 11;
  s.fn.last_ticketed = 40;
  s.fn.last_ticket_time = 1772445500;
  CHECK(parse_persistent_state(serialize(s)) == s);

  persistent_state other = s;
  other.fn.receipts_in_shift = 31;
  CHECK_FALSE(parse_persistent_state(serialize(s)) == other);
  // A state text cut short is refused, not half-read.
  const std::string text = serialize(s);
  CHECK_THROWS_AS(parse_persistent_state(text.substr(0, text.size() / 2)), format_error);
}

TEST_CASE("a document file detects any damage", "[device][persistence]") {
  fiscal_document doc;
  doc.type = 3;
  doc.number = 9;
  doc.fiscal_sign = 0xDEADBEEF;
  doc.time = 1772445600;
  doc.total = 15000;
  doc.tlv = bytes{3, 0, 4, 0, 1, 2, 3, 4};
  const bytes file = serialize(doc);
  CHECK(parse_fiscal_document(file) == doc);
  for (std::size_t i = 0; i < file.size(); ++i) {
    bytes damaged = file;
    damaged[i] ^= 0x40;
    INFO("byte " << i);
    CHECK_THROWS_AS(parse_fiscal_document(damaged), format_error);
  }
  CHECK_THROWS_AS(parse_fiscal_document(bytes(file.begin(), file.end() - 1)), format_error);
}

TEST_CASE("reloading the folder gives the identical archive and state", "[device][persistence]") {
  device_fixture f("reload");
  f.register_fn();
  f.open_shift();
  for (std::uint64_t price : {100u, 2599u, 123456u}) f.sell(price);
  f.wait(std::chrono::seconds(3));  // the first tickets arrive
  const archive_view before = read_archive(f);
  const auto ofd_before = f.ok<shtrih::ofd_exchange_status_reply>(shtrih::ofd_exchange_status_request{});
  const auto fn_before = f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{});

  f.reopen();
  CHECK(read_archive(f) == before);
  CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}) == fn_before);
  CHECK(f.ok<shtrih::ofd_exchange_status_reply>(shtrih::ofd_exchange_status_request{}) == ofd_before);
  CHECK(f.mode() == 0x02);  // the shift is still open
  const auto next = f.sell(500);
  CHECK(next.document_number == 6);
  CHECK(ffd::decode_one(f.read_tlv(6)).at(ffd::tag::receipt_in_shift).as_uint() == 4);
}

TEST_CASE("a kill between the archive write and the state write loses nothing", "[device][persistence]") {
  device_fixture f("crash-between");
  f.register_fn();
  f.open_shift();
  const fs::path state = f.folder.path() / "state.txt";
  const bytes state_before_sale = file_bytes(state);

  const auto sale = f.sell(4200);  // document 3 is signed and its reply returned
  const bytes signed_tlv = f.read_tlv(sale.document_number);
  // The process died after writing the document file but before replacing the state:
  // put the old state back, with a half-written new one beside it.
  f.device.reset();
  replace_file_atomically(state, state_before_sale);
  write_text(fs::path(state) += ".tmp", "format 1\nkkt_serial 30\nclock_of");

  f.open();
  CHECK(f.last_document() == 3);
  CHECK(f.read_tlv(3) == signed_tlv);
  CHECK(f.find(3).document_type == 3);
  CHECK_FALSE(fs::exists(fs::path(state) += ".tmp"));
  // The counters follow the adopted document: the next receipt is the second of the shift.
  const auto next = f.sell(100);
  CHECK(next.document_number == 4);
  CHECK(ffd::decode_one(f.read_tlv(4)).at(ffd::tag::receipt_in_shift).as_uint() == 2);
}

TEST_CASE("a kill in the middle of writing a document leaves the archive as it was", "[device][persistence]") {
  device_fixture f("crash-during");
  f.register_fn();
  f.open_shift();
  f.sell(100);
  const archive_view before = read_archive(f);
  f.device.reset();
  // A document file half written under its temporary name never counts.
  write_text(f.folder.path() / "archive" / "fd-0000000004.doc.tmp", "WSFD half");
  f.open();
  CHECK(read_archive(f) == before);
  CHECK(f.last_document() == 3);
  CHECK_FALSE(fs::exists(f.folder.path() / "archive" / "fd-0000000004.doc.tmp"));
  CHECK(f.sell(200).document_number == 4);
}

TEST_CASE("a ticket written before its state is adopted on load", "[device][persistence]") {
  device_fixture f("ticket-crash");
  f.register_fn();
  const fs::path state = f.folder.path() / "state.txt";
  const bytes state_without_ticket = file_bytes(state);
  f.wait(std::chrono::seconds(5));
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 0);
  f.device.reset();
  replace_file_atomically(state, state_without_ticket);
  f.open();
  CHECK(f.ok<shtrih::unticketed_count_reply>(shtrih::unticketed_count_request{}).count == 0);
  shtrih::ofd_ticket_request t;
  t.document_number = 1;
  CHECK(f.ok<shtrih::ofd_ticket_reply>(t).ticket.size() == 27u);
}

TEST_CASE("a damaged archive file is reported as an FN failure", "[device][persistence]") {
  device_fixture f("damaged");
  f.register_fn();
  f.device.reset();
  const fs::path doc = f.folder.path() / "archive" / "fd-0000000001.doc";
  bytes content = file_bytes(doc);
  content[content.size() / 2] ^= 0x01;
  replace_file_atomically(doc, content);
  f.settings.ofd_online = false;  // keep the OFD from reading the file while loading
  f.open();
  shtrih::find_document_request r;
  r.document_number = 1;
  CHECK(f.error_of(r) == shtrih::fn_error::fn_failure);
}
