#include "lines.hpp"

#include <algorithm>
#include <cctype>
#include <unordered_map>

#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::extract {
namespace {

// Removes markdown emphasis/headings and inline HTML tags; reports whether bold was present.
std::string strip_markup(std::string_view in, bool& bold) {
  std::string s;
  s.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '<') {
      auto close = in.find('>', i);
      if (close != std::string_view::npos && close - i <= 12) {
        std::string_view tag = in.substr(i + 1, close - i - 1);
        if (tag == "b" || tag == "/b" || tag == "strong" || tag == "/strong") bold = true;
        if (tag == "br" || tag == "br/" || tag == "br /") s.push_back(' ');
        bool is_tag = !tag.empty() && (std::isalpha(static_cast<unsigned char>(tag[0])) || tag[0] == '/');
        if (is_tag) {
          i = close;
          continue;
        }
      }
    }
    if (c == '*' && i + 1 < in.size() && in[i + 1] == '*') {
      bold = true;
      ++i;
      continue;
    }
    s.push_back(c);
  }
  // Markdown headings "## " and a leading/trailing single '*' of italics.
  std::size_t b = 0;
  while (b < s.size() && s[b] == ' ') ++b;
  std::size_t h = b;
  while (h < s.size() && s[h] == '#') ++h;
  if (h > b && (h == s.size() || s[h] == ' ')) s.erase(b, h - b);
  auto first = s.find_first_not_of(' ');
  auto last = s.find_last_not_of(' ');
  if (first != std::string::npos && last > first && s[first] == '*' && s[last] == '*') {
    s.erase(last, 1);
    s.erase(first, 1);
  }
  return s;
}

bool is_page_number(std::string_view folded) {
  auto t = text::trim(folded);
  if (t.empty() || t.size() > 12) return false;
  std::size_t digits = 0;
  for (char c : t) {
    if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    else if (c != '-' && c != ' ' && c != '/' && c != 't' && c != 'r' && c != 'a' && c != 'n' && c != 'g') return false;
  }
  return digits > 0 && digits <= 3 && (t.find("trang") == 0 || digits == t.size() || t.front() == '-');
}

}  // namespace

std::vector<CLine> clean_lines(const Document& doc) {
  const std::vector<RawLine> src = flatten_web_tables(doc);
  std::vector<CLine> out;
  out.reserve(src.size());
  int gap = 0;
  for (std::size_t i = 0; i < src.size(); ++i) {
    const auto& raw = src[i].text;
    CLine l;
    l.no = src[i].no;
    l.page = src[i].page;
    bool bold = false;
    std::string s = strip_markup(raw, bold);
    std::size_t ind = 0;
    while (ind < s.size() && s[ind] == ' ') ++ind;
    // Trailing white space only; tabs in the middle and at the start are table structure.
    std::size_t e = s.size();
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\r')) --e;
    s.resize(e);
    bool all_blank = text::trim(s).empty();
    if (all_blank) {
      ++gap;
      continue;
    }
    // NBSP and other odd spaces inside the text become plain spaces.
    s = text::replace_all(std::move(s), "\xC2\xA0", " ");
    l.indent = static_cast<int>(ind);
    l.text = s.substr(s.find_first_not_of(' ') == std::string::npos ? 0 : s.find_first_not_of(' '));
    l.bold = bold;
    l.gap = gap;
    gap = 0;
    l.folded = text::fold(l.text);
    out.push_back(std::move(l));
  }
  // Page furniture: short lines repeated many times that are not table rows (signature stamps,
  // running headers), and bare page numbers.
  std::unordered_map<std::string, int> counts;
  for (const auto& l : out)
    if (l.text.find('\t') == std::string::npos && l.text.size() < 120) ++counts[l.folded];
  for (auto& l : out) {
    if (is_page_number(l.folded)) l.header = true;
    auto it = counts.find(l.folded);
    bool stamp = l.folded.find(':') != std::string::npos && l.folded.find('-') != std::string::npos &&
                 l.folded.find(' ') != std::string::npos && std::isdigit(static_cast<unsigned char>(l.folded.back())) &&
                 l.folded.find("/20") != std::string::npos && l.folded.size() < 80 &&
                 l.folded.find("ngay") == std::string::npos && l.folded.find("so ") == std::string::npos;
    if (stamp) l.header = true;
    (void)it;
  }
  // With page numbers from the reader, a line repeated at the top or bottom of many pages is a
  // running header or footer. (Without pages, repeated lines are often real content: the same
  // indicator printed once per phase.)
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& l = out[i];
    if (l.page == 0) continue;
    bool page_edge = i == 0 || i + 1 == out.size() || out[i - 1].page != l.page || out[i + 1].page != l.page;
    auto it = counts.find(l.folded);
    if (page_edge && it != counts.end() && it->second >= 3) l.header = true;
  }
  return out;
}

