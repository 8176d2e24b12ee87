#include "protocol/shtrih/commands_registration.hpp"

namespace ws::shtrih {

namespace {

constexpr std::size_t inn_bytes = 12;
constexpr std::size_t registration_number_bytes = 20;
constexpr std::size_t params_bytes = inn_bytes + registration_number_bytes + 2;

void write_params(bytes& out, const registration_params& p) {
  wire::write_text_fixed(out, p.inn, inn_bytes, ' ');
  wire::write_text_fixed(out, p.registration_number, registration_number_bytes, ' ');
  out.push_back(p.taxation_systems);
  out.push_back(p.work_mode);
}

registration_params read_params(byte_reader& in) {
  registration_params p;
  p.inn = wire::read_text_fixed(in, inn_bytes, ' ');
  p.registration_number = wire::read_text_fixed(in, registration_number_bytes, ' ');
  p.taxation_systems = in.u8();
  p.work_mode = in.u8();
  return p;
}

}  // namespace

bytes begin_registration_request::encode() const {
  bytes out = wire::begin_request(code);
  byte_writer(out).u32(password).u8(report_type);
  return out;
}

begin_registration_request begin_registration_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  begin_registration_request r;
  r.password = in.u32();
  r.report_type = in.u8();
  wire::expect_end(in);
  return r;
}

bytes registration_request::encode() const {
  bytes out = wire::begin_request(code);
  wire::write_uint(out, password, 4);
  write_params(out, params);
  return out;
}

registration_request registration_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  registration_request r;
  r.password = in.u32();
  r.params = read_params(in);
  wire::expect_end(in);
  return r;
}

bytes reregistration_request::encode() const {
  bytes out = wire::begin_request(code);
  wire::write_uint(out, password, 4);
  if (params) write_params(out, *params);
  out.push_back(reason);
  return out;
}

reregistration_request reregistration_request::decode(const bytes& payload) {
  byte_reader in = wire::open_request(payload, code);
  reregistration_request r;
  r.password = in.u32();
  if (in.remaining() == params_bytes + 1) {
    r.params = read_params(in);
  } else if (in.remaining() != 1) {
    throw format_error("FF34h carries " + std::to_string(in.remaining()) + " bytes after the password");
  }
  r.reason = in.u8();
  return r;
}

}  // namespace ws::shtrih
