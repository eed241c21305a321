// DOCX reader: tables (gridSpan, vMerge, multi-paragraph cells), numbering, guards.
#include <gtest/gtest.h>
#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "planwatch/ingest/reader.hpp"

namespace ingest = planwatch::ingest;
using planwatch::SourceFormat;

namespace {

// Builds a zip archive in memory with libzip.
std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &ze);
  EXPECT_NE(src, nullptr);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  EXPECT_NE(za, nullptr);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    const zip_int64_t idx = zip_file_add(za, name.c_str(), s, ZIP_FL_ENC_UTF_8);
    EXPECT_GE(idx, 0);
    zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 9);
  }
  EXPECT_EQ(zip_close(za), 0);
  std::string out;
  EXPECT_EQ(zip_source_open(src), 0);
  char buf[4096];
  zip_int64_t n;
  while ((n = zip_source_read(src, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&ze);
  return out;
}

const char* kNs = R"(xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")";

std::string document(const std::string& body) {
  return std::string(R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document )") + kNs + "><w:body>" +
         body + "</w:body></w:document>";
}
std::string p(const std::string& text) { return "<w:p><w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>"; }
std::string tc(const std::string& inner, const std::string& pr = "") {
  return "<w:tc>" + (pr.empty() ? "" : "<w:tcPr>" + pr + "</w:tcPr>") + inner + "</w:tc>";
}

const std::string kNumbering = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><w:numbering )") + kNs + R"X(>
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>)X";

std::string numbered(const std::string& text, int num_id, int ilvl) {
  return "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" + std::to_string(ilvl) + "\"/><w:numId w:val=\"" +
         std::to_string(num_id) + "\"/></w:numPr></w:pPr><w:r><w:t>" + text + "</w:t></w:r></w:p>";
}

