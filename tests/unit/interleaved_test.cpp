// Task and indicator tables in PDF text whose columns came out as interleaved short lines:
// row number + wrapped text, then the leader, lead, coordinating, time and product cells as runs of
// short lines; an empty cell shows as one leading space on the next cell's first line.
// The inputs are invented; they only copy the shapes of the seed appendices.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "extract/lines.hpp"
#include "extract/tables.hpp"

namespace planwatch::extract {
namespace {

// Table header as the PDF reader prints it: one short line per header cell fragment.
constexpr const char* kTaskHeader[] = {"TT Nội dung nhiệm vụ, giải pháp",
                                       "Lãnh đạo UBND",
                                       "TP phụ trách",
                                       "Cơ quan chủ trì",
                                       "triển khai",
                                       "Cơ quan phối",
                                       "hợp",
                                       "Thời gian/",
                                       "thời hạn",
                                       "Sản phẩm dự kiến"};

// The PDF text separates every printed line by one blank line; `page` numbers the lines when > 0.
Document interleaved_doc(std::initializer_list<const char*> body, int page = 0) {
  Document d;
  d.lines.push_back({"Phụ lục II", page});
  d.lines.push_back({"", page});
  d.lines.push_back({"DANH MỤC NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH", page});
  d.lines.push_back({"", page});
  for (const char* h : kTaskHeader) {
    d.lines.push_back({h, page});
    d.lines.push_back({"", page});
  }
  for (const char* l : body) {
    d.lines.push_back({l, page});
    d.lines.push_back({"", page});
  }
  return d;
}

std::vector<Task> table_tasks(const Document& d) {
  auto lines = clean_lines(d);
  auto res = parse_interleaved_table(lines, 0, lines.size());
  EXPECT_TRUE(res.found);
  return res.tasks;
}

std::vector<Task> table_tasks(std::initializer_list<const char*> body) { return table_tasks(interleaved_doc(body)); }

std::string names(const std::vector<AgencyRef>& v) {
  std::string s;
  for (const auto& a : v) s += (s.empty() ? "" : " | ") + a.name;
  return s;
}

std::string dump(const std::vector<Task>& ts) {
  std::string s;
  for (const auto& t : ts)
    s += "\n  ref=" + t.ref + " parent=" + t.parent_ref.value_or("-") + " group=" + t.group + "\n    text=" + t.text +
         "\n    leader=" + t.leader.value_or("-") + " lead=[" + names(t.lead) + "] coord=[" + names(t.coordinating) +
         "]\n    time=" + (t.timeframe ? t.timeframe->raw : "-") + " output=" + t.output.value_or("-");
  return s;
}

struct Want {
  const char* ref;
  const char* parent;        // "" for none
  const char* leader;        // "" for none
  const char* lead;          // names joined with " | "
  const char* coordinating;  // names joined with " | "
  const char* time;          // raw timeframe, "" for none
  const char* output;        // "" for none
};

void check(const std::vector<Task>& got, std::initializer_list<Want> want) {
  SCOPED_TRACE(dump(got));
  ASSERT_EQ(got.size(), want.size());
  std::size_t i = 0;
  for (const auto& w : want) {
    const Task& t = got[i++];
    SCOPED_TRACE(w.ref);
    EXPECT_EQ(t.ref, w.ref);
    EXPECT_EQ(t.parent_ref.value_or(""), w.parent);
    EXPECT_EQ(t.leader.value_or(""), w.leader);
    EXPECT_EQ(names(t.lead), w.lead);
    EXPECT_EQ(names(t.coordinating), w.coordinating);
    EXPECT_EQ(t.timeframe ? t.timeframe->raw : std::string(), w.time);
    EXPECT_EQ(t.output.value_or(""), w.output);
  }
}

TEST(InterleavedTable, BasicRowWithAllCells) {
  auto got = table_tasks({"I Nâng cao năng lực quản lý tài nguyên nước", "1 Tổ chức hội nghị quán triệt chương trình",
                          "chuyển đổi xanh đến toàn thể công chức,", "viên chức trong các cơ quan.", "PCT UBND",
                          "thành phố phụ", "trách", "Sở Nông nghiệp và", "Môi trường", "Các sở, ban,", "ngành, UBND",
                          "các xã, phường", "Quý II/2026", "Kế hoạch tuyên", "truyền được ban", "hành"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Nông nghiệp và Môi trường",
               "Các sở, ban, ngành | UBND các xã, phường", "Quý II/2026", "Kế hoạch tuyên truyền được ban hành"}});
  EXPECT_EQ(got[0].group, "Nâng cao năng lực quản lý tài nguyên nước");
  EXPECT_EQ(
      got[0].text,
      "Tổ chức hội nghị quán triệt chương trình chuyển đổi xanh đến toàn thể công chức, viên chức trong các cơ quan.");
  ASSERT_TRUE(got[0].timeframe.has_value());
  EXPECT_EQ(got[0].timeframe->kind, TimeframeKind::by_date);
}

TEST(InterleavedTable, EmptyLeaderCellShowsAsLeadingSpaceOnTheLead) {
  auto got =
      table_tasks({"I Quản lý đất đai", "1 Rà soát, cập nhật cơ sở dữ liệu đất đai", "trên địa bàn các xã, phường.",
                   " Sở Nông nghiệp và", "Môi trường", "Sở Xây dựng", "Năm 2026", "Dữ liệu đất đai", "được cập nhật"});
  check(got,
        {{"I.1", "", "", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Năm 2026", "Dữ liệu đất đai được cập nhật"}});
}

TEST(InterleavedTable, EmptyCoordinatingCellShowsAsLeadingSpaceOnTheTime) {
  auto got = table_tasks({"I Quản lý môi trường", "1 Kiểm tra việc thực hiện các quy định về",
                          "bảo vệ môi trường tại các khu công nghiệp.", "PCT UBND", "thành phố phụ", "trách",
                          "Sở Nông nghiệp và", "Môi trường", " Thường", "xuyên", "Báo cáo kết quả", "kiểm tra"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Nông nghiệp và Môi trường", "", "Thường xuyên",
               "Báo cáo kết quả kiểm tra"}});
  ASSERT_TRUE(got[0].timeframe.has_value());
  EXPECT_EQ(got[0].timeframe->kind, TimeframeKind::ongoing);
}

TEST(InterleavedTable, EmptyTimeCellMakesTheSpacedTextTheProduct) {
  // Row 1: the lead list wraps over three lines, the coordinating cell is empty (leading space on the
  // time). Row 2: the time cell is empty, so the space-prefixed text after the agencies is the product.
  auto got = table_tasks({"I Quản lý môi trường",
                          "1 Tuyên truyền về phân loại chất thải rắn",
                          "sinh hoạt tại nguồn.",
                          "Chủ tịch UBND",
                          "thành phố",
                          "Các sở, ban,",
                          "ngành, UBND",
                          "các xã, phường",
                          " Năm 2026 và",
                          "các năm tiếp",
                          "theo",
                          "Tuyên truyền theo",
                          "hình thức phù hợp",
                          "2 Xây dựng quy chế phối hợp kiểm soát ô",
                          "nhiễm tại các lưu vực sông.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "Sở Nông nghiệp và",
                          "Môi trường",
                          "Công an thành phố",
                          " Ban hành quy chế",
                          "phối hợp liên ngành"});
  check(got, {{"I.1", "", "Chủ tịch UBND thành phố", "Các sở, ban, ngành | UBND các xã, phường", "",
               "Năm 2026 và các năm tiếp theo", "Tuyên truyền theo hình thức phù hợp"},
              {"I.2", "", "PCT UBND thành phố phụ trách", "Sở Nông nghiệp và Môi trường", "Công an thành phố", "",
               "Ban hành quy chế phối hợp liên ngành"}});
}

TEST(InterleavedTable, TimeAndProductMergedOnOneLine) {
  auto got = table_tasks({"I Cải cách hành chính", "1 Ban hành quy định phân cấp quản lý",
                          "chất lượng nước sinh hoạt cho cấp xã.", "Chủ tịch UBND", "thành phố", "Sở Y tế",
                          "Năm 2026 Văn bản hướng dẫn", "thực hiện Nghị định", "số 12/2026/NĐ-CP"});
  check(got, {{"I.1", "", "Chủ tịch UBND thành phố", "Sở Y tế", "", "Năm 2026",
               "Văn bản hướng dẫn thực hiện Nghị định số 12/2026/NĐ-CP"}});
}

TEST(InterleavedTable, TwoAgenciesMergedOnOneLine) {
  // "Sở Tư pháp" (lead) and "Sở Khoa học và Công nghệ" (coordinating) share a baseline.
  auto got = table_tasks({"I Hoàn thiện thể chế", "1 Rà soát các văn bản quy phạm pháp luật",
                          "về chuyển giao công nghệ do thành phố", "ban hành.", "Chủ tịch UBND", "thành phố",
                          "Sở Tư pháp Sở Khoa học", "và Công nghệ;", "Các cơ quan, đơn", "vị liên quan",
                          "Năm 2026 Báo cáo rà soát"});
  check(got, {{"I.1", "", "Chủ tịch UBND thành phố", "Sở Tư pháp",
               "Sở Khoa học và Công nghệ | Các cơ quan, đơn vị liên quan", "Năm 2026", "Báo cáo rà soát"}});
}

TEST(InterleavedTable, BulletedLeadListEndsWithPeriodThenCoordinating) {
  auto got =
      table_tasks({"I Y tế và giáo dục", "1 Triển khai sổ sức khỏe điện tử cho học", "sinh các trường phổ thông.",
                   "PCT UBND", "thành phố phụ", "trách", "- Sở Y tế;", "- Sở Giáo dục và", "Đào tạo.",
                   "Các cơ quan, đơn", "vị liên quan", "Năm 2026", "Sổ sức khỏe điện", "tử được sử dụng"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Y tế | Sở Giáo dục và Đào tạo",
               "Các cơ quan, đơn vị liên quan", "Năm 2026", "Sổ sức khỏe điện tử được sử dụng"}});
}

TEST(InterleavedTable, BulletedListEndsAtACompleteNameNotAtAWrappedItem) {
  // Row 1: the list "- Sở Tài chính; - Sở Công Thương" ends without '.', at a complete name, when
  // another agency follows. Row 2: "- Ban Quản lý" wraps on ("Khu công nghệ cao"), it does not end.
  auto got = table_tasks({"I Thu hút đầu tư",
                          "1 Xây dựng danh mục dự án kêu gọi đầu tư",
                          "vào lĩnh vực năng lượng tái tạo.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "- Sở Tài chính;",
                          "- Sở Công Thương",
                          "Các cơ quan, đơn",
                          "vị liên quan",
                          "Năm 2027",
                          "Danh mục dự án",
                          "2 Tổ chức diễn đàn kết nối doanh nghiệp",
                          "công nghệ với các quỹ đầu tư.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "- Ban Quản lý",
                          "Khu công nghệ cao;",
                          "- Sở Tài chính.",
                          "Các cơ quan, đơn",
                          "vị liên quan",
                          "Quý IV/2026",
                          "Diễn đàn được",
                          "tổ chức"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Tài chính | Sở Công Thương",
               "Các cơ quan, đơn vị liên quan", "Năm 2027", "Danh mục dự án"},
              {"I.2", "", "PCT UBND thành phố phụ trách", "Ban Quản lý Khu công nghệ cao | Sở Tài chính",
               "Các cơ quan, đơn vị liên quan", "Quý IV/2026", "Diễn đàn được tổ chức"}});
}

TEST(InterleavedTable, FirstLineCarriesTheHeadOfEveryCell) {
  // The row's first line holds the first line of every cell ("… PCT UBND - Sở Y tế; Các cơ quan, Năm
  // 2026 Hệ thống"); the text wraps on (a leading space is no empty cell here), then each cell goes on
  // below in column order. Row 1: a bulleted lead list, a product that wraps. Row 2: two spaces before
  // the time mark an empty coordinating cell; "Thường" / "xuyên …" shares a line with the product.
  // Row 3: an unbulleted lead wraps in lower case until it names a known body. Row 4: "Sở Công Thương"
  // is a name, though "Thương" folds like the time word "Thường".
  auto got = table_tasks({"I Y tế số",
                          "1 Kết nối dữ liệu khám chữa bệnh giữa các PCT UBND - Sở Y tế; Các cơ quan, Năm 2026 Hệ thống",
                          " bệnh viện công lập và tư nhân trên địa",
                          "bàn thành phố",
                          "thành phố phụ",
                          "trách",
                          "- Sở Khoa học và",
                          "công nghệ.",
                          "đơn vị liên",
                          "quan",
                          "dữ liệu được",
                          "kết nối",
                          "2 Tập huấn kỹ năng số cho nhân viên y tế PCT UBND - Sở Giáo dục và  Thường Lớp tập",
                          "tuyến xã, phường.",
                          "thành phố phụ",
                          "trách",
                          "Đào tạo;",
                          "- Sở Y tế.",
                          "xuyên huấn được tổ chức",
                          "3 Thu hút doanh nghiệp công nghệ y sinh PCT UBND Ban Quản lý Khu Sở Tài chính Tháng Danh mục dự",
                          " Đầu tư vào khu công nghệ cao.",
                          "thành phố phụ",
                          "trách",
                          "công nghệ cao và",
                          "các khu công",
                          "nghiệp",
                          "6/2026 án",
                          "4 Phát triển thương mại điện tử xuyên biên PCT UBND Sở Công Thương Sở Tài chính Năm 2026 Đề án",
                          "giới cho doanh nghiệp nhỏ và vừa.",
                          "thành phố phụ",
                          "trách",
                          "được duyệt"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Y tế | Sở Khoa học và công nghệ",
               "Các cơ quan, đơn vị liên quan", "Năm 2026", "Hệ thống dữ liệu được kết nối"},
              {"I.2", "", "PCT UBND thành phố phụ trách", "Sở Giáo dục và Đào tạo | Sở Y tế", "", "Thường xuyên",
               "Lớp tập huấn được tổ chức"},
              {"I.3", "", "PCT UBND thành phố phụ trách", "Ban Quản lý Khu công nghệ cao và các khu công nghiệp",
               "Sở Tài chính", "Tháng 6/2026", "Danh mục dự án"},
              {"I.4", "", "PCT UBND thành phố phụ trách", "Sở Công Thương", "Sở Tài chính", "Năm 2026",
               "Đề án được duyệt"}});
  EXPECT_EQ(got[0].text, "Kết nối dữ liệu khám chữa bệnh giữa các bệnh viện công lập và tư nhân trên địa bàn thành phố");
  EXPECT_EQ(got[2].text, "Thu hút doanh nghiệp công nghệ y sinh Đầu tư vào khu công nghệ cao.");
}

