#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "planwatch/extract/targets.hpp"
#include "planwatch/text/unicode.hpp"

namespace {

using planwatch::Target;
using planwatch::TargetOp;
using planwatch::extract::has_quantified_target;
using planwatch::extract::parse_targets;
using planwatch::text::fold;

constexpr auto GE = TargetOp::ge;
constexpr auto LE = TargetOp::le;
constexpr auto EQ = TargetOp::eq;
constexpr auto RANGE = TargetOp::range;

struct TargetCase {
  const char* in;
  TargetOp op;           // expected op of the first target
  double value;          // expected value of the first target
  double value_max;      // expected value_max (ranges only; 0 otherwise)
  const char* unit;      // expected unit (compared after folding, as the scorer does)
  std::size_t count;     // expected number of targets found
};

TEST(Targets, FirstTargetTable) {
  const TargetCase cases[] = {
      {"Đào tạo, bồi dưỡng và thu hút tối thiểu 5.000 nhân lực chất lượng cao", GE, 5000, 0, "nhân lực", 1},
      {"Tỷ lệ phủ sóng 5G trên địa bàn ≥ 80%", GE, 80, 0, "%", 1},
      {"Ty le phu song 5G tren dia ban >= 80%", GE, 80, 0, "%", 1},
      {"Phần đầu thu hút ít nhất 01-02 doanh nghiệp đóng gói, kiểm thử quy mô lớn.", RANGE, 1, 2, "doanh nghiệp", 1},
      {"Phấn đấu đạt từ 2.000 đến 3.000 doanh nghiệp CNS", RANGE, 2000, 3000, "doanh nghiệp", 1},
      {"Quy mô kinh tế số đạt 2% GRDP", EQ, 2, 0, "% GRDP", 1},
      {"Quy mô kinh tế số đạt 35-40% GRDP", RANGE, 35, 40, "% GRDP", 1},
      {"Tỉ lệ doanh nghiệp hoạt động đổi mới sáng tạo đạt trên 40% trong tổng số doanh nghiệp", GE, 40, 0, "%", 1},
      {"Chỉ số đổi mới sáng tạo cấp địa phương PII trong nhóm 05 địa phương dẫn đầu toàn quốc", LE, 5, 0,
       "thứ hạng toàn quốc", 1},
      {"Mỗi năm có ≥ 20 công trình khoa học và công nghệ cấp thành phố được nghiệm thu", GE, 20, 0, "công trình/năm", 1},
      {"Mỗi năm có ≥ 200 bài bài báo khoa học có địa chỉ tác giả tại thành phố (Scopus/ISI)", GE, 200, 0,
       "bài báo/năm", 1},
      {"Có ≥ 3 vườn ươm/trung tâm đổi mới sáng tạo", GE, 3, 0, "vườn ươm/trung tâm", 1},
      {"Có ≥ 7 vườn ươm, trung tâm đổi mới sáng tạo", GE, 7, 0, "vườn ươm, trung tâm", 1},
      {"Mỗi năm có ≥ 5 sáng chế, giải pháp hữu ích có địa chỉ tại thành phố", GE, 5, 0,
       "sáng chế, giải pháp hữu ích/năm", 1},
      {"Mỗi năm có ≥ 30 đơn đăng ký sở hữu trí tuệ (sáng chế, giải pháp hữu ích)", GE, 30, 0, "đơn/năm", 1},
      {"Có ≥ 60% người sử dụng có khả năng truy cập băng rộng cố định với tốc độ trên 01 Gbps/s", GE, 60, 0, "%", 1},
      {"100% người sử dụng có khả năng truy cập băng thông rộng cố định với tốc độ trên 01 Gb/s", EQ, 100, 0, "%", 1},
      {"Có ≥ 50% kết quả khoa học và công nghệ được ứng dụng thực tiễn sau 12 tháng nghiệm thu", GE, 50, 0, "%", 1},
      {"Có ≥ 1,0% tổng chi ngân sách địa phương chi cho khoa học, công nghệ", GE, 1.0, 0, "%", 1},
      {"Chỉ số chuyển đổi số cấp thành phố ≥ 0.70", GE, 0.7, 0, "", 1},
      {"Chỉ số chuyển đổi số cấp thành phố ≥ 0,75", GE, 0.75, 0, "", 1},
      {"Chỉ số chuyển đổi số cấp thành phố đạt 1,0", EQ, 1.0, 0, "", 1},
      {"Có từ 07 người thực hiện công tác nghiên cứu khoa học, phát triển công nghệ, đổi mới sáng tạo trên 01 vạn dân",
       GE, 7, 0, "người/01 vạn dân", 1},
      {"Nguồn nhân lực nghiên cứu khoa học đạt 12 người trên một vạn dân", EQ, 12, 0, "người trên một vạn dân", 1},
      {"90% - 100% dân số trưởng thành thường xuyên sử dụng dịch vụ số", RANGE, 90, 100, "%", 1},
      {"Có 15 - 20 trung tâm nghiên cứu, phát triển trọng điểm ở thành phố", RANGE, 15, 20, "trung tâm", 1},
      {"Mỗi năm có 50 - 60 dự án khởi nghiệp sáng tạo", RANGE, 50, 60, "dự án/năm", 1},
      {"Doanh thu ngành CNCNS tăng trưởng trung bình trong giai đoạn 2026 - 2030 đạt mức từ 12% trở lên", GE, 12, 0,
       "%", 1},
      {"doanh thu xuất khẩu tăng trưởng bình quân đạt tối thiểu 30%/năm.", GE, 30, 0, "%/năm", 1},
      {"Hằng năm, tổ chức ít nhất 01 sự kiện xúc tiến đầu tư và hợp tác quốc tế về công nghiệp bán dẫn.", GE, 1, 0,
       "sự kiện/năm", 1},
      {"Hình thành ít nhất 01 Trường Đại học Công nghệ quốc tế tại Khu Công nghệ cao Hòa Lạc", GE, 1, 0, "Trường", 1},
      {"Triển khai thêm ít nhất 02 khu công nghệ thông tin tập trung", GE, 2, 0, "khu công nghệ thông tin tập trung",
       1},
      {"Hình thành tối thiểu 01 khu CNS tập trung", GE, 1, 0, "khu", 1},
      {"phấn đấu thực hiện tối thiểu 01 hoạt động cấp phép và triển khai thử nghiệm có kiểm soát", GE, 1, 0,
       "hoạt động", 1},
      {"Phát triển 20 sản phẩm TTNT do doanh nghiệp thành phố Đà Nẵng thực hiện.", EQ, 20, 0, "sản phẩm", 1},
      {"Kinh tế số mỗi ngành, lĩnh vực chiếm tối thiểu 20%", GE, 20, 0, "%", 1},
      {"Tiềm lực khoa học của thành phố đóng góp vào chỉ số phát triển con người (HDI) duy trì trên 0,7", GE, 0.7, 0,
       "", 1},
      {"Thu hút thêm ít nhất 01 tổ chức, doanh nghiệp công nghệ hàng đầu thế giới đặt trụ sở", GE, 1, 0,
       "tổ chức, doanh nghiệp", 1},
      {"Có tối thiểu có 01 doanh nghiệp công nghệ số ngang tầm các nước tiên tiến", GE, 1, 0, "doanh nghiệp", 1},
      {"Phấn đấu đóng góp của tăng năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức trên 55%", GE, 55,
       0, "%", 1},
      {"Giao dịch không dùng tiền mặt đạt tối thiểu 90%", GE, 90, 0, "%", 1},
      {"Số lượng doanh nghiệp giảm xuống không quá 10 doanh nghiệp", LE, 10, 0, "doanh nghiệp", 1},
      {"Tỷ lệ hồ sơ trễ hạn dưới 2%", LE, 2, 0, "%", 1},
      {"1.1 Tỷ lệ phủ sóng 5G trên địa bàn ≥ 80% Sở Khoa học và Công nghệ", GE, 80, 0, "%", 1},
      // OCR text without (or with garbled) diacritics
      {"Phan dau dong gop cua tang nang suat nhan to tong hop (TFP) vao tang truong kinh te o muc tren 55%.", GE, 55,
       0, "%", 1},
      {"xuat khau dat t6i thidu 50%", GE, 50, 0, "%", 1},
      {"C6 it nhat 05 san pham thir nghiém c6 kiém soat (sandbox)", GE, 5, 0, "san pham", 1},
      {"chi s6 doi moi sang tao cap dia phuong PII trong nhém 05 dia phuong dan dau toan quoc", LE, 5, 0,
       "thứ hạng toàn quốc", 1},
      {"toi thieu 05 doanh nghiep", GE, 5, 0, "doanh nghiep", 1},
      {"quy mo kinh te so dat 35-40% GRDP", RANGE, 35, 40, "% GRDP", 1},
      // several targets in one item
      {"Kinh phí chi cho nghiên cứu phát triển (R&D) chiếm 2% GRDP, trong đó kinh phí từ xã hội chiếm hơn 60%", EQ, 2,
       0, "% GRDP", 2},
      {"Về cơ cấu lĩnh vực, có ít nhất 2.000 nhân lực thiết kế và 3.000 nhân lực kiểm thử", GE, 2000, 0, "nhân lực", 2},
  };
  for (const auto& c : cases) {
    auto ts = parse_targets(c.in);
    ASSERT_EQ(ts.size(), c.count) << c.in;
    const Target& t = ts.front();
    EXPECT_EQ(t.op, c.op) << c.in << " op=" << planwatch::to_string(t.op);
    ASSERT_TRUE(t.value.has_value()) << c.in;
    EXPECT_DOUBLE_EQ(*t.value, c.value) << c.in;
    if (c.op == RANGE) {
      ASSERT_TRUE(t.value_max.has_value()) << c.in;
      EXPECT_DOUBLE_EQ(*t.value_max, c.value_max) << c.in;
    } else {
      EXPECT_FALSE(t.value_max.has_value()) << c.in;
    }
    EXPECT_EQ(fold(t.unit), fold(c.unit)) << c.in << " unit=" << t.unit;
    EXPECT_TRUE(has_quantified_target(c.in)) << c.in;
  }
}

TEST(Targets, SecondTargetsShareOrKeepTheirOwnComparator) {
  auto ts = parse_targets("Về cơ cấu lĩnh vực, có ít nhất 2.000 nhân lực thiết kế và 3.000 nhân lực kiểm thử");
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[1].op, GE);
  EXPECT_DOUBLE_EQ(*ts[1].value, 3000);
  ts = parse_targets("Có ≥ 70% thủ tục hành chính được tiếp nhận, giải quyết phi địa giới hành chính giữa trung ương và "
                     "địa phương, trong đó, 100% thủ tục hành chính được thực hiện không phụ thuộc vào địa giới");
  ASSERT_EQ(ts.size(), 2u);
  EXPECT_EQ(ts[1].op, EQ);
  EXPECT_DOUBLE_EQ(*ts[1].value, 100);
}

