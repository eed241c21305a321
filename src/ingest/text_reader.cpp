// Plain-text reader: finds the encoding (BOMs, UTF-16 without BOM, UTF-8, legacy Vietnamese
// 8-bit encodings) and splits the text into lines. Never guesses silently: a conversion is
// recorded in Document::notices, and text that no candidate decodes plausibly is refused.
#include <algorithm>
#include <array>

#include "internal.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::ingest {
namespace detail {

Unexpected<Error> refuse(std::string_view code, std::string_view name, std::string_view vn_reason,
                         std::string_view en_detail) {
  std::string msg = "Không đọc được tệp \"" + std::string(name) + "\": " + std::string(vn_reason);
  std::string det = std::string(name) + ": " + std::string(en_detail);
  return fail(std::string(code), std::move(msg), std::move(det));
}

namespace {
// Removes C0 controls other than TAB from one line (they are invisible and break matching).
std::string clean_line(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (char ch : line) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t') continue;
    if (c == 0x7F) continue;
    out.push_back(ch);
  }
  return out;
}
}  // namespace

void append_text_lines(Document& doc, std::string_view s, int page, bool pages_from_ff) {
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = start;
    while (end < s.size() && s[end] != '\n' && s[end] != '\r' && !(pages_from_ff && s[end] == '\f')) ++end;
    const bool last = end >= s.size();
    std::string_view line = s.substr(start, end - start);
    if (!(last && line.empty())) doc.lines.push_back(Line{text::nfc(clean_line(line)), page});
    if (last) break;
    if (s[end] == '\f') {
      ++page;
    } else if (s[end] == '\r' && end + 1 < s.size() && s[end + 1] == '\n') {
      ++end;
    }
    start = end + 1;
  }
}

}  // namespace detail

namespace {
using detail::refuse;

// UTF-16 without BOM: spaces, digits and Latin letters (high byte 0) dominate any real document,
// even a Vietnamese one, so a strong one-sided NUL pattern is a reliable signal.
std::optional<const char*> utf16_without_bom(std::string_view b) {
  const std::size_t n = std::min<std::size_t>(b.size(), 8192) & ~std::size_t{1};
  if (n < 4) return std::nullopt;
  std::size_t even = 0, odd = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    if (b[i] == '\0') ++even;
    if (b[i + 1] == '\0') ++odd;
  }
  const double pairs = static_cast<double>(n / 2);
  if (static_cast<double>(odd) > 0.3 * pairs && static_cast<double>(even) < 0.02 * pairs) return "UTF-16LE";
  if (static_cast<double>(even) > 0.3 * pairs && static_cast<double>(odd) < 0.02 * pairs) return "UTF-16BE";
  return std::nullopt;
}

bool looks_binary(std::string_view utf8) {
  std::size_t controls = 0;
  for (char ch : utf8) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1A) || c == 0)
      ++controls;
  }
  return controls > 8 && controls * 50 > utf8.size();  // > 2 % control bytes
}

Expected<std::string> decode_unicode(std::string_view name, const char* charset, std::string_view body,
                                     std::vector<std::string>& notices, bool had_bom) {
  std::size_t bad = 0;
  auto s = detail::icu_decode(charset, body, bad);
  if (!s) return refuse("bad_encoding", name, std::string("không chuyển được mã ") + charset, std::string("no ICU converter for ") + charset);
  // A few broken code units happen (truncated file); many mean this is not that encoding.
  if (bad > 16 && bad * 100 > body.size())
    return refuse("bad_encoding", name, std::string("nội dung không phải văn bản ") + charset + " hợp lệ",
                  std::to_string(bad) + " invalid sequences for " + charset);
  notices.push_back(std::string("Đã chuyển mã từ ") + charset + (had_bom ? " (có BOM)" : " (không có BOM)") +
                    " sang UTF-8" + (bad > 0 ? ", " + std::to_string(bad) + " ký tự hỏng được thay bằng �" : ""));
  return std::move(*s);
}

}  // namespace

