#include "planwatch/extract/timeframe.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "grammar_scan.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

// Timeframe grammar over folded text (lower case, accents removed), so that OCR text without
// diacritics ("Thuong xuyen", "quy 1/2025") parses like the printed original.
//
// Decisions (documented here because the printed cells are often loose):
//  * "Trước tháng 10/2025", "Trong tháng 10/2025", "Tháng 10/2025" → due = last day of that month
//    (the cell names the month as the deadline; we do not move it one month earlier).
//  * "Trước năm 2026" → due 2025-12-31 (before the year), "Năm 2026"/"2026" → 2026-12-31.
//  * "Từ năm 2025", "Năm 2025 và các năm tiếp theo", "Giai đoạn 2025-2030 và những năm tiếp theo"
//    → kind range, start 2025-01-01 and no due date (open-ended).
//  * "Thường xuyên, từ năm 2025" → ongoing with start 2025-01-01.
//  * Several milestones ("Quý I/2025; Quý III/2025; Quý IV/2025") → by_date, due = the last one.
//  * "Trước tháng 12/2025; ... hằng năm" → the leading deadline wins (by_date); "Tháng 6 hằng năm"
//    and other cells whose first time expression is yearly → annual (no dates).
namespace planwatch::extract {
namespace {

using grammar::is_year;
using grammar::phrase_at;
using grammar::small_int;
using grammar::Tok;
using grammar::TokKind;

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> d{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && leap(y)) return 29;
  return d[static_cast<std::size_t>(m - 1)];
}
Date end_of_month(int y, int m) { return Date{y, m, days_in_month(y, m)}; }

// Quarter numeral: Roman (i..iv), Arabic (1..4) and OCR forms ("111" for III, "1v"/"lv" for IV).
int quarter_of(const Tok& t) {
  static constexpr std::array<std::string_view, 12> roman{"i",  "ii", "iii", "iv",  "l",  "ll",
                                                          "lll", "lv", "11", "111", "1v", "il"};
  static constexpr std::array<int, 12> value{1, 2, 3, 4, 1, 2, 3, 4, 2, 3, 4, 2};
  for (std::size_t k = 0; k < roman.size(); ++k)
    if (t.text == roman[k]) return value[k];
  if (t.kind == TokKind::number) {
    int v = small_int(t);
    if (v >= 1 && v <= 4) return v;
  }
  return 0;
}

enum class EvKind { point, from, span };
struct Event {
  EvKind kind = EvKind::point;
  std::size_t pos = 0;  // token index where the expression starts
  std::size_t end = 0;  // one past its last token
  std::optional<Date> start;
  std::optional<Date> due;
};

bool is_sep(const Tok& t, std::string_view s) { return t.kind == TokKind::punct && t.text == s; }
bool is_dash(const Tok& t) { return t.kind == TokKind::punct && (t.text == "-" || t.text == "\xE2\x80\x93" || t.text == "\xE2\x80\x94"); }

// Reads "<sep> YYYY" or "nam YYYY" after a month/quarter number; returns the year or 0.
int year_after(const std::vector<Tok>& t, std::size_t i, std::size_t* next) {
  if (i + 1 < t.size() && (is_sep(t[i], "/") || is_dash(t[i]) || t[i].text == "nam") && is_year(t[i + 1])) {
    *next = i + 2;
    return std::stoi(t[i + 1].text);
  }
  // "tháng 12 năm 2025" written with a comma or "/ năm"
  if (i + 2 < t.size() && is_sep(t[i], "/") && t[i + 1].text == "nam" && is_year(t[i + 2])) {
    *next = i + 3;
    return std::stoi(t[i + 2].text);
  }
  return 0;
}

// A year possibly continued by "- YYYY", "đến (năm) YYYY".
int range_end_after(const std::vector<Tok>& t, std::size_t i, std::size_t* next) {
  std::size_t j = i;
  if (j < t.size() && (is_dash(t[j]) || t[j].text == "den" || t[j].text == "toi")) {
    ++j;
    if (j < t.size() && t[j].text == "nam") ++j;
    if (j < t.size() && is_year(t[j])) {
      *next = j + 1;
      return std::stoi(t[j].text);
    }
  }
  return 0;
}

bool open_ended_after(const std::vector<Tok>& t, std::size_t i) {
  // "và các năm tiếp theo", "và những năm tiếp theo", "trở đi", "về sau"
  for (std::size_t j = i; j < t.size() && j < i + 6; ++j) {
    if (phrase_at(t, j, "tiep theo") || phrase_at(t, j, "tro di") || phrase_at(t, j, "ve sau")) return true;
    if (is_sep(t[j], ";")) break;
  }
  return false;
}

std::vector<Event> scan_events(const std::vector<Tok>& t) {
  std::vector<Event> ev;
  for (std::size_t i = 0; i < t.size();) {
    std::size_t next = i + 1;
    Event e;
    e.pos = i;
    bool found = false;
    bool from = i > 0 && (t[i - 1].text == "tu" || (i > 1 && t[i - 2].text == "tu" && (t[i - 1].text == "nam" || t[i - 1].text == "thang")));
    bool before = i > 0 && (t[i - 1].text == "truoc" || (i > 1 && t[i - 2].text == "truoc" && t[i - 1].text == "nam"));
    // quý Q/YYYY
    if ((t[i].text == "quy" || t[i].text == "qui") && i + 1 < t.size()) {
      int q = quarter_of(t[i + 1]);
      int y = q ? year_after(t, i + 2, &next) : 0;
      if (q && y) {
        e.start = Date{y, 3 * q - 2, 1};
        e.due = end_of_month(y, 3 * q);
        found = true;
      }
    } else if (t[i].text == "thang" && i + 1 < t.size()) {
      int m = small_int(t[i + 1]);
      int y = (m >= 1 && m <= 12) ? year_after(t, i + 2, &next) : 0;
      if (y) {
        e.start = Date{y, m, 1};
        e.due = end_of_month(y, m);
        found = true;
      }
    } else if (t[i].text == "ngay" && i + 1 < t.size()) {
      // "ngày 30/11/2025", "ngày 30 tháng 11 năm 2025"
      int d = small_int(t[i + 1]);
      std::size_t j = i + 2;
      int m = 0;
      if (j + 1 < t.size() && (is_sep(t[j], "/") || t[j].text == "thang")) m = small_int(t[j + 1]);
      int y = (d >= 1 && d <= 31 && m >= 1 && m <= 12) ? year_after(t, j + 2, &next) : 0;
      if (y) {
        e.start = e.due = Date{y, m, std::min(d, days_in_month(y, m))};
        found = true;
      }
    } else if (t[i].kind == TokKind::number && !is_year(t[i]) && i + 2 < t.size() && is_sep(t[i + 1], "/")) {
      // "30/11/2025" or "12/2025"
      int a = small_int(t[i]);
      if (is_year(t[i + 2]) && a >= 1 && a <= 12) {
        int y = std::stoi(t[i + 2].text);
        e.start = Date{y, a, 1};
        e.due = end_of_month(y, a);
        next = i + 3;
        found = true;
      } else if (i + 4 < t.size() && is_sep(t[i + 3], "/") && is_year(t[i + 4])) {
        int m = small_int(t[i + 2]);
        int y = std::stoi(t[i + 4].text);
        if (a >= 1 && a <= 31 && m >= 1 && m <= 12) {
          e.start = e.due = Date{y, m, std::min(a, days_in_month(y, m))};
          next = i + 5;
          found = true;
        }
      }
    } else if (is_year(t[i])) {
      int y = std::stoi(t[i].text);
      e.start = Date{y, 1, 1};
      e.due = Date{y, 12, 31};
      if (int y2 = range_end_after(t, i + 1, &next); y2 >= y) {
        e.kind = EvKind::span;
        e.due = Date{y2, 12, 31};
      }
      if (before && e.kind == EvKind::point) e.due = Date{y - 1, 12, 31};
      found = true;
    }
    if (found) {
      if (from) {
        e.kind = e.kind == EvKind::span ? EvKind::span : EvKind::from;
        e.pos = i;
      }
      if (e.kind == EvKind::from || (e.kind == EvKind::point && open_ended_after(t, next))) {
        e.kind = EvKind::from;
      }
      if (e.kind == EvKind::span && open_ended_after(t, next)) e.kind = EvKind::from;
      if (e.kind == EvKind::from) e.due.reset();
      e.end = next;
      ev.push_back(e);
      i = next;
    } else {
      ++i;
    }
  }
  return ev;
}

template <class Phrases>
bool starts_with_any(const std::vector<Tok>& t, const Phrases& phrases) {
  for (auto p : phrases)
    if (phrase_at(t, 0, p)) return true;
  return false;
}

// Position of the first yearly keyword, or npos.
std::size_t annual_pos(const std::vector<Tok>& t) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (phrase_at(t, i, "hang nam") || phrase_at(t, i, "moi nam") || phrase_at(t, i, "thuong nien") ||
        phrase_at(t, i, "hang quy") || phrase_at(t, i, "dinh ky"))
      return i;
  }
  return std::string::npos;
}

