#include "planwatch/extract/agencies.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "agency_gazetteer.hpp"
#include "grammar_scan.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

// Agency grammar: gazetteer lookup, agency likeness and the splitting of agency cells.
// Everything matches on folded tokens (lower case, no accents, đ→d) with abbreviations expanded,
// so that "Sở KH&CN", "SKHCN" and OCR "So Khoa hoc va Cong nghe" resolve alike.
namespace planwatch::extract {
namespace {

using grammar::phrase_at;
using grammar::Tok;
using grammar::TokKind;

// ---------------------------------------------------------------------------------------------
// Normalisation: folded words with abbreviations expanded.

struct Abbrev {
  std::string_view token;
  std::string_view expansion;
};
constexpr Abbrev kAbbrev[] = {
    {"ubnd", "uy ban nhan dan"},
    {"ubndtp", "uy ban nhan dan thanh pho"},
    {"hdnd", "hoi dong nhan dan"},
    {"tp", "thanh pho"},
    {"tp.", "thanh pho"},
    {"vp", "van phong"},
    {"vpubnd", "van phong uy ban nhan dan"},
    {"vptu", "van phong thanh uy"},
    {"bql", "ban quan ly"},
    {"kcnc", "khu cong nghe cao"},
    {"cnc", "cong nghe cao"},
    {"kcn", "khu cong nghiep"},
    {"catp", "cong an thanh pho"},
    {"skhcn", "so khoa hoc va cong nghe"},
    {"bkhcn", "bo khoa hoc va cong nghe"},
    {"kh&cn", "khoa hoc va cong nghe"},
    {"khcn", "khoa hoc va cong nghe"},
    {"khoa hoc cong nghe", "khoa hoc va cong nghe"},
    {"gd&dt", "giao duc va dao tao"},
    {"gddt", "giao duc va dao tao"},
    {"sgddt", "so giao duc va dao tao"},
    {"cntt", "cong nghe thong tin"},
    {"dmst", "doi moi sang tao"},
    {"bchqs", "bo chi huy quan su"},
    {"chqs", "chi huy quan su"},
    {"ubmttq", "uy ban mat tran to quoc"},
    {"mttq", "mat tran to quoc"},
    {"dhdn", "dai hoc da nang"},
    {"nn&mt", "nong nghiep va moi truong"},
    {"nnmt", "nong nghiep va moi truong"},
    {"vhttdl", "van hoa the thao va du lich"},
    {"tt&tt", "thong tin va truyen thong"},
    {"kh&dt", "ke hoach va dau tu"},
    {"khdt", "ke hoach va dau tu"},
    {"tn&mt", "tai nguyen va moi truong"},
    {"ldtbxh", "lao dong thuong binh va xa hoi"},
};

// Folded words of a name, abbreviations expanded, punctuation dropped, parenthesised parts
// dropped when `drop_parens`. OCR: "Pà Nẵng" / "ba Ning" → "da nang".
std::vector<std::string> key_words(std::string_view name, bool drop_parens) {
  auto toks = grammar::tokenize_printed(name);
  std::vector<std::string> out;
  int depth = 0;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Tok& t = toks[i];
    if (t.kind == TokKind::punct) {
      if (t.text == "(") ++depth;
      if (t.text == ")" && depth > 0) --depth;
      continue;
    }
    if (drop_parens && depth > 0) continue;
    std::string w = t.text;
    if ((w == "pa" || w == "ba") && i + 1 < toks.size() && toks[i + 1].text.size() == 4 && toks[i + 1].text[0] == 'n' &&
        toks[i + 1].text[3] == 'g')
      w = "da";
    else if (w.size() == 4 && w[0] == 'n' && w[3] == 'g' && w != "nang" && !out.empty() && out.back() == "da")
      w = "nang";
    bool expanded = false;
    for (const auto& a : kAbbrev) {
      if (a.token == w) {
        for (auto x : grammar::words_of(a.expansion)) out.emplace_back(x);
        expanded = true;
        break;
      }
    }
    if (!expanded) out.push_back(std::move(w));
  }
  return out;
}

std::string join(const std::vector<std::string>& ws, std::size_t from = 0, std::size_t to = std::string::npos) {
  std::string s;
  to = std::min(to, ws.size());
  for (std::size_t i = from; i < to; ++i) {
    if (!s.empty()) s.push_back(' ');
    s += ws[i];
  }
  return s;
}

std::string key_of(std::string_view name, bool drop_parens = true) {
  std::string k = join(key_words(name, drop_parens));
  // "khoa hoc cong nghe" (without "và") is the same body
  return text::replace_all(k, "khoa hoc cong nghe", "khoa hoc va cong nghe");
}

// Trailing location words that do not change which body is meant.
constexpr std::string_view kLocationSuffixes[] = {
    "thanh pho da nang", "thanh pho ha noi", "thanh pho hai phong", "thanh pho ho chi minh", "da nang",
    "ha noi",            "hai phong",        "thanh pho",           "tinh",                  "truc thuoc"};

using Histogram = std::array<std::uint8_t, 38>;  // a-z, 0-9, space, other
Histogram histogram(std::string_view s) {
  Histogram h{};
  for (char ch : s) {
    std::size_t k = 37;
    if (ch >= 'a' && ch <= 'z') k = static_cast<std::size_t>(ch - 'a');
    else if (ch >= '0' && ch <= '9') k = 26 + static_cast<std::size_t>(ch - '0');
    else if (ch == ' ') k = 36;
    if (h[k] < 255) ++h[k];
  }
  return h;
}
// Lower bound of the edit distance from the letter counts: every edit changes at most two counts.
std::size_t histogram_bound(const Histogram& a, const Histogram& b) {
  std::size_t d = 0;
  for (std::size_t i = 0; i < a.size(); ++i) d += a[i] > b[i] ? a[i] - b[i] : b[i] - a[i];
  return (d + 1) / 2;
}

struct GazIndex {
  struct Key {
    std::string key;
    std::size_t entry;
    Histogram hist;
  };
  std::vector<Key> keys;  // sorted by key length
  std::unordered_map<std::string, std::size_t> exact;
  std::size_t max_len = 0;
};

const GazIndex& gaz_index() {
  static const GazIndex idx = [] {
    GazIndex g;
    const auto& es = gazetteer::entries();
    for (std::size_t i = 0; i < es.size(); ++i) {
      auto add = [&](std::string_view n) {
        std::string k = key_of(n);
        if (k.empty()) return;
        g.exact.emplace(k, i);
        Histogram h = histogram(k);
        g.keys.push_back({std::move(k), i, h});
      };
      add(es[i].canonical);
      for (auto a : es[i].aliases) add(a);
    }
    for (const auto& k : g.keys) g.max_len = std::max(g.max_len, k.key.size());
    std::stable_sort(g.keys.begin(), g.keys.end(),
                     [](const GazIndex::Key& a, const GazIndex::Key& b) { return a.key.size() < b.key.size(); });
    return g;
  }();
  return idx;
}

std::string strip_location(std::string k) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto suf : kLocationSuffixes) {
      if (k.size() > suf.size() + 1 && k.compare(k.size() - suf.size(), suf.size(), suf) == 0 &&
          k[k.size() - suf.size() - 1] == ' ') {
        k.erase(k.size() - suf.size() - 1);
        changed = true;
      }
    }
  }
  return k;
}