SourceSpan span_of(const CLine& first, const CLine& last) { return SourceSpan{first.no, last.no, first.page}; }

int roman_value(std::string_view s) {
  static const std::pair<std::string_view, int> table[] = {
      {"I", 1},   {"II", 2},   {"III", 3},   {"IV", 4},  {"V", 5},   {"VI", 6},    {"VII", 7},
      {"VIII", 8}, {"IX", 9},  {"X", 10},    {"XI", 11}, {"XII", 12}, {"XIII", 13}, {"XIV", 14}, {"XV", 15}};
  for (const auto& [k, v] : table)
    if (k == s) return v;
  return 0;
}
bool is_roman(std::string_view s) { return roman_value(s) > 0; }

int letter_index(std::string_view label) {
  static const char* order[] = {"a", "b", "c", "d", "đ", "e", "f", "g", "h", "i", "k", "l", "m",
                                "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
  for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
    if (label == order[i]) return i + 1;
  return 0;
}

Marker parse_marker(std::string_view line, bool allow_bare) {
  Marker m;
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  std::string_view s = line.substr(i);
  if (s.empty()) return m;
  auto after_space = [&](std::size_t k) {
    std::size_t j = k;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\t')) ++j;
    return i + j;
  };
  // Bullets.
  if (s.starts_with("- ") || s.starts_with("+ ") || s.starts_with("-\t") || s == "-") {
    m.kind = MarkerKind::bullet;
    m.label = std::string(1, s[0]);
    m.rest = after_space(1);
    return m;
  }
  if (s.starts_with("\xE2\x80\xA2") || s.starts_with("\xE2\x80\x93 ")) {  // • or – bullet
    m.kind = MarkerKind::bullet;
    m.label = "-";
    m.rest = after_space(3);
    return m;
  }
  // Roman numerals: "II." or "II " followed by text. OCR reads I as 1 or l ("I11." for "III.").
  {
    std::size_t k = 0;
    bool has_i = false;
    while (k < s.size() && (s[k] == 'I' || s[k] == 'V' || s[k] == 'X' || ((s[k] == '1' || s[k] == 'l') && k > 0))) {
      has_i = has_i || s[k] != '1';
      ++k;
    }
    std::string roman(s.substr(0, k));
    for (auto& ch : roman)
      if (ch == '1' || ch == 'l') ch = 'I';
    if (k > 0 && k <= 4 && has_i && is_roman(roman)) {
      bool dot = k < s.size() && s[k] == '.';
      std::size_t after = k + (dot ? 1 : 0);
      bool spaced = after < s.size() && (s[after] == ' ' || s[after] == '\t');
      // OCR drops the space after the dot: "I.MỤC TIÊU".
      bool glued = dot && after < s.size() && s[after] != ' ' && text::starts_upper(s.substr(after));
      if ((dot && (spaced || after == s.size() || glued)) || (allow_bare && spaced)) {
        m.kind = MarkerKind::roman;
        m.label = roman;
        m.dot = dot;
        m.rest = after_space(after);
        return m;
      }
    }
  }
  // Arabic and dotted numbers: "1.", "1", "2.1", "2.1.", "1.1.2".
  if (std::isdigit(static_cast<unsigned char>(s[0]))) {
    std::size_t k = 0;
    int groups = 1;
    std::size_t group_len = 0;
    bool ok = true;
    while (k < s.size()) {
      if (std::isdigit(static_cast<unsigned char>(s[k]))) {
        ++group_len;
        if (group_len > 2) ok = false;
        ++k;
      } else if (s[k] == '.' && k + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[k + 1])) && group_len > 0) {
        ++groups;
        group_len = 0;
        ++k;
      } else {
        break;
      }
    }
    if (!ok) return m;
    std::string_view num = s.substr(0, k);
    bool dot = k < s.size() && s[k] == '.';
    bool paren = k < s.size() && s[k] == ')';
    std::size_t after = k + ((dot || paren) ? 1 : 0);
    bool spaced = after < s.size() && (s[after] == ' ' || s[after] == '\t');
    bool end = after == s.size();
    if ((dot || paren) && (spaced || end)) {
      m.kind = groups > 1 ? MarkerKind::dotted : MarkerKind::arabic;
    } else if (!dot && !paren && (spaced || end) && (allow_bare || groups > 1)) {
      m.kind = groups > 1 ? MarkerKind::dotted : MarkerKind::arabic;
    } else {
      return m;
    }
    m.label = std::string(num);
    m.dot = dot;
    m.paren = paren;
    m.rest = after_space(after);
    return m;
  }
  // Letters: "a)", "đ)", "a.", and "a" alone in a table cell.
  {
    std::size_t k = 0;
    if (s.starts_with("\xC4\x91")) k = 2;  // đ
    else if (s[0] >= 'a' && s[0] <= 'z') k = 1;
    if (k > 0) {
      std::string_view lab = s.substr(0, k);
      if (letter_index(lab) > 0) {
        if (k < s.size() && s[k] == ')') {
          m.kind = MarkerKind::letter;
          m.label = std::string(lab);
          m.paren = true;
          m.rest = after_space(k + 1);
          return m;
        }
        if (allow_bare && (k == s.size() || s[k] == '\t' || (k + 1 < s.size() && s[k] == '.' && s[k + 1] == ' '))) {
          m.kind = MarkerKind::letter;
          m.label = std::string(lab);
          m.rest = after_space(k + (k < s.size() && s[k] == '.' ? 1 : 0));
          return m;
        }
      }
    }
  }
  return m;
}