std::vector<Tok> timeframe_tokens(std::string_view raw) {
  std::string f = text::fold(text::collapse_spaces(raw));
  auto toks = grammar::tokenize(f);
  while (!toks.empty() && toks.back().kind == TokKind::punct) toks.pop_back();
  return toks;
}

constexpr std::string_view kOngoing[] = {"thuong xuyen", "lien tuc", "hang ngay",
                                                               "thuong truc", "dai han", "suot qua trinh"};
constexpr std::string_view kConditional[] = {
    "sau khi", "khi co", "khi duoc", "theo lo trinh", "theo tien do", "theo ke hoach", "theo huong dan",
    "theo yeu cau", "theo chi dao", "theo quy dinh", "ngay sau khi", "tuy theo", "tuy tinh hinh", "khi"};

}  // namespace

Timeframe parse_timeframe(std::string_view raw) {
  Timeframe tf;
  tf.raw = text::collapse_spaces(raw);
  auto t = timeframe_tokens(tf.raw);
  if (t.empty()) return tf;
  auto ev = scan_events(t);

  if (starts_with_any(t, kOngoing)) {
    tf.kind = TimeframeKind::ongoing;
    for (const auto& e : ev)
      if (e.kind != EvKind::point) {
        tf.start = e.start;
        break;
      }
    return tf;
  }
  if (starts_with_any(t, kConditional)) {
    tf.kind = TimeframeKind::conditional;
    return tf;
  }
  std::size_t ann = annual_pos(t);
  if (ann != std::string::npos && (ev.empty() || ann < ev.front().pos)) {
    tf.kind = TimeframeKind::annual;
    return tf;
  }
  if (ev.empty()) {
    // A conditional clause later in the cell ("Triển khai khi được phê duyệt") still says "conditional".
    for (std::size_t i = 0; i < t.size(); ++i)
      if (phrase_at(t, i, "sau khi") || phrase_at(t, i, "khi duoc") || phrase_at(t, i, "khi co") ||
          phrase_at(t, i, "theo lo trinh") || phrase_at(t, i, "theo tien do")) {
        tf.kind = TimeframeKind::conditional;
        return tf;
      }
    return tf;
  }
  const Event& first = ev.front();
  if (first.kind == EvKind::from || first.kind == EvKind::span) {
    tf.kind = TimeframeKind::range;
    tf.start = first.start;
    tf.due = first.due;
    return tf;
  }
  // Deadlines: the latest of the leading run of point events (milestone lists "Quý I; Quý III; Quý IV").
  tf.kind = TimeframeKind::by_date;
  tf.due = first.due;
  for (const auto& e : ev) {
    if (e.kind != EvKind::point) break;
    auto key = [](const Date& d) { return d.year * 10000 + d.month * 100 + d.day; };
    if (e.due && (!tf.due || key(*e.due) > key(*tf.due))) tf.due = e.due;
  }
  return tf;
}

