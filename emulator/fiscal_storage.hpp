#pragma once
// The emulated FN (fiscal storage): its lifecycle phase, registration data, counters
// (document, shift, receipt-in-shift), the archive of every signed document, the fiscal
// sign, and the queue of documents the OFD has not acknowledged yet. Pure model apart
// from the archive files; the owner persists state() after any change (changed()).

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "emulator/document_archive.hpp"
#include "emulator/ofd_model.hpp"
#include "emulator/siphash.hpp"
#include "protocol/ffd/tlv.hpp"
#include "protocol/shtrih/errors.hpp"

namespace ws::emulator {

/// FN lifecycle phases as the FF01h phase byte shows them (bits accumulate).
enum class fn_phase : std::uint8_t {
  configured = 0x01,    ///< ready for registration
  fiscal = 0x03,        ///< registered: shifts and receipts
  post_fiscal = 0x07,   ///< closed: documents still to send to the OFD
  archive_only = 0x0F,  ///< everything sent: read-only archive
};

/// Everything the FN keeps across power cycles, apart from the archive files.
struct fn_state {
  std::string serial;
  siphash_key key;
  fn_phase phase = fn_phase::configured;
  int lifetime_months = 36;
  std::int64_t expires_at = 0;  ///< device time; counted again from registration
  std::optional<registration_data> registration;
  std::uint16_t registrations = 0;
  std::uint32_t last_document = 0;
  std::int64_t last_document_time = 0;
  bool shift_open = false;
  std::uint16_t shift_number = 0;  ///< the open shift, or the last closed one
  std::uint16_t receipts_in_shift = 0;
  std::int64_t shift_opened_at = 0;
  std::uint32_t shift_first_document = 0;
  std::uint32_t last_ticketed = 0;      ///< documents 1..last_ticketed have an OFD ticket
  std::int64_t last_ticket_time = 0;
  /// A debug FN (FF04h software type 0, "отладочная версия"): the only kind that takes
  /// the debug commands (FF07h reset). A serial FN (type 1) is what shops get.
  bool debug = false;

  friend bool operator==(const fn_state& a, const fn_state& b);
};

/// A document the KKT asks the FN to sign. The FN adds its own tags around `body`: date
/// and time (1012), FD number (1040), FN number (1041) and the fiscal sign (1077).
struct document_draft {
  std::uint16_t type = 0;       ///< form code
  std::vector<ffd::tlv> body;
  fiscal_document fields;       ///< shift, receipt number, operation, total, registration
};

namespace fn_error = shtrih::fn_error;

class fiscal_storage {
 public:
  /// `dir` holds the archive files; `durable` = fsync every write.
  fiscal_storage(std::filesystem::path dir, bool durable);

  /// A factory-new FN: "configured" phase, nothing signed.
  void manufacture(std::string serial, device_time now, int lifetime_months = 36);
  /// FF07h code 16h on a debug FN: the archive and every counter wiped, the phase back
  /// to "ready for fiscalisation" (serial number, keys and the debug kind stay). The
  /// owner saves the state first, then calls discard_archive(): a kill in between leaves
  /// the old documents, which the next start adopts (the reset did not happen).
  void reset_to_configured(device_time now);
  /// Another kind of FN in the same place (emulator control: a debug or a serial one).
  void set_debug(bool debug) {
    if (state_.debug == debug) return;
    state_.debug = debug;
    changed_ = true;
  }
  /// Removes every document and ticket file of the archive.
  void discard_archive() { archive_.discard_all(); }
  /// Takes the state from the state file and reconciles it with the archive: documents
  /// and tickets written before a kill but not yet counted in the state are adopted.
  /// Returns true when the state had to change.
  bool restore(fn_state saved);

  const fn_state& state() const { return state_; }
  /// True once after every change of state() (the owner then writes the state file).
  bool take_changed();

  // --- rules ------------------------------------------------------------------------
  /// Why a new fiscal document cannot be formed now (fn_error::none when it can).
  /// `needs_fiscal_phase` is false for registration, which wants the configured phase.
  std::uint8_t check_new_document(device_time now, bool needs_fiscal_phase = true) const;
  bool shift_expired(device_time now) const;
  /// The oldest document without a ticket waits for more than 30 days.
  bool ofd_wait_exhausted(device_time now) const;

  /// FN error 10h when the document with the FN's own tags is larger than the FFD allows
  /// its form (ffd::max_document_bytes), else fn_error::none.
  static std::uint8_t check_size(const document_draft& draft);

  // --- documents --------------------------------------------------------------------
  /// Numbers, signs, archives and counts a new document; returns it as archived.
  fiscal_document commit(document_draft draft, device_time now);
  std::optional<fiscal_document> find(std::uint32_t number) const;
  std::optional<bytes> ticket(std::uint32_t number) const;
  /// Re-computes a stored document's fiscal sign from its TLV (true when it matches).
  bool verify(const fiscal_document& doc) const;

  // --- OFD --------------------------------------------------------------------------
  ofd_model& ofd() { return ofd_; }
  const ofd_model& ofd() const { return ofd_; }
  /// Lets the OFD acknowledge every document due by `now` (writes their tickets).
  void exchange_with_ofd(device_time now);
  std::size_t unticketed_count() const { return queue_.size(); }
  /// The oldest document without a ticket: number and time.
  std::optional<queued_document> first_unticketed() const;

 private:
  void apply(const fiscal_document& doc);
  void rebuild_queue();
  bytes make_ticket(const fiscal_document& doc, std::int64_t ticket_time) const;

  document_archive archive_;
  fn_state state_;
  ofd_model ofd_;
  std::deque<queued_document> queue_;
  bool changed_ = false;
};

/// The ticket (FF3Ch) the emulated OFD gives for a document: its date-time (5 bytes,
/// FN order YY MM DD hh mm), the OFD's fiscal sign (18 bytes) and the FD number (4).
inline constexpr std::size_t ticket_size = 27;

}  // namespace ws::emulator
