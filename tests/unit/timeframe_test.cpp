#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "planwatch/extract/timeframe.hpp"

namespace {

using planwatch::Date;
using planwatch::TimeframeKind;
using planwatch::extract::looks_like_timeframe;
using planwatch::extract::parse_timeframe;

struct TfCase {
  const char* in;
  TimeframeKind kind;
  std::optional<Date> start;
  std::optional<Date> due;
};

constexpr auto kOngoing = TimeframeKind::ongoing;
constexpr auto kAnnual = TimeframeKind::annual;
constexpr auto kByDate = TimeframeKind::by_date;
constexpr auto kRange = TimeframeKind::range;
constexpr auto kCond = TimeframeKind::conditional;
constexpr auto kUnknown = TimeframeKind::unknown;
const std::optional<Date> kNone = std::nullopt;
Date d(int y, int m, int dd) { return Date{y, m, dd}; }

std::string show(const std::optional<Date>& x) {
  return x ? std::to_string(x->year) + "-" + std::to_string(x->month) + "-" + std::to_string(x->day) : "none";
}

TEST(Timeframe, TableOfPrintedCells) {
  const TfCase cases[] = {
      {"Thường xuyên", kOngoing, kNone, kNone},
      {"Thường xuyên.", kOngoing, kNone, kNone},
      {"Thuong xuyen", kOngoing, kNone, kNone},
      {"Liên tục", kOngoing, kNone, kNone},
      {"Thường xuyên, từ năm 2025", kOngoing, d(2025, 1, 1), kNone},
      {"Hằng năm", kAnnual, kNone, kNone},
      {"Hàng năm", kAnnual, kNone, kNone},
      {"Tháng 6 hằng năm", kAnnual, kNone, kNone},
      {"thường niên", kAnnual, kNone, kNone},
      {"Hang nam", kAnnual, kNone, kNone},
      {"Năm 2026", kByDate, kNone, d(2026, 12, 31)},
      {"Nam 2026", kByDate, kNone, d(2026, 12, 31)},
      {"2027", kByDate, kNone, d(2027, 12, 31)},
      {"Quý I/2025", kByDate, kNone, d(2025, 3, 31)},
      {"Quý 1/2025", kByDate, kNone, d(2025, 3, 31)},
      {"quy 1/2025", kByDate, kNone, d(2025, 3, 31)},
      {"Quy 111/2025", kByDate, kNone, d(2025, 9, 30)},
      {"Quý IV/2025", kByDate, kNone, d(2025, 12, 31)},
      {"Quý II năm 2026", kByDate, kNone, d(2026, 6, 30)},
      {"Quy 1/2025; Quy 111/2025; Quy IV/2025", kByDate, kNone, d(2025, 12, 31)},
      {"Tháng 12/2025", kByDate, kNone, d(2025, 12, 31)},
      {"Tháng 2/2028", kByDate, kNone, d(2028, 2, 29)},
      {"Trước tháng 10/2025", kByDate, kNone, d(2025, 10, 31)},
      {"Truoc thang 11/2025", kByDate, kNone, d(2025, 11, 30)},
      {"Hoàn thành trong tháng 12/2025", kByDate, kNone, d(2025, 12, 31)},
      {"Hoàn thành trước tháng 12/2025", kByDate, kNone, d(2025, 12, 31)},
      {"trước ngày 30/11/2025", kByDate, kNone, d(2025, 11, 30)},
      {"Ngày 15 tháng 3 năm 2026", kByDate, kNone, d(2026, 3, 15)},
      {"Trước năm 2030", kByDate, kNone, d(2029, 12, 31)},
      {"Trước tháng 12/2025; tổ chức đánh giá và báo cáo kết quả đánh giá hàng năm", kByDate, kNone,
       d(2025, 12, 31)},
      {"Hoàn thành trước tháng 12/2025 và tổ chức triển khai thực hiện từ năm 2026", kByDate, kNone,
       d(2025, 12, 31)},
      {"2026 - 2030", kRange, d(2026, 1, 1), d(2030, 12, 31)},
      {"2026-2030", kRange, d(2026, 1, 1), d(2030, 12, 31)},
      {"2025 – 2030", kRange, d(2025, 1, 1), d(2030, 12, 31)},
      {"2025-2030.", kRange, d(2025, 1, 1), d(2030, 12, 31)},
      {"Năm 2025-2026", kRange, d(2025, 1, 1), d(2026, 12, 31)},
      {"Giai đoạn 2026 - 2030", kRange, d(2026, 1, 1), d(2030, 12, 31)},
      {"Giai doan 2025-2028", kRange, d(2025, 1, 1), d(2028, 12, 31)},
      {"Từ năm 2025 – 2030", kRange, d(2025, 1, 1), d(2030, 12, 31)},
      {"Từ năm 2025 đến năm 2027", kRange, d(2025, 1, 1), d(2027, 12, 31)},
      {"Từ năm 2025", kRange, d(2025, 1, 1), kNone},
      {"Từ tháng 12/2025", kRange, d(2025, 12, 1), kNone},
      {"Năm 2025 và các năm tiếp theo", kRange, d(2025, 1, 1), kNone},
      {"Năm 2026 và các năm tiếp theo", kRange, d(2026, 1, 1), kNone},
      {"Giai đoạn 2025-2030 và những năm tiếp theo", kRange, d(2025, 1, 1), kNone},
      {"Sau khi có hướng dẫn triển khai của Bộ Giáo dục và Đào tạo", kCond, kNone, kNone},
      {"Theo lộ trình của Trung ương", kCond, kNone, kNone},
      {"Theo tiến độ triển khai của Bộ Khoa học và Công nghệ", kCond, kNone, kNone},
      {"Khi được phê duyệt", kCond, kNone, kNone},
      {"", kUnknown, kNone, kNone},
      {"Sở Khoa học và Công nghệ", kUnknown, kNone, kNone},
  };
  for (const auto& c : cases) {
    auto tf = parse_timeframe(c.in);
    EXPECT_EQ(tf.kind, c.kind) << c.in << " kind=" << planwatch::to_string(tf.kind);
    EXPECT_EQ(tf.start, c.start) << c.in << " start=" << show(tf.start);
    EXPECT_EQ(tf.due, c.due) << c.in << " due=" << show(tf.due);
  }
}

TEST(Timeframe, RawIsCollapsed) {
  EXPECT_EQ(parse_timeframe("  Năm\n 2026 ").raw, "Năm 2026");
  EXPECT_EQ(parse_timeframe("2026  -  2030").raw, "2026 - 2030");
}

struct LooksCase {
  const char* in;
  bool expected;
};

TEST(Timeframe, LooksLikeTimeframe) {
  const LooksCase cases[] = {
      {"Thường xuyên", true},
      {"Năm 2025", true},
      {"2026 - 2030", true},
      {"Trước tháng 12/2025", true},
      {"Quý IV/2025", true},
      {"Hằng năm", true},
      {"Năm 2025 và các năm tiếp theo", true},
      {"Hoàn thành trước tháng 12/2025 và tổ chức triển khai thực hiện từ năm 2026", true},
      {"Sau khi có hướng dẫn triển khai của Bộ Giáo dục và Đào tạo", true},
      {"Thuong xuyen", true},
      {"Tháng 6 hằng năm", true},
      {"Giai đoạn 2025-2030", true},
      {"Xây dựng kế hoạch chuyển đổi số năm 2025", false},
      {"Triển khai các nhiệm vụ giai đoạn 2026 - 2030", false},
      {"Sở Khoa học và Công nghệ", false},
      {"Báo cáo kết quả thực hiện năm 2025 gửi UBND thành phố", false},
      {"Theo dõi, đánh giá kết quả năm 2025", false},
      {"", false},
      {"Thường xuyên cập nhật thông tin về các nhu cầu, hoạt động về vi mạch bán dẫn", false},
      {"Năm 2026, ban hành Kế hoạch triển khai", false},
      {"Hoàn thành ban hành Kế hoạch trước tháng 12/2025 và tổ chức triển khai thực hiện từ năm 2026", false},
      {"Hoàn thành trong tháng 12/2025.", true},
      {"Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ", false},
  };
  for (const auto& c : cases) EXPECT_EQ(looks_like_timeframe(c.in), c.expected) << c.in;
}

}  // namespace
