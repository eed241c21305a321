// Tables in PDF text whose columns came out as interleaved short lines: each row starts with its
// number, the task text wraps at the widest column, and the other cells follow as runs of short
// lines. An empty cell shows up as one leading space on the next cell's first line, and cells that
// share a baseline are sometimes merged on one line ("Năm 2025 Văn bản triển khai").
// Rows are rebuilt from what each run of lines is: a leader phrase, an agency name, a timeframe,
// a product — in the column order given by the table header.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "planwatch/extract/agencies.hpp"
#include "planwatch/extract/targets.hpp"
#include "planwatch/extract/timeframe.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "agency_grammar.hpp"
#include "agency_lookup.hpp"
#include "tables.hpp"

namespace planwatch::extract {
namespace {

using text::contains;

enum class Role { leader, lead, coord, time, output, content };

bool leader_like(const std::string& f) {
  auto t = text::trim(f);
  return t.starts_with("pct ") || t.starts_with("chu tich") || t.starts_with("pho chu tich") || t.starts_with("ct ubnd") ||
         t.starts_with("lanh dao ubnd") || t == "pct";
}

bool agency_start(const std::string& text) { return agency_likeness(text::utf8_prefix(text, 60)) >= 0.5; }

// Splits a printed line at a folded byte offset, keeping the word boundary (folding keeps the
// number of spaces, so count words).
// Splits a printed line where its folded form has a word boundary at or after `fpos`.
std::pair<std::string, std::string> split_at_word(const std::string& printed, const std::string& folded, std::size_t fpos) {
  fpos = std::min(fpos, folded.size());
  while (fpos < folded.size() && folded[fpos] != ' ') ++fpos;  // never split inside a word
  if (fpos >= folded.size()) return {printed, {}};
  const std::size_t ps = text::original_offset(printed, fpos);
  return {printed.substr(0, ps), printed.substr(std::min(printed.size(), ps + 1))};
}

// Where a second agency name starts inside one line ("Sở Nội vụ Sở Khoa học", "Sở Khoa học và Công
// nghệ Thống kê thành phố"): the first words resolve to a known body and the rest reads as one.
std::size_t merged_agency_split(const std::string& line) {
  auto dbl = line.find("  ");
  if (dbl != std::string::npos && dbl > 0 && dbl + 2 < line.size() && !text::trim(line.substr(dbl)).empty()) return dbl;
  std::vector<std::size_t> spaces;
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == ' ') spaces.push_back(i);
  for (std::size_t k = 1; k < spaces.size(); ++k) {
    std::string head = line.substr(0, spaces[k]);
    std::string tail(text::trim(line.substr(spaces[k])));
    if (head.back() == ',' || head.ends_with(" và") || head.ends_with(";")) continue;
    // The next cell is a bulleted list: "Sở Công Thương - Sở Khoa học" (lead | "- Sở Khoa học …").
    if (tail.starts_with("- ") && k >= 1 && canonical_agency(head) && agency_start(tail.substr(2))) return spaces[k];
    if (tail.empty() || !text::starts_upper(tail)) continue;
    // "Các Trường Đại học" is one name: the head must be a full name of three words or more.
    if (k >= 2 && canonical_agency(head) && agency_start(tail)) return spaces[k];
  }
  return std::string::npos;
}

// Where a timeframe (or its first word, wrapped before the date) starts after an agency name on one
// line ("Sở Nội vụ Thường", "Sở Y tế Năm 2026"): the rest of the line is all timeframe and the head is a
// known body ("Sở Công Thương" is one name, not "Sở Công" + "Thường" once folded).
std::size_t merged_time_split(const std::string& line) {
  if (gaz_exact(key_of(line))) return std::string::npos;
  for (std::size_t sp = line.find(' '); sp != std::string::npos; sp = line.find(' ', sp + 1)) {
    std::string head(text::trim(line.substr(0, sp)));
    std::string tail(text::trim(line.substr(sp)));
    if (head.empty() || tail.empty() || !text::starts_upper(tail)) continue;
    const std::string tf = text::fold(tail);
    if (time_prefix(tf) == tf.size() && gaz_exact(key_of(head))) return sp;
  }
  return std::string::npos;
}

struct Frag {
  std::vector<std::string> lines;
  int indent = 0;
  std::size_t first = 0, last = 0;
  bool bullet = false;
  Role role = Role::content;
  bool closed = false;  // a bullet list item ended with '.'
  // Items of a bulleted cell are joined with "; " so that the agency splitter sees the list.
  [[nodiscard]] std::string text() const {
    if (!bullet) return join_text(lines);
    std::vector<std::string> parts;
    for (const auto& l : lines) {
      std::string t(text::trim(l));
      if (t.starts_with("- ")) {
        if (!parts.empty() && !parts.back().ends_with(";") && !parts.back().ends_with(".")) parts.back() += ";";
        t = t.substr(2);
      }
      parts.push_back(t);
    }
    return join_text(parts);
  }
};

// '(' minus ')' in a text.
int paren_depth(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '(')) - static_cast<int>(std::count(s.begin(), s.end(), ')'));
}

// A cell cut by a page break inside a parenthesis ("Sở Tài chính (Viện Nghiên cứu phát triển kinh
// tế" … " tạo cấp …" / "- xã hội thành" / "phố)"): the closing run after the break — the lines up to the
// first ')' that starts in lower case or with '-' — moves back under the cell it closes.
void close_cut_parenthesis(const std::vector<CLine>& lines, std::vector<std::size_t>& cell_lines, std::size_t break_at) {
  if (break_at > cell_lines.size()) return;
  int depth = 0;
  std::size_t open_start = 0;
  for (std::size_t k = 0; k < break_at; ++k) {
    const int before = depth;
    depth += paren_depth(lines[cell_lines[k]].text);
    if (before <= 0 && depth > 0) open_start = k;
  }
  if (depth <= 0) return;
  std::size_t open_end = open_start;
  while (open_end + 1 < break_at && text::starts_lower(lines[cell_lines[open_end + 1]].text)) ++open_end;
  for (std::size_t k = break_at; k < cell_lines.size(); ++k) {
    if (paren_depth(lines[cell_lines[k]].text) >= 0 && lines[cell_lines[k]].text.find(')') == std::string::npos) continue;
    std::size_t from = k;
    while (from > break_at) {
      const std::string& p = lines[cell_lines[from - 1]].text;
      if (!(text::starts_lower(p) || p.starts_with("- "))) break;
      --from;
    }
    std::vector<std::size_t> run(cell_lines.begin() + static_cast<long>(from), cell_lines.begin() + static_cast<long>(k) + 1);
    cell_lines.erase(cell_lines.begin() + static_cast<long>(from), cell_lines.begin() + static_cast<long>(k) + 1);
    cell_lines.insert(cell_lines.begin() + static_cast<long>(open_end) + 1, run.begin(), run.end());
    return;
  }
}