std::optional<std::size_t> gaz_lookup(const std::string& key) {
  const auto& g = gaz_index();
  if (key.empty()) return std::nullopt;
  if (auto it = g.exact.find(key); it != g.exact.end()) return it->second;
  if (key.size() > g.max_len * 2) return std::nullopt;  // a sentence, not a name
  std::string base = strip_location(key);
  if (base != key) {
    if (auto it = g.exact.find(base); it != g.exact.end()) return it->second;
    if (auto it = g.exact.find(base + " thanh pho"); it != g.exact.end()) return it->second;
  }
  // Fuzzy: edit distance within ~15% of the entry's length (OCR damage, typos).
  std::size_t best = std::string::npos, best_d = std::string::npos;
  for (const auto& cand : {key, base}) {
    if (cand.size() < 8) continue;
    Histogram ch = histogram(cand);
    // keys with |K - L| <= 0.15 K, i.e. K in [L / 1.15, L / 0.85]
    std::size_t lo = cand.size() * 100 / 115, hi = cand.size() * 100 / 85 + 1;
    auto first = std::lower_bound(g.keys.begin(), g.keys.end(), lo,
                                  [](const GazIndex::Key& k, std::size_t n) { return k.key.size() < n; });
    for (auto it = first; it != g.keys.end() && it->key.size() <= hi; ++it) {
      const auto& k = *it;
      std::size_t budget = std::max<std::size_t>(1, k.key.size() * 15 / 100);
      std::size_t diff = k.key.size() > cand.size() ? k.key.size() - cand.size() : cand.size() - k.key.size();
      if (diff > budget || histogram_bound(ch, k.hist) > budget) continue;
      std::size_t d = grammar::edit_distance(cand, k.key, budget);
      if (d <= budget && d < best_d) {
        best_d = d;
        best = k.entry;
      }
    }
  }
  if (best != std::string::npos) return best;
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Heads: words that start an agency name.

enum class HeadKind { org, collective, actor };
struct Head {
  std::string_view phrase;
  HeadKind kind;
  bool needs_cap;  // only an agency when the next word is capitalised ("Sở Tài chính", not "số hóa")
};
constexpr Head kHeads[] = {
    {"uy ban nhan dan", HeadKind::org, false},
    {"hoi dong nhan dan", HeadKind::org, false},
    {"ubnd", HeadKind::org, false},
    {"hdnd", HeadKind::org, false},
    {"ban quan ly", HeadKind::org, false},
    {"bql", HeadKind::org, false},
    {"cong an", HeadKind::org, false},
    {"van phong", HeadKind::org, false},
    {"vp", HeadKind::org, false},
    {"bo chi huy", HeadKind::org, false},
    {"bo tu lenh", HeadKind::org, false},
    {"thong ke", HeadKind::org, false},
    {"cuc", HeadKind::org, true},
    {"chi cuc", HeadKind::org, false},
    {"tong cuc", HeadKind::org, false},
    {"so", HeadKind::org, true},
    {"skhcn", HeadKind::org, false},
    {"catp", HeadKind::org, false},
    {"bo", HeadKind::org, true},
    {"thanh uy", HeadKind::org, false},
    {"tinh uy", HeadKind::org, false},
    {"dang uy", HeadKind::org, false},
    {"cap uy", HeadKind::collective, false},
    {"ban thuong vu", HeadKind::org, false},
    {"ban chi dao", HeadKind::org, false},
    {"uy ban mat tran", HeadKind::org, false},
    {"uy ban kiem tra", HeadKind::org, false},
    {"uy ban", HeadKind::org, true},
    {"mat tran", HeadKind::org, true},
    {"ban", HeadKind::org, true},
    {"truong dai hoc", HeadKind::org, false},
    {"truong cao dang", HeadKind::org, false},
    {"truong", HeadKind::org, true},
    {"dai hoc", HeadKind::org, true},
    {"hoc vien", HeadKind::org, true},
    {"vien nghien cuu", HeadKind::actor, false},
    {"vien han lam", HeadKind::org, false},
    {"vien", HeadKind::org, true},
    {"trung tam", HeadKind::org, true},
    {"tong cong ty", HeadKind::org, false},
    {"cong ty", HeadKind::org, false},
    {"tap doan", HeadKind::org, false},
    {"ngan hang", HeadKind::org, true},
    {"quy", HeadKind::org, true},
    {"hiep hoi", HeadKind::org, false},
    {"lien hiep", HeadKind::org, false},
    {"lien doan", HeadKind::org, false},
    {"hoi", HeadKind::org, true},
    {"thanh doan", HeadKind::org, false},
    {"doan thanh nien", HeadKind::org, false},
    {"bao", HeadKind::org, true},
    {"dai phat thanh", HeadKind::org, false},
    {"dai truyen hinh", HeadKind::org, false},
    {"dai", HeadKind::org, true},
    {"cong thong tin", HeadKind::org, false},
    {"kho bac", HeadKind::org, false},
    {"thue", HeadKind::org, true},
    {"hai quan", HeadKind::org, true},
    {"dien luc", HeadKind::org, false},
    {"toa an", HeadKind::org, false},
    {"vien kiem sat", HeadKind::org, false},
    {"thanh tra", HeadKind::org, true},
    {"bao hiem xa hoi", HeadKind::org, false},
    {"chinh quyen", HeadKind::actor, false},
    // actors that are not state bodies but fill the same cells
    {"doanh nghiep", HeadKind::actor, false},
    {"co so dao tao", HeadKind::actor, false},
    {"co so giao duc", HeadKind::actor, false},
    {"co so nghien cuu", HeadKind::actor, false},
    {"chuyen gia", HeadKind::actor, false},
    {"doanh nhan", HeadKind::actor, false},
    {"nha dau tu", HeadKind::actor, false},
    {"nha khoa hoc", HeadKind::actor, false},
    {"chu dau tu", HeadKind::actor, false},
    {"cao dang", HeadKind::actor, false},
    {"nguoi dan", HeadKind::actor, false},
    {"hop tac xa", HeadKind::actor, false},
    {"dia phuong", HeadKind::collective, false},
    {"co quan", HeadKind::collective, false},
    {"don vi", HeadKind::collective, false},
    {"to chuc", HeadKind::collective, false},
    {"xa", HeadKind::collective, false},
    {"phuong", HeadKind::collective, false},
    {"dac khu", HeadKind::collective, false},
    {"nganh", HeadKind::collective, false},
    {"cac", HeadKind::collective, false},
};

// Collective nouns of the "các sở, ban, ngành" idiom, in two families: bodies and localities.
// A comma joins collectives of the same family only ("sở, ngành, xã, phường" → "sở, ngành" + "xã, phường").
constexpr std::string_view kCollective[] = {
    "so", "ban", "nganh", "co quan", "don vi", "to chuc", "dia phuong", "truong", "vien", "doan the", "hoi",
    "cap uy", "to chuc dang", "bo", "dang uy", "uy ban"};
constexpr std::string_view kLocality[] = {"xa", "phuong", "dac khu", "quan", "huyen", "thi xa", "thi tran"};

// Words that cannot end a complete name (it continues on the next line).
constexpr std::string_view kDanglingEnd[] = {"va", "cua", "thuoc", "truc", "tai", "voi", "cho", "ve", "cac", "theo",
                                             "cp", "tnhh", "mtv", "co", "phan", "-", "&", "(", "nhung",
                                             // person roles: "Chủ tịch UBND …", "PCT UBND …", "Lãnh đạo UBND …"
                                             "tich", "pct", "ct", "dao", "doc"};

bool cap_word(std::string_view printed) {
  if (printed.empty()) return false;
  auto c = static_cast<unsigned char>(printed[0]);
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return text::starts_upper(printed);
}

struct Cell {
  std::string s;
  std::vector<Tok> t;
  std::string printed(std::size_t a, std::size_t b) const {
    if (a >= b) return {};
    return s.substr(t[a].begin, t[b - 1].end - t[a].begin);
  }
  std::string_view raw(std::size_t i) const { return std::string_view(s).substr(t[i].begin, t[i].end - t[i].begin); }
};

// Head at token i: length in tokens (0 = none) and kind; honours needs_cap.
std::size_t head_at(const Cell& c, std::size_t i, std::size_t end, HeadKind* kind, bool* weak) {
  *weak = false;
  for (const auto& h : kHeads) {
    if (!phrase_at(c.t, i, h.phrase)) continue;
    std::size_t n = grammar::word_count(h.phrase);
    if (i + n > end) continue;
    *kind = h.kind;
    if (h.needs_cap) {
      // "Sở Tài chính", "Sở KH&CN" — but not "số hóa", "Ban hành", "bố trí"
      bool ok = i + n < end && (c.t[i + n].kind == TokKind::word ? cap_word(c.raw(i + n)) : c.t[i + n].text == "(");
      if (i + n < end && c.t[i + n].kind == TokKind::punct && c.t[i + n].text == ",") ok = true;  // "Sở, ngành"
      if (i + n == end) ok = true;                                                                   // "Sở"
      if (!ok) *weak = true;
    }
    return n;
  }
  return 0;
}

// Length of the collective noun at i (0 = none); *family: 1 bodies, 2 localities.
std::size_t collective_at(const Cell& c, std::size_t i, std::size_t end, int* family = nullptr) {
  std::size_t best = 0;
  int fam = 0;
  for (auto p : kCollective) {
    std::size_t n = grammar::word_count(p);
    if (i + n <= end && phrase_at(c.t, i, p) && n > best) best = n, fam = 1;
  }
  for (auto p : kLocality) {
    std::size_t n = grammar::word_count(p);
    if (i + n <= end && phrase_at(c.t, i, p) && n > best) best = n, fam = 2;
  }
  if (family) *family = fam;
  // OCR: "Cép uy" for "Cấp ủy"
  if (best == 0 && i + 1 < end && c.t[i + 1].text == "uy" && c.t[i].text.size() == 3 && c.t[i].text[0] == 'c') best = 2;
  return best;
}

// Counts collective nouns at [i, end) after an optional "các"/"ubnd"/"đảng ủy" prefix; returns the
// number of nouns and sets *rest to the index after them.
std::size_t collectives(const Cell& c, std::size_t i, std::size_t end, std::size_t* rest, int* first_family = nullptr,
                        int* last_family = nullptr) {
  if (i < end && c.t[i].text == "cac") ++i;
  std::size_t count = 0;
  while (i < end) {
    if (c.t[i].kind == TokKind::punct && c.t[i].text == ",") break;
    int fam = 0;
    std::size_t n = collective_at(c, i, end, &fam);
    if (n == 0) break;
    if (count == 0 && first_family) *first_family = fam;
    if (last_family) *last_family = fam;
    i += n;
    ++count;
  }
  *rest = i;
  return count;
}

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

std::string clean_name(std::string_view s) {
  std::string out = text::collapse_spaces(s);
  while (!out.empty() && (out.back() == '.' || out.back() == ',' || out.back() == ';' || out.back() == ':' ||
                          out.back() == ' '))
    out.pop_back();
  return out;
}

}  // namespace