TEST(InterleavedTable, RowTextWrittenAsAListOfAgencyDuties) {
  // The text is itself a list whose items start with an agency ("- Sở Tài chính tổng hợp, …"): an item
  // as wide as the text goes on with the text, and a line a little shorter than the widest one
  // ("toán, tham mưu UBND thành phố", 29 of 38) does not end it; the narrow lead cell follows the text.
  auto got = table_tasks({"I Nguồn lực",
                          "1 - Các sở, ngành lập dự toán kinh phí",
                          "chuyển đổi số, gửi Sở Tài chính trước",
                          "tháng 7 hằng năm;",
                          "- Sở Tài chính tổng hợp, thẩm định dự",
                          "toán, tham mưu UBND thành phố",
                          "HĐND thành phố bố trí kinh phí đủ cho",
                          "các nhiệm vụ chuyển đổi số.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "- Sở Tài chính;",
                          "- Các sở, ngành.",
                          "Các cơ quan,",
                          "đơn vị liên",
                          "quan",
                          "Hằng năm",
                          "Dự toán được",
                          "giao"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Tài chính | Các sở, ngành", "Các cơ quan, đơn vị liên quan",
               "Hằng năm", "Dự toán được giao"}});
}

TEST(InterleavedTable, BulletedLeadListGoesOnAfterTheProductOnTheNextPage) {
  // A page break cuts the bulleted lead list inside a name ("… tỉnh Quảng" / " Nam;"): the other cells
  // end on the first page, the product closes with '.', and the list's rest follows on the next page
  // with a leading space.
  auto got = table_tasks({"I Hạ tầng",
                          "1 Xây dựng trung tâm dữ liệu dự phòng",
                          "của thành phố.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "- Ban Quản lý dự",
                          "án đầu tư xây",
                          "dựng tỉnh Quảng",
                          "Các cơ quan,",
                          "đơn vị liên",
                          "quan",
                          "Năm 2027",
                          "- Báo cáo đề xuất",
                          "chủ trương đầu tư.",
                          " Nam;",
                          "- Sở Xây dựng;",
                          "- Sở Tài chính."});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách",
               "Ban Quản lý dự án đầu tư xây dựng tỉnh Quảng Nam | Sở Xây dựng | Sở Tài chính",
               "Các cơ quan, đơn vị liên quan", "Năm 2027", "Báo cáo đề xuất chủ trương đầu tư."}});
}