struct RowLines {
  std::string label;
  std::vector<std::size_t> idx;  // line indices, first is the row start
};

// Row numbers continue the numbering: the first child ("3" → "3.1"), or the next sibling at any
// level with small gaps allowed ("5.20" → "5.22"; printed tables skip numbers).
bool next_label_ok(const std::string& prev, const std::string& cand, bool allow_repeat) {
  if (prev.empty()) return cand == "1" || cand == "1.1";
  if (allow_repeat && prev == cand) return true;  // a number printed twice for two rows
  if (cand == prev + ".1") return true;
  auto parts = text::split(prev, '.');
  auto cparts = text::split(cand, '.');
  if (cparts.size() > parts.size()) return false;
  for (std::size_t k = 0; k + 1 < cparts.size(); ++k)
    if (cparts[k] != parts[k]) return false;
  int a = std::atoi(std::string(parts[cparts.size() - 1]).c_str());
  int b = std::atoi(std::string(cparts.back()).c_str());
  return b > a && b <= a + 3;
}

std::vector<Role> header_roles(const std::vector<CLine>& lines, std::size_t begin, std::size_t end) {
  std::vector<Role> roles;
  for (std::size_t i = begin; i < std::min(end, begin + 30); ++i) {
    const auto& f = lines[i].folded;
    auto add = [&](Role r) {
      if (std::find(roles.begin(), roles.end(), r) == roles.end()) roles.push_back(r);
    };
    if (contains(f, "lanh dao")) add(Role::leader);
    if (contains(f, "chu tri") || contains(f, "don vi thuc hien") || contains(f, "co quan thuc hien")) add(Role::lead);
    if (contains(f, "phoi")) add(Role::coord);
    if (contains(f, "thoi gian") || contains(f, "thoi han")) add(Role::time);
    if (contains(f, "san pham") || contains(f, "ket qua du kien")) add(Role::output);
  }
  return roles;
}

bool is_table_header_line(const CLine& l) {
  const auto& f = l.folded;
  static const char* keys[] = {"stt", "tt noi dung", "lanh dao ubnd", "tp phu trach", "co quan chu tri", "trien khai",
                               "co quan phoi", "hop", "thoi gian/", "thoi han", "san pham du kien", "chi tieu chi tiet",
                               "hoach hanh dong", "co quan chu tri thuc hien va", "bao cao", "co quan phoi hop"};
  auto t = text::trim(f);
  for (const char* k : keys)
    if (t == k) return true;
  return t.starts_with("chi tieu chi tiet") || t.starts_with("co quan chu tri thuc hien");
}

// Splits the non-content lines of a row into cell fragments.
std::vector<Frag> fragments(const std::vector<CLine>& lines, const std::vector<std::size_t>& idx, bool agencies_only) {
  std::vector<Frag> out;
  for (std::size_t li : idx) {
    const CLine& l = lines[li];
    std::string t(text::trim(l.text));
    bool bullet = t.starts_with("- ");
    // A leading space marks a new cell, except inside a list still open with ',' or ';'.
    bool list_open = !out.empty() && (text::trim(out.back().lines.back()).ends_with(";") ||
                                      text::trim(out.back().lines.back()).ends_with(","));
    bool start = out.empty() || (l.indent > 0 && !list_open) || l.gap >= 3 || leader_like(l.folded);
    // A parenthesis goes with the name before it ("Sở Tài chính" / "(Viện Nghiên cứu …"), and a cell
    // with an open parenthesis goes on until it closes ("kinh tế" / "- xã hội thành" / "phố)").
    // (A capitalised agency or timeframe still starts its own cell: a parenthesis may never close.)
    const bool paren_open = !out.empty() && paren_depth(join_text(out.back().lines)) > 0 &&
                            !(text::starts_upper(t) && (agency_start(t) || time_prefix(l.folded) > 0));
    if (!out.empty() && l.indent == 0 && l.gap < 3 && !leader_like(l.folded) && (t.starts_with("(") || paren_open)) {
      out.back().lines.push_back(t);
      out.back().last = li;
      if (out.back().bullet && t.ends_with(".")) out.back().closed = true;
      continue;
    }
    if (!start && !out.empty()) {
      Frag& cur = out.back();
      std::string prev = cur.lines.back();
      std::string prev_t(text::trim(prev));
      bool prev_open = prev_t.ends_with(",") || prev_t.ends_with(" và") || prev_t.ends_with("-") || prev_t.ends_with("và");
      if (cur.role == Role::time) {
        // A timeframe wraps: "Thường / xuyên", "Giai đoạn / 2025-2030", "Năm 2025 và / các năm tiếp theo".
        std::string cf = text::fold(prev_t);
        // It goes on with a lower-case word, a dash, or the date a wrapped word waits for; a capital
        // starts the next cell ("Hằng năm" / "Lớp tập huấn …").
        // "– 2030" after "Từ năm 2025", not a product bullet "- Kế hoạch".
        const std::string_view after_dash = text::trim(std::string_view(t).substr(t.starts_with("-") ? 1 : t.starts_with("\xE2\x80\x93") ? 3 : 0));
        const bool dash = (t.starts_with("-") || t.starts_with("\xE2\x80\x93")) && !after_dash.empty() &&
                          std::isdigit(static_cast<unsigned char>(after_dash[0]));
        const bool date_next = std::isdigit(static_cast<unsigned char>(t[0])) && !cf.empty() &&
                               !std::isdigit(static_cast<unsigned char>(cf.back()));
        bool open_time = text::starts_lower(t) || dash || date_next;
        start = !open_time;
      }
      else if (cur.bullet && bullet && !cur.closed) start = false;
      else if (cur.bullet && cur.closed) start = true;
      else if (cur.bullet && !bullet && text::starts_upper(t) && !prev_open && agency_start(t)) {
        // A bullet list ends when its last item is a complete name and another name follows
        // ("- Sở Ngoại vụ" / "Các cơ quan, …"), not when an item wraps ("- Ban Quản lý" / "Khu công nghệ cao …").
        std::string joined = join_text(cur.lines);
        auto dash = joined.rfind("- ");
        std::string item(text::trim(dash == std::string::npos ? joined : joined.substr(dash + 2)));
        while (!item.empty() && (item.back() == ';' || item.back() == ',')) item.pop_back();
        start = canonical_agency(item).has_value();
      }
      else if (bullet && !cur.bullet) start = true;
      else if (!agencies_only && time_prefix(l.folded) > 0 && !prev_open) start = true;
      else if (text::starts_upper(t) && !prev_open && !prev_t.ends_with(";") && agency_start(t) && !cur.bullet) start = true;
      else if (leader_like(text::fold(cur.lines.front())) && !text::starts_lower(t) && !prev_open) start = true;
    }
    if (start) {
      Frag f;
      f.indent = l.indent;
      f.first = li;
      f.bullet = bullet;
      out.push_back(f);
    }
    Frag& cur = out.back();
    cur.lines.push_back(t);
    cur.last = li;
    if (cur.bullet && (t.ends_with(".") || t.ends_with(". "))) cur.closed = true;
    // Role hints for the splitting of the next line.
    if (cur.lines.size() == 1) {
      if (time_prefix(l.folded) > 0 && !agencies_only) cur.role = Role::time;
    }
  }
  return out;
}

