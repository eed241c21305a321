// Task tables in tab-separated rows: numbering, groups, merged cells, page breaks.
#include <gtest/gtest.h>

#include "extract/lines.hpp"
#include "extract/tables.hpp"

namespace planwatch::extract {
namespace {

std::vector<Task> tasks_of(std::initializer_list<const char*> rows) {
  Document d;
  for (const char* r : rows) d.lines.push_back({r, 0});
  auto lines = clean_lines(d);
  return parse_tab_tables(lines, 0, lines.size()).tasks;
}

struct Expect {
  const char* ref;
  const char* parent;  // "" for none
  const char* lead;    // first lead name, "" for none
  const char* time;    // raw timeframe, "" for none
};

void check(const std::vector<Task>& got, std::initializer_list<Expect> want) {
  ASSERT_EQ(got.size(), want.size());
  std::size_t i = 0;
  for (const auto& w : want) {
    const Task& t = got[i++];
    SCOPED_TRACE(w.ref);
    EXPECT_EQ(t.ref, w.ref);
    EXPECT_EQ(t.parent_ref.value_or(""), w.parent);
    EXPECT_EQ(t.lead.empty() ? std::string() : t.lead.front().name, w.lead);
    EXPECT_EQ(t.timeframe ? t.timeframe->raw : std::string(), w.time);
  }
}

TEST(TabTable, GroupsLettersBulletsAndMergedCells) {
  auto got = tasks_of({"STT\tNhiệm vụ, giải pháp\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện",
                       "1\tNhóm giải pháp về cơ chế\t\t\t",
                       "\tTriển khai chính sách hỗ trợ\tSở Khoa học và Công nghệ\tSở Tài chính\t2026",
                       "2\tNhóm giải pháp nhân lực\t\t\t",
                       "a\tĐào tạo kỹ sư thiết kế vi mạch\tSở Giáo dục và Đào tạo\t\tThường xuyên",
                       "b\tXúc tiến đầu tư:\t\t\t",
                       "-\tTổ chức hội thảo quốc tế\tSở Ngoại vụ\tSở Công Thương\tHằng năm",
                       "-\tXây dựng danh mục nhà đầu tư\t\t\t"});
  check(got, {{"1", "", "Sở Khoa học và Công nghệ", "2026"},
              {"2.a", "", "Sở Giáo dục và Đào tạo", "Thường xuyên"},
              {"2.b.-1", "2.b", "Sở Ngoại vụ", "Hằng năm"},
              {"2.b.-2", "2.b", "Sở Ngoại vụ", "Hằng năm"}});  // merged cells inherited
}

TEST(TabTable, RowContinuedAfterPageBreak) {
  auto got = tasks_of({"STT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện",
                       "1\tNhóm\t\t\t",
                       "a\tTriển khai các chương trình trao đổi giảng viên với các trường\tSở Khoa học và Công nghệ\t\t2027",
                       "\tđại học trong nước và quốc tế.\t\t\t",
                       "b\tHỗ trợ doanh nghiệp\tSở Tài chính\t\t2028"});
  check(got, {{"1.a", "", "Sở Khoa học và Công nghệ", "2027"}, {"1.b", "", "Sở Tài chính", "2028"}});
  EXPECT_EQ(got[0].text, "Triển khai các chương trình trao đổi giảng viên với các trường đại học trong nước và quốc tế.");
}

TEST(TabTable, RepeatedHeaderLayoutReadsTheContinuation) {
  auto got = tasks_of({"STT\t\tNhiệm vụ\tĐơn vị chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời gian thực hiện",
                       "\t<b>1</b>\t<b>Cải thiện môi trường đầu tư</b>\t\t\t\t",
                       "1\ta\tTổ chức triển khai Luật Thủ đô về phát triển\tSở Khoa học và Công nghệ\tSở Tài chính, các Sở,\tVăn bản\t2026 - 2030",
                       "STT\tNhiệm vụ\tĐơn vị chủ trì\tCơ quan phối hợp\tKết quả dự kiến\tThời gian",
                       "\tkhoa học và công nghệ.\t\tngành liên quan\thướng dẫn.\t",
                       "2\tb\tĐẩy mạnh cải cách thủ tục hành chính\tSở Nội vụ\t\t\t2026"});
  check(got, {{"1.a", "", "Sở Khoa học và Công nghệ", "2026 - 2030"}, {"1.b", "", "Sở Nội vụ", "2026"}});
  EXPECT_EQ(got[0].text, "Tổ chức triển khai Luật Thủ đô về phát triển khoa học và công nghệ.");
  EXPECT_EQ(got[0].output.value_or(""), "Văn bản hướng dẫn.");
  ASSERT_EQ(got[0].coordinating.size(), 2u);
  EXPECT_EQ(got[0].coordinating[1].name, "các Sở, ngành liên quan");
}

TEST(TabTable, LetterGroupsAndDottedNumbers) {
  auto got = tasks_of({"STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời hạn hoàn thành",
                       "A\tNhóm nhiệm vụ về thể chế\t\t\t", "1\tBan hành quy chế\tSở Khoa học và Công nghệ\t\tQuý III/2026",
                       "1.1\tXây dựng dự thảo\tSở Khoa học và Công nghệ\t\tQuý II/2026"});
  check(got, {{"A.1", "", "Sở Khoa học và Công nghệ", "Quý III/2026"},
              {"A.1.1", "A.1", "Sở Khoa học và Công nghệ", "Quý II/2026"}});
}

TEST(TabTable, NoHeaderNoTable) {
  Document d;
  d.lines.push_back({"a\tb\tc", 0});
  auto lines = clean_lines(d);
  EXPECT_FALSE(parse_tab_tables(lines, 0, lines.size()).found);
}

}  // namespace
}  // namespace planwatch::extract
