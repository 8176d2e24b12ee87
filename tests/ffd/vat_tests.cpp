#include <catch2/catch.hpp>

#include "protocol/ffd/tags.hpp"
#include "protocol/ffd/vat.hpp"

using namespace ws::ffd;

TEST_CASE("Every API rate name round-trips", "[ffd][vat]") {
  for (vat_rate rate : all_vat_rates) {
    INFO(to_string(rate));
    CHECK(parse_vat_rate(to_string(rate)) == rate);
  }
  CHECK(parse_vat_rate("nds_20") == vat_rate::nds_20);
  CHECK(parse_vat_rate("nds_7_107") == vat_rate::nds_7_107);
  CHECK_FALSE(parse_vat_rate("nds_21").has_value());
  CHECK_FALSE(parse_vat_rate("NDS_20").has_value());
  CHECK(std::size(all_vat_rates) == 14);
}

TEST_CASE("VAT in 1000.00 at every rate", "[ffd][vat]") {
  const money amount{100000};
  // 100000 x 20/120 = 16666.67 -> 16667
  CHECK(vat_in(amount, vat_rate::nds_20) == money{16667});
  CHECK(vat_in(amount, vat_rate::nds_20_120) == money{16667});
  // 100000 x 18/118 = 15254.24 -> 15254
  CHECK(vat_in(amount, vat_rate::nds_18) == money{15254});
  CHECK(vat_in(amount, vat_rate::nds_18_118) == money{15254});
  // 100000 x 10/110 = 9090.91 -> 9091
  CHECK(vat_in(amount, vat_rate::nds_10) == money{9091});
  CHECK(vat_in(amount, vat_rate::nds_10_110) == money{9091});
  // 100000 x 22/122 = 18032.79 -> 18033
  CHECK(vat_in(amount, vat_rate::nds_22) == money{18033});
  CHECK(vat_in(amount, vat_rate::nds_22_122) == money{18033});
  // 100000 x 5/105 = 4761.90 -> 4762
  CHECK(vat_in(amount, vat_rate::nds_5) == money{4762});
  CHECK(vat_in(amount, vat_rate::nds_5_105) == money{4762});
  // 100000 x 7/107 = 6542.06 -> 6542
  CHECK(vat_in(amount, vat_rate::nds_7) == money{6542});
  CHECK(vat_in(amount, vat_rate::nds_7_107) == money{6542});
  CHECK(vat_in(amount, vat_rate::nds_0) == money{0});
  CHECK(vat_in(amount, vat_rate::nds_none) == money{0});
}

TEST_CASE("VAT rounds half up on exact halves", "[ffd][vat]") {
  // 20/120 = 1/6: 3 kopecks -> 0.5 -> 1 ; 9 -> 1.5 -> 2 ; 15 -> 2.5 -> 3 ; 2 -> 0.33 -> 0
  CHECK(vat_in(money{3}, vat_rate::nds_20) == money{1});
  CHECK(vat_in(money{9}, vat_rate::nds_20) == money{2});
  CHECK(vat_in(money{15}, vat_rate::nds_20) == money{3});
  CHECK(vat_in(money{2}, vat_rate::nds_20) == money{0});
  // 10/110 = 1/11: 5 -> 0.45 -> 0 ; 6 -> 0.55 -> 1
  CHECK(vat_in(money{5}, vat_rate::nds_10) == money{0});
  CHECK(vat_in(money{6}, vat_rate::nds_10) == money{1});
}

