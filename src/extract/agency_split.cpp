// Splitting a cell that names several agencies: on ';', bullets, commas between distinct bodies,
// "và" between complete names, and where a lost line break joined two names.
#include <algorithm>
#include <string>
#include <vector>

#include "agency_grammar.hpp"
#include "agency_lookup.hpp"
#include "planwatch/extract/agencies.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::extract {

using grammar::phrase_at;
using grammar::Tok;
using grammar::TokKind;

namespace {

struct Piece {
  std::size_t a = 0, b = 0;  // token range
  bool hard = false;         // boundary before it is a ';', bullet or lost line break (never merged)
};

bool is_actor_start(const Cell& c, std::size_t a, std::size_t b) {
  HeadKind k;
  bool weak;
  if (head_at(c, a, b, &k, &weak) > 0) return !weak || k != HeadKind::org || cap_word(c.raw(a));
  // OCR-damaged two-word heads: "bang uy"/"Dang ty" for "Đảng ủy", "Cép uy" for "Cấp ủy".
  if (a + 1 < b && c.t[a].kind == TokKind::word && c.t[a + 1].kind == TokKind::word) {
    std::string two = c.t[a].text + " " + c.t[a + 1].text;
    for (const auto& h : kHeads) {
      if (h.kind == HeadKind::actor || h.phrase.size() < 7 || grammar::word_count(h.phrase) != 2) continue;
      if (grammar::edit_distance(two, h.phrase, 1) <= 1) return true;
    }
  }
  return false;
}

// Is [a, b) a complete name, after which a new capitalised agency may start (lost line break)?
bool complete_name(const Cell& c, std::size_t a, std::size_t b) {
  if (b <= a) return false;
  const Tok& last = c.t[b - 1];
  for (auto d : kDanglingEnd)
    if (last.text == d) return false;
  if (last.kind == TokKind::punct && last.text != ")") return false;
  HeadKind k;
  bool weak;
  std::size_t h = head_at(c, a, b, &k, &weak);
  if (h > 0 && a + h >= b) return false;  // a bare head: "Văn phòng", "Đảng ủy", "Trường"
  std::size_t rest = 0;
  std::size_t n = collectives(c, a, b, &rest);
  if (n > 0 && rest == b) return false;  // "Các Trường", "các Sở"
  if (h > 0 && phrase_at(c.t, a, "cong ty")) {
    std::size_t q = a + h;
    while (q < b && (c.t[q].text == "cp" || c.t[q].text == "tnhh" || c.t[q].text == "co" || c.t[q].text == "phan" ||
                     c.t[q].text == "mtv"))
      ++q;
    if (q >= b) return false;
  }
  return true;
}

// Heads that may start a new agency after a lost line break.
bool break_head(const Cell& c, std::size_t j, std::size_t end) {
  if (!cap_word(c.raw(j))) return false;
  static constexpr std::string_view kBreak[] = {
      "so",    "ubnd",         "uy ban nhan dan", "ban quan ly", "bql",       "ban",         "cong an",
      "van phong", "thong ke", "bo chi huy",      "bo",          "trung tam", "truong",      "vien",
      "cong ty",   "tap doan", "bao",             "hiep hoi",    "hoi",       "quy",         "cac",
      "dien luc",  "thue",     "kho bac",         "cong thong tin", "doanh nghiep", "dai hoc", "dang uy"};
  for (auto p : kBreak) {
    if (!phrase_at(c.t, j, p)) continue;
    HeadKind k;
    bool weak;
    std::size_t n = head_at(c, j, end, &k, &weak);
    if (n > 0 && !weak) return true;
    if (p == "cac") return true;
  }
  return false;
}

void trim_piece(const Cell& c, Piece& p) {
  auto junk = [&](const Tok& t) {
    return t.kind == TokKind::punct && (t.text == "," || t.text == "." || t.text == ";" || t.text == ":" ||
                                        t.text == "-" || t.text == "+" || t.text == "*" || t.text == "\xE2\x80\xA2" ||
                                        t.text == "\xE2\x80\x93");
  };
  while (p.a < p.b && junk(c.t[p.a])) ++p.a;
  while (p.b > p.a && junk(c.t[p.b - 1])) --p.b;
}

// Drops "thực hiện theo (quy định về) chức năng(,) nhiệm vụ" qualifiers (token ranges to skip).
std::vector<bool> qualifier_mask(const Cell& c) {
  std::vector<bool> drop(c.t.size(), false);
  for (std::size_t i = 0; i < c.t.size(); ++i) {
    if (!phrase_at(c.t, i, "thuc hien theo")) continue;
    for (std::size_t j = i + 3; j < c.t.size() && j < i + 9; ++j) {
      if (phrase_at(c.t, j, "nhiem vu")) {
        for (std::size_t q = i; q < j + 2; ++q) drop[q] = true;
        break;
      }
    }
  }
  return drop;
}

// Splits [a, b) at " và " when both sides are complete agency names ("Sở Tài chính và các Sở, ngành").
void split_on_va(const Cell& c, Piece p, std::vector<Piece>& out) {
  int depth = 0;
  for (std::size_t j = p.a + 1; j + 1 < p.b; ++j) {
    if (c.t[j].text == "(") ++depth;
    if (c.t[j].text == ")") --depth;
    if (depth != 0 || c.t[j].text != "va") continue;
    std::size_t r = j + 1;
    HeadKind k;
    bool weak;
    std::size_t h = head_at(c, r, p.b, &k, &weak);
    bool right_ok = false;
    if (c.t[r].text == "cac" && r + 1 < p.b) {
      std::size_t hh = collective_at(c, r + 1, p.b);
      right_ok = hh > 0 && c.t[r + 1].text != "khu";
    } else if (h > 0 && !weak && k == HeadKind::org) {
      right_ok = true;
    }
    if (!right_ok) continue;
    std::string left_key = key_of(c.printed(p.a, j));
    HeadKind lk;
    bool lweak;
    std::size_t lh = head_at(c, p.a, j, &lk, &lweak);
    bool left_ok = gaz_lookup(left_key).has_value() || (lh > 0 && !lweak && (lk != HeadKind::org || p.a + lh + 1 < j));
    if (!left_ok) continue;
    // The whole piece may itself be one known body ("Ban Quản lý Khu công nghệ cao và các khu công nghiệp").
    if (gaz_lookup(key_of(c.printed(p.a, p.b)))) return out.push_back(p);
    out.push_back(Piece{p.a, j, p.hard});
    split_on_va(c, Piece{r, p.b, true}, out);
    return;
  }
  out.push_back(p);
}


}  // namespace

