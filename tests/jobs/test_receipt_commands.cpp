// The commands a receipt becomes, field by field (worked out by hand).

#include <catch2/catch.hpp>

#include "actors/jobs/print_receipt_job.hpp"
#include "actors/jobs/read_document_job.hpp"
#include "actors/jobs/receipt_commands.hpp"
#include "job_test_support.hpp"
#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/tlv.hpp"
#include "receipt_samples.hpp"

using namespace ws;
using namespace ws::jobs;
using namespace ws::jobs::testing;

TEST_CASE("receipt rows become FF46h positions", "[jobs][commands]") {
  auto c = milk_and_bread();
  c.rows[0].method = ffd::payment_method::full_prepayment_wo_delivery;
  c.rows[0].object = ffd::payment_object::service;
  const auto calc = ffd::calculate_receipt(c);
  const auto milk = position_of(c, 0, calc);
  CHECK(milk.operation == shtrih::settlement_sign::income);
  CHECK(milk.price == 8990);
  CHECK(milk.quantity == 2'000'000);
  CHECK(milk.amount == std::optional<std::uint64_t>(17980));
  CHECK(milk.vat_sum == std::optional<std::uint64_t>(1635));  // 179.80 * 10 / 110 = 16.345... -> 16.35
  CHECK(milk.vat == shtrih::vat_code::vat10);
  CHECK(milk.payment_method == 1);
  CHECK(milk.payment_object == 4);
  CHECK(milk.name == "Молоко 3,2%");
  const auto bread = position_of(c, 1, calc);
  CHECK(bread.vat == shtrih::vat_code::vat20);
  CHECK(bread.vat_sum == std::optional<std::uint64_t>(758));  // 45.50 * 20 / 120 = 7.583 -> 7.58
  CHECK(bread.payment_method == 4);
}

TEST_CASE("receipt totals become the FF45h close", "[jobs][commands]") {
  auto c = milk_and_bread();
  c.type = ffd::receipt_type::return_income;
  c.taxation = ffd::taxation_system::usn_income;
  c.payments = {ffd::payment{ffd::payment_type::cash, ffd::money{20000}},
                ffd::payment{ffd::payment_type::card, ffd::money{2530}}};
  const auto calc = ffd::calculate_receipt(c);
  const auto close = close_of(c, calc);
  CHECK(close.payments[shtrih::payment_slot::cash] == 20000);
  CHECK(close.payments[shtrih::payment_slot::electronic] == 2530);
  CHECK(close.vat_sums[shtrih::vat_slot::vat10] == 1635);
  CHECK(close.vat_sums[shtrih::vat_slot::vat20] == 758);
  CHECK(close.vat_sums[shtrih::vat_slot::none] == 0);
  CHECK(close.taxation_system == shtrih::taxation::usn_income);
  CHECK(shtrih_receipt_type(c.type) == shtrih::receipt_type::sale_return);
  CHECK(shtrih_receipt_type(ffd::receipt_type::charge) == shtrih::receipt_type::buy);
}

TEST_CASE("agent and supplier data become FF4Dh TLV", "[jobs][commands]") {
  ffd::receipt_row row;
  CHECK(position_tlv_of(row).empty());
  row.agent = ffd::agent_type::commission_agent;
  row.supplier = ffd::supplier_info{"7704211201", "ООО Поставщик", "+79990001122"};
  const auto nodes = ffd::decode(position_tlv_of(row), ffd::is_structure_tag);
  REQUIRE(nodes.size() == 3);
  CHECK(nodes[0].tag() == ffd::tag::item_agent_flags);
  CHECK(nodes[0].as_uint() == 0x20);
  CHECK(nodes[1].tag() == ffd::tag::supplier_data);
  REQUIRE(nodes[1].find(ffd::tag::supplier_name) != nullptr);
  CHECK(nodes[1].find(ffd::tag::supplier_name)->as_string() == "ООО Поставщик");
  CHECK(nodes[1].find(ffd::tag::supplier_phone)->as_string() == "+79990001122");
  CHECK(nodes[2].tag() == ffd::tag::supplier_inn);
  CHECK(nodes[2].as_string() == "7704211201  ");
}

TEST_CASE("a row's unit of measure becomes tag 1197 of its FF4Dh TLV", "[jobs][commands]") {
  ffd::receipt_row row;
  row.unit = "кг";
  const auto nodes = ffd::decode(position_tlv_of(row), ffd::is_structure_tag);
  REQUIRE(nodes.size() == 1);
  CHECK(nodes[0].tag() == ffd::tag::item_unit);
  CHECK(nodes[0].as_string() == "кг");
}