// A bulleted run holding two lists: "- A; - B, - C; - D." → "- A; - B," and "- C; - D." when exactly one
// item before the last ends with ',' and the others with ';'.
std::optional<std::pair<Frag, Frag>> split_two_lists(const Frag& f) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < f.lines.size(); ++i)
    if (f.lines[i].starts_with("- ")) starts.push_back(i);
  if (starts.size() < 3 || starts.front() != 0) return std::nullopt;
  std::size_t cut = 0;
  int commas = 0;
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    const std::string end(text::trim(f.lines[starts[k + 1] - 1]));
    if (end.ends_with(",")) {
      ++commas;
      cut = starts[k + 1];
    } else if (!end.ends_with(";")) {
      return std::nullopt;
    }
  }
  if (commas != 1) return std::nullopt;
  Frag a = f, b = f;
  a.lines.assign(f.lines.begin(), f.lines.begin() + static_cast<long>(cut));
  b.lines.assign(f.lines.begin() + static_cast<long>(cut), f.lines.end());
  return std::make_pair(a, b);
}

struct Cells {
  std::string leader, lead, coord, time, output, content_extra;
};

// Assigns fragments to columns in header order; leading spaces skip empty cells.
Cells assign(std::vector<Frag> frags, const std::vector<Role>& roles) {
  Cells c;
  auto pos_of = [&](Role r) {
    auto it = std::find(roles.begin(), roles.end(), r);
    return it == roles.end() ? -1 : static_cast<int>(it - roles.begin());
  };
  // Expand merged lines first: "Năm 2025 Văn bản …" → time + output; "Sở Nội vụ Sở Khoa học" → two.
  std::vector<Frag> ex;
  for (auto& f : frags) {
    std::string first = f.lines.front();
    std::string ff = text::fold(first);
    std::size_t tp = time_prefix(ff);
    if (tp > 0 && tp < ff.size() && f.lines.size() >= 1 && pos_of(Role::output) >= 0) {
      auto [a, b] = split_at_word(first, ff, tp);
      if (!a.empty() && !text::trim(b).empty() && text::starts_upper(text::trim(b))) {
        Frag t1 = f;
        t1.lines = {a};
        Frag t2 = f;
        t2.indent = 0;
        t2.lines.assign(f.lines.begin(), f.lines.end());
        t2.lines.front() = b;
        ex.push_back(t1);
        ex.push_back(t2);
        ex.back().role = Role::output;
        continue;
      }
    }
    if (agency_start(first) && !f.bullet) {
      // An agency and the time cell on one baseline: "Sở Nội vụ Thường" / "xuyên".
      if (const std::size_t sp = merged_time_split(first); sp != std::string::npos && pos_of(Role::time) >= 0) {
        Frag a = f, b = f;
        a.lines = {first.substr(0, sp)};
        b.indent = 0;
        b.lines.front() = std::string(text::trim(first.substr(sp)));
        b.role = Role::time;
        // The time cell wraps on in lower case or with its date; a capitalised line is the next cell.
        std::size_t n = 1;
        while (n < b.lines.size() && (text::starts_lower(b.lines[n]) || std::isdigit(static_cast<unsigned char>(b.lines[n][0])))) ++n;
        Frag rest = b;
        rest.role = Role::content;
        rest.lines.assign(b.lines.begin() + static_cast<long>(n), b.lines.end());
        b.lines.resize(n);
        ex.push_back(a);
        ex.push_back(b);
        if (!rest.lines.empty()) ex.push_back(rest);
        continue;
      }
      auto sp = merged_agency_split(first);
      if (sp != std::string::npos) {
        Frag a = f, b = f;
        a.lines = {first.substr(0, sp)};
        b.indent = 0;
        b.lines.assign(f.lines.begin(), f.lines.end());
        b.lines.front() = std::string(text::trim(first.substr(sp)));
        b.bullet = b.lines.front().starts_with("- ");
        ex.push_back(a);
        ex.push_back(b);
        continue;
      }
    }
    ex.push_back(f);
  }
  int pos = 0;
  bool any = false;
  bool lead_list_open = false;  // the lead cell is a bulleted list not closed with '.'
  bool lead_spill = false;      // the lead list goes on after the product, on the next page
  for (auto& f : ex) {
    pos += f.indent;
    std::string t = f.text();
    std::string ft = text::fold(t);
    // A page break cuts a bulleted lead list: its rest comes after the closed product, on a line with a
    // leading space ("… kỹ thuật Đà" … "được phê duyệt." / " Nẵng;" / "- Sở Tài chính.").
    const std::string out_t(text::trim(c.output));
    const bool list_piece = text::trim(t).ends_with(";") || text::trim(t).ends_with(",") || (f.bullet && agency_start(t));
    if (lead_list_open && !out_t.empty() && out_t.ends_with(".") && list_piece && (f.indent > 0 || lead_spill)) {
      c.lead += " " + t;
      lead_spill = true;
      lead_list_open = !text::trim(t).ends_with(".");
      continue;
    }
    Role r;
    bool list_run = false;  // the coordinating list goes on in a further run
    int lp = pos_of(Role::leader), tp = pos_of(Role::time), op = pos_of(Role::output);
    bool leader_follows = false;
    for (std::size_t k = static_cast<std::size_t>(&f - ex.data()) + 1; k < ex.size(); ++k)
      leader_follows = leader_follows || leader_like(text::fold(ex[k].lines.front()));
    if (lp >= 0 && pos <= lp && leader_like(ft)) r = Role::leader;
    else if (lp >= 0 && !any && leader_follows && !agency_start(t)) r = Role::content;  // text that ran past its lines
    else if (f.indent > 0 && pos < static_cast<int>(roles.size()) && any) r = roles[static_cast<std::size_t>(pos)];
    else if (tp >= 0 && pos <= tp && time_prefix(ft) > 0 && !agency_start(t)) r = Role::time;
    else if (agency_start(t) && pos <= pos_of(Role::coord)) r = pos <= pos_of(Role::lead) ? Role::lead : Role::coord;
    else if (agency_start(t) && pos_of(Role::coord) >= 0 && c.time.empty() && c.output.empty()) {
      r = Role::coord;  // a list in runs
      list_run = !c.coord.empty() && f.bullet && time_prefix(ft) == 0;
    }
    else if (pos < static_cast<int>(roles.size()) && roles[static_cast<std::size_t>(pos)] != Role::leader) r = roles[static_cast<std::size_t>(pos)];
    else r = op >= 0 ? Role::output : Role::coord;
    if (f.role == Role::output && op >= 0) r = Role::output;
    // Agencies never go to the time column; text that is not an agency never leads.
    if ((r == Role::lead || r == Role::coord) && !agency_start(t) && tp >= 0 && time_prefix(ft) > 0) r = Role::time;
    if (r == Role::content) {
      if (!c.content_extra.empty()) c.content_extra.push_back(' ');
      c.content_extra += t;
      continue;
    }
    // The lead and coordinating lists in one run: the next cell starts without a leading space, so the
    // coordinating cell is not empty; the lead list ends at its item closed with ',' among ';'.
    if (const std::size_t fi = static_cast<std::size_t>(&f - ex.data());
        r == Role::lead && f.bullet && c.lead.empty() && pos_of(Role::coord) >= 0 && fi + 1 < ex.size() &&
        ex[fi + 1].indent == 0 && !agency_start(ex[fi + 1].text())) {
      if (auto two = split_two_lists(f)) {
        c.lead = two->first.text();
        c.coord = two->second.text();
        lead_list_open = false;
        pos = pos_of(Role::coord) + 1;
        any = true;
        continue;
      }
    }
    int rp = static_cast<int>(std::find(roles.begin(), roles.end(), r) - roles.begin());
    if (rp < pos && r != Role::output && !list_run) r = roles[static_cast<std::size_t>(std::min<int>(pos, static_cast<int>(roles.size()) - 1))];
    rp = static_cast<int>(std::find(roles.begin(), roles.end(), r) - roles.begin());
    std::string* dst = nullptr;
    switch (r) {
      case Role::leader: dst = &c.leader; break;
      case Role::lead: dst = &c.lead; break;
      case Role::coord: dst = &c.coord; break;
      case Role::time: dst = &c.time; break;
      case Role::output: dst = &c.output; break;
      case Role::content: dst = &c.content_extra; break;
    }
    if (!dst->empty()) dst->push_back(' ');
    *dst += t;
    if (r == Role::lead) lead_list_open = f.bullet && !text::trim(t).ends_with(".");
    pos = std::max(pos, rp + 1);
    if (r == Role::output) pos = rp;  // products may continue in several runs
    any = true;
  }
  return c;
}

