#pragma once
// Internal: the cleaned line model every extractor works on.
#include <string>
#include <string_view>
#include <vector>

#include "planwatch/domain/document.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

struct CLine {
  int no = 0;         // 1-based line number in the input
  int page = 0;
  int indent = 0;     // leading spaces before cleaning (an empty PDF cell shows as a leading space)
  int gap = 0;        // blank lines between this line and the previous non-blank line
  bool bold = false;  // markdown ** or HTML <b> seen
  bool header = false;  // repeated page header / footer / table header repeat
  std::string text;   // markup removed, trailing space trimmed, tabs kept
  std::string folded; // fold(text)
};

struct RawLine {
  std::string text;
  int no = 0;
  int page = 0;
};

// Markdown pipe rows and HTML tables → tab-separated rows (other lines unchanged).
std::vector<RawLine> flatten_web_tables(const Document& doc);

// Cleans markdown/HTML markup, marks repeated page furniture, drops blank lines (recorded in gap).
std::vector<CLine> clean_lines(const Document& doc);

SourceSpan span_of(const CLine& first, const CLine& last);

// Numbering markers at the start of a line.
enum class MarkerKind { none, roman, arabic, dotted, letter, bullet };

struct Marker {
  MarkerKind kind = MarkerKind::none;
  std::string label;       // "II", "3", "2.1", "a", "đ", "-"
  std::size_t rest = 0;    // byte offset of the text after the marker
  bool paren = false;      // "a)" style
  bool dot = false;        // "1." / "I." style
};

// Recognises "I.", "II ", "1.", "1 ", "2.1.", "2.1", "a)", "đ)", "-", "+", "•" (also OCR variants).
// `allow_bare` accepts numbers without a dot ("1 Text") as in PDF tables.
Marker parse_marker(std::string_view line, bool allow_bare = false);

int roman_value(std::string_view s);  // 0 when not a roman numeral
bool is_roman(std::string_view s);

// Joins wrapped fragments with one space, collapsing runs of spaces.
std::string join_text(const std::vector<std::string>& parts);
std::string clean_cell(std::string_view s);

// Vietnamese letter order used for items: a b c d đ e g h i k l m n o p q r s t u v x y.
int letter_index(std::string_view label);

// True when a year (2xxx) starts at byte p and is not part of a longer number.
bool is_year(std::string_view s, std::size_t p);

// Length of a timeframe phrase at the start of folded text ("nam 2025", "2025-2030", "thuong xuyen",
// "quy i/2025", "truoc thang 12/2025", "tu nam 2025"; also the bare word wrapped before its date), or 0.
std::size_t time_prefix(const std::string& folded);

}  // namespace planwatch::extract
