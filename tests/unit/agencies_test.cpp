#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "planwatch/extract/agencies.hpp"

namespace {

using planwatch::extract::agency_likeness;
using planwatch::extract::agency_refs;
using planwatch::extract::canonical_agency;
using planwatch::extract::looks_like_leader;
using planwatch::extract::split_agencies;

std::string show(const std::vector<std::string>& v) {
  std::string s = "[";
  for (const auto& x : v) s += "\"" + x + "\" ";
  return s + "]";
}

struct SplitCase {
  const char* cell;
  std::vector<std::string> expected;
};

TEST(Agencies, SplitTable) {
  const SplitCase cases[] = {
      {"Sở Khoa học và Công nghệ", {"Sở Khoa học và Công nghệ"}},
      {"Sở Tài chính, Sở Ngoại vụ, Trung tâm hỗ trợ xúc tiến đầu tư thành phố",
       {"Sở Tài chính", "Sở Ngoại vụ", "Trung tâm hỗ trợ xúc tiến đầu tư thành phố"}},
      {"Sở Khoa học và Công nghệ; Sở Tài chính", {"Sở Khoa học và Công nghệ", "Sở Tài chính"}},
      {"Các trường đại học, cao đẳng, viện nghiên cứu", {"Các trường đại học", "cao đẳng", "viện nghiên cứu"}},
      {"Các trường đại học, cao đẳng, viện nghiên cứu, doanh nghiệp lĩnh vực vi mạch bán dẫn, TTNT",
       {"Các trường đại học", "cao đẳng", "viện nghiên cứu", "doanh nghiệp lĩnh vực vi mạch bán dẫn, TTNT"}},
      {"Các trường đại học, cao đẳng, viện nghiên cứu, doanh nghiệp lĩnh vực vi mạch bán dẫn, TTNT Trung tâm "
       "Nghiên cứu, đào tạo thiết kế vi mạch và trí tuệ nhân tạo (Sở Khoa học và Công nghệ)",
       {"Các trường đại học", "cao đẳng", "viện nghiên cứu", "doanh nghiệp lĩnh vực vi mạch bán dẫn, TTNT",
        "Trung tâm Nghiên cứu, đào tạo thiết kế vi mạch và trí tuệ nhân tạo (Sở Khoa học và Công nghệ)"}},
      {"Trung tâm Nghiên cứu, Đào tạo thiết kế vi mạch và trí tuệ nhân tạo (Sở Khoa học và Công nghệ)",
       {"Trung tâm Nghiên cứu, Đào tạo thiết kế vi mạch và trí tuệ nhân tạo (Sở Khoa học và Công nghệ)"}},
      {"Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng, công nghiệp và hạ tầng kỹ thuật, Sở Khoa học và "
       "Công nghệ",
       {"Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng, công nghiệp và hạ tầng kỹ thuật",
        "Sở Khoa học và Công nghệ"}},
      {"Báo và phát thanh, truyền hình Đà Nẵng, Cổng thông tin điện tử thành phố",
       {"Báo và phát thanh, truyền hình Đà Nẵng", "Cổng thông tin điện tử thành phố"}},
      {"Các cơ quan, tổ chức có liên quan", {"Các cơ quan, tổ chức có liên quan"}},
      {"các Sở, ngành, đơn vị liên quan", {"các Sở, ngành, đơn vị liên quan"}},
      {"Các sở, ngành", {"Các sở, ngành"}},
      {"các Sở, ban, ngành thành phố, địa phương", {"các Sở, ban, ngành thành phố", "địa phương"}},
      {"Các sở, ban, ngành theo chức năng, nhiệm vụ", {"Các sở, ban, ngành theo chức năng, nhiệm vụ"}},
      {"Cấp ủy, tổ chức đảng các cấp", {"Cấp ủy, tổ chức đảng các cấp"}},
      {"Sở Khoa học và Công nghệ Thống kê thành phố, các Trường, Viện",
       {"Sở Khoa học và Công nghệ", "Thống kê thành phố", "các Trường, Viện"}},
      {"Sở Tài chính và các Sở, ngành liên quan", {"Sở Tài chính", "các Sở, ngành liên quan"}},
      {"Sở Giáo dục và Đào tạo, các cơ sở giáo dục đại học, giáo dục nghề nghiệp, các Sở, ngành, đơn vị liên quan",
       {"Sở Giáo dục và Đào tạo", "các cơ sở giáo dục đại học", "giáo dục nghề nghiệp",
        "các Sở, ngành, đơn vị liên quan"}},
      {"Sở Tài chính, Sở Nội vụ thực hiện theo quy định về chức năng nhiệm vụ", {"Sở Tài chính", "Sở Nội vụ"}},
      {"Sở Khoa học và Công nghệ, Sở Công Thương thực hiện theo chức năng nhiệm vụ",
       {"Sở Khoa học và Công nghệ", "Sở Công Thương"}},
      {"Các cơ quan, tổ chức có liên quan Các hiệp hội doanh nghiệp, doanh nhân, chuyên gia",
       {"Các cơ quan, tổ chức có liên quan", "Các hiệp hội doanh nghiệp", "doanh nhân", "chuyên gia"}},
      {"Sở Khoa học và Công nghệ Các trường đại học", {"Sở Khoa học và Công nghệ", "Các trường đại học"}},
      {"Doanh nghiệp công nghệ số Các Sở ban ngành có liên quan",
       {"Doanh nghiệp công nghệ số", "Các Sở ban ngành có liên quan"}},
      {"Sở Nội vụ Sở Khoa học và Công nghệ", {"Sở Nội vụ", "Sở Khoa học và Công nghệ"}},
      {"Các sở ngành, cơ quan đơn vị liên quan", {"Các sở ngành", "cơ quan đơn vị liên quan"}},
      {"Các sở ngành, cơ sở đào tạo, doanh nghiệp", {"Các sở ngành", "cơ sở đào tạo", "doanh nghiệp"}},
      {"Sở, ngành, xã, phường", {"Sở, ngành", "xã, phường"}},
      {"Các sở, ban, ngành, phường, xã, đặc khu", {"Các sở, ban, ngành", "phường, xã, đặc khu"}},
      {"Các Sở, ngành và UBND xã, phường liên quan", {"Các Sở, ngành", "UBND xã, phường liên quan"}},
      {"UBND các phường, xã, đặc khu", {"UBND các phường, xã, đặc khu"}},
      {"Ban Quản lý Khu công nghệ cao và các khu công nghiệp", {"Ban Quản lý Khu công nghệ cao và các khu công nghiệp"}},
      {"Sở Văn hóa, Thể thao và Du lịch", {"Sở Văn hóa, Thể thao và Du lịch"}},
      {"Công ty CP Trung tâm Đổi mới sáng tạo", {"Công ty CP Trung tâm Đổi mới sáng tạo"}},
      {"Văn phòng UBND thành phố (Kiểm soát TTHC)", {"Văn phòng UBND thành phố (Kiểm soát TTHC)"}},
      {"Sở KHCN; Các sở, ban, ngành theo chức năng được phân công",
       {"Sở KHCN", "Các sở, ban, ngành theo chức năng được phân công"}},
      {"- Sở Tài chính;\n- Sở Xây dựng.", {"Sở Tài chính", "Sở Xây dựng"}},
      {"Sở Khoa học và Công nghệ.", {"Sở Khoa học và Công nghệ"}},
      {"Các Sở chuyên ngành theo phân công tại Quyết định số 768/QĐ-UBND",
       {"Các Sở chuyên ngành theo phân công tại Quyết định số 768/QĐ-UBND"}},
      // without diacritics / OCR
      {"So Khoa hoc va Cong nghe, So Tai chinh", {"So Khoa hoc va Cong nghe", "So Tai chinh"}},
      {"cac So, nganh, don vi lien quan", {"cac So, nganh, don vi lien quan"}},
      {"Dang uy Cac co quan Dang thanh pho, bang uy Uy ban nhén dén thanh phé",
       {"Dang uy Cac co quan Dang thanh pho", "bang uy Uy ban nhén dén thanh phé"}},
      {"Cép uy, to chirc dang céc cap", {"Cép uy, to chirc dang céc cap"}},
      {"", {}},
  };
  for (const auto& c : cases) EXPECT_EQ(split_agencies(c.cell), c.expected) << c.cell << " -> " << show(split_agencies(c.cell));
}

struct CanonCase {
  const char* name;
  const char* canonical;  // nullptr: unresolved
};

TEST(Agencies, CanonicalTable) {
  const CanonCase cases[] = {
      {"Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"},
      {"Sở KH&CN", "Sở Khoa học và Công nghệ"},
      {"Sở KHCN", "Sở Khoa học và Công nghệ"},
      {"SKHCN", "Sở Khoa học và Công nghệ"},
      {"So Khoa hoc va Cong nghe", "Sở Khoa học và Công nghệ"},
      {"Sở Khoa học và công nghệ", "Sở Khoa học và Công nghệ"},
      {"Sở Khoa học và Công nghệ thành phố Đà Nẵng", "Sở Khoa học và Công nghệ"},
      {"Sở GD&ĐT", "Sở Giáo dục và Đào tạo"},
      {"Sở TC", "Sở Tài chính"},
      {"So Tai chinh", "Sở Tài chính"},
      {"Sở Công thương", "Sở Công Thương"},
      {"UBND thành phố", "Ủy ban nhân dân thành phố"},
      {"Ủy ban nhân dân Thành phố Pà Nẵng", "Ủy ban nhân dân thành phố"},
      {"VP UBND", "Văn phòng Ủy ban nhân dân thành phố"},
      {"Văn phòng UBND thành phố", "Văn phòng Ủy ban nhân dân thành phố"},
      {"Van phong Thanh uy", "Văn phòng Thành ủy"},
      {"CATP", "Công an thành phố"},
      {"Cong an thanh pho", "Công an thành phố"},
      {"BQL Khu CNC và các KCN", "Ban Quản lý Khu công nghệ cao và các khu công nghiệp"},
      {"Ban quản lý Khu CNC và các Khu CN", "Ban Quản lý Khu công nghệ cao và các khu công nghiệp"},
      {"Trung tâm xúc tiến đầu tư", "Trung tâm Hỗ trợ xúc tiến đầu tư"},
      {"Trung tâm Xúc tiền và hỗ trợ đầu tư", "Trung tâm Hỗ trợ xúc tiến đầu tư"},
      {"Dang ty Uy ban nhan dén thanh pho", "Đảng ủy Ủy ban nhân dân thành phố"},
      {"Uy ban Mit trén Té quéc Viét Nam", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"},
      {"Bộ KH&CN", "Bộ Khoa học và Công nghệ"},
      {"Đại học Đà Nẵng", "Đại học Đà Nẵng"},
      {"Thống kê thành phố", "Thống kê thành phố"},
      {"Trường Đại học Bách khoa", "Trường Đại học Bách khoa"},  // a named body of a known type
      {"Các sở, ban, ngành", "Các sở, ban, ngành"},              // collectives resolve to themselves
      {"Tuyên truyền, phổ biến", nullptr},
      {"Xây dựng kế hoạch chuyển đổi số", nullptr},
      {"Tổ chức hội thảo khoa học", nullptr},
  };
  for (const auto& c : cases) {
    auto got = canonical_agency(c.name);
    if (c.canonical) {
      ASSERT_TRUE(got.has_value()) << c.name;
      EXPECT_EQ(*got, c.canonical) << c.name;
    } else {
      EXPECT_FALSE(got.has_value()) << c.name << " -> " << got.value_or("");
    }
  }
}

struct LikeCase {
  const char* text;
  bool agency;  // expected: likeness >= 0.6 (true) or <= 0.3 (false)
};

TEST(Agencies, LikenessTable) {
  const LikeCase cases[] = {
      {"Sở Nội vụ Sở Khoa học", true},
      {"Các sở, ban,", true},
      {"UBND các xã, phường", true},
      {"Ban Quản lý Khu công nghệ cao và các khu công nghiệp", true},
      {"Công an thành phố", true},
      {"Trường Đại học Bách khoa", true},
      {"Công ty CP VSAP-LAB", true},
      {"So Khoa hoc va Cong nghe", true},
      {"Các cơ quan, tổ chức có liên quan", true},
      {"Chủ tịch UBND thành phố", false},
      {"Xây dựng kế hoạch triển khai", false},
      {"Văn bản triển khai Quyết định", false},
      {"Tuyên truyền, phổ biến", false},
      {"Số hóa dữ liệu", false},
      {"Ban hành kế hoạch", false},
      {"Tổ chức hội thảo khoa học", false},
      {"Sở Khoa học và Công nghệ chủ trì, phối hợp với các sở ngành triển khai thực hiện nhiệm vụ", false},
  };
  for (const auto& c : cases) {
    double l = agency_likeness(c.text);
    if (c.agency) EXPECT_GE(l, 0.6) << c.text;
    else EXPECT_LE(l, 0.3) << c.text;
  }
}

TEST(Agencies, CollectivePhrasesAreNotAgencies) {
  for (const char* c : {"các Sở, ngành liên quan", "các đơn vị có liên quan", "UBND các quận, huyện", "Các sở, ban, ngành",
                        "Sở, ban, ngành thành phố", "cơ quan, đơn vị liên quan", "Cac so, nganh lien quan",
                        "Đảng ủy các xã, phường", "những cơ quan được giao"})
    EXPECT_TRUE(planwatch::extract::is_collective_agency(c)) << c;
  for (const char* a : {"Sở Tư pháp", "UBND quận Ninh Kiều", "Sở Khoa học và Công nghệ", "Trường Đại học Cần Thơ",
                        "giáo dục nghề nghiệp", "Văn phòng UBND thành phố", "Sở Giao thông vận tải",
                        // "các" inside a proper name (seed 001) does not make it collective
                        "Ban Quản lý Khu công nghệ cao và các khu công nghiệp",
                        "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng, công nghiệp và hạ tầng kỹ thuật"})
    EXPECT_FALSE(planwatch::extract::is_collective_agency(a)) << a;
}

TEST(Agencies, Leaders) {
  for (const char* s : {"Chủ tịch UBND thành phố", "PCT UBND thành phố phụ trách", "Phó Chủ tịch UBND thành phố",
                        "Lãnh đạo UBND thành phố", "Chu tich UBND thanh pho"})
    EXPECT_TRUE(looks_like_leader(s)) << s;
  for (const char* s : {"UBND thành phố", "Sở Khoa học và Công nghệ", "Văn phòng UBND thành phố"})
    EXPECT_FALSE(looks_like_leader(s)) << s;
}

TEST(Agencies, RefsKeepPrintedNamesAndResolveCanonical) {
  auto refs = agency_refs("Sở KH&CN, So Tai chinh; các Sở, ngành liên quan");
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0].name, "Sở KH&CN");
  EXPECT_EQ(refs[0].canonical.value_or(""), "Sở Khoa học và Công nghệ");
  EXPECT_EQ(refs[1].name, "So Tai chinh");
  EXPECT_EQ(refs[1].canonical.value_or(""), "Sở Tài chính");
  EXPECT_EQ(refs[2].name, "các Sở, ngành liên quan");
  EXPECT_EQ(refs[2].canonical.value_or(""), "các Sở, ngành liên quan");
}

}  // namespace