// Collects rows: a row starts with a number that continues the numbering; a roman numeral opens a group.
struct Grouped {
  std::string group_label, group_title;
  std::vector<RowLines> rows;
};

std::vector<Grouped> collect_rows(const std::vector<CLine>& lines, std::size_t begin, std::size_t end, bool allow_repeat,
                                  bool phases) {
  std::vector<Grouped> out;
  std::string prev;
  for (std::size_t i = begin; i < end; ++i) {
    const CLine& l = lines[i];
    if (l.header || is_table_header_line(l)) continue;
    if (l.indent <= 3) {
      Marker m = parse_marker(l.text, true);
      if (m.kind == MarkerKind::roman && m.rest < l.text.size() && text::starts_upper(l.text.substr(m.rest)) &&
          (out.empty() || roman_value(m.label) == roman_value(out.back().group_label) + 1)) {
        Grouped g;
        g.group_label = m.label;
        g.group_title = l.text.substr(m.rest);
        out.push_back(g);
        prev.clear();
        continue;
      }
      if ((m.kind == MarkerKind::arabic || m.kind == MarkerKind::dotted) && m.rest < l.text.size() &&
          next_label_ok(prev, m.label, allow_repeat) && !text::starts_lower(l.text.substr(m.rest))) {
        if (out.empty()) out.emplace_back();  // a table without group rows
        RowLines r;
        r.label = m.label;
        r.idx.push_back(i);
        out.back().rows.push_back(r);
        prev = m.label;
        continue;
      }
    }
    if (!out.empty() && !out.back().rows.empty()) out.back().rows.back().idx.push_back(i);
    else if (!out.empty() && out.back().rows.empty() && !phases) {
      // A group title wrapped over two lines.
      out.back().group_title += " " + l.text;
    }
  }
  return out;
}

