#include "actors/jobs/document_match.hpp"

#include "actors/jobs/correction_receipt_job.hpp"
#include "protocol/ffd/receipt_document.hpp"
#include "protocol/ffd/tags.hpp"

namespace ws::jobs {

namespace {

/// The fields of one row (1059) that say what was sold.
struct row {
  std::string name;
  ffd::money price;
  ffd::quantity qty;
  ffd::money amount;

  bool operator==(const row& other) const {
    return name == other.name && price == other.price && qty == other.qty && amount == other.amount;
  }
};

std::vector<row> rows_of(const std::vector<const ffd::tlv*>& items) {
  std::vector<row> out;
  for (const auto* item : items)
    out.push_back(row{item->at(ffd::tag::item_name).as_string(), item->at(ffd::tag::item_price).as_money(),
                      item->at(ffd::tag::item_quantity).as_quantity(), item->at(ffd::tag::item_amount).as_money()});
  return out;
}

bool same_rows(const ffd::receipt_content& content, const ffd::calculated_receipt& calculated, const bytes& tlv) {
  try {
    // The expected rows go through the same encoding as the printed ones (a text the
    // FN's code page cannot hold reads back the same way on both sides).
    const auto expected = ffd::build_document(ffd::receipt_document_from(content, calculated));
    const auto printed = ffd::decode(tlv);
    std::vector<const ffd::tlv*> printed_items;
    for (const auto& node : printed)
      if (node.tag() == ffd::tag::item) printed_items.push_back(&node);
    return rows_of(expected.find_all(ffd::tag::item)) == rows_of(printed_items);
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

bool is_receipt_of(const ffd::receipt_content& content, const ffd::calculated_receipt& calculated,
                   const archived_document& document, const bytes* tlv) {
  if (document.document_type != form::receipt) return false;
  if (document.settlement_sign != static_cast<std::uint8_t>(content.type)) return false;
  if (document.total != static_cast<std::uint64_t>(calculated.total.kopecks)) return false;
  return !tlv || same_rows(content, calculated, *tlv);
}

bool is_correction_of(const ffd::correction_content& content, const archived_document& document) {
  const auto request = correction_request_of(content);
  return document.document_type == form::correction &&
         document.settlement_sign == static_cast<std::uint8_t>(request.sign) && document.total == request.total;
}

}  // namespace ws::jobs