TEST(InterleavedTable, CellsEndTogetherOnOneLineAfterTheContinuedText) {
  // A page break cuts every cell: the text goes on on the next page (leading space), and the last
  // lines of the leader, lead and coordinating cells share one line below it ("trách  Sở Nội vụ quan").
  auto got = table_tasks({"I Hợp tác",
                          "1 Mở rộng hợp tác với các đô thị thông minh",
                          "trong khu vực về dữ liệu mở, giao thông,",
                          "PCT UBND",
                          "thành phố phụ",
                          "Sở Tư pháp",
                          "Các cơ quan,",
                          "đơn vị liên",
                          "Năm 2027",
                          "Biên bản hợp tác",
                          " môi trường và an ninh mạng theo các",
                          "thỏa thuận đã ký kết với các đối tác.",
                          "trách  Sở Nội vụ quan"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Tư pháp | Sở Nội vụ", "Các cơ quan, đơn vị liên quan",
               "Năm 2027", "Biên bản hợp tác"}});
  EXPECT_EQ(got[0].text,
            "Mở rộng hợp tác với các đô thị thông minh trong khu vực về dữ liệu mở, giao thông, môi trường và an "
            "ninh mạng theo các thỏa thuận đã ký kết với các đối tác.");
}

TEST(InterleavedTable, LeadWithAParenthesisClosedAfterThePageBreak) {
  // The lead "Sở Nội vụ (Trung tâm Phục vụ hành chính công - một cửa)" is cut inside its parenthesis
  // by a page break; its closing lines come after the text's continuation on the next page.
  auto got = table_tasks({"I Cải cách hành chính",
                          "1 Đánh giá mức độ hài lòng của người dân",
                          "đối với dịch vụ công trực tuyến, đề xuất",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "Sở Nội vụ",
                          "(Trung tâm Phục",
                          "vụ hành chính công",
                          "Các cơ quan,",
                          "đơn vị liên",
                          "quan",
                          "Hằng năm",
                          "Báo cáo đánh giá",
                          " giải pháp nâng cao chất lượng phục vụ.",
                          "- một cửa)",
                          "được ban hành"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách",
               "Sở Nội vụ (Trung tâm Phục vụ hành chính công - một cửa)", "Các cơ quan, đơn vị liên quan",
               "Hằng năm", "Báo cáo đánh giá được ban hành"}});
}