bool looks_like_timeframe(std::string_view text_in) {
  auto trimmed = text::trim(text_in);
  if (trimmed.empty() || trimmed.size() > 160) return false;
  auto t = timeframe_tokens(trimmed);
  if (t.empty() || t.size() > 24) return false;
  // The cell must begin like a time expression, not like a task sentence that mentions a year.
  static constexpr std::string_view kLead[] = {
      "thuong xuyen", "lien tuc", "hang nam", "moi nam", "thuong nien", "hang quy", "hang thang", "hang ngay",
      "nam", "quy", "qui", "thang", "ngay", "truoc", "trong", "hoan thanh", "giai doan", "tu", "den", "sau khi",
      "ngay sau khi", "theo lo trinh", "theo tien do", "theo ke hoach", "khi", "dinh ky", "cuoi", "dau", "giua",
      "cham nhat", "khong qua", "dai han", "thuong truc", "suot", "nam hoc", "tu nay", "trien khai tu"};
  bool lead = t.front().kind == TokKind::number;
  for (auto p : kLead)
    if (phrase_at(t, 0, p)) lead = true;
  if (!lead) return false;
  Timeframe tf = parse_timeframe(trimmed);
  if (tf.kind == TimeframeKind::unknown) return false;
  if (tf.kind == TimeframeKind::ongoing || tf.kind == TimeframeKind::annual) {
    // "Thường xuyên cập nhật thông tin …" is a task sentence: the keyword must stand alone or be
    // followed by punctuation or another time word.
    std::size_t k = 0;
    for (auto p : kOngoing)
      if (phrase_at(t, 0, p)) k = grammar::word_count(p);
    if (k > 0 && k < t.size() && t[k].kind == TokKind::word) {
      bool ok = false;
      for (auto p : {"tu", "va", "hang", "trong", "nam", "den", "lien", "ke", "theo", "moi"})
        if (t[k].text == p) ok = true;
      if (!ok) return false;
    }
  }
  if (tf.kind == TimeframeKind::by_date || tf.kind == TimeframeKind::range) {
    // The time expression must lead the cell ("Hoàn thành trước tháng 12/2025 …"), and what follows it
    // must not be a new clause with its own verb ("Năm 2026, ban hành Kế hoạch …" is a product cell).
    auto ev = scan_events(t);
    if (ev.empty() || ev.front().pos > 3) return false;
    std::size_t e = ev.front().end;
    if (e < t.size()) {
      const Tok& nx = t[e];
      bool ok = (nx.kind == TokKind::punct && (nx.text == ";" || nx.text == "." || nx.text == "(")) ||
                nx.text == "va" || nx.text == "hoac" || nx.text == "tro" || nx.text == "den";
      if (nx.kind == TokKind::punct && nx.text == "," && e + 1 < t.size()) {
        for (auto p : {"tu", "truoc", "trong", "nam", "thang", "quy", "hang", "thuong", "dinh", "den", "ngay"})
          if (t[e + 1].text == p) ok = true;
      }
      if (!ok) return false;
    }
  }
  // Long texts are task sentences unless the time expression is what they are about.
  if (t.size() > 14 && tf.kind == TimeframeKind::conditional && !phrase_at(t, 0, "sau khi") &&
      !phrase_at(t, 0, "theo lo trinh") && !phrase_at(t, 0, "theo tien do"))
    return false;
  return true;
}

}  // namespace planwatch::extract
