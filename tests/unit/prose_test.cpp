// Plans written in prose: tasks from the numbered 'Nhiệm vụ, giải pháp' section, their leads from
// 'Tổ chức thực hiện', objectives stated in prose, OCR text without diacritics.
// The inputs are invented; they only copy the shapes of the seed plans.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/lines.hpp"
#include "extract/outline.hpp"
#include "extract/objectives.hpp"
#include "extract/prose_tasks.hpp"
#include "extract/sections.hpp"

namespace planwatch::extract {
namespace {

// One blank line after every paragraph; '\n' inside a paragraph wraps it without a blank line.
Document prose_doc(std::initializer_list<const char*> paragraphs) {
  Document d;
  for (const char* p : paragraphs) {
    std::string s(p);
    std::size_t start = 0;
    while (true) {
      auto nl = s.find('\n', start);
      d.lines.push_back({s.substr(start, nl == std::string::npos ? std::string::npos : nl - start), 0});
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    d.lines.push_back({"", 0});
  }
  return d;
}

struct Parsed {
  std::vector<CLine> lines;
  Outline body;
};

Parsed parse(const Document& d) {
  Parsed p;
  p.lines = clean_lines(d);
  p.body = build_outline(p.lines, 0, p.lines.size());
  return p;
}

std::string names(const std::vector<AgencyRef>& v) {
  std::string s;
  for (const auto& a : v) s += (s.empty() ? "" : " | ") + a.name;
  return s;
}

std::string dump(const std::vector<Task>& ts) {
  std::string s;
  for (const auto& t : ts)
    s += "\n  ref=" + t.ref + " parent=" + t.parent_ref.value_or("-") + " group=" + t.group + " lead=[" +
         names(t.lead) + "] coord=[" + names(t.coordinating) + "] time=" + (t.timeframe ? t.timeframe->raw : "-") +
         "\n    text=" + t.text;
  return s;
}

// A plan in the shape of the city action plans: objectives, numbered groups of lettered tasks,
// leads given in 'Tổ chức thực hiện'.
const Document& tourism_plan() {
  static const Document d = prose_doc({
      "KẾ HOẠCH",
      "Phát triển du lịch thông minh giai đoạn 2026 - 2030",
      "I. MỤC ĐÍCH, YÊU CẦU",
      "1. Mục đích",
      "Đưa du lịch thông minh trở thành động lực phát triển kinh tế của thành phố.",
      "II. MỤC TIÊU",
      "1. Mục tiêu tổng quát",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one paragraph wrapped in the source
      "Đến năm 2030, thành phố trở thành điểm đến du lịch thông minh, với 50% doanh nghiệp lữ hành ứng dụng "
      "công nghệ số.",
      "2. Mục tiêu cụ thể",
      "a) Tối thiểu 80% khu, điểm du lịch trên địa bàn ứng dụng vé điện tử.",
      "b) Nâng cao chất lượng trải nghiệm của du khách trên các nền tảng số.",
      "c) Đến năm 2028, 100% cơ sở lưu trú du lịch sử dụng phần mềm quản lý lưu trú.",
      "3. Mục tiêu đến năm 2027",
      "a) Hoàn thành số hóa 60% hồ sơ di tích cấp thành phố.",
      "4. Tầm nhìn đến năm 2045",
      "Doanh thu du lịch số chiếm tối thiểu 30% tổng doanh thu du lịch của thành phố.",
      "III. NHIỆM VỤ, GIẢI PHÁP",
      "1. Hoàn thiện cơ chế, chính sách phát triển du lịch thông minh",
      "a) Rà soát các quy định về quản lý hoạt động du lịch để đề xuất sửa đổi phù hợp với môi trường số.",
      "b) Xây dựng bộ tiêu chí điểm đến du lịch thông minh của thành phố, hoàn thành trong quý 2/2026.",
      "2. Phát triển hạ tầng số ngành du lịch",
      "a) Triển khai nền tảng dữ liệu du lịch dùng chung:",
      "- Thu thập dữ liệu về lượt khách, cơ sở lưu trú và điểm tham quan theo thời gian thực.",
      "- Chuẩn hóa và chia sẻ dữ liệu du lịch với các cơ quan, doanh nghiệp.",
      "b) Lắp đặt hệ thống wifi công cộng tại các khu, điểm du lịch trọng điểm.",
      "3. Đào tạo nguồn nhân lực du lịch số",
      "a) Đào tạo kỹ năng số cho hướng dẫn viên và nhân viên cơ sở lưu trú.",
      "b) Triển khai Chương trình \"Đào tạo nhân lực du lịch số đến năm 2030\" tại các cơ sở đào tạo du lịch.",
      "IV. KINH PHÍ THỰC HIỆN",
      "Kinh phí thực hiện từ ngân sách nhà nước và các nguồn hợp pháp khác.",
      "V. TỔ CHỨC THỰC HIỆN",
      "1. Sở Du lịch",
      "a) Làm đầu mối theo dõi, đôn đốc việc thực hiện Kế hoạch.",
      "b) Chủ trì, cùng các sở, ban, ngành thành phố, địa phương thực hiện các nhiệm vụ, giải pháp tại mục III của Kế "
      "hoạch.",
      "2. Sở Khoa học và Công nghệ",
      "Chủ trì, cùng Sở Du lịch và các cơ quan liên quan tổ chức triển khai các nhiệm vụ về phát triển hạ tầng số "
      "ngành du lịch; lồng ghép với các chương trình chuyển đổi số của thành phố.",
      "3. Sở Giáo dục và Đào tạo",
      "Chủ trì, cùng Sở Nội vụ, Sở Tài chính tổ chức triển khai Chương trình \"Đào tạo nhân lực du lịch số đến năm "
      "2030\" quy định tại tiêu mục 3 mục III.",
  });
  return d;
}

struct WantTask {
  const char* ref;
  const char* parent;  // "" for none
  const char* group;
  const char* lead;          // names joined with " | "
  const char* coordinating;  // names joined with " | "
  const char* time;          // raw timeframe, "" for none
};

TEST(ProseTasks, LetteredItemsBulletsAndLeadsFromTheOrganisationSection) {
  auto p = parse(tourism_plan());
  std::vector<ImportWarning> warnings;
  auto got = prose_tasks(p.lines, p.body, warnings);
  const char* g1 = "Hoàn thiện cơ chế, chính sách phát triển du lịch thông minh";
  const char* g2 = "Phát triển hạ tầng số ngành du lịch";
  const char* g3 = "Đào tạo nguồn nhân lực du lịch số";
  const char* all = "các sở, ban, ngành thành phố | địa phương";
  const WantTask want[] = {
      // "Chủ trì, cùng … thực hiện các nhiệm vụ, giải pháp tại mục III" → every task.
      {"1.a", "", g1, "Sở Du lịch", all, ""},
      // A deadline inside the task text.
      {"1.b", "", g1, "Sở Du lịch", all, "quý 2/2026"},
      // Bullets under a heading ending with ':' are the tasks; "… các nhiệm vụ về <group topic>" → that group.
      {"2.a.-1", "2.a", g2, "Sở Khoa học và Công nghệ", "Sở Du lịch | các cơ quan liên quan", ""},
      {"2.a.-2", "2.a", g2, "Sở Khoa học và Công nghệ", "Sở Du lịch | các cơ quan liên quan", ""},
      {"2.b", "", g2, "Sở Khoa học và Công nghệ", "Sở Du lịch | các cơ quan liên quan", ""},
      {"3.a", "", g3, "Sở Du lịch", all, ""},
      // A quoted programme title → that one task, even though the sentence also names mục III.
      {"3.b", "", g3, "Sở Giáo dục và Đào tạo", "Sở Nội vụ | Sở Tài chính", ""},
  };
  SCOPED_TRACE(dump(got));
  ASSERT_EQ(got.size(), std::size(want));
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto& w = want[i];
    const auto& t = got[i];
    SCOPED_TRACE(w.ref);
    EXPECT_EQ(t.ref, w.ref);
    EXPECT_EQ(t.parent_ref.value_or(""), w.parent);
    EXPECT_EQ(t.group, w.group);
    EXPECT_EQ(names(t.lead), w.lead);
    EXPECT_EQ(names(t.coordinating), w.coordinating);
    EXPECT_EQ(t.timeframe ? t.timeframe->raw : std::string(), w.time);
  }
  EXPECT_EQ(got[2].text, "Thu thập dữ liệu về lượt khách, cơ sở lưu trú và điểm tham quan theo thời gian thực.");
  EXPECT_TRUE(warnings.empty());
}

TEST(ProseTasks, GroupTopicAssignmentGoesToTheBestMatchingGroupOnly) {
  auto p = parse(prose_doc({
      "III. NHIỆM VỤ, GIẢI PHÁP",
      "1. Phát triển hạ tầng số ngành du lịch",
      "a) Lắp đặt hệ thống wifi công cộng tại các khu, điểm du lịch trọng điểm.",
      "2. Phát triển nguồn nhân lực du lịch số",
      "a) Đào tạo kỹ năng số cho hướng dẫn viên và nhân viên cơ sở lưu trú.",
      "IV. TỔ CHỨC THỰC HIỆN",
      "1. Sở Du lịch",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one paragraph wrapped in the source
      "Chủ trì, cùng các sở, ban, ngành thành phố, địa phương thực hiện các nhiệm vụ, giải pháp tại mục III của Kế "
      "hoạch.",
      "2. Sở Khoa học và Công nghệ",
      "Chủ trì, cùng Sở Du lịch tổ chức triển khai các nhiệm vụ về phát triển hạ tầng số ngành du lịch.",
  }));
  std::vector<ImportWarning> warnings;
  auto got = prose_tasks(p.lines, p.body, warnings);
  SCOPED_TRACE(dump(got));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].ref, "1.a");
  EXPECT_EQ(names(got[0].lead), "Sở Khoa học và Công nghệ");
  EXPECT_EQ(got[1].ref, "2.a");
  EXPECT_EQ(names(got[1].lead), "Sở Du lịch");
}

