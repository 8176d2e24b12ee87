#include "emulator/fiscal_document.hpp"

#include "emulator/siphash.hpp"

namespace ws::emulator {
namespace {

constexpr std::uint32_t file_magic = 0x44465357;  // "WSFD"
constexpr std::uint8_t file_version = 1;
constexpr siphash_key check_key{0x6172636869766531ULL, 0x636865636b73756dULL};

void put_text(byte_writer& w, const std::string& s) {
  w.u16(static_cast<std::uint16_t>(s.size()));
  w.text(s);
}
std::string get_text(byte_reader& r) { return r.text(r.u16()); }

std::uint64_t check_value(const bytes& data, std::size_t size) { return siphash_2_4(check_key, data.data(), size); }

}  // namespace

std::uint8_t default_taxation_system(const registration_data& reg) {
  for (std::uint8_t bit = 1; bit != 0x40; bit = static_cast<std::uint8_t>(bit << 1))
    if (reg.taxation_systems & bit) return bit;
  return 1;
}

bool operator==(const registration_data& a, const registration_data& b) {
  return a.inn == b.inn && a.rnm == b.rnm && a.taxation_systems == b.taxation_systems &&
         a.work_modes == b.work_modes && a.ofd_inn == b.ofd_inn && a.ofd_name == b.ofd_name &&
         a.user_name == b.user_name && a.address == b.address && a.place == b.place;
}

bool operator==(const fiscal_document& a, const fiscal_document& b) {
  return a.type == b.type && a.number == b.number && a.fiscal_sign == b.fiscal_sign && a.time == b.time &&
         a.shift_number == b.shift_number && a.receipt_number == b.receipt_number &&
         a.operation == b.operation && a.total == b.total && a.registration == b.registration &&
         a.unsent_count == b.unsent_count && a.first_unsent_time == b.first_unsent_time && a.tlv == b.tlv;
}

bytes serialize(const fiscal_document& doc) {
  bytes out;
  byte_writer w(out);
  w.u32(file_magic).u8(file_version);
  w.u16(doc.type).u32(doc.number).u32(doc.fiscal_sign).uint_le(static_cast<std::uint64_t>(doc.time), 8);
  w.u16(doc.shift_number).u16(doc.receipt_number).u8(doc.operation).uint_le(doc.total, 8);
  w.u8(doc.registration ? 1 : 0);
  if (doc.registration) {
    const registration_data& r = *doc.registration;
    put_text(w, r.inn);
    put_text(w, r.rnm);
    w.u8(r.taxation_systems).u8(r.work_modes);
    for (const std::string* s : {&r.ofd_inn, &r.ofd_name, &r.user_name, &r.address, &r.place}) put_text(w, *s);
  }
  w.u32(doc.unsent_count).uint_le(static_cast<std::uint64_t>(doc.first_unsent_time), 8);
  w.u32(static_cast<std::uint32_t>(doc.tlv.size())).raw(doc.tlv);
  w.uint_le(check_value(out, out.size()), 8);
  return out;
}

fiscal_document parse_fiscal_document(const bytes& file) {
  if (file.size() < 8) throw format_error("document file too short");
  const std::size_t body = file.size() - 8;
  byte_reader tail(file.data() + body, 8);
  if (tail.uint_le(8) != check_value(file, body)) throw format_error("document file check value mismatch");
  byte_reader r(file.data(), body);
  if (r.u32() != file_magic || r.u8() != file_version) throw format_error("not a document file");
  fiscal_document doc;
  doc.type = r.u16();
  doc.number = r.u32();
  doc.fiscal_sign = r.u32();
  doc.time = static_cast<std::int64_t>(r.uint_le(8));
  doc.shift_number = r.u16();
  doc.receipt_number = r.u16();
  doc.operation = r.u8();
  doc.total = r.uint_le(8);
  if (r.u8() != 0) {
    registration_data reg;
    reg.inn = get_text(r);
    reg.rnm = get_text(r);
    reg.taxation_systems = r.u8();
    reg.work_modes = r.u8();
    for (std::string* s : {&reg.ofd_inn, &reg.ofd_name, &reg.user_name, &reg.address, &reg.place}) *s = get_text(r);
    doc.registration = reg;
  }
  doc.unsent_count = r.u32();
  doc.first_unsent_time = static_cast<std::int64_t>(r.uint_le(8));
  doc.tlv = r.raw(r.u32());
  if (!r.at_end()) throw format_error("trailing bytes in document file");
  return doc;
}

}  // namespace ws::emulator
