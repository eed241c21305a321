// Section markers and the body outline.
#include <gtest/gtest.h>

#include "extract/lines.hpp"
#include "extract/outline.hpp"

namespace planwatch::extract {
namespace {

struct MarkerCase {
  const char* line;
  bool bare;
  MarkerKind kind;
  const char* label;
};

TEST(Marker, RecognisesNumberingStyles) {
  const MarkerCase cases[] = {
      {"I. MỤC TIÊU", false, MarkerKind::roman, "I"},
      {"IV. PHÂN CÔNG NHIỆM VỤ", false, MarkerKind::roman, "IV"},
      {"I11. TO CHUC THUC HIEN", false, MarkerKind::roman, "III"},  // OCR reads I as 1
      {"II Hoàn thiện thể chế", true, MarkerKind::roman, "II"},
      {"II Hoàn thiện thể chế", false, MarkerKind::none, ""},
      {"1. Mục đích", false, MarkerKind::arabic, "1"},
      {"2.1. Về đào tạo nguồn nhân lực", false, MarkerKind::dotted, "2.1"},
      {"3.1 Xây dựng và triển khai", false, MarkerKind::dotted, "3.1"},
      {"1.1.2. Chi tiết", false, MarkerKind::dotted, "1.1.2"},
      {"a) Cụ thể hóa", false, MarkerKind::letter, "a"},
      {"đ) Tăng cường hợp tác", false, MarkerKind::letter, "đ"},
      {"- Ban hành Nghị quyết", false, MarkerKind::bullet, "-"},
      {"+ Đại học Quốc gia", false, MarkerKind::bullet, "+"},
      {"13/12/2024 Quy định chính sách", false, MarkerKind::none, ""},
      {"2030, định hướng đến năm 2050", false, MarkerKind::none, ""},
      {"57-NQ/TW, Bộ chỉ số", true, MarkerKind::none, ""},
      {"Sở Khoa học và Công nghệ", false, MarkerKind::none, ""},
      {"1 Thực hiện tuyên truyền", true, MarkerKind::arabic, "1"},
      {"1 Thực hiện tuyên truyền", false, MarkerKind::none, ""},
      {"cho khoa học", true, MarkerKind::none, ""},
  };
  for (const auto& c : cases) {
    Marker m = parse_marker(c.line, c.bare);
    EXPECT_EQ(m.kind, c.kind) << c.line;
    EXPECT_EQ(m.label, c.label) << c.line;
  }
}

Document doc_of(std::initializer_list<const char*> lines) {
  Document d;
  for (const char* l : lines) d.lines.push_back({l, 0});
  return d;
}

TEST(Outline, BuildsPathsAndJoinsWrappedLines) {
  auto lines = clean_lines(doc_of({"I. MỤC TIÊU", "1. Về nhân lực", "a) Đào tạo tối thiểu 5.000", "nhân lực chất lượng cao.",
                                   "b) Phát triển 20 sản phẩm.", "- Ý thứ nhất", "- Ý thứ hai", "II. NHIỆM VỤ"}));
  Outline o = build_outline(lines, 0, lines.size());
  ASSERT_EQ(o.roots.size(), 2u);
  ASSERT_EQ(o.items.size(), 7u);
  EXPECT_EQ(o.items[2].path(), "I.1.a");
  EXPECT_EQ(o.items[2].text, "Đào tạo tối thiểu 5.000 nhân lực chất lượng cao.");
  EXPECT_EQ(o.items[4].path(), "I.1.b.-1");
  EXPECT_EQ(o.items[5].path(), "I.1.b.-2");
  EXPECT_EQ(o.items[5].parent, 3);
  EXPECT_EQ(o.items[6].path(), "II");
}

TEST(Outline, DottedItemsKeepTheirLastNumberUnderTheirParent) {
  auto lines = clean_lines(doc_of({"II. Mục tiêu", "1. Mục tiêu đến năm 2030", "1.1. Tiềm lực khoa học", "1.2. Hoàn thành"}));
  Outline o = build_outline(lines, 0, lines.size());
  ASSERT_EQ(o.items.size(), 4u);
  EXPECT_EQ(o.items[2].path(), "II.1.1");
  EXPECT_EQ(o.items[3].path(), "II.1.2");
}

TEST(CleanLines, StripsMarkupAndKeepsIndentAndGaps) {
  auto lines = clean_lines(doc_of({"## **2.2. Về thu hút đầu tư**", "", "", " Thường ", "\t<b>1</b>\t<b>Cải thiện</b>\t\t"}));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].text, "2.2. Về thu hút đầu tư");
  EXPECT_TRUE(lines[0].bold);
  EXPECT_EQ(lines[1].text, "Thường");
  EXPECT_EQ(lines[1].indent, 1);
  EXPECT_EQ(lines[1].gap, 2);
  EXPECT_EQ(lines[2].text, "\t1\tCải thiện\t\t");
  EXPECT_TRUE(lines[2].bold);
}

}  // namespace
}  // namespace planwatch::extract