TEST(InterleavedTable, LeadAndCoordinatingListsInOneRun) {
  // The lead list "- Sở Y tế; - Công an thành phố," and the coordinating list "- Sở Tài chính; - Các cơ
  // quan, …" run on without a break; the time starts without a leading space, so the coordinating
  // cell is not empty: the lead ends at the item closed with ','.
  auto got = table_tasks({"I An toàn thực phẩm",
                          "1 Kiểm tra an toàn thực phẩm tại các chợ",
                          "đầu mối và bếp ăn tập thể.",
                          "Chủ tịch UBND",
                          "thành phố",
                          "- Sở Y tế;",
                          "- Công an thành",
                          "phố,",
                          "- Sở Tài chính;",
                          "- Các cơ quan,",
                          "đơn vị liên",
                          "quan.",
                          "Hằng năm",
                          "Báo cáo kiểm tra"});
  check(got, {{"I.1", "", "Chủ tịch UBND thành phố", "Sở Y tế | Công an thành phố",
               "Sở Tài chính | Các cơ quan, đơn vị liên quan", "Hằng năm", "Báo cáo kiểm tra"}});
}

TEST(InterleavedTable, TimeCellWrappedAfterHoanThanh) {
  // "Hoàn thành / trước tháng / 12/2025" is one time cell: "Hoàn thành" waits for its date.
  auto got = table_tasks({"I Quy hoạch", "1 Xây dựng kế hoạch phát triển hạ tầng số", "của thành phố.", "PCT UBND",
                          "thành phố phụ", "trách", "Sở Xây dựng", " Hoàn thành", "trước tháng", "6/2026",
                          "Kế hoạch được", "ban hành"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Xây dựng", "", "Hoàn thành trước tháng 6/2026",
               "Kế hoạch được ban hành"}});
}