TEST_CASE("receipt level TLVs are one FF0Ch each", "[jobs][commands]") {
  auto c = milk_and_bread();
  c.additional_document_requisite = "A-17";
  c.additional_user_requisite = ffd::user_requisite{"Заказ", "12345"};
  c.client_inn = "7704211201";
  const auto blocks = receipt_tlvs_of(c);
  REQUIRE(blocks.size() == 5);
  CHECK(ffd::decode_one(blocks[0]).tag() == ffd::tag::buyer_contact);
  CHECK(ffd::decode_one(blocks[1]).tag() == ffd::tag::buyer_inn);
  CHECK(ffd::decode_one(blocks[1]).as_string() == "7704211201  ");
  CHECK(ffd::decode_one(blocks[2]).tag() == ffd::tag::sender_email);
  CHECK(ffd::decode_one(blocks[3]).tag() == ffd::tag::additional_receipt_requisite);
  const auto property = ffd::decode_one(blocks[4], ffd::is_structure_tag);
  CHECK(property.tag() == ffd::tag::user_property);
  CHECK(property.at(ffd::tag::user_property_value).as_string() == "12345");
}

TEST_CASE("a receipt with agent and supplier rows prints", "[jobs][receipt]") {
  registered_device d("receipt-agent");
  auto c = milk_and_bread();
  c.rows[1].agent = ffd::agent_type::commission_agent;
  c.rows[1].supplier = ffd::supplier_info{"7704211201", "ООО Поставщик", ""};
  c.rows[0].unit = "шт";
  c.additional_user_requisite = ffd::user_requisite{"Заказ", "12345"};
  c.client_inn = "500100732259";
  c.agent = ffd::agent_type::commission_agent;
  c.firm_url = "shop.example.com";
  print_receipt_job job(c, ffd::calculate_receipt(c));
  run_job(job, *d.device);
  INFO(job.failure().message << " " << job.failure().device_error_text);
  REQUIRE(job.failure().kind == failure_kind::none);
  CHECK(job.result().document_number == 3);

  // The receipt's TLV holds what the job sent.
  read_document_job read(3);
  run_job(read, *d.device);
  REQUIRE(read.failure().kind == failure_kind::none);
  std::vector<ffd::tlv> nodes = ffd::decode(read.result().tlv, ffd::is_structure_tag);
  if (nodes.size() == 1 && nodes[0].is_structure()) nodes = nodes[0].children();
  const auto find = [&nodes](ffd::tag_t t) -> const ffd::tlv* {
    for (const auto& n : nodes)
      if (n.tag() == t) return &n;
    return nullptr;
  };
  REQUIRE(find(ffd::tag::user_property) != nullptr);
  CHECK(find(ffd::tag::user_property)->at(ffd::tag::user_property_name).as_string() == "Заказ");
  REQUIRE(find(ffd::tag::settlement_place) != nullptr);
  CHECK(find(ffd::tag::settlement_place)->as_string() == "shop.example.com");
  REQUIRE(find(ffd::tag::agent_flags) != nullptr);
  CHECK(find(ffd::tag::agent_flags)->as_uint() == 0x20);
  REQUIRE(find(ffd::tag::buyer_inn) != nullptr);
  CHECK(find(ffd::tag::buyer_inn)->as_trimmed_string() == "500100732259");
  const auto items = [&nodes] {
    std::vector<const ffd::tlv*> out;
    for (const auto& n : nodes)
      if (n.tag() == ffd::tag::item) out.push_back(&n);
    return out;
  }();
  REQUIRE(items.size() == 2);
  REQUIRE(items[1]->find(ffd::tag::supplier_inn) != nullptr);
  CHECK(items[1]->find(ffd::tag::supplier_inn)->as_trimmed_string() == "7704211201");
  REQUIRE(items[1]->find(ffd::tag::item_agent_flags) != nullptr);
  CHECK(items[1]->find(ffd::tag::supplier_inn) != nullptr);
  CHECK(items[0]->find(ffd::tag::supplier_inn) == nullptr);
  REQUIRE(items[0]->find(ffd::tag::item_unit) != nullptr);
  CHECK(items[0]->find(ffd::tag::item_unit)->as_string() == "шт");
  CHECK(items[1]->find(ffd::tag::item_unit) == nullptr);
}