std::size_t display_len(const std::string& s) { return text::length(text::trim(s)); }

// ---------------------------------------------------------------------------------------------
// Rows whose first line carries the first line of every cell: "2.4 Ít nhất 80% … PCT UBND - Sở Khoa
// học và Các cơ quan, Năm 2025 Khu Công viên phần". The text then wraps on, and the other cells go on
// below in column order ("thành phố phụ / trách", "công nghệ; / - Sở Tài chính.", "đơn vị liên / quan",
// "mềm số 2 …"), each continuing the head printed on the first line.

// Words of a leader phrase after its title ("PCT UBND thành phố phụ trách", "Chủ tịch UBND tỉnh").
bool leader_word(std::string_view folded_word) {
  static constexpr std::string_view kWords[] = {"ubnd", "tp", "thanh", "pho", "phu", "trach", "tinh", "huyen"};
  return std::find(std::begin(kWords), std::end(kWords), folded_word) != std::end(kWords);
}

// A wrapped leader line: lower-case words of a leader phrase only ("thành phố phụ", "trách").
bool leader_tail_line(const std::string& printed) {
  std::string t(text::trim(printed));
  if (t.empty() || !text::starts_lower(t)) return false;
  const std::string f = text::fold(t);
  for (auto w : text::split(f, ' '))
    if (!w.empty() && !leader_word(w)) return false;
  return true;
}

bool leader_complete(const std::string& printed) {
  auto f = text::fold(std::string(text::trim(printed)));
  return f.ends_with("phu trach");
}

struct Word {
  std::size_t b = 0, e = 0;
  std::string f;  // folded
};

std::vector<Word> words_of(const std::string& s) {
  std::vector<Word> out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    std::size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    out.push_back({i, j, text::fold(s.substr(i, j - i))});
    i = j;
  }
  return out;
}

struct MergedHeads {
  std::string content, leader, lead, coord, time, output;
};

// Reads the cells' first lines off the row's first line; nullopt when the line holds text only.
std::optional<MergedHeads> merged_heads(const std::string& rest, bool has_coord) {
  auto ws = words_of(rest);
  auto from = [&](std::size_t a, std::size_t b) {
    if (a >= b) return std::string();
    return rest.substr(ws[a].b, ws[b - 1].e - ws[a].b);
  };
  for (std::size_t w = 2; w + 2 < ws.size(); ++w) {
    // The leader's title: "PCT", "CT", "Chủ tịch", "Phó Chủ tịch", "Lãnh đạo" (capitalised).
    if (!cap_word(rest.substr(ws[w].b))) continue;
    std::size_t k = w;
    if (ws[k].f == "pct" || ws[k].f == "ct") ++k;
    else if (ws[k].f == "chu" && ws[k + 1].f == "tich") k += 2;
    else if (ws[k].f == "lanh" && ws[k + 1].f == "dao") k += 2;
    else if (ws[k].f == "pho" && k + 2 < ws.size() && ws[k + 1].f == "chu" && ws[k + 2].f == "tich") k += 3;
    else continue;
    if (k >= ws.size() || ws[k].f != "ubnd") continue;
    ++k;
    while (k < ws.size() && leader_word(ws[k].f) && (ws[k].f == "tp" || text::starts_lower(rest.substr(ws[k].b)))) ++k;
    if (k >= ws.size()) return std::nullopt;
    const std::size_t lead_at = k;
    const std::size_t name_at = ws[k].f == "-" ? k + 1 : k;
    if (name_at >= ws.size() || !agency_start(rest.substr(ws[name_at].b))) return std::nullopt;
    // The time cell's head: a timeframe phrase, or its first word wrapped before the date ("Thường",
    // "Tháng") when a capitalised word (the product) or nothing follows.
    std::size_t time_at = 0, time_end = 0;
    auto ends_a_name = [&](std::size_t q) {  // "Sở Công Thương": "Thương" folds like "Thường"
      for (std::size_t b = name_at; b < q; ++b)
        if (gaz_exact(key_of(from(b, q + 1)))) return true;
      return false;
    };
    for (std::size_t q = name_at + 1; q < ws.size() && !time_end; ++q) {
      if (!cap_word(rest.substr(ws[q].b)) || ends_a_name(q)) continue;
      const std::string tail = rest.substr(ws[q].b);
      const std::string tf = text::fold(tail);
      if (std::size_t n = time_prefix(tf); n > 0) {
        auto [a, b] = split_at_word(tail, tf, n);
        time_at = q;
        time_end = q + words_of(a).size();
        break;
      }
      std::string bare;
      for (std::size_t n = 0; n < 3 && q + n < ws.size(); ++n) {
        bare += (n ? " " : "") + ws[q + n].f;
        const bool next_cap = q + n + 1 >= ws.size() || cap_word(rest.substr(ws[q + n + 1].b));
        if (time_prefix(bare) == bare.size() && next_cap) {
          time_at = q;
          time_end = q + n + 1;
          break;
        }
      }
    }
    if (!time_end) return std::nullopt;
    MergedHeads h;
    h.content = from(0, w);
    h.leader = from(w, lead_at);
    // Lead and coordinating heads: the coordinating cell starts at the last capitalised word that
    // starts an agency name; two spaces before the time mark an empty coordinating cell.
    std::size_t coord_at = time_at;
    const bool empty_coord = rest.compare(ws[time_at].b - 2, 2, "  ") == 0;
    if (has_coord && !empty_coord)
      for (std::size_t q = time_at - 1; q > name_at; --q)
        if (cap_word(rest.substr(ws[q].b)) && ws[q - 1].f != "-" && agency_start(from(q, time_at))) {
          coord_at = q;
          break;
        }
    h.lead = from(lead_at, coord_at);
    h.coord = from(coord_at, time_at);
    h.time = from(time_at, time_end);
    h.output = from(time_end, ws.size());
    return h;
  }
  return std::nullopt;
}

