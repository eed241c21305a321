// Tables copied from web portals: markdown pipe rows and raw HTML become tab rows.
#include <gtest/gtest.h>

#include "extract/lines.hpp"
#include "extract/tables.hpp"

namespace planwatch::extract {
namespace {

Document doc_of(std::initializer_list<const char*> lines) {
  Document d;
  for (const char* l : lines) d.lines.push_back({l, 0});
  return d;
}

TEST(WebTables, PipeRowsBecomeTabRowsAndSeparatorsVanish) {
  auto rows = flatten_web_tables(doc_of({"Tiêu đề", "| STT | Nhiệm vụ | Chủ trì |", "|---|:---:|---|",
                                         "| 1 | Xây dựng a\\|b | Sở X |", "văn bản thường"}));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].text, "STT\tNhiệm vụ\tChủ trì");
  EXPECT_EQ(rows[2].text, "1\tXây dựng a|b\tSở X");
  EXPECT_EQ(rows[2].no, 4);  // the input line of the row
  EXPECT_EQ(rows[3].text, "văn bản thường");
}

TEST(WebTables, HtmlCellsSpansAndEntities) {
  auto rows = flatten_web_tables(doc_of({"<table><tr><th>STT</th><th>Nội dung</th><th>Chủ trì</th></tr>",
                                         "<tr><td>1</td><td>Trang bị<br/>phòng học</td><td rowspan=\"2\">Sở Gi&aacute;o dục</td></tr>",
                                         "<tr><td>2</td><td>Học bạ &#273;iện tử</td></tr>",
                                         "<tr><td colspan=\"3\"><b>II. Nhân lực</b></td></tr></table>", "Sau bảng"}));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].text, "**STT**\t**Nội dung**\t**Chủ trì**");
  EXPECT_EQ(rows[1].text, "1\tTrang bị phòng học\tSở Giáo dục");
  EXPECT_EQ(rows[2].text, "2\tHọc bạ điện tử\tSở Giáo dục");  // the merged cell applies to both rows
  EXPECT_EQ(rows[3].text, "**II. Nhân lực**\t\t");
  EXPECT_EQ(rows[4].text, "Sau bảng");
}

TEST(WebTables, HtmlTaskTableEndToEnd) {
  auto lines = clean_lines(doc_of({"<table><tr><th>STT</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Thời gian</th></tr>",
                                   "<tr><td colspan=\"4\">I. Hạ tầng</td></tr>",
                                   "<tr><td>1</td><td>Phủ sóng 5G</td><td>Sở Khoa học và Công nghệ</td><td>Năm 2027</td></tr>",
                                   "</table>"}));
  auto t = parse_tab_tables(lines, 0, lines.size());
  ASSERT_EQ(t.tasks.size(), 1u);
  EXPECT_EQ(t.tasks[0].ref, "I.1");
  EXPECT_EQ(t.tasks[0].group, "Hạ tầng");
  ASSERT_EQ(t.tasks[0].lead.size(), 1u);
  EXPECT_EQ(t.tasks[0].lead[0].name, "Sở Khoa học và Công nghệ");
  EXPECT_EQ(t.tasks[0].source.first, 3);
}

}  // namespace
}  // namespace planwatch::extract
