// Text reader: encodings, BOMs, refusals, content sniffing.
#include <gtest/gtest.h>

#include <string>

#include "planwatch/ingest/reader.hpp"
#include "planwatch/text/unicode.hpp"

using planwatch::SourceFormat;
namespace ingest = planwatch::ingest;

namespace {

const std::string kSentence = "Kế hoạch của thành phố và các nhiệm vụ được giao";

// UTF-8 → UTF-16 (BMP only, enough for Vietnamese).
std::string utf16(std::string_view utf8, bool little_endian, bool bom) {
  std::u32string cps;
  for (std::size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    char32_t cp = 0;
    int n = 0;
    if (c < 0x80) { cp = c; n = 1; }
    else if ((c >> 5) == 6) { cp = c & 0x1F; n = 2; }
    else { cp = c & 0x0F; n = 3; }
    for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3F);
    cps.push_back(cp);
    i += static_cast<std::size_t>(n);
  }
  std::string out;
  auto put = [&](char32_t u) {
    const char hi = static_cast<char>((u >> 8) & 0xFF), lo = static_cast<char>(u & 0xFF);
    if (little_endian) { out.push_back(lo); out.push_back(hi); }
    else { out.push_back(hi); out.push_back(lo); }
  };
  if (bom) put(0xFEFF);
  for (char32_t u : cps) put(u);
  return out;
}

// The sentence above in Windows-1258: base letters with â/ê/ô/ơ/ư/ă/đ precomposed, tone marks as
// combining bytes after the vowel (0xEC acute, 0xCC grave, 0xD2 hook, 0xDE tilde, 0xF2 dot).
const std::string kCp1258 =
    "K\xEA\xEC ho\x61\xF2"
    "ch cu\xD2"
    "a tha\xCCnh ph\xF4\xEC va\xCC ca\xEC"
    "c nhi\xEA\xF2m vu\xF2 \xF0\xFD\xF5\xF2"
    "c giao";
// TCVN3 (ABC): one byte per lower-case letter with diacritics.
const std::string kTcvn3 = "K\xD5 ho\xB9" "ch c\xF1" "a th\xB5nh ph\xE8 v\xB5 c\xB8" "c nhi\xD6m v\xF4 \xAE\xAD\xEE" "c giao";
// VNI-Windows: base letter followed by a diacritic byte.
const std::string kVni = "Ke\xE1 hoa\xEF" "ch cu\xFB" "a tha\xF8nh pho\xE1 va\xF8 ca\xF9" "c nhie\xE4m vu\xEF \xF1\xF6\xF4\xEF" "c giao";

std::string repeat_lines(const std::string& line, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) (s += line) += "\r\n";
  return s;
}

}  // namespace

TEST(IngestText, Utf8WithAndWithoutBom) {
  for (std::string prefix : {std::string(), std::string("\xEF\xBB\xBF")}) {
    auto r = ingest::read_text("a.txt", prefix + kSentence + "\r\nDòng hai\n");
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->lines.size(), 2u);
    EXPECT_EQ(r->lines[0].text, kSentence);
    EXPECT_EQ(r->lines[1].text, "Dòng hai");
    EXPECT_EQ(r->format, SourceFormat::text);
    EXPECT_TRUE(r->notices.empty());
  }
}

TEST(IngestText, OutputIsNfc) {
  // "Kế" written decomposed (e + U+0302 + U+0301).
  auto r = ingest::read_text("a.txt", "K\x65\xCC\x82\xCC\x81 ho\xE1\xBA\xA1""ch");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->lines[0].text, "Kế hoạch");
}

TEST(IngestText, Utf16WithBom) {
  for (bool le : {true, false}) {
    auto r = ingest::read_bytes("u16.txt", utf16(kSentence + "\nII. MỤC TIÊU\n", le, true));
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->lines.size(), 2u);
    EXPECT_EQ(r->lines[0].text, kSentence);
    EXPECT_EQ(r->lines[1].text, "II. MỤC TIÊU");
    ASSERT_FALSE(r->notices.empty());
    EXPECT_NE(r->notices[0].find(le ? "UTF-16LE" : "UTF-16BE"), std::string::npos);
  }
}

TEST(IngestText, Utf16WithoutBom) {
  auto r = ingest::read_bytes("u16.txt", utf16(repeat_lines(kSentence, 3), true, false));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->lines[0].text, kSentence);
  EXPECT_NE(r->notices.at(0).find("không có BOM"), std::string::npos);
}

TEST(IngestText, Windows1258IsDetectedAndComposed) {
  auto r = ingest::read_bytes("cp1258.txt", repeat_lines(kCp1258, 2));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->lines[0].text, kSentence);  // NFC: tone marks composed
  ASSERT_EQ(r->notices.size(), 1u);
  EXPECT_NE(r->notices[0].find("Windows-1258"), std::string::npos);
}

TEST(IngestText, Tcvn3IsDetected) {
  auto r = ingest::read_bytes("abc.txt", repeat_lines(kTcvn3, 2));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->lines[0].text, kSentence);
  EXPECT_NE(r->notices.at(0).find("TCVN3"), std::string::npos);
}