TEST(InterleavedTable, AgencyAndWrappedTimeShareALine) {
  // The coordinating agency and the first word of the time cell share a baseline ("Sở Nội vụ Thường").
  auto got = table_tasks({"I Nhân lực", "1 Bồi dưỡng kỹ năng số cho cán bộ, công", "chức cấp xã.", "PCT UBND",
                          "thành phố phụ", "trách", "Các sở, ban,", "ngành", "Sở Nội vụ Thường", "xuyên",
                          "Các lớp bồi dưỡng", "được tổ chức"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Các sở, ban, ngành", "Sở Nội vụ", "Thường xuyên",
               "Các lớp bồi dưỡng được tổ chức"}});
}

TEST(InterleavedTable, LeadThenBulletedCoordinatingListOnOneLine) {
  // "Sở Công Thương - Sở Tài chính": the lead, then the coordinating list starting with "- " on the same
  // baseline; the list goes on in a second bulleted run before the time cell.
  auto got = table_tasks({"I Thương mại điện tử", "1 Hỗ trợ doanh nghiệp tham gia các sàn", "thương mại điện tử.",
                          "PCT UBND", "thành phố phụ", "trách", "Sở Công Thương - Sở Tài chính;", "- Các cơ quan,",
                          "đơn vị liên", "quan.", "Từ năm 2026 Chương trình hỗ trợ", "được ban hành"});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Công Thương",
               "Sở Tài chính | Các cơ quan, đơn vị liên quan", "Từ năm 2026", "Chương trình hỗ trợ được ban hành"}});
}

TEST(InterleavedTable, ParentRowWithoutLeadIsNotATaskItsSubRowsAre) {
  auto got = table_tasks({"I Truyền thông",
                          "1 Đẩy mạnh truyền thông về chuyển đổi xanh",
                          "trong cộng đồng doanh nghiệp và người dân.",
                          "1.1 Xây dựng chuyên mục về tăng trưởng xanh",
                          "trên cổng thông tin điện tử thành phố.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "Sở Khoa học và",
                          "Công nghệ",
                          " Thường",
                          "xuyên",
                          "Chuyên mục được",
                          "duy trì",
                          "1.2 Tổ chức cuộc thi tìm hiểu về kinh tế",
                          "tuần hoàn cho học sinh, sinh viên.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "Sở Giáo dục và",
                          "Đào tạo",
                          "Thành Đoàn",
                          "Năm 2027",
                          "Cuộc thi được",
                          "tổ chức",
                          "2 Xây dựng bộ tài liệu hướng dẫn phân loại",
                          "rác thải tại nguồn cho hộ gia đình.",
                          "PCT UBND",
                          "thành phố phụ",
                          "trách",
                          "Sở Nông nghiệp và",
                          "Môi trường",
                          " Năm 2026",
                          "Bộ tài liệu"});
  check(got,
        {{"I.1.1", "I.1", "PCT UBND thành phố phụ trách", "Sở Khoa học và Công nghệ", "", "Thường xuyên",
          "Chuyên mục được duy trì"},
         {"I.1.2", "I.1", "PCT UBND thành phố phụ trách", "Sở Giáo dục và Đào tạo", "Thành Đoàn", "Năm 2027",
          "Cuộc thi được tổ chức"},
         {"I.2", "", "PCT UBND thành phố phụ trách", "Sở Nông nghiệp và Môi trường", "", "Năm 2026", "Bộ tài liệu"}});
}

TEST(InterleavedTable, AnnualTimeCellFollowedByProduct) {
  auto got = table_tasks({"I Đào tạo", "1 Tổ chức tập huấn kỹ năng số cho cán bộ", "công chức cấp xã.", "Chủ tịch UBND",
                          "thành phố", "Sở Nội vụ", " Hằng năm", "Lớp tập huấn", "được tổ chức"});
  check(got, {{"I.1", "", "Chủ tịch UBND thành phố", "Sở Nội vụ", "", "Hằng năm", "Lớp tập huấn được tổ chức"}});
}

TEST(InterleavedTable, TimeWrappedBeforeItsYear) {
  // "Từ năm" / "2027" and "Năm 2026 và" / "các năm tiếp" / "theo" wrap inside the time cell.
  auto got =
      table_tasks({"I Đào tạo", "1 Tổ chức tập huấn kỹ năng số cho cán bộ", "công chức cấp xã.", "Chủ tịch UBND",
                   "thành phố", "Sở Nội vụ", " Từ năm", "2027", "Lớp tập huấn",
                   "2 Bồi dưỡng kỹ năng khai thác dữ liệu cho", "viên chức các đơn vị sự nghiệp.", "Chủ tịch UBND",
                   "thành phố", "Sở Nội vụ", " Năm 2026 và", "các năm tiếp", "theo", "Khóa bồi dưỡng"});
  check(got,
        {{"I.1", "", "Chủ tịch UBND thành phố", "Sở Nội vụ", "", "Từ năm 2027", "Lớp tập huấn"},
         {"I.2", "", "Chủ tịch UBND thành phố", "Sở Nội vụ", "", "Năm 2026 và các năm tiếp theo", "Khóa bồi dưỡng"}});
}