namespace {
std::optional<std::string> canonical_agency_uncached(std::string_view name) {
  std::string cleaned = clean_name(name);
  if (cleaned.empty()) return std::nullopt;
  std::string key = key_of(cleaned);
  if (auto e = gaz_lookup(key)) {
    std::string canon(gazetteer::entries()[*e].canonical);
    const std::string ck = key_of(canon);
    const bool exact = gaz_index().exact.count(key) > 0;
    auto has_word = [](const std::string& k, std::string_view w) {
      std::string padded = " " + k + " ";
      return padded.find(" " + std::string(w) + " ") != std::string::npos;
    };
    // A near match that names another place is another body ("… Huế" is not "… Đà Nẵng").
    bool other_place = false;
    for (std::string_view place : {"da nang", "ha noi", "hai phong", "ho chi minh"})
      other_place = other_place || (ck.find(place) != std::string::npos && key.find(place) == std::string::npos);
    if (!exact && other_place) return cleaned;
    // The gazetteer's city bodies stand for their province counterparts: keep the printed level.
    if (has_word(key, "tinh") && !has_word(ck, "tinh")) {
      canon = text::replace_all(canon, "Thành ủy", "Tỉnh ủy");
      canon = text::replace_all(canon, "thành phố", "tỉnh");
    }
    return canon;
  }
  // A named body of a known type, or a collective phrase, resolves to itself (as printed, cleaned).
  Cell c{cleaned, grammar::tokenize_printed(cleaned)};
  if (c.t.empty()) return std::nullopt;
  HeadKind k;
  bool weak;
  std::size_t h = head_at(c, 0, c.t.size(), &k, &weak);
  if (h > 0 && !weak && k == HeadKind::org) {
    if (h >= c.t.size()) return std::nullopt;  // a bare head
    return cleaned;
  }
  if (h > 0 && k == HeadKind::collective) {
    // Collective phrases ("Các sở, ban, ngành", "UBND các xã, phường", "cơ quan, đơn vị liên quan")
    // resolve to themselves; "Tổ chức hội thảo …" (a verb phrase) does not.
    if (c.t[0].text == "cac") return cleaned;
    std::size_t rest = 0;
    if (collectives(c, 0, c.t.size(), &rest) > 0) {
      static constexpr std::string_view kAfter[] = {",", "lien", "co", "theo", "thanh", "dia", "truc", "cac", "dac"};
      if (rest >= c.t.size()) return cleaned;
      for (auto a : kAfter)
        if (c.t[rest].text == a) return cleaned;
    }
  }
  return std::nullopt;
}

double agency_likeness_uncached(std::string_view text_in);

// The table readers ask about the same cell text many times; the answers are pure, so a small
// per-thread memo keeps the gazetteer's fuzzy lookups off the hot path.
template <class V>
struct Memo {
  std::unordered_map<std::string, V> map;
  template <class F>
  const V& get(std::string_view key, F&& compute) {
    auto it = map.find(std::string(key));
    if (it != map.end()) return it->second;
    if (map.size() > 16384) map.clear();
    return map.emplace(std::string(key), compute()).first->second;
  }
};
}  // namespace

