#include "http/secret_compare.hpp"

#include <cstddef>

namespace ws::http {

bool secret_equals(std::string_view given, std::string_view expected) {
  // volatile: the compiler must not turn the loop into an early-exit memcmp.
  volatile unsigned char difference = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const unsigned char g = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
    difference = static_cast<unsigned char>(difference | (g ^ static_cast<unsigned char>(expected[i])));
  }
  return difference == 0;
}

}  // namespace ws::http
