// Which body a name means (canonical_agency), how strongly a text reads as an agency name
// (agency_likeness) and whether it names a person's role (looks_like_leader), with a per-thread memo.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "agency_gazetteer.hpp"
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
std::optional<std::string> canonical_agency_uncached(std::string_view name) {
  std::string cleaned = clean_name(name);
  if (cleaned.empty()) return std::nullopt;
  std::string key = key_of(cleaned);
  if (auto e = gaz_lookup(key)) {
    std::string canon(gazetteer::entries()[*e].canonical);
    const std::string ck = key_of(canon);
    const bool exact = gaz_exact(key);
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

bool is_collective_agency(std::string_view name) {
  // On the agency grammar's tokens (folded words, punctuation apart) and its collective nouns: a plural
  // marker ("các", "những") opening the phrase or right after the body it belongs to ("UBND các xã",
  // "Đảng ủy các phường") — inside a proper name it is not one ("Ban Quản lý Khu công nghệ cao và các
  // khu công nghiệp") —, "… liên quan", "… tương ứng", and a leading collective noun followed by a
  // comma ("sở, ngành") each make a phrase collective.
  const std::string s = text::collapse_spaces(name);
  const Cell c{s, grammar::tokenize_printed(s)};
  if (c.t.empty()) return false;
  std::size_t body = 0;
  for (std::string_view prefix : {"ubnd", "uy ban nhan dan", "dang uy"})
    if (phrase_at(c.t, 0, prefix)) body = grammar::word_count(prefix);
  auto plural_at = [&](std::size_t i) { return i < c.t.size() && (c.t[i].text == "cac" || c.t[i].text == "nhung"); };
  if (plural_at(0) || (body > 0 && plural_at(body))) return true;
  for (std::size_t i = 0; i < c.t.size(); ++i)
    if (phrase_at(c.t, i, "lien quan") || phrase_at(c.t, i, "tuong ung")) return true;
  const std::size_t n = collective_at(c, 0, c.t.size());
  return n > 0 && n < c.t.size() && c.t[n].kind == TokKind::punct && c.t[n].text == ",";
}

}  // namespace planwatch::extract
