// Task tables whose rows arrive as tab-separated cells: clean text exports, DOCX and PDF readers,
// and markdown/HTML tables copied from web portals (repeated header lines at every page break,
// rows continued after the break with the column layout of the repeated header).
#include <algorithm>
#include <cctype>

#include "planwatch/extract/agencies.hpp"
#include "planwatch/extract/timeframe.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "tables.hpp"

namespace planwatch::extract {
namespace {

enum class Col { num, sub, text, leader, lead, coord, time, output, unknown };

Col role_of(const std::string& f) {
  using text::contains;
  auto t = text::trim(f);
  if (t.empty()) return Col::sub;
  if (t == "stt" || t == "tt" || t == "so tt" || t == "so thu tu") return Col::num;
  if (contains(t, "thoi gian") || contains(t, "thoi han") || contains(t, "tien do") || contains(t, "moc")) return Col::time;
  if (contains(t, "phoi hop")) return Col::coord;
  // "Đơn vị chủ trì", and in tables without a separate lead column "Cơ quan/Đơn vị thực hiện".
  if (contains(t, "chu tri") || contains(t, "don vi thuc hien") || contains(t, "co quan thuc hien") ||
      contains(t, "trach nhiem thuc hien"))
    return Col::lead;
  if (contains(t, "lanh dao") || contains(t, "phu trach")) return Col::leader;
  if (contains(t, "ket qua") || contains(t, "san pham")) return Col::output;
  if (contains(t, "nhiem vu") || contains(t, "noi dung") || contains(t, "giai phap") || contains(t, "ten ")) return Col::text;
  if (contains(t, "chi tiet")) return Col::sub;
  return Col::unknown;
}

bool is_header_row(const CLine& l) {
  const auto& f = l.folded;
  bool lead_col = text::contains(f, "chu tri") || text::contains(f, "don vi thuc hien") ||
                  text::contains(f, "co quan thuc hien") || text::contains(f, "trach nhiem thuc hien");
  return l.text.find('\t') != std::string::npos && lead_col &&
         (text::contains(f, "nhiem vu") || text::contains(f, "noi dung") || text::contains(f, "giai phap") ||
          text::contains(f, "ten de an") || text::contains(f, "cong viec"));
}

bool is_subheader_row(const CLine& l) {
  auto cells = text::split(l.folded, '\t');
  return !cells.empty() && text::trim(cells[0]) == "tt" && text::contains(l.folded, "chi tiet");
}

enum class Tok { empty, number, dotted, roman, letter, bullet, other };

Tok token_kind(std::string_view raw) {
  auto t = text::trim(raw);
  if (t.empty()) return Tok::empty;
  if (t == "-" || t == "+" || t == "\xE2\x80\xA2" || t == "\xE2\x80\x93") return Tok::bullet;
  std::string s(t);
  if (s.back() == '.' || s.back() == ')') s.pop_back();
  if (s.empty()) return Tok::other;
  if (std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return s.size() <= 3 ? Tok::number : Tok::other;
  if (std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; }))
    return s.size() <= 8 ? Tok::dotted : Tok::other;
  if (is_roman(s)) return Tok::roman;
  if (s.size() == 1 && s[0] >= 'A' && s[0] <= 'H') return Tok::roman;  // group rows "A", "B", …
  if (letter_index(s) > 0) return Tok::letter;
  return Tok::other;
}

std::string strip_token(std::string_view raw) {
  std::string s(text::trim(raw));
  if (!s.empty() && (s.back() == '.' || s.back() == ')')) s.pop_back();
  return s;
}

struct Row {
  std::vector<std::string> tokens;  // numbering cells (non-empty)
  std::vector<Tok> kinds;
  std::string cells[9];             // by Col
  std::size_t first = 0, last = 0;  // line indices
  bool bold = false;
  bool bullet_in_text = false;
  [[nodiscard]] bool has_assignment() const {
    for (Col c : {Col::leader, Col::lead, Col::coord, Col::time, Col::output})
      if (!text::trim(cells[static_cast<int>(c)]).empty()) return true;
    return false;
  }
  std::string& at(Col c) { return cells[static_cast<int>(c)]; }
  [[nodiscard]] const std::string& at(Col c) const { return cells[static_cast<int>(c)]; }
};

void append(std::string& dst, std::string_view add) {
  auto a = text::trim(add);
  if (a.empty()) return;
  if (!dst.empty()) dst.push_back(' ');
  dst.append(a);
}

struct Node {
  Row row;
  std::string ref;
  std::optional<std::string> parent_ref;
  std::string group;
  bool header = false;  // group or parent heading row
  int children = 0;
  int parent_node = -1;
};

}  // namespace

