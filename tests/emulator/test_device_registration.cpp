// Registration (FF05h + FF0Ch + FF06h) and re-registration (FF34h): what the FN keeps,
// what the report holds, and the FF0Ah fields of both.
#include "device_fixture.hpp"

#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

using namespace ws;
using namespace ws::emulator;
using namespace ws::emulator::testing;
namespace tag = ws::ffd::tag;

namespace {

shtrih::write_tlv_request tlv_of(const ffd::tlv& node) {
  shtrih::write_tlv_request r;
  r.tlv = ffd::encode(node);
  return r;
}

}  // namespace

TEST_CASE("registration keeps the host's user and OFD fields", "[device][registration]") {
  device_fixture f("registration");
  f.ok<shtrih::begin_registration_reply>(shtrih::begin_registration_request{});
  CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).current_document ==
        shtrih::fn_document::registration);
  f.ok<shtrih::write_tlv_reply>(tlv_of(ffd::tlv::string(tag::user_name, "ООО Ромашка")));
  const std::string address = "г. Москва, ул. Тверская, 1";
  f.ok<shtrih::write_tlv_reply>(tlv_of(ffd::tlv::string(tag::settlement_address, address)));
  f.ok<shtrih::write_tlv_reply>(tlv_of(ffd::tlv::fixed_string(tag::ofd_inn, "7704211201", 12)));
  f.ok<shtrih::write_tlv_reply>(tlv_of(ffd::tlv::string(tag::ofd_name, "ОФД Тест")));
  shtrih::registration_request reg;
  reg.params.inn = "770123456789";
  reg.params.registration_number = "0000000001012345";
  reg.params.taxation_systems = shtrih::taxation::usn_income;
  reg.params.work_mode = 0x02;  // offline mode
  const auto done = f.ok<shtrih::registration_reply>(reg);
  CHECK(done.document_number == 1);

  const ffd::tlv doc = ffd::decode_one(f.read_tlv(1));
  CHECK(doc.tag() == 1);
  CHECK(doc.at(tag::user_name).as_string() == "ООО Ромашка");
  CHECK(doc.at(tag::settlement_address).as_string() == "г. Москва, ул. Тверская, 1");
  CHECK(doc.at(tag::ofd_inn).as_trimmed_string() == "7704211201");
  CHECK(doc.at(tag::ofd_name).as_string() == "ОФД Тест");
  CHECK(doc.at(tag::user_inn).as_string() == "770123456789");
  CHECK(doc.at(tag::kkt_reg_number).as_trimmed_string() == "0000000001012345");
  CHECK(doc.at(tag::taxation_systems).as_uint() == shtrih::taxation::usn_income);
  CHECK(doc.at(tag::offline_mode).as_uint() == 1);
  CHECK(doc.at(tag::encryption).as_uint() == 0);
  CHECK(doc.at(tag::kkt_serial).as_string() == "0012345678901234");
  CHECK(doc.at(tag::kkt_version).as_string() == "1.0");
  CHECK(doc.find_all(tag::user_name).size() == 1);  // not repeated from the host's TLV

  const auto found = f.find(1);
  CHECK(found.document_type == 1);
  byte_reader fields(found.data);
  fields.raw(13);
  CHECK(fields.text(12) == "770123456789");
  CHECK(fields.text(20) == "0000000001012345    ");
  CHECK(fields.u8() == shtrih::taxation::usn_income);
  CHECK(fields.u8() == 0x02);
  CHECK(fields.at_end());

  // Later documents carry the user's fields in their header.
  f.open_shift();
  const ffd::tlv shift = ffd::decode_one(f.read_tlv(2));
  CHECK(shift.at(tag::user_name).as_string() == "ООО Ромашка");
  CHECK(shift.at(tag::settlement_address).as_string() == "г. Москва, ул. Тверская, 1");
  // Receipts default to the one registered taxation system.
  f.ok<shtrih::position_reply>(f.item(100));
  shtrih::close_receipt_request close;
  close.payments[0] = 100;
  close.taxation_system = 0;
  const auto sale = f.ok<shtrih::close_receipt_reply>(close);
  CHECK(ffd::decode_one(f.read_tlv(sale.document_number)).at(tag::taxation_system).as_uint() ==
        shtrih::taxation::usn_income);
  f.ok<shtrih::position_reply>(f.item(100));
  CHECK(f.error_of(f.cash(100)) == shtrih::device_error::bad_parameters);  // OSN is not registered
}

TEST_CASE("registration checks its parameters", "[device][registration]") {
  struct bad_case {
    const char* what;
    const char* inn;
    const char* rnm;
    std::uint8_t taxation;
  };
  const bad_case cases[] = {
      {"INN of 11 digits", "77012345678", "1", 1},
      {"INN with a letter", "77012345A7", "1", 1},
      {"empty registration number", "7701234567", "", 1},
      {"no taxation system", "7701234567", "1", 0},
      {"unknown taxation bit", "7701234567", "1", 0x40},
  };
  for (const auto& c : cases) {
    SECTION(c.what) {
      device_fixture f("bad-registration");
      f.ok<shtrih::begin_registration_reply>(shtrih::begin_registration_request{});
      shtrih::registration_request reg;
      reg.params.inn = c.inn;
      reg.params.registration_number = c.rnm;
      reg.params.taxation_systems = c.taxation;
      CHECK(f.error_of(reg) == shtrih::fn_error::bad_parameters);
      CHECK(f.ok<shtrih::fn_status_reply>(shtrih::fn_status_request{}).phase == shtrih::fn_phase::configured);
    }
  }
}

TEST_CASE("re-registration changes the registration data", "[device][registration]") {
  device_fixture f("reregistration");
  f.register_fn();
  shtrih::reregistration_request rereg;
  rereg.params = shtrih::registration_params{"7709876543", "0000000002000002", shtrih::taxation::osn, 0};
  rereg.reason = 4;
  const auto done = f.ok<shtrih::reregistration_reply>(rereg);
  CHECK(done.document_number == 2);
  CHECK(f.find(2).document_type == 11);
  const ffd::tlv doc = ffd::decode_one(f.read_tlv(2));
  CHECK(doc.at(tag::re_registration_reason).as_uint() == 4);
  CHECK(doc.at(tag::user_inn).as_trimmed_string() == "7709876543");
  f.open_shift();
  CHECK(ffd::decode_one(f.read_tlv(3)).at(tag::user_inn).as_trimmed_string() == "7709876543");
  CHECK(f.error_of(rereg) == shtrih::fn_error::wrong_state);  // not with the shift open
  const auto full = f.ok<shtrih::full_status_reply>(shtrih::full_status_request{});
  CHECK(full.registrations == 2);
  CHECK(full.inn == 7709876543ULL);
}