// True when a cell's text so far cannot end there: a list still open, or a dangling word ("và").
bool cell_open(const std::string& printed) {
  std::string t(text::trim(printed));
  if (t.empty()) return true;
  if (t.ends_with(",") || t.ends_with(";") || t.ends_with("-")) return true;
  auto ws = words_of(t);
  return std::find(std::begin(kDanglingEnd), std::end(kDanglingEnd), ws.back().f) != std::end(kDanglingEnd);
}

// The last item of an agency cell ("- Sở Khoa học và Công nghệ; - Sở Tài" → "Sở Tài").
std::string last_item(const std::string& joined) {
  std::size_t cut = 0;
  for (std::size_t i = 0; i < joined.size(); ++i)
    if (joined[i] == ';' || (joined[i] == '-' && (i == 0 || joined[i - 1] == ' ') && i + 1 < joined.size() && joined[i + 1] == ' '))
      cut = i + 1;
  return std::string(text::trim(joined.substr(cut)));
}

// Continues an agency cell whose head is on the first line with the lines below it: while the cell is
// open, a bulleted list goes on with "- ", or a lower-case line wraps a name that is not yet a known body.
void continue_agency_cell(Frag& cell, const std::vector<std::string>& below, std::size_t& i) {
  while (i < below.size()) {
    const std::string joined = join_text(cell.lines);
    if (joined.ends_with(".")) return;
    const std::string& t = below[i];
    const bool take = cell_open(joined) || (cell.bullet && t.starts_with("- ")) ||
                      (text::starts_lower(t) && !gaz_exact(key_of(last_item(joined))) &&
                       !text::fold(joined).ends_with("lien quan"));
    if (!take) return;
    cell.lines.push_back(t);
    ++i;
  }
}

// After a page break the last lines of several cells can share one line below the continued text:
// "trách  Sở Ngoại vụ quan" ends the leader ("PCT UBND thành phố phụ" above), adds a lead agency and
// ends the coordinating cell. Such a line starts with the words that complete an unfinished leader.
bool cells_tail_line(const std::vector<CLine>& lines, const std::vector<std::size_t>& cell_lines, const std::string& line) {
  auto ws = words_of(std::string(text::trim(line)));
  if (ws.size() < 2 || !text::starts_lower(text::trim(line)) || !leader_word(ws[0].f)) return false;
  std::string leader;
  for (std::size_t li : cell_lines) {
    const CLine& l = lines[li];
    if (leader.empty() && leader_like(l.folded)) leader = l.text;
    else if (!leader.empty() && leader_tail_line(l.text)) leader += " " + l.text;
    else if (!leader.empty()) break;
  }
  if (leader.empty() || leader_complete(leader)) return false;
  std::size_t n = 0;
  while (n < ws.size() && leader_word(ws[n].f) && !leader_complete(leader)) leader += " " + ws[n++].f;
  return leader_complete(leader) && n < ws.size() && agency_start(std::string(text::trim(line)).substr(ws[n].b));
}

// Spreads such a line over the cells: the leader's last words, then an agency added to the lead (the
// longest known name), then the words that end the coordinating cell.
void add_cells_tail(Cells& c, const std::string& line) {
  const std::string t(text::trim(line));
  auto ws = words_of(t);
  std::size_t n = 0;
  while (n < ws.size() && leader_word(ws[n].f) && !leader_complete(c.leader)) {
    c.leader += " " + t.substr(ws[n].b, ws[n].e - ws[n].b);
    ++n;
  }
  if (n >= ws.size()) return;
  std::size_t end = ws.size();
  for (std::size_t e = ws.size(); e > n; --e)
    if (gaz_exact(key_of(t.substr(ws[n].b, ws[e - 1].e - ws[n].b)))) {
      end = e;
      break;
    }
  std::string agency = t.substr(ws[n].b, ws[end - 1].e - ws[n].b);
  std::string lead(text::trim(c.lead));
  if (!lead.empty() && !lead.ends_with(";") && !lead.ends_with(",")) lead += ";";
  c.lead = lead.empty() ? agency : lead + " " + agency;
  if (end < ws.size()) {
    const std::string rest = t.substr(ws[end].b);
    std::string& dst = c.coord.empty() ? c.output : c.coord;
    dst += (dst.empty() ? "" : " ") + rest;
  }
}

// Rebuilds the cells of a row whose first line carries every cell's head from the lines below.
Cells merged_cells(const MergedHeads& h, const std::vector<std::string>& below) {
  Cells c;
  std::size_t i = 0;
  c.leader = h.leader;
  while (i < below.size() && !leader_complete(c.leader) && leader_tail_line(below[i])) c.leader += " " + below[i++];
  Frag lead;
  lead.lines = {h.lead};
  lead.bullet = h.lead.starts_with("- ");
  continue_agency_cell(lead, below, i);
  c.lead = lead.text();
  std::string time = h.time;
  const std::string tf = text::fold(time);
  // A time head wrapped before its date takes the start of the line that continues it.
  auto time_goes_on = [&](const std::string& line) {
    // " x": the phrase must be complete on its own, not wait for a date on a further line.
    const std::string f = tf + " " + text::fold(line) + " x";
    return time_prefix(f) > tf.size() + 1;
  };
  if (!h.coord.empty()) {
    Frag coord;
    coord.lines = {h.coord};
    coord.bullet = h.coord.starts_with("- ");
    std::vector<std::string> upto;
    std::size_t j = i;
    while (j < below.size() && !(time_prefix(tf) == tf.size() && time_goes_on(below[j]))) upto.push_back(below[j++]);
    std::size_t k = 0;
    continue_agency_cell(coord, upto, k);
    i += k;
    c.coord = coord.text();
  }
  std::string out = h.output;
  if (i < below.size() && time_prefix(tf) == tf.size() && time_goes_on(below[i])) {
    const std::string f = tf + " " + text::fold(below[i]);
    auto [a, b] = split_at_word(below[i], text::fold(below[i]), time_prefix(f) - tf.size() - 1);
    time += " " + a;
    if (!text::trim(b).empty()) out += (out.empty() ? "" : " ") + b;
    ++i;
  }
  c.time = time;
  for (; i < below.size(); ++i) out += (out.empty() ? "" : " ") + below[i];
  c.output = out;
  return c;
}

}  // namespace