TableResult parse_tab_tables(const std::vector<CLine>& lines, std::size_t begin, std::size_t end) {
  TableResult res;
  std::vector<Col> layout;
  bool table_has_detail_col = false;
  bool after_header = false;
  std::vector<Node> nodes;
  // Hierarchy state.
  std::string group_id, group_title;
  int group_node = -1;
  std::string letter;
  int letter_node = -1;
  int bullet_count = 0;
  int prev_bullet = -1;
  for (std::size_t i = begin; i < end; ++i) {
    const CLine& l = lines[i];
    if (l.text.find('\t') == std::string::npos) continue;
    if (is_header_row(l)) {
      layout.clear();
      for (auto c : text::split(l.folded, '\t')) layout.push_back(role_of(std::string(c)));
      // Trailing empty header cells are padding, not columns.
      while (!layout.empty() && layout.back() == Col::sub) layout.pop_back();
      // A detail column ("STT | (chi tiết) | Nhiệm vụ") makes the first column a running counter,
      // also on pages whose repeated header dropped the empty column.
      table_has_detail_col = table_has_detail_col || std::count(layout.begin(), layout.end(), Col::sub) > 0;
      res.found = true;
      after_header = true;
      continue;
    }
    if (layout.empty()) continue;
    if (is_subheader_row(l)) continue;
    auto raw = text::split(l.text, '\t');
    std::vector<std::string> cells;
    for (auto c : raw) cells.emplace_back(c);

    Row row;
    row.first = row.last = i;
    row.bold = l.bold;
    // Numbering cells lead the row; the text cell is the first that is not a numbering token.
    std::size_t ti = 0;
    while (ti < cells.size() && ti < 3) {
      Tok k = token_kind(cells[ti]);
      if (k == Tok::other) break;
      if (k != Tok::empty) {
        row.tokens.push_back(strip_token(cells[ti]));
        row.kinds.push_back(k);
      }
      ++ti;
    }
    // A group label written inside the text cell ("I. Hạ tầng" spanning the row).
    if (ti < cells.size()) {
      Marker m = parse_marker(cells[ti]);
      if (m.kind == MarkerKind::roman && m.rest < cells[ti].size()) {
        bool rest_empty = true;
        for (std::size_t k = ti + 1; k < cells.size(); ++k) rest_empty = rest_empty && text::trim(cells[k]).empty();
        if (rest_empty) {
          row.tokens.push_back(m.label);
          row.kinds.push_back(Tok::roman);
          cells[ti] = cells[ti].substr(m.rest);
        }
      }
    }
    bool all_numbering_empty = row.tokens.empty();
    if (after_header && all_numbering_empty && !nodes.empty()) {
      // Continuation after a page break, read with the repeated header's column layout.
      Node& prev = nodes.back();
      for (std::size_t c = 0; c < cells.size() && c < layout.size(); ++c) {
        Col role = layout[c];
        if (role == Col::num || role == Col::sub || role == Col::unknown) role = c + 1 < layout.size() && text::trim(cells[c]).size() > 0 ? Col::text : role;
        if (role == Col::num || role == Col::sub || role == Col::unknown) continue;
        append(prev.row.at(role), cells[c]);
      }
      prev.row.last = i;
      continue;
    }
    after_header = false;
    if (ti >= cells.size()) continue;
    // Map the text cell and the cells after it onto the layout's roles after its text column.
    auto text_col = std::find(layout.begin(), layout.end(), Col::text);
    std::vector<Col> after(text_col == layout.end() ? layout.end() : text_col + 1, layout.end());
    std::string txt = cells[ti];
    if (text::trim(txt).starts_with("- ") || text::trim(txt).starts_with("+ ")) {
      row.bullet_in_text = true;
      txt = std::string(text::trim(txt).substr(2));
    }
    row.at(Col::text) = text::collapse_spaces(txt);
    for (std::size_t c = ti + 1, k = 0; c < cells.size() && k < after.size(); ++c, ++k) row.at(after[k]) = text::collapse_spaces(cells[c]);

    // Empty numbering and lower-case start: the row continues the previous one (page break
    // without a repeated header).
    if (all_numbering_empty && !nodes.empty() &&
        (text::starts_lower(row.at(Col::text)) || (!nodes.back().header && !row.has_assignment()))) {
      Node& prev = nodes.back();
      for (int c = 0; c < 9; ++c) append(prev.row.cells[c], row.cells[c]);
      prev.row.last = i;
      continue;
    }

    Node n;
    bool has_letter = false, has_bullet = row.bullet_in_text, has_roman = false;
    std::string number, dotted, let;
    for (std::size_t k = 0; k < row.tokens.size(); ++k) {
      switch (row.kinds[k]) {
        case Tok::letter: has_letter = true; let = row.tokens[k]; break;
        case Tok::bullet: has_bullet = true; break;
        case Tok::roman: has_roman = true; number = row.tokens[k]; break;
        case Tok::number: if (number.empty() || !has_roman) number = row.tokens[k]; break;
        case Tok::dotted: dotted = row.tokens[k]; break;
        default: break;
      }
    }
    // Two numbering columns (running STT + detail): the STT is a counter, the detail column
    // carries the structure.
    bool two_cols = row.tokens.size() >= 2;
    std::string counter = two_cols && row.kinds[0] == Tok::number ? row.tokens[0] : std::string();
    // "3\t- Mở mới …": the detail column's '-' went into the text cell; the number is the running STT
    // when the table has a detail column.
    if (!two_cols && row.bullet_in_text && table_has_detail_col && row.tokens.size() == 1 && row.kinds[0] == Tok::number)
      counter = row.tokens[0];
    if (two_cols && row.kinds[0] == Tok::number && row.kinds[1] == Tok::number) number = row.tokens[1];
    bool empty_cells = !row.has_assignment();

    if (empty_cells && !has_letter && !has_bullet && (!number.empty() || has_roman) && dotted.empty() &&
        (counter.empty() || row.tokens.size() == 1 || row.kinds[1] == Tok::number)) {
      // Group heading row.
      group_id = two_cols && row.kinds[1] == Tok::number ? row.tokens[1] : number;
      group_title = row.at(Col::text);
      while (!group_title.empty() && group_title.back() == ':') group_title.pop_back();
      letter.clear();
      letter_node = -1;
      bullet_count = 0;
      prev_bullet = -1;
      n.row = row;
      n.header = true;
      n.ref = group_id;
      n.group = group_title;
      nodes.push_back(std::move(n));
      group_node = static_cast<int>(nodes.size()) - 1;
      continue;
    }
    n.row = row;
    n.group = group_title;
    std::string base = group_id;
    if (has_letter) {
      letter = let;
      bullet_count = 0;
      prev_bullet = -1;
      n.ref = base.empty() ? let : base + "." + let;
      n.parent_node = group_node;
      n.header = empty_cells;
      nodes.push_back(std::move(n));
      letter_node = static_cast<int>(nodes.size()) - 1;
      continue;
    }
    std::string parent = letter.empty() ? base : (base.empty() ? letter : base + "." + letter);
    int parent_node = letter.empty() ? group_node : letter_node;
    if (has_bullet) {
      ++bullet_count;
      std::string own = !counter.empty() ? counter : "-" + std::to_string(bullet_count);
      n.ref = parent.empty() ? own : parent + "." + own;
      if (!letter.empty()) n.parent_ref = parent;
      n.parent_node = parent_node;
      // Merged cells: a bullet row without its own lead shares the previous sibling's cells.
      if (prev_bullet >= 0 && text::trim(n.row.at(Col::lead)).empty()) {
        const Row& pr = nodes[static_cast<std::size_t>(prev_bullet)].row;
        for (Col c : {Col::leader, Col::lead, Col::coord, Col::time, Col::output})
          if (text::trim(n.row.at(c)).empty()) n.row.at(c) = pr.at(c);
      }
      nodes.push_back(std::move(n));
      prev_bullet = static_cast<int>(nodes.size()) - 1;
      continue;
    }
    if (!dotted.empty()) {
      auto dot = dotted.rfind('.');
      // "1.2" under group "1" already carries the group number.
      bool carries_group = !base.empty() && dotted.starts_with(base + ".");
      std::string prefix = base.empty() || carries_group ? std::string() : base + ".";
      n.ref = prefix + dotted;
      n.parent_ref = prefix + dotted.substr(0, dot);
      n.parent_node = -1;
      for (int k = static_cast<int>(nodes.size()) - 1; k >= 0; --k)
        if (nodes[static_cast<std::size_t>(k)].ref == *n.parent_ref) {
          n.parent_node = k;
          break;
        }
      nodes.push_back(std::move(n));
      continue;
    }
    // A plain number (or none): a row of its own under the group.
    std::string own = !number.empty() ? number : std::string();
    if (two_cols && !counter.empty() && row.tokens.size() >= 2) own = counter;
    n.ref = own.empty() ? (parent.empty() ? std::to_string(nodes.size() + 1) : parent)
                        : (parent.empty() ? own : parent + "." + own);
    n.parent_node = parent_node;
    if (!letter.empty() && !own.empty()) n.parent_ref = parent;
    nodes.push_back(std::move(n));
    letter.clear();
  }

  for (auto& n : nodes)
    if (n.parent_node >= 0) ++nodes[static_cast<std::size_t>(n.parent_node)].children;
  for (auto& n : nodes) {
    if (n.header) continue;
    bool has_lead = !text::trim(n.row.at(Col::lead)).empty();
    if (!has_lead && n.children > 0) continue;  // a parent whose sub-rows carry the assignment
    if (!n.row.has_assignment() && n.children > 0) continue;
    Task t;
    t.ref = n.ref;
    t.group = n.group;
    t.parent_ref = n.parent_ref;
    t.text = text::collapse_spaces(n.row.at(Col::text));
    if (!text::trim(n.row.at(Col::leader)).empty()) t.leader = text::collapse_spaces(n.row.at(Col::leader));
    t.lead = agency_refs(n.row.at(Col::lead));
    t.coordinating = agency_refs(n.row.at(Col::coord));
    if (!text::trim(n.row.at(Col::time)).empty()) t.timeframe = parse_timeframe(text::collapse_spaces(n.row.at(Col::time)));
    if (!text::trim(n.row.at(Col::output)).empty()) t.output = text::collapse_spaces(n.row.at(Col::output));
    t.source = span_of(lines[n.row.first], lines[n.row.last]);
    t.confidence = has_lead ? 0.9 : 0.5;
    res.tasks.push_back(std::move(t));
  }
  return res;
}

}  // namespace planwatch::extract