TEST_CASE("Rates map to FFD tag 1199 values", "[ffd][vat]") {
  CHECK(ffd_vat_code(vat_rate::nds_20) == 1);
  CHECK(ffd_vat_code(vat_rate::nds_18) == 1);
  CHECK(ffd_vat_code(vat_rate::nds_10) == 2);
  CHECK(ffd_vat_code(vat_rate::nds_20_120) == 3);
  CHECK(ffd_vat_code(vat_rate::nds_18_118) == 3);
  CHECK(ffd_vat_code(vat_rate::nds_10_110) == 4);
  CHECK(ffd_vat_code(vat_rate::nds_0) == 5);
  CHECK(ffd_vat_code(vat_rate::nds_none) == 6);
  CHECK(ffd_vat_code(vat_rate::nds_5) == 7);
  CHECK(ffd_vat_code(vat_rate::nds_7) == 8);
  CHECK(ffd_vat_code(vat_rate::nds_5_105) == 9);
  CHECK(ffd_vat_code(vat_rate::nds_7_107) == 10);
  CHECK(ffd_vat_code(vat_rate::nds_22) == 11);
  CHECK(ffd_vat_code(vat_rate::nds_22_122) == 12);
  CHECK(vat_rate_from_ffd_code(1) == vat_rate::nds_20);
  CHECK(vat_rate_from_ffd_code(3) == vat_rate::nds_20_120);
  CHECK(vat_rate_from_ffd_code(12) == vat_rate::nds_22_122);
  CHECK_FALSE(vat_rate_from_ffd_code(0).has_value());
  CHECK_FALSE(vat_rate_from_ffd_code(13).has_value());
}

TEST_CASE("Rates map to Shtrih FF46h VAT code bytes", "[ffd][vat]") {
  CHECK(shtrih_vat_code(vat_rate::nds_20) == 0x01);
  CHECK(shtrih_vat_code(vat_rate::nds_18) == 0x01);
  CHECK(shtrih_vat_code(vat_rate::nds_10) == 0x02);
  CHECK(shtrih_vat_code(vat_rate::nds_0) == 0x04);
  CHECK(shtrih_vat_code(vat_rate::nds_none) == 0x08);
  CHECK(shtrih_vat_code(vat_rate::nds_20_120) == 0x10);
  CHECK(shtrih_vat_code(vat_rate::nds_18_118) == 0x10);
  CHECK(shtrih_vat_code(vat_rate::nds_10_110) == 0x20);
  CHECK(shtrih_vat_code(vat_rate::nds_5) == 0x81);
  CHECK(shtrih_vat_code(vat_rate::nds_7) == 0x82);
  CHECK(shtrih_vat_code(vat_rate::nds_5_105) == 0x84);
  CHECK(shtrih_vat_code(vat_rate::nds_7_107) == 0x88);
  CHECK(shtrih_vat_code(vat_rate::nds_22) == 0xCB);
  CHECK(shtrih_vat_code(vat_rate::nds_22_122) == 0xCC);
}

TEST_CASE("Rates know their percent and receipt total tag", "[ffd][vat]") {
  CHECK(vat_percent(vat_rate::nds_20_120) == 20);
  CHECK(vat_percent(vat_rate::nds_none) == 0);
  CHECK(vat_percent(vat_rate::nds_7_107) == 7);
  CHECK(tax_pct_text(vat_rate::nds_20) == "20.00");
  CHECK(tax_pct_text(vat_rate::nds_5_105) == "5.00");
  CHECK(tax_pct_text(vat_rate::nds_none) == "0.00");
  CHECK(receipt_vat_tag(vat_rate::nds_20) == tag::vat_20_sum);
  CHECK(receipt_vat_tag(vat_rate::nds_22) == std::uint16_t{1102});
  CHECK(receipt_vat_tag(vat_rate::nds_10) == std::uint16_t{1103});
  CHECK(receipt_vat_tag(vat_rate::nds_0) == std::uint16_t{1104});
  CHECK(receipt_vat_tag(vat_rate::nds_none) == std::uint16_t{1105});
  CHECK(receipt_vat_tag(vat_rate::nds_22_122) == std::uint16_t{1106});
  CHECK(receipt_vat_tag(vat_rate::nds_10_110) == std::uint16_t{1107});
  CHECK_FALSE(receipt_vat_tag(vat_rate::nds_5).has_value());
}
