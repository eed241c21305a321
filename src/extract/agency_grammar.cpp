// The grammar of agency names: heads that start a name ("Sở", "UBND", "Các sở, ban, ngành"),
// collective nouns and their families, and the cleaning of a printed name.
#include "agency_grammar.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::extract {

using grammar::phrase_at;
using grammar::Tok;
using grammar::TokKind;


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
std::size_t collective_at(const Cell& c, std::size_t i, std::size_t end, int* family) {
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
std::size_t collectives(const Cell& c, std::size_t i, std::size_t end, std::size_t* rest, int* first_family,
                        int* last_family) {
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


std::string clean_name(std::string_view s) {
  std::string out = text::collapse_spaces(s);
  while (!out.empty() && (out.back() == '.' || out.back() == ',' || out.back() == ';' || out.back() == ':' ||
                          out.back() == ' '))
    out.pop_back();
  return out;
}

}  // namespace planwatch::extract
