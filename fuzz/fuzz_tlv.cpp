// The FFD TLV decoder (protocol/ffd/tlv.hpp) on any bytes. First byte: which tags are
// structures (the real predicate, none, or all below 0x8000). Checks: decoding either
// throws format_error or gives TLVs that encode back to exactly the input; the value
// accessors throw format_error or field_error at worst.

#include "fuzz/fuzz_input.hpp"
#include "protocol/ffd/field_error.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"

using namespace ws;
using ws::fuzz::fail;
using namespace ws::ffd;

namespace {

void read_values(const tlv& node) {
  if (node.is_structure()) {
    for (const auto& child : node.children()) read_values(child);
    (void)node.find(node.tag());
    return;
  }
  try { (void)node.as_uint(); } catch (const format_error&) {}
  try { (void)node.as_money(); } catch (const format_error&) {} catch (const field_error&) {}
  try { (void)node.as_quantity(); } catch (const format_error&) {} catch (const field_error&) {}
  (void)node.as_string();
  (void)node.as_trimmed_string();
  (void)to_debug_string(node);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t choice = data[0];
  const bytes body(data + 1, data + size);
  structure_predicate structures;
  switch (choice % 3) {
    case 0: structures = [](tag_t t) { return is_structure_tag(t); }; break;
    case 1: structures = [](tag_t) { return false; }; break;
    default: structures = [](tag_t t) { return t < 0x8000; }; break;
  }
  std::vector<tlv> nodes;
  try {
    nodes = decode(body, structures);
  } catch (const format_error&) {
    return 0;
  }
  if (encode(nodes) != body) fail("decoded TLVs do not encode back to the input");
  for (const auto& node : nodes) {
    if (node.encoded_size() > body.size()) fail("encoded_size larger than the input");
    read_values(node);
  }
  return 0;
}