TableResult parse_interleaved_table(const std::vector<CLine>& lines, std::size_t begin, std::size_t end) {
  TableResult res;
  auto roles = header_roles(lines, begin, end);
  if (std::find(roles.begin(), roles.end(), Role::lead) == roles.end()) return res;
  bool task_table = false;
  for (std::size_t i = begin; i < std::min(end, begin + 30); ++i)
    task_table = task_table || contains(lines[i].folded, "noi dung nhiem vu") || contains(lines[i].folded, "nhiem vu");
  if (!task_table) return res;
  res.found = true;
  const bool has_leader = std::find(roles.begin(), roles.end(), Role::leader) != roles.end();
  auto groups = collect_rows(lines, begin, end, false, false);
  for (const auto& g : groups) {
    // First pass: cells of every row.
    struct Built {
      Task t;
      bool has_lead = false;
    };
    std::vector<Built> built;
    for (const auto& r : g.rows) {
      const CLine& first = lines[r.idx.front()];
      Marker m = parse_marker(first.text, true);
      std::vector<std::string> content{first.text.substr(m.rest)};
      const bool has_coord = std::find(roles.begin(), roles.end(), Role::coord) != roles.end();
      const bool has_time = std::find(roles.begin(), roles.end(), Role::time) != roles.end();
      std::optional<MergedHeads> heads;
      if (has_leader && has_time) heads = merged_heads(first.text.substr(m.rest), has_coord);
      if (heads) content.front() = heads->content;
      const bool bulleted_text = content.front().starts_with("- ");
      std::size_t k = 1;
      std::size_t prev_len = display_len(first.text);
      std::size_t max_len = prev_len;
      for (; k < r.idx.size(); ++k) {
        const CLine& l = lines[r.idx[k]];
        // A leading space after a full-width line is the page break, not an empty cell.
        bool page_break = l.indent > 0 && prev_len >= 30 && text::starts_lower(l.text);
        bool digit_start = std::isdigit(static_cast<unsigned char>(l.text[0])) && time_prefix(l.folded) == 0;
        // Without a leader column the lead cell follows the text directly: a capitalised agency
        // name on a line much shorter than the text column starts the cells.
        bool agency_cell = !has_leader && text::starts_upper(l.text) && agency_start(l.text) &&
                           display_len(l.text) * 10 < max_len * 7;
        // With the cells' heads on the first line, the text ends where the leader's wrap begins.
        // A text written as a list ("9.1 - Các sở …") goes on with its next item, as wide as the text.
        const bool next_item = bulleted_text && l.text.starts_with("- ") && display_len(l.text) * 10 >= max_len * 8;
        const bool leader_wrap = heads && !leader_complete(heads->leader) && leader_tail_line(l.text);
        // (There a leading space on the text's next line is no empty cell: every cell started above.)
        bool cont = (l.indent == 0 || page_break || heads) && !leader_like(l.folded) && !agency_cell && !leader_wrap &&
                    (prev_len >= std::min<std::size_t>(30, max_len * 3 / 4) || text::starts_lower(l.text) || digit_start || next_item) &&
                    // A bulleted agency starts the lead cell unless the line is as wide as the text
                    // ("- Sở Khoa học và Công nghệ thẩm định, …" is an item of the text).
                    !(l.text.starts_with("- ") && agency_start(l.text.substr(2)) &&
                      display_len(l.text) * 10 < max_len * 8);
        if (!cont) break;
        content.push_back(l.text);
        prev_len = display_len(l.text);
        max_len = std::max(max_len, prev_len);
      }
      // The other cells; long lines among them continue the content after a page break.
      std::vector<std::size_t> cell_lines;
      std::vector<std::string> cell_tails;
      std::size_t break_at = std::string::npos;  // where the text went on after the cells (page break)
      bool in_cont = false;
      for (; k < r.idx.size(); ++k) {
        const CLine& l = lines[r.idx[k]];
        std::size_t len = display_len(l.text);
        if (in_cont && !heads && cells_tail_line(lines, cell_lines, l.text)) {
          cell_tails.push_back(l.text);
          in_cont = false;
          continue;
        }
        bool long_line = len >= 32 && time_prefix(l.folded) == 0 && !agency_start(std::string(text::trim(l.text)));
        // A short line closing a parenthesis left open in the cells ends that cell, not the text.
        bool closes_cell = false;
        if (in_cont && !long_line && paren_depth(l.text) < 0) {
          int depth = 0;
          for (std::size_t li : cell_lines) depth += paren_depth(lines[li].text);
          closes_cell = depth > 0;
        }
        if (!closes_cell && (long_line || (in_cont && (text::starts_lower(l.text) || len >= 30) && l.gap <= 1))) {
          content.push_back(l.text);
          if (break_at == std::string::npos && !cell_lines.empty()) break_at = cell_lines.size();
          in_cont = len >= 30;
          continue;
        }
        in_cont = false;
        cell_lines.push_back(r.idx[k]);
      }
      if (break_at != std::string::npos) close_cut_parenthesis(lines, cell_lines, break_at);
      Cells c;
      if (heads) {
        std::vector<std::string> below;
        for (std::size_t li : cell_lines) below.emplace_back(text::trim(lines[li].text));
        c = merged_cells(*heads, below);
      } else {
        c = assign(fragments(lines, cell_lines, false), roles);
      }
      Task t;
      std::string label = r.label;
      const std::string prefix = g.group_label.empty() ? std::string() : g.group_label + ".";
      t.ref = prefix + label;
      auto dot = label.rfind('.');
      if (dot != std::string::npos) t.parent_ref = prefix + label.substr(0, dot);
      t.group = clean_cell(g.group_title);
      for (const auto& tail : cell_tails) add_cells_tail(c, tail);
      if (!c.content_extra.empty()) content.push_back(c.content_extra);
      t.text = join_text(content);
      if (!c.leader.empty()) t.leader = clean_cell(c.leader);
      t.lead = agency_refs(c.lead);
      t.coordinating = agency_refs(c.coord);
      if (!c.time.empty()) t.timeframe = parse_timeframe(clean_cell(c.time));
      if (!c.output.empty()) t.output = clean_cell(c.output);
      t.source = span_of(lines[r.idx.front()], lines[r.idx.back()]);
      t.confidence = t.lead.empty() ? 0.4 : 0.75;
      built.push_back({std::move(t), !c.lead.empty()});
    }
    // A parent row whose sub-rows carry the assignment is not a task unless it has its own lead.
    for (std::size_t i = 0; i < built.size(); ++i) {
      bool has_children = false;
      for (std::size_t j = i + 1; j < built.size(); ++j)
        if (built[j].t.parent_ref && *built[j].t.parent_ref == built[i].t.ref) has_children = true;
      if (has_children && !built[i].has_lead) continue;
      res.tasks.push_back(std::move(built[i].t));
    }
  }
  return res;
}