Expected<Document> read_text(std::string_view name, std::string_view bytes, const Limits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return refuse("too_large", name, "tệp quá lớn", std::to_string(bytes.size()) + " bytes > limit");
  Document doc;
  doc.name = std::string(name);
  doc.format = SourceFormat::text;

  std::string utf8;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (!text::valid_utf8(bytes))
      return refuse("bad_encoding", name, "tệp đánh dấu UTF-8 (BOM) nhưng nội dung không phải UTF-8 hợp lệ",
                    "UTF-8 BOM followed by invalid UTF-8");
    utf8 = std::string(bytes);
  } else if (bytes.starts_with(std::string_view("\xFF\xFE\0\0", 4))) {
    auto r = decode_unicode(name, "UTF-32LE", bytes.substr(4), doc.notices, true);
    if (!r) return Unexpected<Error>{r.error()};
    utf8 = std::move(*r);
  } else if (bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    auto r = decode_unicode(name, "UTF-32BE", bytes.substr(4), doc.notices, true);
    if (!r) return Unexpected<Error>{r.error()};
    utf8 = std::move(*r);
  } else if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    const char* cs = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
    auto r = decode_unicode(name, cs, bytes.substr(2), doc.notices, true);
    if (!r) return Unexpected<Error>{r.error()};
    utf8 = std::move(*r);
  } else if (bytes.find('\0') != std::string_view::npos) {
    auto cs = utf16_without_bom(bytes);
    if (!cs)
      return refuse("binary", name, "tệp nhị phân (có byte NUL), không phải văn bản",
                    "NUL bytes and no UTF-16 pattern: binary file");
    auto r = decode_unicode(name, *cs, bytes, doc.notices, false);
    if (!r) return Unexpected<Error>{r.error()};
    utf8 = std::move(*r);
  } else if (text::valid_utf8(bytes)) {
    utf8 = std::string(bytes);
    // Valid UTF-8 can still be Vietnamese typed with a legacy font (".VnTime" → "Thµnh phè").
    if (auto applied = detail::repair_legacy_font_text(utf8))
      doc.notices.push_back("Văn bản gõ bằng phông " + *applied + " đã được chuyển sang Unicode");
  } else {
    // Not UTF-8: try the 8-bit Vietnamese encodings and keep the one that reads as Vietnamese.
    std::optional<std::string> best;
    detail::Legacy best_e = detail::Legacy::windows1258;
    detail::VnScore best_s;
    bool any = false;
    for (auto e : {detail::Legacy::windows1258, detail::Legacy::tcvn3, detail::Legacy::vni}) {
      std::string d = detail::decode_legacy(e, bytes);
      detail::VnScore s = detail::score_vietnamese(d);
      if (!s.plausible()) continue;
      if (!any || s.value() > best_s.value()) {
        best = std::move(d);
        best_e = e;
        best_s = s;
        any = true;
      }
    }
    if (!best)
      return refuse("bad_encoding", name,
                    "không nhận ra bảng mã của văn bản (không phải UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI); "
                    "hãy lưu lại tệp dưới dạng Unicode (UTF-8)",
                    "invalid UTF-8 and no legacy Vietnamese encoding scored as plausible");
    utf8 = best_e == detail::Legacy::tcvn3 ? detail::restore_tcvn3_capitals(*best) : std::move(*best);
    doc.notices.push_back(std::string("Đã chuyển mã từ ") + detail::legacy_label(best_e) + " sang UTF-8 (tự nhận dạng, " +
                          std::to_string(best_s.good) + " từ tiếng Việt hợp lệ)");
  }

  if (looks_binary(utf8))
    return refuse("binary", name, "tệp nhị phân, không phải văn bản", "too many control characters");
  // pdftotext and some exporters mark page ends with form feeds: use them as page numbers.
  const bool ff = utf8.find('\f') != std::string::npos;
  detail::append_text_lines(doc, utf8, ff ? 1 : 0, ff);
  while (!doc.lines.empty() && doc.lines.back().text.empty()) doc.lines.pop_back();
  return doc;
}

}  // namespace planwatch::ingest