TEST(Targets, DefinitionNumbersAreNotTargets) {
  // Only the company count is a target: the revenue and the head count qualify the definition.
  auto ts = parse_targets(
      "Phấn đấu thu hút một số doanh nghiệp có doanh thu ít nhất 01 tỷ USD đặt trụ sở nghiên cứu, sản xuất tại thành "
      "phố; có ít nhất 01 doanh nghiệp công nghệ số với nhân lực 15.000 người hoặc đạt doanh thu 2 tỷ USD/năm");
  ASSERT_EQ(ts.size(), 1u);
  EXPECT_EQ(ts[0].op, GE);
  EXPECT_DOUBLE_EQ(*ts[0].value, 1);
  EXPECT_EQ(fold(ts[0].unit), "doanh nghiep");
}

TEST(Targets, NoQuantifiedTarget) {
  const char* none[] = {
      "Hoàn thành xây dựng đô thị thông minh kết nối, đồng bộ với mạng lưới đô thị thông minh trong nước",
      "Triển khai Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
      "Thực hiện Quyết định số 768/QĐ-UBND giai đoạn 2026 - 2030",
      "Tiếp cận cuộc Cách mạng công nghiệp 4.0 đến năm 2030",
      "Tỷ lệ phủ sóng 5G/6G trên địa bàn",
      "Ứng dụng AI, IoT, Big Data..trong quản lý môi trường, đô thị thông minh",
      "Thanh pho Pa Nang 1a mot trong cac trung tam cong nghiep cong nghe 50 va doi moi sang tao",
      "",
  };
  for (const char* s : none) {
    EXPECT_TRUE(parse_targets(s).empty()) << s << " -> " << parse_targets(s).size();
    EXPECT_FALSE(has_quantified_target(s)) << s;
  }
}

}  // namespace
