// The FN model on its own: numbering, signing, archiving and counting documents, the
// OFD ticket chain, and reconciling a saved state with the archive files.
#include "device_fixture.hpp"

#include "emulator/fiscal_storage.hpp"
#include "protocol/ffd/tags.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;

namespace {

document_draft draft_of(ffd::form_code type, std::uint16_t shift = 0, std::uint16_t receipt = 0) {
  document_draft d;
  d.type = static_cast<std::uint16_t>(type);
  d.body.push_back(ffd::tlv::u32(ffd::tag::shift_number, shift));
  d.fields.shift_number = shift;
  d.fields.receipt_number = receipt;
  if (type == ffd::form_code::registration)
    d.fields.registration = registration_data{"7701234567", "1", 1, 0, {}, {}, {}, {}, {}};
  return d;
}

}  // namespace

TEST_CASE("the FN numbers signs and counts its documents", "[device][fn]") {
  temp_folder folder("fn");
  const device_time t0 = test_day_start();
  fiscal_storage fn(folder.path(), false);
  fn.manufacture("9999078900000077", t0, 13);
  CHECK(fn.take_changed());
  CHECK_FALSE(fn.take_changed());
  CHECK(fn.state().phase == fn_phase::configured);
  CHECK(fn.check_new_document(t0) == shtrih::fn_error::wrong_state);
  CHECK(fn.check_new_document(t0, false) == shtrih::fn_error::none);

  const fiscal_document reg = fn.commit(draft_of(ffd::form_code::registration), t0);
  CHECK(reg.number == 1);
  CHECK(fn.state().phase == fn_phase::fiscal);
  CHECK(fn.state().expires_at == unix_seconds(civil_time{2027, 4, 2, 10, 0, 0}.to_time_point()));
  const fiscal_document open = fn.commit(draft_of(ffd::form_code::shift_open, 1), t0 + std::chrono::minutes(1));
  CHECK(fn.state().shift_open);
  CHECK(fn.state().shift_number == 1);
  const fiscal_document sale = fn.commit(draft_of(ffd::form_code::receipt, 1, 1), t0 + std::chrono::minutes(2));
  CHECK(sale.number == 3);
  CHECK(fn.state().receipts_in_shift == 1);
  CHECK(fn.unticketed_count() == 3);

  for (const auto* doc : {&reg, &open, &sale}) {
    CHECK(fn.verify(*doc));
    CHECK(fn.find(doc->number) == *doc);
    fiscal_document forged = *doc;
    forged.tlv[forged.tlv.size() / 2] ^= 0x01;
    CHECK_FALSE(fn.verify(forged));
  }
  // A document dated before the last one is refused.
  CHECK(fn.check_new_document(t0) == shtrih::fn_error::bad_date_time);
  CHECK_FALSE(fn.find(4).has_value());
  CHECK_FALSE(fn.find(0).has_value());
}

TEST_CASE("OFD tickets come one after another while online", "[device][fn][ofd]") {
  ofd_model ofd(ofd_settings{std::chrono::seconds(5), true});
  CHECK(ofd.ticket_time({1, 1000}, 0) == 1005);
  CHECK(ofd.ticket_time({2, 1001}, 1005) == 1010);  // waits for the previous ticket
  CHECK(ofd.ticket_time({3, 2000}, 1010) == 2005);
  ofd.set_online(false, from_unix_seconds(3000));
  CHECK_FALSE(ofd.ticket_time({4, 2500}, 2005).has_value());
  ofd.set_online(true, from_unix_seconds(4000));
  CHECK(ofd.ticket_time({4, 2500}, 2005) == 4005);  // sent once the link is back
}

TEST_CASE("restoring adopts documents and tickets the state missed", "[device][fn]") {
  temp_folder folder("fn-restore");
  const device_time t0 = test_day_start();
  fn_state saved;
  {
    fiscal_storage fn(folder.path(), false);
    fn.manufacture("9999078900000078", t0);
    fn.commit(draft_of(ffd::form_code::registration), t0);
    saved = fn.state();  // what the state file held when the process died
    fn.commit(draft_of(ffd::form_code::shift_open, 1), t0);
    fn.exchange_with_ofd(t0 + std::chrono::seconds(10));
    CHECK(fn.state().last_ticketed == 2);
  }
  fiscal_storage fn(folder.path(), false);
  CHECK(fn.restore(saved));
  CHECK(fn.state().last_document == 2);
  CHECK(fn.state().shift_open);
  CHECK(fn.state().last_ticketed == 2);
  CHECK(fn.unticketed_count() == 0);
  CHECK(fn.ticket(2).has_value());
  CHECK_FALSE(fn.restore(fn.state()));  // nothing more to adopt
}
