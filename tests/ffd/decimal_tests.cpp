#include <catch2/catch.hpp>

#include <limits>

#include "protocol/ffd/decimal.hpp"

using namespace ws::ffd;

TEST_CASE("Money parses decimal strings to kopecks", "[ffd][decimal]") {
  CHECK(parse_money("123.45") == money{12345});
  CHECK(parse_money("0") == money{0});
  CHECK(parse_money("10") == money{1000});
  CHECK(parse_money("10.5") == money{1050});
  CHECK(parse_money("0.01") == money{1});
  CHECK(parse_money("007.10") == money{710});
  // extra decimals are fine while they are zeros: the value stays exact
  CHECK(parse_money("10.500") == money{1050});
  CHECK(parse_money("-1.50", true) == money{-150});
}

TEST_CASE("Money rejects anything but plain decimals", "[ffd][decimal]") {
  for (const char* bad : {"", ".", ".5", "5.", "1e5", "1E5", "-1", "+1", " 1", "1 ", "1,5", "abc", "0x10",
                          "1.2.3", "0.005", "12.345", "NaN", "inf", "1_000", "١"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_money(bad), decimal_error);
  }
  CHECK_THROWS_AS(parse_money("--1", true), decimal_error);
  CHECK_THROWS_AS(parse_money("-", true), decimal_error);
}

TEST_CASE("Money error messages say what is wrong", "[ffd][decimal]") {
  CHECK_THROWS_WITH(parse_money("1e5"), Catch::Contains("exponent not allowed"));
  CHECK_THROWS_WITH(parse_money("-1"), Catch::Contains("sign not allowed"));
  CHECK_THROWS_WITH(parse_money("0.005"), Catch::Contains("more than 2 decimals"));
  CHECK_THROWS_WITH(parse_money(""), Catch::Contains("empty"));
  CHECK_THROWS_WITH(parse_money("99999999999"), Catch::Contains("too large"));
}

TEST_CASE("Money stops at the register's 5-byte limit without overflowing", "[ffd][decimal]") {
  // 2^40 - 1 = 1099511627775 kopecks
  CHECK(parse_money("10995116277.75") == money{1099511627775});
  CHECK_THROWS_AS(parse_money("10995116277.76"), decimal_error);
  CHECK_THROWS_AS(parse_money("99999999999999999999999999999"), decimal_error);
  CHECK_THROWS_AS(parse_money("9223372036854775807"), decimal_error);
}

TEST_CASE("Quantity parses up to six decimals", "[ffd][decimal]") {
  CHECK(parse_quantity("1") == quantity{1'000'000});
  CHECK(parse_quantity("0.5") == quantity{500'000});
  CHECK(parse_quantity("1.000001") == quantity{1'000'001});
  CHECK(parse_quantity("0.0000010") == quantity{1});
  CHECK_THROWS_WITH(parse_quantity("0.0000001"), Catch::Contains("more than 6 decimals"));
  CHECK_THROWS_AS(parse_quantity("-1"), decimal_error);
  CHECK_THROWS_AS(parse_quantity("1e-3"), decimal_error);
  // 2^48 - 1 millionths
  CHECK(parse_quantity("281474976.710655") == quantity{281474976710655});
  CHECK_THROWS_AS(parse_quantity("281474976.710656"), decimal_error);
}

TEST_CASE("Formatting gives the API's strings back", "[ffd][decimal]") {
  CHECK(format_money(money{12345}) == "123.45");
  CHECK(format_money(money{5}) == "0.05");
  CHECK(format_money(money{0}) == "0.00");
  CHECK(format_money(money{-150}) == "-1.50");
  CHECK(format_money(money{std::numeric_limits<std::int64_t>::min()}) == "-92233720368547758.08");
  CHECK(format_quantity(quantity{500'000}) == "0.5");
  CHECK(format_quantity(quantity{2'000'000}) == "2");
  CHECK(format_quantity(quantity{1}) == "0.000001");
  CHECK(format_quantity(quantity{1'234'000}) == "1.234");
  CHECK(format_quantity(quantity{0}) == "0");
}

TEST_CASE("Row amount rounds half up to the kopeck", "[ffd][decimal]") {
  // 0.35 x 0.5 = 0.175 -> 0.18
  CHECK(row_amount(parse_money("0.35"), parse_quantity("0.5")) == money{18});
  // 1 x 0.005 = 0.005 -> 0.01 ; 1 x 0.004999 = 0.004999 -> 0.00
  CHECK(row_amount(parse_money("1"), parse_quantity("0.005")) == money{1});
  CHECK(row_amount(parse_money("1"), parse_quantity("0.004999")) == money{0});
  // 49.08 x 1.97 = 96.6876 -> 96.69
  CHECK(row_amount(parse_money("49.08"), parse_quantity("1.97")) == money{9669});
  // 57.08 x 1.972 = 112.56176 -> 112.56
  CHECK(row_amount(parse_money("57.08"), parse_quantity("1.972")) == money{11256});
  // 2.97 x 1.123 = 3.33531 -> 3.34
  CHECK(row_amount(parse_money("2.97"), parse_quantity("1.123")) == money{334});
  CHECK(row_amount(money{100}, quantity{3'000'000}) == money{300});
}

TEST_CASE("Row amount refuses results past the limit", "[ffd][decimal]") {
  CHECK(row_amount(max_money, quantity{1'000'000}) == max_money);
  CHECK_THROWS_AS(row_amount(max_money, quantity{1'000'001}), decimal_error);
  // the largest inputs multiply in 128 bits without overflow, then fail the limit
  CHECK_THROWS_AS(row_amount(max_money, max_quantity), decimal_error);
}

TEST_CASE("mul_div_half_up works in 128 bits", "[ffd][decimal]") {
  constexpr auto big = std::numeric_limits<std::int64_t>::max();
  CHECK(mul_div_half_up(big, big, big) == big);
  CHECK(mul_div_half_up(5, 1, 2) == 3);   // 2.5 -> 3
  CHECK(mul_div_half_up(7, 1, 3) == 2);   // 2.33 -> 2
  CHECK(mul_div_half_up(0, 5, 7) == 0);
  CHECK_THROWS_AS(mul_div_half_up(big, 2, 1), decimal_error);
  CHECK_THROWS_AS(mul_div_half_up(-1, 2, 1), decimal_error);
  CHECK_THROWS_AS(mul_div_half_up(1, 2, 0), decimal_error);
}

TEST_CASE("add_money is checked", "[ffd][decimal]") {
  CHECK(add_money(money{1}, money{2}) == money{3});
  CHECK(add_money(max_money, money{0}) == max_money);
  CHECK_THROWS_AS(add_money(max_money, money{1}), decimal_error);
}
