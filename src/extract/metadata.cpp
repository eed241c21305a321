// Plan metadata from the title block: issuer, number, date, title, period.
#include <algorithm>
#include <cctype>

#include "metadata.hpp"
#include "planwatch/extract/agencies.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "sections.hpp"
#include "words.hpp"

namespace planwatch::extract {

using text::contains;

PlanMeta find_metadata(const std::vector<CLine>& lines, std::size_t body_end) {
  PlanMeta m;
  const std::size_t head_end = std::min(body_end, std::size_t{60});
  std::size_t title_at = head_end;
  for (std::size_t i = 0; i < head_end; ++i) {
    const auto& f = text::trim(lines[i].folded);
    if (f == "ke hoach" || (f.starts_with("ke hoach ") && lines[i].text.find("KẾ HOẠCH") == 0)) {
      m.doc_type = "Kế hoạch";
      title_at = i;
      break;
    }
    if (f.starts_with("chuong trinh hanh d")) {
      m.doc_type = "Chương trình hành động";
      title_at = i;
      break;
    }
    // Other instruments that carry tasks, printed as a capitalised heading line.
    static const std::pair<const char*, const char*> kOther[] = {
        {"quyet dinh", "Quyết định"}, {"chi thi", "Chỉ thị"}, {"de an", "Đề án"}, {"chuong trinh", "Chương trình"},
        {"nghi quyet", "Nghị quyết"}, {"thong bao", "Thông báo"}};
    bool found = false;
    for (const auto& [key, label] : kOther) {
      if (f == key && lines[i].text == text::trim(lines[i].text) && !text::starts_lower(lines[i].text) &&
          lines[i].text.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos) {
        m.doc_type = label;
        title_at = i;
        found = true;
        break;
      }
    }
    if (found) break;
  }
  if (title_at < head_end) {
    std::vector<std::string> parts;
    std::string first(text::trim(lines[title_at].text));
    std::string rest_first = first.substr(std::min(first.size(), first.find(' ') == std::string::npos ? first.size() : first.find(' ')));
    if (m.doc_type && text::fold(first).size() > text::fold(*m.doc_type).size() + 2) {
      // "KẾ HOẠCH Phát triển …" on one line, or the OCR'd heading line itself.
      std::size_t skip = m.doc_type == std::string("Kế hoạch") ? 2 : 4;
      std::size_t p = 0;
      for (std::size_t k = 0; k < skip && p != std::string::npos; ++k) p = first.find(' ', p + 1);
      if (p != std::string::npos) parts.push_back(first.substr(p + 1));
    }
    for (std::size_t k = title_at + 1; k < head_end && k < title_at + 5; ++k) {
      const auto& l = lines[k];
      if (l.gap > 0 && !parts.empty()) break;
      auto f = l.folded;
      // "Căn cứ …" / "Thực hiện …" open the preamble, unless they are the title itself (the first
      // line under the heading, with no sentence end).
      const bool preamble = f.starts_with("can cu") || f.starts_with("thuc hien");
      if ((preamble && (!parts.empty() || text::trim(l.text).ends_with(";") || text::trim(l.text).ends_with(","))) ||
          parse_marker(l.text).kind != MarkerKind::none)
        break;
      parts.push_back(l.text);
    }
    if (!parts.empty()) m.title = join_text(parts);
    m.source = span_of(lines[title_at], lines[title_at]);
  }
  // Number and date: "Số: 123/KH-UBND", "Hà Nội, ngày 12 tháng 3 năm 2026".
  for (std::size_t i = 0; i < head_end; ++i) {
    const auto& f = lines[i].folded;
    if (f.starts_with("so:") || f.starts_with("so ")) {
      std::string t(text::trim(lines[i].text.substr(lines[i].text.find(' ') == std::string::npos ? 0 : lines[i].text.find(' '))));
      if (!t.empty() && std::isdigit(static_cast<unsigned char>(t[0]))) m.number = t;
    }
    auto p = f.find("ngay ");
    auto q = f.find(" thang ");
    auto y = f.find(" nam ");
    if (p != std::string::npos && q != std::string::npos && y != std::string::npos && p < q && q < y && f.find(',') < p) {
      int d = std::atoi(f.c_str() + p + 5), mo = std::atoi(f.c_str() + q + 7), yr = std::atoi(f.c_str() + y + 5);
      if (d > 0 && mo > 0 && yr > 1900 && !m.date) m.date = Date{yr, mo, d};  // the header's date, not a later one
    }
  }
  // Issuer: the header block ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ CẦN THƠ"), else "Ủy ban nhân dân thành
  // phố X ban hành", "(Kèm theo Kế hoạch … của UBND thành phố X)".
  for (std::size_t i = 0; i + 1 < std::min(head_end, std::size_t{8}) && !m.issuer; ++i) {
    auto f = text::trim(lines[i].folded);
    if (f != "uy ban nhan dan" && f != "ubnd") continue;
    auto next = text::trim(lines[i + 1].folded);
    if (next.starts_with("thanh pho ") || next.starts_with("tinh ")) {
      // The header prints "THÀNH PHỐ CẦN THƠ" in capitals: "UBND thành phố Cần Thơ".
      std::string place(text::trim(lines[i + 1].text));
      const std::size_t unit_words = next.starts_with("tinh ") ? 1 : 2;
      std::size_t cut = 0;
      for (std::size_t w = 0; w < unit_words && cut != std::string::npos; ++w) cut = place.find(' ', cut + (w ? 1 : 0));
      if (cut != std::string::npos)
        m.issuer = "UBND " + text::lower(place.substr(0, cut)) + " " + text::capitalize_words(place.substr(cut + 1));
    }
  }
  for (std::size_t i = 0; i < lines.size() && !m.issuer; ++i) {
    const auto& f = lines[i].folded;
    std::size_t p = std::string::npos;
    for (const char* cue : {"cua ubnd ", "cua uy ban nhan dan ", "uy ban nhan dan thanh pho ", "ban thuong vu thanh "}) {
      p = f.find(cue);
      if (p != std::string::npos) {
        if (std::string(cue) == "cua ubnd " || std::string(cue) == "cua uy ban nhan dan ") p += 4;
        break;
      }
    }
    if (p == std::string::npos) continue;
    const auto& s = lines[i].text;
    std::string rest = s.substr(text::original_offset(s, p));
    std::size_t end = rest.find_first_of("),;.");
    auto b = rest.find(" ban hành");
    if (b == std::string::npos) b = rest.find(" ban hanh");
    end = std::min(end, b);
    std::string issuer(text::trim(rest.substr(0, end)));
    if (text::length(issuer) > 5 && text::length(issuer) < 60) m.issuer = issuer;
  }
  if (!m.doc_type) m.doc_type = "Kế hoạch";
  if (!m.title) {
    // No title page: the opening sentence names what the plan implements.
    for (std::size_t i = 0; i < std::min(body_end, std::size_t{10}); ++i) {
      if (lines[i].text.size() > 20) {
        m.title = "Kế hoạch " + std::string(text::trim(lines[i].text));
        break;
      }
    }
  }
  // Bases: documents named in the opening "Căn cứ …" / "Thực hiện …" paragraphs.
  std::string opening;
  for (std::size_t i = 0; i < std::min(body_end, std::size_t{80}); ++i) {
    const auto& l = lines[i];
    auto mk = parse_marker(l.text);
    if (mk.kind == MarkerKind::roman) break;
    opening += l.text + " ";
  }
  m.bases = document_references(opening);
  return m;
}

}  // namespace planwatch::extract