std::string clean_cell(std::string_view s) {
  std::string t = text::collapse_spaces(s);
  return t;
}

std::string join_text(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    auto t = text::trim(p);
    if (t.empty()) continue;
    if (!out.empty()) out.push_back(' ');
    out.append(t);
  }
  return text::collapse_spaces(out);
}

// (moved from the table reader: also used to find deadlines inside task text)
bool is_year(std::string_view s, std::size_t p) {
  return p + 4 <= s.size() && s[p] == '2' && std::isdigit(static_cast<unsigned char>(s[p + 1])) &&
         std::isdigit(static_cast<unsigned char>(s[p + 2])) && std::isdigit(static_cast<unsigned char>(s[p + 3])) &&
         (p + 4 == s.size() || !std::isdigit(static_cast<unsigned char>(s[p + 4])));
}

// Length in bytes (of the folded text, which keeps ASCII positions) of a timeframe phrase at the
// start of a cell line, or 0. Recognises "Năm 2025", "2025-2030", "Thường xuyên", "Hằng năm",
// "Quý I/2025", "Tháng 3/2025", "Trước tháng 12/2025", "Từ năm 2025", "Năm 2025-".
std::size_t time_prefix(const std::string& f) {
  std::string_view s = f;
  std::size_t p = 0;
  auto eat = [&](std::string_view w) {
    if (s.substr(p).starts_with(w)) {
      p += w.size();
      return true;
    }
    return false;
  };
  auto year_range = [&] {
    if (!is_year(s, p)) return false;
    p += 4;
    std::size_t q = p;
    while (q < s.size() && (s[q] == ' ' || s[q] == '-' || static_cast<unsigned char>(s[q]) >= 0x80)) {
      if (static_cast<unsigned char>(s[q]) >= 0x80) q += 3;  // en dash
      else ++q;
    }
    if (q > p && is_year(s, q)) p = q + 4;
    else if (q > p && q == s.size()) p = q;  // "Năm 2025-" wrapped
    return true;
  };
  if (eat("thuong xuyen") || s == "thuong" || eat("hang nam") || eat("hang nam") || eat("lien tuc")) return s == "thuong" ? 6 : p;
  // Wrapped before the year or date: "Giai đoạn", "Từ năm", "Tháng", "Trước tháng", "Quý".
  for (std::string_view w : {"giai doan", "tu nam", "nam", "thang", "truoc thang", "quy", "trong thang", "tu thang",
                             "hoan thanh truoc thang", "truoc ngay", "hoan thanh"})
    if (s == w) return s.size();
  if (eat("nam ") || eat("tu nam ") || eat("giai doan ")) {
    if (year_range()) return p;
    return 0;
  }
  if (year_range()) return p;
  if (eat("truoc thang ") || eat("thang ") || eat("quy ") || eat("trong thang ") || eat("truoc ngay ") || eat("tu thang ")) {
    std::size_t q = p;
    while (q < s.size() && s[q] != ' ') ++q;
    if (q > p && std::any_of(s.begin() + static_cast<long>(p), s.begin() + static_cast<long>(q),
                             [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == 'i' || c == 'v'; })) {
      p = q;
      return p;
    }
    return q == s.size() ? q : 0;  // "Trước tháng" wrapped before the date
  }
  return 0;
}


}  // namespace planwatch::extract