namespace {
thread_local Memo<std::optional<std::string>> canonical_memo;
thread_local Memo<double> likeness_memo;
}  // namespace

void reset_agency_memo() {
  canonical_memo.map.clear();
  likeness_memo.map.clear();
}

std::optional<std::string> canonical_agency(std::string_view name) {
  return canonical_memo.get(name, [&] { return canonical_agency_uncached(name); });
}

double agency_likeness(std::string_view text_in) {
  return likeness_memo.get(text_in, [&] { return agency_likeness_uncached(text_in); });
}

bool looks_like_leader(std::string_view text_in) {
  auto t = grammar::tokenize_printed(text::collapse_spaces(text_in));
  static constexpr std::string_view kLeader[] = {
      "chu tich", "pho chu tich", "pct", "ct ubnd", "lanh dao", "bi thu", "pho bi thu", "giam doc", "pho giam doc",
      "thu truong", "thuong truc ubnd", "thuong truc thanh uy", "thuong truc hdnd", "truong ban", "pho truong ban"};
  for (auto p : kLeader)
    if (phrase_at(t, 0, p)) return true;
  return false;
}

namespace {
double agency_likeness_uncached(std::string_view text_in) {
  // Only the start of the text matters; long task paragraphs are cut at a word boundary.
  if (text_in.size() > 240) {
    std::size_t cut = text_in.find(' ', 200);
    if (cut != std::string_view::npos) text_in = text_in.substr(0, cut);
  }
  std::string s = text::collapse_spaces(text_in);
  Cell c{s, grammar::tokenize_printed(s)};
  std::size_t i = 0;
  while (i < c.t.size() && c.t[i].kind == TokKind::punct) ++i;  // bullets
  if (i >= c.t.size()) return 0.0;
  if (looks_like_leader(c.printed(i, c.t.size()))) return 0.1;
  HeadKind k;
  bool weak;
  std::size_t h = head_at(c, i, c.t.size(), &k, &weak);
  double score = 0.0;
  if (h > 0) {
    switch (k) {
      case HeadKind::org: score = weak ? 0.2 : 0.95; break;
      case HeadKind::collective: score = 0.8; break;
      case HeadKind::actor: score = 0.6; break;
    }
    if (c.t[i].text == "cac") {
      // "Các sở, ban," / "Các trường đại học" / but not "Các nhiệm vụ, giải pháp"
      HeadKind k2;
      bool w2;
      std::size_t rest = 0;
      if (collectives(c, i, c.t.size(), &rest) > 0) score = 0.9;
      else if (head_at(c, i + 1, c.t.size(), &k2, &w2) > 0) score = k2 == HeadKind::actor ? 0.7 : 0.85;
      else score = 0.15;
    }
    if (phrase_at(c.t, i, "to chuc") && !(i + 2 < c.t.size() && (c.t[i + 2].text == "khoa" || c.t[i + 2].text == "chinh"))) {
      // "Tổ chức hội thảo …" is a verb phrase
      score = c.t.size() <= 3 ? 0.5 : 0.15;
    }
  }
  if (score < 0.9 && c.t.size() <= 24) {
    std::string key = key_of(s);
    if (gaz_lookup(key)) score = 1.0;
  }
  // Task sentences that start with an agency name carry verbs: "Sở KH&CN chủ trì xây dựng …".
  if (score > 0.3 && c.t.size() > 12) {
    static constexpr std::string_view kVerbs[] = {"chu tri", "tham muu", "to chuc thuc hien", "phoi hop voi",
                                                  "co trach nhiem", "trien khai thuc hien", "chiu trach nhiem"};
    int depth = 0;
    for (std::size_t j = i + 1; j < c.t.size(); ++j) {
      if (c.t[j].text == "(") ++depth;
      if (c.t[j].text == ")" && depth > 0) --depth;
      if (depth > 0 || cap_word(c.raw(j))) continue;
      for (auto v : kVerbs)
        if (phrase_at(c.t, j, v)) return 0.3;
    }
  }
  return score;
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

bool is_collective_agency(std::string_view name) {
  // Folded words, with a comma kept as a word of its own ("so , nganh").
  std::vector<std::string> w;
  std::string cur;
  for (char ch : text::fold(name)) {
    const bool sep = ch == ' ' || ch == ',' || ch == ';' || ch == '(' || ch == ')' || ch == '.';
    if (!sep) {
      cur += ch;
      continue;
    }
    if (!cur.empty()) w.push_back(std::move(cur)), cur.clear();
    if (ch == ',') w.emplace_back(",");
  }
  if (!cur.empty()) w.push_back(std::move(cur));
  auto has = [&](std::initializer_list<std::string_view> phrase) {
    for (std::size_t i = 0; i + phrase.size() <= w.size(); ++i)
      if (std::equal(phrase.begin(), phrase.end(), w.begin() + static_cast<std::ptrdiff_t>(i))) return true;
    return false;
  };
  // Plural markers ("các", "những"), "… liên quan", "… tương ứng", "… trực thuộc" and a collective
  // noun followed by a comma ("sở, ngành") each make a phrase collective.
  if (has({"cac"}) || has({"nhung"}) || has({"lien", "quan"}) || has({"tuong", "ung"})) return true;
  static constexpr std::string_view kNouns[] = {"so", "ban", "nganh", "quan", "huyen", "xa", "phuong", "don", "vi"};
  if (w.size() >= 2 && w[1] == ",")
    for (auto n : kNouns)
      if (w[0] == n) return true;
  return false;
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
