#include <gtest/gtest.h>

#include "planwatch/text/numbers.hpp"
#include "planwatch/text/unicode.hpp"

namespace {

using planwatch::text::parse_vn_number;

struct NumberCase {
  const char* in;
  double out;
};

TEST(VnNumber, ParsesVietnameseNotation) {
  const NumberCase cases[] = {{"5.000", 5000},  {"0,75", 0.75}, {"0.70", 0.7},     {"01", 1},
                              {"1.200.000", 1200000}, {"2", 2}, {"1,0", 1.0}, {"15.000", 15000}, {"2.5", 2.5}};
  for (const auto& c : cases) {
    auto v = parse_vn_number(c.in);
    ASSERT_TRUE(v.has_value()) << c.in;
    EXPECT_DOUBLE_EQ(*v, c.out) << c.in;
  }
}

TEST(VnNumber, RejectsNonNumbers) {
  for (const char* s : {"", "abc", "1.2.3a", "5.", ".5", "1,2,3"}) EXPECT_FALSE(parse_vn_number(s).has_value()) << s;
}

TEST(VnNumber, Ranges) {
  auto r = planwatch::text::parse_vn_range("01-02");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->low, 1);
  EXPECT_EQ(r->high, 2);
  EXPECT_FALSE(planwatch::text::parse_vn_range("02-01"));
}

TEST(Fold, RemovesAccentsAndCase) {
  EXPECT_EQ(planwatch::text::fold("Sở Khoa học và Công nghệ"), "so khoa hoc va cong nghe");
  EXPECT_EQ(planwatch::text::fold("ĐÀ NẴNG"), "da nang");
  EXPECT_EQ(planwatch::text::fold("Thường xuyên"), "thuong xuyen");
}

TEST(Nfc, ComposesDecomposedText) {
  // "ệ" as e + combining circumflex + combining dot below
  EXPECT_EQ(planwatch::text::nfc("nghe\xCC\x82\xCC\xA3"), "ngh\xE1\xBB\x87");
}

}  // namespace