std::vector<std::string> split_agencies(std::string_view cell_in) {
  // Line structure: a line starting with a bullet starts a new item; other line breaks are spaces
  // (a lost break between two names is found below from the capitalised head).
  std::string pre;
  pre.reserve(cell_in.size());
  bool line_start = true;
  for (std::size_t i = 0; i < cell_in.size(); ++i) {
    char ch = cell_in[i];
    if (ch == '\r') continue;
    if (ch == '\n') {
      pre.push_back(' ');
      line_start = true;
      continue;
    }
    if (line_start && (ch == ' ' || ch == '\t')) {
      pre.push_back(' ');
      continue;
    }
    if (line_start && (ch == '-' || ch == '+' || ch == '*') && !pre.empty()) {
      pre += " ; ";
      line_start = false;
      continue;
    }
    if (line_start && cell_in.compare(i, 3, "\xE2\x80\xA2") == 0) {
      pre += " ; ";
      i += 2;
      line_start = false;
      continue;
    }
    line_start = false;
    pre.push_back(ch);
  }
  Cell c{text::collapse_spaces(pre), {}};
  c.t = grammar::tokenize_printed(c.s);
  auto drop = qualifier_mask(c);

  // 1. Raw pieces: split on ';' and ',' (outside parentheses); qualifiers cut a piece.
  std::vector<Piece> raw;
  {
    int depth = 0;
    std::size_t start = 0;
    bool hard = true;
    auto flush = [&](std::size_t end, bool next_hard) {
      Piece p{start, end, hard};
      trim_piece(c, p);
      if (p.a < p.b) raw.push_back(p);
      hard = next_hard;
    };
    for (std::size_t i = 0; i < c.t.size(); ++i) {
      const Tok& t = c.t[i];
      if (drop[i]) {
        flush(i, hard);
        while (i < c.t.size() && drop[i]) ++i;
        start = i;
        --i;
        continue;
      }
      if (t.kind != TokKind::punct) continue;
      if (t.text == "(") ++depth;
      if (t.text == ")" && depth > 0) --depth;
      if (depth > 0) continue;
      if (t.text == ";") {
        flush(i, true);
        start = i + 1;
      } else if (t.text == ",") {
        flush(i, false);
        start = i + 1;
      }
    }
    flush(c.t.size(), false);
  }

  // 2. Lost line breaks inside a raw piece: "…TTNT Trung tâm …", "Sở Nội vụ Sở Khoa học …".
  std::vector<Piece> pieces;
  for (const auto& p : raw) {
    std::size_t a = p.a;
    bool hard = p.hard;
    int depth = 0;
    for (std::size_t j = p.a + 1; j < p.b; ++j) {
      if (c.t[j].text == "(") ++depth;
      if (c.t[j].text == ")" && depth > 0) --depth;
      if (depth > 0 || c.t[j].kind != TokKind::word) continue;
      std::size_t left_end = j;
      if (c.t[j - 1].kind == TokKind::punct && c.t[j - 1].text == "-") {
        // " - " between two names (a glued "QĐ-UBND" is a document number, not a boundary)
        if (j < 2 || c.t[j - 1].begin == c.t[j - 2].end || c.t[j].begin == c.t[j - 1].end) continue;
        left_end = j - 1;
        HeadKind k;
        bool weak;
        if (head_at(c, j, p.b, &k, &weak) == 0 || weak || k != HeadKind::org || phrase_at(c.t, j, "dai hoc")) continue;
      }
      if (!break_head(c, j, p.b) || !complete_name(c, a, left_end)) continue;
      // One known body whose name contains another ("Ban cán sự đảng UBND tỉnh") is not two.
      if (gaz_lookup(key_of(clean_name(c.printed(a, p.b))))) break;
      pieces.push_back(Piece{a, left_end, hard});
      a = j;
      hard = true;
    }
    pieces.push_back(Piece{a, p.b, hard});
  }
  {
    std::vector<Piece> split;
    for (const auto& p : pieces) split_on_va(c, p, split);
    pieces = std::move(split);
  }

  // 3. Merge pieces that a comma split inside one name or one idiom.
  std::vector<std::vector<Piece>> groups;  // each group: the raw pieces of one agency
  for (const auto& p : pieces) {
    if (groups.empty() || p.hard) {
      groups.push_back({p});
      continue;
    }
    const Piece& prev = groups.back().back();
    const Piece& first = groups.back().front();
    bool merge = false;
    std::size_t rest = 0;
    int cur_family = 0, prev_family = 0;
    std::size_t n_cur = collectives(c, p.a, p.b, &rest, &cur_family);
    std::size_t prest = 0;
    // prefix of the previous raw piece: "UBND các xã", "Đảng ủy xã", "Các cơ quan", "Sở", "các Trường"
    std::size_t pa = prev.a;
    {
      HeadKind k;
      bool weak;
      std::size_t h = head_at(c, pa, prev.b, &k, &weak);
      if (h > 0 && (phrase_at(c.t, pa, "uy ban nhan dan") || phrase_at(c.t, pa, "ubnd") ||
                    phrase_at(c.t, pa, "dang uy") || phrase_at(c.t, pa, "hdnd")))
        pa += h;
    }
    std::size_t n_prev = collectives(c, pa, prev.b, &prest, nullptr, &prev_family);
    bool prev_pure = n_prev > 0 && prest == prev.b;
    if (phrase_at(c.t, p.a, "nhiem vu") && prev.b >= 2 && phrase_at(c.t, prev.b - 2, "chuc nang")) {
      merge = true;  // "theo chức năng, nhiệm vụ"
    } else if (n_cur > 0 && prev_pure && (n_prev == 1 || n_cur == 1) && cur_family == prev_family) {
      merge = true;  // "Các cơ quan, tổ chức có liên quan", "các Sở, ngành, đơn vị liên quan"
    } else if (n_cur > 0 && prev_pure && cur_family != prev_family) {
      merge = false;  // "Sở, ngành" + "xã, phường"
    } else if (!is_actor_start(c, p.a, p.b) && collective_at(c, p.a, p.b) == 0) {
      // Not an agency start: a comma inside a proper name or a qualifier ("…, TTNT", "…, Đào tạo …").
      // Exception: parallel institution types "cơ sở giáo dục đại học, giáo dục nghề nghiệp".
      bool parallel = false;
      if (p.a + 1 < p.b) {
        for (std::size_t q = first.a + 1; q + 1 < prev.b; ++q)
          if (c.t[q].text == c.t[p.a].text && c.t[q + 1].text == c.t[p.a + 1].text && c.t[q].kind == TokKind::word) {
            parallel = true;
            break;
          }
      }
      merge = !parallel;
    }
    if (merge) groups.back().push_back(p);
    else groups.push_back({p});
  }

  // 4. Clean up.
  std::vector<std::string> out;
  for (const auto& g : groups) {
    Piece whole{g.front().a, g.back().b, g.front().hard};
    for (Piece part : {whole}) {
      trim_piece(c, part);
      std::string name = clean_name(c.printed(part.a, part.b));
      bool letters = std::any_of(name.begin(), name.end(),
                                 [](char ch) { return grammar::is_ascii_alpha(ch) || static_cast<unsigned char>(ch) >= 0x80; });
      if (!name.empty() && letters) out.push_back(std::move(name));
    }
  }
  return out;
}

std::vector<AgencyRef> agency_refs(std::string_view cell) {
  std::vector<AgencyRef> out;
  for (auto& n : split_agencies(cell)) {
    auto canon = canonical_agency(n);
    out.push_back(AgencyRef{std::move(n), std::move(canon)});
  }
  return out;
}

}  // namespace planwatch::extract