TEST(ProseTasks, DeadlineInsideTheTaskText) {
  auto p = parse(tourism_plan());
  std::vector<ImportWarning> warnings;
  auto got = prose_tasks(p.lines, p.body, warnings);
  SCOPED_TRACE(dump(got));
  ASSERT_GE(got.size(), 2u);
  ASSERT_EQ(got[1].ref, "1.b");
  ASSERT_TRUE(got[1].timeframe.has_value());
  EXPECT_EQ(got[1].timeframe->raw, "quý 2/2026");
  EXPECT_EQ(got[1].timeframe->kind, TimeframeKind::by_date);
  ASSERT_TRUE(got[1].timeframe->due.has_value());
  EXPECT_EQ(got[1].timeframe->due->year, 2026);
  // The deadline stays part of the printed text.
  EXPECT_EQ(got[1].text,
            "Xây dựng bộ tiêu chí điểm đến du lịch thông minh của thành phố, hoàn thành trong quý 2/2026.");
  EXPECT_FALSE(got[0].timeframe.has_value());
}

TEST(ProseIndicators, OnlyItemsStatingANumberWithTheirPhase) {
  auto p = parse(tourism_plan());
  auto got = prose_indicators(p.lines, p.body);
  struct Want {
    const char* ref;
    const char* phase;
    TargetOp op;
    double value;
    const char* unit;
  };
  const Want want[] = {
      {"II.2.a", "2030", TargetOp::ge, 80, "%"},   // no year of its own: the plan horizon (giai đoạn 2026 - 2030)
      {"II.2.c", "2028", TargetOp::eq, 100, "%"},  // the item's own "Đến năm 2028"
      {"II.3.a", "2027", TargetOp::eq, 60, "%"},   // the heading's "đến năm 2027"
      {"II.4", "2045", TargetOp::ge, 30, "%"},     // a heading whose body paragraph states the number
  };
  std::string trace;
  for (const auto& i : got) trace += "\n  " + i.ref + " phase=" + i.phase + " text=" + i.text;
  SCOPED_TRACE(trace);
  // Not indicators: 'Mục tiêu tổng quát' (even with a number), b) without a number.
  ASSERT_EQ(got.size(), std::size(want));
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(want[i].ref);
    EXPECT_EQ(got[i].ref, want[i].ref);
    EXPECT_EQ(got[i].phase, want[i].phase);
    ASSERT_FALSE(got[i].targets.empty());
    EXPECT_EQ(got[i].targets[0].op, want[i].op);
    ASSERT_TRUE(got[i].targets[0].value.has_value());
    EXPECT_DOUBLE_EQ(*got[i].targets[0].value, want[i].value);
    EXPECT_EQ(got[i].targets[0].unit, want[i].unit);
  }
  EXPECT_EQ(got[3].text, "Doanh thu du lịch số chiếm tối thiểu 30% tổng doanh thu du lịch của thành phố.");
}