TEST(InterleavedTable, RowTextContinuesAfterAPageBreak) {
  // Row 1 wraps onto the next page right after its first (full-width) line: the continuation carries a
  // leading space and starts in lower case; it is text, not an empty cell.
  Document d = interleaved_doc({}, 4);
  const std::pair<const char*, int> rows[] = {
      {"I Chuyển đổi số", 4},
      {"1 Xây dựng và triển khai kế hoạch truyền      ", 4},
      {" thông về dịch vụ công trực tuyến toàn", 5},
      {"trình cho người dân ở vùng nông thôn.", 5},
      {"PCT UBND", 5},
      {"thành phố phụ", 5},
      {"trách", 5},
      {"Sở Khoa học và", 5},
      {"Công nghệ", 5},
      {" Năm 2026", 5},
      {"Kế hoạch truyền", 5},
      {"thông", 5},
  };
  for (const auto& [t, p] : rows) {
    d.lines.push_back({t, p});
    d.lines.push_back({"", p});
  }
  auto got = table_tasks(d);
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "Sở Khoa học và Công nghệ", "", "Năm 2026",
               "Kế hoạch truyền thông"}});
  EXPECT_EQ(got[0].text,
            "Xây dựng và triển khai kế hoạch truyền thông về dịch vụ công trực tuyến toàn trình cho người dân ở vùng "
            "nông thôn.");
}

TEST(InterleavedTable, RowTextContinuesAfterItsCellsOnTheNextPage) {
  // The cells of the first page come first; the rest of the text follows on the next page as a long
  // line with a leading space. It belongs to the text, not to the (empty) product cell.
  auto got = table_tasks({"I Chuyển đổi số", "1 Phổ biến kỹ năng số cơ bản cho người cao",
                          "tuổi thông qua các tổ công nghệ số cộng", "đồng", "PCT UBND", "thành phố phụ", "trách",
                          "UBND các xã,", "phường", " Thường", "xuyên", " tại các thôn, tổ dân phố và nhà văn hóa",
                          "trên địa bàn."});
  check(got, {{"I.1", "", "PCT UBND thành phố phụ trách", "UBND các xã, phường", "", "Thường xuyên", ""}});
  EXPECT_EQ(got[0].text,
            "Phổ biến kỹ năng số cơ bản cho người cao tuổi thông qua các tổ công nghệ số cộng đồng tại các thôn, tổ "
            "dân phố và nhà văn hóa trên địa bàn.");
}

TEST(InterleavedTable, RomanGroupsAndWrappedGroupTitle) {
  auto got =
      table_tasks({"I Nâng cao nhận thức về kinh tế tuần hoàn", "1 Tổ chức tập huấn về kinh tế tuần hoàn",
                   "cho doanh nghiệp nhỏ và vừa.", "Chủ tịch UBND", "thành phố", "Sở Công Thương", " Quý III/2026",
                   "Lớp tập huấn", "II Hoàn thiện cơ chế, chính sách tạo động", "lực phát triển bền vững",
                   " 1 Ban hành quy định hỗ trợ doanh nghiệp", "đầu tư công nghệ xử lý chất thải.", "PCT UBND",
                   "thành phố phụ", "trách", "Sở Tài chính", " Năm 2027", "Nghị quyết của", "HĐND thành phố"});
  check(got, {{"I.1", "", "Chủ tịch UBND thành phố", "Sở Công Thương", "", "Quý III/2026", "Lớp tập huấn"},
              {"II.1", "", "PCT UBND thành phố phụ trách", "Sở Tài chính", "", "Năm 2027",
               "Nghị quyết của HĐND thành phố"}});
  EXPECT_EQ(got[0].group, "Nâng cao nhận thức về kinh tế tuần hoàn");
  EXPECT_EQ(got[1].group, "Hoàn thiện cơ chế, chính sách tạo động lực phát triển bền vững");
}

TEST(InterleavedTable, NoLeadColumnNoTable) {
  Document d;
  for (const char* l : {"TT Nội dung nhiệm vụ", "Thời gian", "1 Tổ chức hội nghị tổng kết", "Năm 2026"})
    d.lines.push_back({l, 0});
  auto lines = clean_lines(d);
  EXPECT_FALSE(parse_interleaved_table(lines, 0, lines.size()).found);
}

// ---------------------------------------------------------------------------------------------
// Indicator table by phase ("Phụ lục I … chỉ tiêu … theo phân kỳ").

constexpr const char* kIndicatorHeader[] = {"STT",
                                            "CHỈ TIÊU CHI TIẾT KÈM THEO KẾ",
                                            "HOẠCH HÀNH ĐỘNG",
                                            "CƠ QUAN CHỦ TRÌ THỰC HIỆN VÀ",
                                            "BÁO CÁO",
                                            "CƠ QUAN PHỐI HỢP"};

std::vector<Indicator> indicators_of(std::initializer_list<const char*> body) {
  Document d;
  d.lines.push_back({"Phụ lục I", 0});
  d.lines.push_back({"CHỈ TIÊU CỤ THỂ THEO PHÂN KỲ ĐẾN NĂM 2030", 0});
  d.lines.push_back({"", 0});
  for (const char* h : kIndicatorHeader) {
    d.lines.push_back({h, 0});
    d.lines.push_back({"", 0});
  }
  for (const char* l : body) {
    d.lines.push_back({l, 0});
    d.lines.push_back({"", 0});
  }
  auto lines = clean_lines(d);
  std::vector<ImportWarning> warnings;
  return parse_indicator_table(lines, 0, lines.size(), warnings);
}