std::vector<Indicator> parse_indicator_table(const std::vector<CLine>& lines, std::size_t begin, std::size_t end,
                                             std::vector<ImportWarning>& warnings) {
  std::vector<Indicator> out;
  bool indicator_table = false;
  for (std::size_t i = begin; i < std::min(end, begin + 12); ++i)
    indicator_table = indicator_table || contains(lines[i].folded, "chi tieu");
  if (!indicator_table) return out;
  std::vector<Role> roles{Role::lead, Role::coord};
  // Phase blocks "I ĐẾN HẾT NĂM 2025"; sub-group rows "1 Phát triển hạ tầng" carry no number.
  auto groups = collect_rows(lines, begin, end, true, true);
  for (const auto& g : groups) {
    std::string phase;
    std::string gf = text::fold(g.group_title);
    for (std::size_t p = 0; p + 4 <= gf.size(); ++p)
      if (is_year(gf, p) && (p == 0 || !std::isdigit(static_cast<unsigned char>(gf[p - 1])))) phase = gf.substr(p, 4);
    for (const auto& r : g.rows) {
      if (r.label.find('.') == std::string::npos) continue;  // sub-group heading
      const CLine& first = lines[r.idx.front()];
      Marker m = parse_marker(first.text, true);
      std::string firstline = first.text.substr(m.rest);
      std::vector<std::string> content;
      std::vector<std::size_t> cell_lines;
      // The first line may carry the lead cell after the text ("… ≥ 80% Sở Khoa học và Công nghệ").
      std::string lead_inline;
      {
        auto sp = firstline.find("  ");
        std::vector<std::size_t> spaces;
        for (std::size_t i = 0; i < firstline.size(); ++i)
          if (firstline[i] == ' ') spaces.push_back(i);
        std::size_t cut = std::string::npos;
        for (std::size_t s : spaces) {
          std::string tail(text::trim(firstline.substr(s)));
          if (tail.size() > 4 && text::starts_upper(tail) && agency_start(tail) && s > 10) {
            cut = s;
            break;
          }
        }
        if (cut == std::string::npos && sp != std::string::npos && sp > 10 && !text::trim(firstline.substr(sp)).empty()) cut = sp;
        if (cut != std::string::npos) {
          lead_inline = std::string(text::trim(firstline.substr(cut)));
          firstline = firstline.substr(0, cut);
        }
      }
      content.push_back(firstline);
      std::size_t prev_len = display_len(first.text);
      std::size_t k = 1;
      for (; k < r.idx.size(); ++k) {
        const CLine& l = lines[r.idx[k]];
        std::string t(text::trim(l.text));
        // Agency cells start with a capital ("Sở …", "Các sở …"); a lower-case line after the
        // text ("trường, đô thị thông minh") is the text wrapping on.
        if ((text::starts_upper(t) && agency_start(t)) || (l.indent > 0 && !text::starts_lower(t))) break;
        if (!(prev_len >= 30 || text::starts_lower(t))) break;
        if (!lead_inline.empty() && !text::starts_lower(t)) break;
        content.push_back(t);
        prev_len = display_len(t);
      }
      for (; k < r.idx.size(); ++k) cell_lines.push_back(r.idx[k]);
      auto frags = fragments(lines, cell_lines, true);
      if (!lead_inline.empty()) {
        Frag f;
        f.lines = {lead_inline};
        frags.insert(frags.begin(), f);
      }
      Cells c = assign(frags, roles);
      Indicator ind;
      ind.ref = r.label;
      ind.phase = phase;
      ind.text = join_text(content);
      ind.targets = parse_targets(ind.text);
      if (ind.targets.empty()) ind.targets.push_back(Target{});
      ind.lead = agency_refs(c.lead);
      ind.coordinating = agency_refs(c.coord + (c.output.empty() ? "" : " " + c.output));
      ind.source = span_of(lines[r.idx.front()], lines[r.idx.back()]);
      ind.confidence = 0.7;
      if (ind.lead.empty()) warnings.push_back({"chỉ tiêu " + phase + "/" + ind.ref + ": chưa xác định được cơ quan chủ trì", ind.source});
      out.push_back(std::move(ind));
    }
  }
  return out;
}

}  // namespace planwatch::extract
