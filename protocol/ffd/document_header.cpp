#include "protocol/ffd/document_header.hpp"

#include "protocol/ffd/tags.hpp"

namespace ws::ffd {

namespace {
constexpr std::size_t fn_number_width = 16;
constexpr std::size_t reg_number_width = 20;
constexpr std::size_t inn_width = 12;
}  // namespace

tlv fiscal_sign_tlv(std::uint32_t fiscal_sign) {
  bytes value{0, 0};
  for (int shift = 24; shift >= 0; shift -= 8) value.push_back(static_cast<byte_t>(fiscal_sign >> shift));
  return tlv::raw(tag::fiscal_sign, std::move(value));
}

std::uint32_t read_fiscal_sign(const tlv& node) {
  const bytes& v = node.value();
  if (v.size() != 6) throw format_error("tag 1077 must be 6 bytes, got " + std::to_string(v.size()));
  std::uint32_t sign = 0;
  for (std::size_t i = 2; i < 6; ++i) sign = (sign << 8) | v[i];
  return sign;
}

void add_header(tlv& document, const document_header& h) {
  document.add(tlv::u8(tag::ffd_version, h.ffd_version))
      .add(tlv::unix_time(tag::date_time, h.date_time))
      .add(tlv::fixed_string(tag::kkt_reg_number, h.kkt_reg_number, reg_number_width))
      .add(tlv::fixed_string(tag::user_inn, h.user_inn, inn_width))
      .add(tlv::u32(tag::fd_number, h.fd_number))
      .add(tlv::fixed_string(tag::fn_number, h.fn_number, fn_number_width))
      .add(fiscal_sign_tlv(h.fiscal_sign));
}

document_header read_header(const tlv& d) {
  document_header h;
  h.ffd_version = static_cast<std::uint8_t>(d.at(tag::ffd_version).as_uint());
  h.date_time = static_cast<std::uint32_t>(d.at(tag::date_time).as_uint());
  h.kkt_reg_number = d.at(tag::kkt_reg_number).as_trimmed_string();
  h.user_inn = d.at(tag::user_inn).as_trimmed_string();
  h.fd_number = static_cast<std::uint32_t>(d.at(tag::fd_number).as_uint());
  h.fn_number = d.at(tag::fn_number).as_trimmed_string();
  h.fiscal_sign = read_fiscal_sign(d.at(tag::fiscal_sign));
  return h;
}

}  // namespace ws::ffd