struct WantInd {
  const char* phase;
  const char* ref;
  const char* text;
  TargetOp op;
  double value;  // ignored for TargetOp::none
  const char* unit;
  const char* lead;
  const char* coordinating;
};

std::string dump(const std::vector<Indicator>& v) {
  std::string s;
  for (const auto& i : v) {
    s += "\n  " + i.phase + "/" + i.ref + " text=" + i.text + " lead=[" + names(i.lead) + "] coord=[" +
         names(i.coordinating) + "]";
    if (!i.targets.empty())
      s += std::string(" op=") + to_string(i.targets[0].op) +
           " value=" + (i.targets[0].value ? std::to_string(*i.targets[0].value) : "-") + " unit=" + i.targets[0].unit;
  }
  return s;
}

TEST(InterleavedIndicatorTable, PhaseBlocksRowsAndCells) {
  auto got = indicators_of({
      "I ĐẾN HẾT NĂM 2025   ",
      "1 Phát triển hạ tầng số   ",
      "1.1 Tỷ lệ hộ gia đình có cáp quang ≥ 90% Sở Khoa học và Công nghệ  ",
      "1.2 Có ≥ 40% trường học được kết nối mạng",
      "băng rộng cố định tốc độ cao",
      "Sở Giáo dục và Đào tạo  ",
      "2 Phát triển nguồn nhân lực   ",
      "2.1 Có ≥ 70% học sinh trung học được học kỹ",
      "năng số cơ bản",
      "Sở Giáo dục và Đào tạo  Sở Khoa học và Công nghệ",
      "II ĐẾN HẾT NĂM 2030   ",
      "1 Phát triển hạ tầng số   ",
      "1.1 Tỷ lệ hộ gia đình có cáp quang 100% Sở Khoa học và Công nghệ  ",
      "1.2 Có Trung tâm dữ liệu dùng chung của thành",
      "phố đạt chuẩn quốc gia",
      "Sở Khoa học và Công nghệ  ",
      "2 Phát triển kinh tế số   ",
      "2.1 Có ≥ 200 doanh nghiệp công nghệ số đang",
      "hoạt động trên địa bàn",
      "Sở Khoa học và Công nghệ  ",
      "2.3 Có ≥ 30% doanh nghiệp nhỏ và vừa sử dụng",
      "nền tảng số trong quản trị",
      "Sở Công Thương  ",
      "2.3 Kinh tế số đạt 25% GRDP",
      "Sở Tài chính  Sở Công Thương",
  });
  const WantInd want[] = {
      {"2025", "1.1", "Tỷ lệ hộ gia đình có cáp quang ≥ 90%", TargetOp::ge, 90, "%", "Sở Khoa học và Công nghệ", ""},
      {"2025", "1.2", "Có ≥ 40% trường học được kết nối mạng băng rộng cố định tốc độ cao", TargetOp::ge, 40, "%",
       "Sở Giáo dục và Đào tạo", ""},
      {"2025", "2.1", "Có ≥ 70% học sinh trung học được học kỹ năng số cơ bản", TargetOp::ge, 70, "%",
       "Sở Giáo dục và Đào tạo", "Sở Khoa học và Công nghệ"},
      {"2030", "1.1", "Tỷ lệ hộ gia đình có cáp quang 100%", TargetOp::eq, 100, "%", "Sở Khoa học và Công nghệ", ""},
      {"2030", "1.2", "Có Trung tâm dữ liệu dùng chung của thành phố đạt chuẩn quốc gia", TargetOp::none, 0, "",
       "Sở Khoa học và Công nghệ", ""},
      {"2030", "2.1", "Có ≥ 200 doanh nghiệp công nghệ số đang hoạt động trên địa bàn", TargetOp::ge, 200,
       "doanh nghiệp", "Sở Khoa học và Công nghệ", ""},
      // 2.2 is not printed and 2.3 is printed twice, for two different indicators.
      {"2030", "2.3", "Có ≥ 30% doanh nghiệp nhỏ và vừa sử dụng nền tảng số trong quản trị", TargetOp::ge, 30, "%",
       "Sở Công Thương", ""},
      {"2030", "2.3", "Kinh tế số đạt 25% GRDP", TargetOp::eq, 25, "% GRDP", "Sở Tài chính", "Sở Công Thương"},
  };
  SCOPED_TRACE(dump(got));
  ASSERT_EQ(got.size(), std::size(want));
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto& w = want[i];
    const auto& g = got[i];
    SCOPED_TRACE(std::string(w.phase) + "/" + w.ref);
    EXPECT_EQ(g.phase, w.phase);
    EXPECT_EQ(g.ref, w.ref);
    EXPECT_EQ(g.text, w.text);
    ASSERT_FALSE(g.targets.empty());
    EXPECT_EQ(g.targets[0].op, w.op);
    if (w.op != TargetOp::none) {
      ASSERT_TRUE(g.targets[0].value.has_value());
      EXPECT_DOUBLE_EQ(*g.targets[0].value, w.value);
    }
    EXPECT_EQ(g.targets[0].unit, w.unit);
    EXPECT_EQ(names(g.lead), w.lead);
    EXPECT_EQ(names(g.coordinating), w.coordinating);
  }
}