TEST(ProseIndicators, PhaseFromAHeadingWithTheYear) {
  // "Mục tiêu cụ thể đến năm 2030" gives its items the phase even when the plan names no period.
  auto p = parse(prose_doc({
      "KẾ HOẠCH",
      "Phát triển kinh tế đêm",
      "I. MỤC TIÊU",
      "1. Mục tiêu cụ thể đến năm 2030",
      "a) Hình thành ít nhất 03 khu phố đi bộ hoạt động ban đêm.",
      "b) Đa dạng hóa sản phẩm dịch vụ về đêm.",
      "II. NHIỆM VỤ, GIẢI PHÁP",
      "1. Quy hoạch không gian",
      "a) Rà soát quỹ đất bố trí khu phố đi bộ.",
  }));
  auto got = prose_indicators(p.lines, p.body);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].ref, "I.1.a");
  EXPECT_EQ(got[0].phase, "2030");
  ASSERT_FALSE(got[0].targets.empty());
  EXPECT_EQ(got[0].targets[0].op, TargetOp::ge);
  EXPECT_EQ(got[0].targets[0].value.value_or(0), 3);
}

TEST(ProseTasks, OcrDirectAssignmentsInTheOrganisationSection) {
  // OCR without diacritics: items of 'I11. TO CHUC THUC HIEN' that open with the body carrying them.
  auto p = parse(prose_doc({
      "CHUONG TRINH HANH DONG",
      "I. MUC TIEU",
      "Phan dau den nam 2030 thanh pho thuoc nhom dan dau ve chuyen doi so.",
      "II. NHIEM VU, GIAI PHAP CHU YEU",
      "1. Nang cao nhan thuc ve chuyen doi so",
      "1.1. Tuyen truyen, pho bien noi dung Chuong trinh hanh dong den can bo, dang vien va Nhan dan.",
      "1.2. Bieu duong, khen thuong cac tap the, ca nhan co sang kien ve chuyen doi so.",
      "I11. TO CHUC THUC HIEN",
      "1. Cac cap uy dang to chuc quan triet, pho bien noi dung Chuong trinh hanh dong\n"
      "den can bo, dang vien, hoan thanh trong quy 1/2026.",
      "2. Van phong Tinh uy phoi hop voi cac ban dang lien quan tham muu xay dung quy che\n"
      "phoi hop trong trien khai Chuong trinh hanh dong.",
      "3. Ban Tuyen giao Tinh uy chu tri, phoi hop voi So Van hoa va Thong tin huong dan\n"
      "cong tac tuyen truyen ve chuyen doi so tren dia ban.",
  }));
  std::vector<ImportWarning> warnings;
  auto got = prose_tasks(p.lines, p.body, warnings);
  SCOPED_TRACE(dump(got));
  const WantTask want[] = {
      {"1.1", "", "Nang cao nhan thuc ve chuyen doi so", "", "", ""},
      {"1.2", "", "Nang cao nhan thuc ve chuyen doi so", "", "", ""},
      {"III.1", "", "TO CHUC THUC HIEN", "Cac cap uy dang", "", "quy 1/2026"},
      {"III.2", "", "TO CHUC THUC HIEN", "Van phong Tinh uy", "cac ban dang lien quan", ""},
      {"III.3", "", "TO CHUC THUC HIEN", "Ban Tuyen giao Tinh uy", "So Van hoa va Thong tin", ""},
  };
  ASSERT_EQ(got.size(), std::size(want));
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto& w = want[i];
    const auto& t = got[i];
    SCOPED_TRACE(w.ref);
    EXPECT_EQ(t.ref, w.ref);
    EXPECT_EQ(t.parent_ref.value_or(""), w.parent);
    EXPECT_EQ(t.group, w.group);
    EXPECT_EQ(names(t.lead), w.lead);
    EXPECT_EQ(names(t.coordinating), w.coordinating);
    EXPECT_EQ(t.timeframe ? t.timeframe->raw : std::string(), w.time);
  }
  EXPECT_EQ(got[3].text,
            "Van phong Tinh uy phoi hop voi cac ban dang lien quan tham muu xay dung quy che phoi hop trong trien khai "
            "Chuong trinh hanh dong.");
}

TEST(ProseTasks, NoNumberedTasksWarns) {
  auto p = parse(prose_doc({"KẾ HOẠCH", "Tổ chức sự kiện", "Giao các sở, ngành tổ chức thực hiện."}));
  std::vector<ImportWarning> warnings;
  EXPECT_TRUE(prose_tasks(p.lines, p.body, warnings).empty());
  EXPECT_EQ(warnings.size(), 1u);
}

}  // namespace
}  // namespace planwatch::extract
