#include "emulator/fiscal_sign.hpp"

namespace ws::emulator {
namespace {

// A fixed "factory" key: only used to derive per-FN keys, it carries no secret.
constexpr siphash_key factory_key{0x5768697465537069ULL, 0x7269742d464e2d31ULL};

std::uint64_t derive(std::string_view serial, std::uint8_t which) {
  bytes input(serial.begin(), serial.end());
  input.push_back(which);
  return siphash_2_4(factory_key, input.data(), input.size());
}

}  // namespace

siphash_key fn_key_for_serial(std::string_view fn_serial) {
  return siphash_key{derive(fn_serial, 0), derive(fn_serial, 1)};
}

std::uint32_t fiscal_sign(const siphash_key& key, const bytes& document) {
  return static_cast<std::uint32_t>(siphash_2_4(key, document.data(), document.size()));
}

}  // namespace ws::emulator