TEST(InterleavedIndicatorTable, RepeatedHeaderInsideABlockAndLeadMissing) {
  // A page break repeats the table header between two rows; a row without any agency cell keeps an
  // empty lead and is reported in the warnings.
  Document d;
  d.lines.push_back({"Phụ lục I", 0});
  d.lines.push_back({"CHỈ TIÊU CỤ THỂ THEO PHÂN KỲ", 0});
  for (const char* h : kIndicatorHeader) d.lines.push_back({h, 0});
  for (const char* l : {"I ĐẾN HẾT NĂM 2026", "1 Phát triển dịch vụ công", "1.1 Có ≥ 95% hồ sơ thủ tục hành chính được",
                        "xử lý trực tuyến", "Văn phòng UBND thành phố"})
    d.lines.push_back({l, 0});
  for (const char* h : kIndicatorHeader) d.lines.push_back({h, 0});
  for (const char* l :
       {"1.2 Mỗi năm có ≥ 10 sự kiện kết nối doanh nghiệp", "được tổ chức trên nền tảng số của thành phố"})
    d.lines.push_back({l, 0});
  auto lines = clean_lines(d);
  std::vector<ImportWarning> warnings;
  auto got = parse_indicator_table(lines, 0, lines.size(), warnings);
  SCOPED_TRACE(dump(got));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].phase, "2026");
  EXPECT_EQ(got[0].ref, "1.1");
  EXPECT_EQ(got[0].text, "Có ≥ 95% hồ sơ thủ tục hành chính được xử lý trực tuyến");
  EXPECT_EQ(names(got[0].lead), "Văn phòng UBND thành phố");
  EXPECT_EQ(got[1].ref, "1.2");
  EXPECT_EQ(got[1].text, "Mỗi năm có ≥ 10 sự kiện kết nối doanh nghiệp được tổ chức trên nền tảng số của thành phố");
  ASSERT_FALSE(got[1].targets.empty());
  EXPECT_EQ(got[1].targets[0].op, TargetOp::ge);
  EXPECT_EQ(got[1].targets[0].unit, "sự kiện/năm");
  EXPECT_TRUE(got[1].lead.empty());
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find("1.2"), std::string::npos);
}

TEST(InterleavedIndicatorTable, NotAnIndicatorTableWithoutChiTieu) {
  Document d;
  for (const char* l : {"Phụ lục III", "DANH MỤC DỰ ÁN", "I ĐẾN HẾT NĂM 2025", "1.1 Dự án A Sở Tài chính"})
    d.lines.push_back({l, 0});
  auto lines = clean_lines(d);
  std::vector<ImportWarning> warnings;
  EXPECT_TRUE(parse_indicator_table(lines, 0, lines.size(), warnings).empty());
}

}  // namespace
}  // namespace planwatch::extract

namespace planwatch::extract {
namespace {

// A PDF table with no leader column and no group rows: the lead cell follows the task text.
TEST(InterleavedTable, NoLeaderColumnNoGroups) {
  Document d;
  for (const char* l : {"Phụ lục", "DANH MỤC NHIỆM VỤ", "TT Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                        "Thời gian", "1 Xây dựng cơ sở dữ liệu dùng chung của tỉnh về", "nông nghiệp, đất đai và môi trường",
                        "phục vụ chỉ đạo điều hành của tỉnh", "Sở Nông nghiệp và", "Môi trường", "Sở Tài chính",
                        "Năm 2027", "2 Phát triển ứng dụng nhắc lịch tiêm chủng cho", "người dân trên địa bàn toàn tỉnh",
                        "Sở Y tế", " Thường", "xuyên"}) {
    d.lines.push_back({l, 0});
    d.lines.push_back({"", 0});
  }
  auto lines = clean_lines(d);
  auto res = parse_interleaved_table(lines, 0, lines.size());
  ASSERT_TRUE(res.found);
  ASSERT_EQ(res.tasks.size(), 2u);
  EXPECT_EQ(res.tasks[0].ref, "1");
  EXPECT_EQ(res.tasks[0].text, "Xây dựng cơ sở dữ liệu dùng chung của tỉnh về nông nghiệp, đất đai và môi trường phục vụ chỉ đạo điều hành của tỉnh");
  ASSERT_EQ(res.tasks[0].lead.size(), 1u);
  EXPECT_EQ(res.tasks[0].lead[0].name, "Sở Nông nghiệp và Môi trường");
  ASSERT_EQ(res.tasks[0].coordinating.size(), 1u);
  EXPECT_EQ(res.tasks[0].coordinating[0].name, "Sở Tài chính");
  ASSERT_TRUE(res.tasks[0].timeframe);
  EXPECT_EQ(res.tasks[0].timeframe->raw, "Năm 2027");
  EXPECT_EQ(res.tasks[1].ref, "2");
  ASSERT_EQ(res.tasks[1].lead.size(), 1u);
  EXPECT_EQ(res.tasks[1].lead[0].name, "Sở Y tế");
  EXPECT_TRUE(res.tasks[1].coordinating.empty());
  ASSERT_TRUE(res.tasks[1].timeframe);
  EXPECT_EQ(res.tasks[1].timeframe->raw, "Thường xuyên");
}

}  // namespace
}  // namespace planwatch::extract