TEST(IngestText, Tcvn3CapitalLinesAreRestored) {
  // "MỤC TIÊU" typed with an upper-case TCVN3 font is stored with lower-case codes.
  auto r = ingest::read_bytes("abc.txt", "II. M\xF4" "C TI\xAA" "U\n" + repeat_lines(kTcvn3, 2));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->lines[0].text, "II. MỤC TIÊU");
}

TEST(IngestText, VniIsDetected) {
  auto r = ingest::read_bytes("vni.txt", repeat_lines(kVni, 2));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->lines[0].text, kSentence);
  EXPECT_NE(r->notices.at(0).find("VNI"), std::string::npos);
}

TEST(IngestText, LegacyFontTextSavedAsUtf8IsRepaired) {
  // A .VnTime document copied into a UTF-8 file: each TCVN3 byte became its Latin-1 character.
  std::string latin1_as_utf8;
  for (char ch : repeat_lines(kTcvn3, 2)) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      latin1_as_utf8.push_back(ch);
    } else {
      latin1_as_utf8.push_back(static_cast<char>(0xC0 | (c >> 6)));
      latin1_as_utf8.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  auto r = ingest::read_bytes("font.txt", latin1_as_utf8);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->lines[0].text, kSentence);
  EXPECT_NE(r->notices.at(0).find("TCVN3"), std::string::npos);
}

TEST(IngestText, UnknownEightBitEncodingIsRefusedNotGarbled) {
  // Latin-1 French: not UTF-8, and no Vietnamese decoding of it makes sense.
  auto r = ingest::read_bytes("fr.txt", "Le pr\xE9sident a d\xE9" "cid\xE9 que l'\xE9t\xE9 serait tr\xE8s chaud \xE0 No\xEBl.\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "bad_encoding");
  EXPECT_NE(r.error().message.find("fr.txt"), std::string::npos);
  EXPECT_NE(r.error().message.find("bảng mã"), std::string::npos);
}

TEST(IngestText, BinaryWithNulIsRefused) {
  std::string bin;
  for (int i = 0; i < 512; ++i) bin.push_back(static_cast<char>((i * 37) % 256));
  auto r = ingest::read_bytes("data.txt", bin);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "binary");
  EXPECT_NE(r.error().message.find("data.txt"), std::string::npos);
}

TEST(IngestText, InvalidUtf8AfterBomIsRefused) {
  auto r = ingest::read_text("bom.txt", "\xEF\xBB\xBFKh\xF4ng");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "bad_encoding");
}

TEST(IngestText, FormFeedsNumberPages) {
  auto r = ingest::read_text("p.txt", "Trang một\n\fTrang hai\nvẫn trang hai\n\fTrang ba\n");
  ASSERT_TRUE(r);
  ASSERT_GE(r->lines.size(), 4u);
  EXPECT_EQ(r->lines[0].page, 1);
  EXPECT_EQ(r->lines.back().text, "Trang ba");
  EXPECT_EQ(r->lines.back().page, 3);
}

TEST(IngestSniff, ContentNotExtension) {
  EXPECT_EQ(ingest::sniff("%PDF-1.7\n..."), ingest::Kind::pdf);
  EXPECT_EQ(ingest::sniff(std::string("\x89PNG\r\n\x1A\n", 8) + "xxxx"), ingest::Kind::image);
  EXPECT_EQ(ingest::sniff("\xFF\xD8\xFF\xE0"), ingest::Kind::image);
  EXPECT_EQ(ingest::sniff(std::string("PK\x03\x04", 4) + "....word/document.xml"), ingest::Kind::docx);
  EXPECT_EQ(ingest::sniff(std::string("PK\x03\x04", 4) + "....other.txt"), ingest::Kind::unknown);
  EXPECT_EQ(ingest::sniff("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), ingest::Kind::unknown);
  EXPECT_EQ(ingest::sniff("Kế hoạch"), ingest::Kind::text);
}

TEST(IngestSniff, BinaryNamedPdfIsRefusedAsInvalidPdf) {
  std::string bin;
  for (int i = 0; i < 256; ++i) bin.push_back(static_cast<char>(255 - i));
  auto r = ingest::read_bytes("ke-hoach.pdf", bin);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("không phải tệp PDF hợp lệ"), std::string::npos);
  EXPECT_NE(r.error().message.find("ke-hoach.pdf"), std::string::npos);
}

TEST(IngestSniff, ZipWithoutDocumentXmlIsNotDocx) {
  auto r = ingest::read_bytes("a.docx", std::string("PK\x03\x04", 4) + std::string(40, '\0') + "a.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "not_docx");
  EXPECT_NE(r.error().message.find("không phải tệp DOCX"), std::string::npos);
}

TEST(IngestSniff, TooLargeIsRefused) {
  ingest::Limits lim;
  lim.max_file_bytes = 10;
  auto r = ingest::read_bytes("a.txt", "0123456789abc", lim);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "too_large");
}

TEST(IngestFile, MissingFileIsAnError) {
  auto r = ingest::read_file("/nonexistent/ke-hoach.txt");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "unreadable");
  EXPECT_NE(r.error().message.find("ke-hoach.txt"), std::string::npos);
}
