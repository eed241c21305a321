// Reporting duties stated in the 'Tổ chức thực hiện' section: who reports to whom, how often, by when.
// The inputs are invented; they only copy the shapes of the seed plans.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "extract/lines.hpp"
#include "extract/outline.hpp"
#include "extract/reporting.hpp"
#include "extract/sections.hpp"

namespace planwatch::extract {
namespace {

std::vector<ReportingDuty> duties_of(std::initializer_list<const char*> paragraphs) {
  Document d;
  for (const char* p : paragraphs) {
    d.lines.push_back({p, 0});
    d.lines.push_back({"", 0});
  }
  auto lines = clean_lines(d);
  auto body = build_outline(lines, 0, lines.size());
  return find_reporting(lines, body);
}

std::string dump(const std::vector<ReportingDuty>& v) {
  std::string s;
  for (const auto& r : v)
    s += std::string("\n  ") + to_string(r.frequency) + " who=" + r.who + " to=" + r.to.value_or("-") +
         " due=" + r.due.value_or("-");
  return s;
}

struct Want {
  Frequency frequency;
  const char* who;  // nullptr: not checked
  const char* to;   // "" for none
  const char* due;  // "" for none
};

void check(const std::vector<ReportingDuty>& got, std::initializer_list<Want> want) {
  SCOPED_TRACE(dump(got));
  ASSERT_EQ(got.size(), want.size());
  std::size_t i = 0;
  for (const auto& w : want) {
    const auto& g = got[i++];
    SCOPED_TRACE(std::string(to_string(w.frequency)) + " #" + std::to_string(i));
    EXPECT_EQ(g.frequency, w.frequency);
    if (w.who) {
      EXPECT_EQ(g.who, w.who);
    }
    EXPECT_EQ(g.to.value_or(""), w.to);
    EXPECT_EQ(g.due.value_or(""), w.due);
  }
}

TEST(Reporting, FrequenciesListedInOneSentence) {
  auto got = duties_of({
      "I. MỤC TIÊU",
      "Phát triển du lịch thông minh.",
      "II. TỔ CHỨC THỰC HIỆN",
      "1. Các sở, ban, ngành, UBND các xã, phường",
      "a) Chủ động triển khai các nhiệm vụ được giao.",
      "b) Định kỳ hằng tháng, 3 tháng, 6 tháng, 1 năm báo cáo kết quả thực hiện Kế hoạch về Sở Du lịch.",
  });
  const char* who = "Các sở, ban, ngành, UBND các xã, phường";
  check(got, {{Frequency::monthly, who, "Sở Du lịch", ""},
              {Frequency::quarterly, who, "Sở Du lịch", ""},
              {Frequency::semiannual, who, "Sở Du lịch", ""},
              {Frequency::annual, who, "Sở Du lịch", ""}});
}

TEST(Reporting, AnnualReportWithItsDueDate) {
  auto got = duties_of({
      "IV. TỔ CHỨC THỰC HIỆN",
      "1. Các trường đại học, cao đẳng trên địa bàn",
      "Định kỳ hằng năm (trước ngày 30/11), báo cáo kết quả thực hiện Kế hoạch gửi Sở Giáo dục và Đào tạo.",
  });
  check(got, {{Frequency::annual, "Các trường đại học, cao đẳng trên địa bàn", "Sở Giáo dục và Đào tạo",
               "trước ngày 30/11"}});
}

TEST(Reporting, DifficultiesReportedWhenTheyArise) {
  auto got = duties_of({
      "V. TỔ CHỨC THỰC HIỆN",
      "1. Sở Du lịch",
      "Chủ trì, theo dõi, đôn đốc việc thực hiện Kế hoạch.",
      "2. Trong quá trình triển khai, nếu có vướng mắc, các cơ quan, đơn vị kịp thời báo cáo về Sở Du lịch để tổng "
      "hợp, đề xuất giải quyết.",
  });
  check(got, {{Frequency::adhoc, nullptr, "Sở Du lịch", "nếu có vướng mắc"}});
}

TEST(Reporting, SendingResultsCountsAndRecipientsListDoesNot) {
  // "tổng hợp tình hình, kết quả … gửi Sở …" is a report without the word "báo cáo"; the
  // recipients list after the section ("(để báo cáo)") is not.
  auto got = duties_of({
      "V. TỔ CHỨC THỰC HIỆN",
      "1. Sở Du lịch",
      "a) Làm đầu mối theo dõi, đôn đốc việc thực hiện Kế hoạch.",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one paragraph wrapped in the source
      "b) Tổng hợp tình hình, kết quả thực hiện Kế hoạch của các đơn vị, gửi Sở Khoa học và Công nghệ để theo dõi "
      "chung.",
      "Nơi nhận:",
      "- Bộ Văn hóa, Thể thao và Du lịch (để báo cáo);",
      "- Thường trực Thành ủy (để báo cáo);",
      "- Lưu: VT.",
  });
  check(got, {{Frequency::adhoc, "Sở Du lịch", "Sở Khoa học và Công nghệ", ""}});
}

TEST(Reporting, ForwardedOnTheSameCycle) {
  // "… gửi Sở X để tổng hợp, báo cáo UBND thành phố": Sở X reports on, on the same cycle.
  auto got = duties_of({
      "V. TỔ CHỨC THỰC HIỆN",
      "1. Các sở, ban, ngành",
      "Định kỳ 6 tháng, báo cáo kết quả thực hiện gửi Sở Du lịch để tổng hợp, báo cáo UBND thành phố.",
  });
  check(got, {{Frequency::semiannual, "Các sở, ban, ngành", "Sở Du lịch", ""},
              {Frequency::semiannual, "Sở Du lịch", "UBND thành phố", ""}});
}

TEST(Reporting, OutsideTheOrganisationSectionNothing) {
  auto got = duties_of({
      "III. NHIỆM VỤ, GIẢI PHÁP",
      "1. Hoàn thiện hệ thống báo cáo thống kê du lịch",
      "Định kỳ hằng năm báo cáo kết quả về Sở Du lịch.",
  });
  EXPECT_TRUE(got.empty()) << dump(got);
}

}  // namespace
}  // namespace planwatch::extract
