// Agency lookup: names → folded keys with abbreviations expanded, and the gazetteer index with its
// exact, location-stripped and fuzzy (edit distance ≤ 15 %) lookups. OCR text without diacritics
// ("So Khoa hoc va Cong nghe") resolves like the printed name.
#include "agency_lookup.hpp"

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

namespace planwatch::extract {

using grammar::phrase_at;
using grammar::Tok;
using grammar::TokKind;

namespace {

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

}  // namespace

std::string key_of(std::string_view name, bool drop_parens) {
  std::string k = join(key_words(name, drop_parens));
  // "khoa hoc cong nghe" (without "và") is the same body
  return text::replace_all(k, "khoa hoc cong nghe", "khoa hoc va cong nghe");
}

namespace {

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

}  // namespace

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

bool gaz_exact(const std::string& key) { return gaz_index().exact.count(key) > 0; }

}  // namespace planwatch::extract