std::string fixture(const char* rel) {
  auto path = std::filesystem::path(PLANWATCH_SOURCE_DIR) / "tests/golden/layouts" / rel;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST(IngestDocx, ParagraphsTablesMergedCells) {
  const std::string table =
      "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr>" + tc(p("STT")) + tc(p("Nhiệm vụ")) + tc(p("Đơn vị chủ trì")) + tc(p("Thời gian")) + "</w:tr>"
      // gridSpan: one cell spanning three grid columns keeps the row four cells wide.
      "<w:tr>" + tc(p("I")) + tc(p("Nhóm nhiệm vụ về dữ liệu"), "<w:gridSpan w:val=\"3\"/>") + "</w:tr>"
      // vMerge restart, then continuation (empty cell); a multi-paragraph cell with bullets.
      "<w:tr>" + tc(p("1")) + tc(p("Xây dựng kho dữ liệu")) + tc(p("Sở Khoa học và Công nghệ"), "<w:vMerge w:val=\"restart\"/>") +
      tc(p("2026")) + "</w:tr>"
      "<w:tr>" + tc(p("2")) + tc(p("Nâng cấp Cổng dịch vụ công:") + p("- Tích hợp thanh toán;") + p("") + numbered("Kết nối dữ liệu dân cư.", 2, 0)) +
      tc(p("Sở Khoa học và Công nghệ"), "<w:vMerge/>") + tc(p("Quý II/2026")) + "</w:tr>"
      "</w:tbl>";
  const std::string body = p("KẾ HOẠCH") +
                           "<w:p><w:r><w:t>I. MỤC</w:t></w:r><w:r><w:t xml:space=\"preserve\"> TIÊU</w:t></w:r></w:p>" +
                           "<w:p><w:r><w:t>Tên</w:t><w:tab/><w:t>Giá trị</w:t><w:br/><w:t>dòng sau</w:t></w:r></w:p>" +
                           numbered("Mục tiêu một", 1, 0) + numbered("chi tiết", 1, 1) + numbered("chi tiết hai", 1, 1) +
                           numbered("Mục tiêu hai", 1, 0) + table;
  auto bytes = make_zip({{"[Content_Types].xml", "<Types/>"},
                         {"word/document.xml", document(body)},
                         {"word/numbering.xml", kNumbering}});
  auto r = ingest::read_bytes("plan.txt", bytes);  // the extension is wrong on purpose: content decides
  ASSERT_TRUE(r) << r.error().message << " / " << r.error().detail;
  EXPECT_EQ(r->format, SourceFormat::docx);
  std::vector<std::string> lines;
  for (const auto& l : r->lines) lines.push_back(l.text);
  const std::vector<std::string> expected = {
      "KẾ HOẠCH",
      "I. MỤC TIÊU",
      "Tên\tGiá trị",
      "dòng sau",
      "1. Mục tiêu một",
      "a) chi tiết",
      "b) chi tiết hai",
      "2. Mục tiêu hai",
      "STT\tNhiệm vụ\tĐơn vị chủ trì\tThời gian",
      "I\tNhóm nhiệm vụ về dữ liệu\t\t",
      "1\tXây dựng kho dữ liệu\tSở Khoa học và Công nghệ\t2026",
      "2\tNâng cấp Cổng dịch vụ công: - Tích hợp thanh toán; - Kết nối dữ liệu dân cư.\t\tQuý II/2026",
  };
  EXPECT_EQ(lines, expected);
  for (const auto& l : r->lines) EXPECT_EQ(l.page, 0);  // no page markers: unknown
}

TEST(IngestDocx, PageBreaksNumberPages) {
  const std::string body = p("Trang một") +
                           "<w:p><w:r><w:br w:type=\"page\"/></w:r><w:r><w:lastRenderedPageBreak/><w:t>Trang hai</w:t></w:r></w:p>" +
                           "<w:p><w:r><w:lastRenderedPageBreak/><w:t>Trang ba</w:t></w:r></w:p>";
  auto r = ingest::read_docx("a.docx", make_zip({{"word/document.xml", document(body)}}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->lines.size(), 4u);  // the page break splits its paragraph
  EXPECT_EQ(r->lines[0].page, 1);
  EXPECT_EQ(r->lines.back().text, "Trang ba");
  EXPECT_EQ(r->lines.back().page, 3);
  EXPECT_EQ(r->lines[2].text, "Trang hai");
  EXPECT_EQ(r->lines[2].page, 2);
}

TEST(IngestDocx, LegacyFontRunsAreConverted) {
  // "Kế hoạch" typed in .VnTime (TCVN3) and "MỤC TIÊU" in .VnTimeH (capitals font).
  const std::string body =
      "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTime\" w:hAnsi=\".VnTime\"/></w:rPr><w:t>K\xC3\x95 ho\xC2\xB9" "ch</w:t></w:r></w:p>"
      "<w:p><w:r><w:rPr><w:rFonts w:ascii=\".VnTimeH\" w:hAnsi=\".VnTimeH\"/></w:rPr><w:t>m\xC3\xB4" "c ti\xC2\xAA" "u</w:t></w:r></w:p>";
  auto r = ingest::read_docx("a.docx", make_zip({{"word/document.xml", document(body)}}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->lines.size(), 2u);
  EXPECT_EQ(r->lines[0].text, "Kế hoạch");
  EXPECT_EQ(r->lines[1].text, "MỤC TIÊU");
  EXPECT_FALSE(r->notices.empty());
}

TEST(IngestDocx, MissingDocumentXmlIsNotDocx) {
  auto r = ingest::read_docx("a.docx", make_zip({{"word/other.xml", "<x/>"}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "not_docx");
  EXPECT_NE(r.error().message.find("không phải tệp DOCX"), std::string::npos);
  EXPECT_NE(r.error().message.find("a.docx"), std::string::npos);
}

TEST(IngestDocx, ZipBombOverLimitIsRefused) {
  ingest::Limits lim;
  lim.max_unpacked_bytes = 1u << 20;
  // A highly compressible part (3 MiB of spaces, a few KiB compressed) over a 1 MiB limit.
  const std::string big = document(p("x") + std::string(3u << 20, ' '));
  auto r = ingest::read_docx("bomb.docx", make_zip({{"word/document.xml", big}}), lim);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "zip_bomb");
  // Also when the big entry is not the one we read.
  auto r2 = ingest::read_docx("bomb.docx", make_zip({{"word/document.xml", document(p("x"))}, {"word/media/a.bin", big}}), lim);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, "zip_bomb");
}

TEST(IngestDocx, AbsurdCompressionRatioIsRefused) {
  // 8 MiB of zeros deflate ~1000:1; allowed by size under the default limits, not by ratio.
  auto r = ingest::read_docx("bomb.docx",
                             make_zip({{"word/document.xml", document(p("x"))}, {"word/media/z.bin", std::string(8u << 20, '\0')}}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "zip_bomb");
}

TEST(IngestDocx, TruncatedAndCorruptAreErrorsNotCrashes) {
  const std::string good = fixture("docx_table/input.docx");
  ASSERT_GT(good.size(), 1000u);
  for (std::size_t cut : {good.size() / 2, good.size() - 10, std::size_t{30}}) {
    auto r = ingest::read_bytes("cut.docx", good.substr(0, cut));
    EXPECT_FALSE(r) << "cut at " << cut;
  }
  std::string flipped = good;
  for (std::size_t i = 200; i < flipped.size(); i += 97) flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
  auto r = ingest::read_bytes("bad.docx", flipped);
  if (!r) {
    EXPECT_FALSE(r.error().message.empty());
  }
  // Broken XML inside a valid zip.
  auto x = ingest::read_docx("x.docx", make_zip({{"word/document.xml", "<w:document><w:body><w:p>"}}));
  ASSERT_FALSE(x);
  EXPECT_EQ(x.error().code, "bad_docx");
}

TEST(IngestDocx, DeepNestingIsBounded) {
  std::string body;
  for (int i = 0; i < 5000; ++i) body += "<w:sdt><w:sdtContent>";
  body += p("sâu");
  for (int i = 0; i < 5000; ++i) body += "</w:sdtContent></w:sdt>";
  auto r = ingest::read_docx("deep.docx", make_zip({{"word/document.xml", document(body)}}));
  ASSERT_TRUE(r);  // content beyond the depth limit is dropped with a notice
  EXPECT_FALSE(r->notices.empty());
}

TEST(IngestDocx, FixtureTable) {
  auto r = ingest::read_bytes("input.docx", fixture("docx_table/input.docx"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->format, SourceFormat::docx);
  std::vector<std::string> rows;
  for (const auto& l : r->lines)
    if (l.text.find('\t') != std::string::npos) rows.push_back(l.text);
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0], "STT\tNhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện");
  EXPECT_EQ(rows[1], "I\tNhóm nhiệm vụ về hạ tầng và dữ liệu số\t\t\t");
  EXPECT_EQ(rows[3],
            "2\tNâng cấp Cổng dịch vụ công trực tuyến của thành phố: - Tích hợp thanh toán trực tuyến; - Kết nối Cơ sở dữ "
            "liệu quốc gia về dân cư.\tVăn phòng UBND thành phố\t\tNăm 2026");
  bool objective = false;
  for (const auto& l : r->lines) objective = objective || l.text.find("tối thiểu 80%") != std::string::npos;
  EXPECT_TRUE(objective);
}
