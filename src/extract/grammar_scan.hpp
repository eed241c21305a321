#pragma once
// Internal helpers shared by the timeframe, target and agency grammars: tokenising folded
// (lower-case, accent-free) text, OCR-tolerant word comparison. Not part of the public API.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "planwatch/text/unicode.hpp"

namespace planwatch::extract::grammar {

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Levenshtein distance, bounded: returns limit + 1 as soon as the distance exceeds limit.
inline std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  thread_local std::vector<std::size_t> prev, cur;
  prev.assign(m + 1, 0);
  cur.assign(m + 1, 0);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= m; ++j) {
      std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[m];
}

// Edit budget for OCR-tolerant comparison of a folded keyword of the given length.
inline std::size_t ocr_budget(std::size_t len) {
  if (len <= 4) return 0;
  if (len <= 8) return 1;
  if (len <= 14) return 2;
  return len / 6;
}

// OCR often reads letters as digits inside words ("t6i", "s6", "d6i", "t01", "gi4").
// Maps such digits back to the letters they usually stand for; used only on word tokens.
inline std::string ocr_letters(std::string_view w) {
  std::string out(w);
  for (char& c : out) {
    switch (c) {
      case '0': case '6': c = 'o'; break;
      case '1': c = 'i'; break;
      case '4': c = 'a'; break;
      case '5': c = 's'; break;
      case '8': c = 'b'; break;
      default: break;
    }
  }
  return out;
}

enum class TokKind { word, number, punct };

// A token of folded text. `text` is the folded token (OCR digits in words mapped back to
// letters); [begin, end) are byte offsets into the folded string.
struct Tok {
  TokKind kind = TokKind::word;
  std::string text;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Tokenises folded text: runs of letters (including non-ASCII bytes, '&') form words, runs of digits
// with inner '.'/',' form numbers ("5.000", "0,75"), a digit run glued to letters forms a word ("5g",
// "1a"), anything else is a one-character punctuation token (multi-byte symbols kept whole).
inline std::vector<Tok> tokenize(std::string_view f) {
  std::vector<Tok> out;
  std::size_t i = 0;
  const std::size_t n = f.size();
  auto is_word_byte = [](unsigned char c) { return c >= 0x80 || is_ascii_alpha(static_cast<char>(c)) || c == '&'; };
  auto symbol_len = [&](std::size_t p) -> std::size_t {
    // Multi-byte punctuation that must not be glued to words: ≥ ≤ – — “ ” ‘ ’ … •
    auto c0 = static_cast<unsigned char>(f[p]);
    if (c0 == 0xE2 && p + 2 < n) {
      auto c1 = static_cast<unsigned char>(f[p + 1]);
      if (c1 == 0x89 || c1 == 0x80) return 3;
    }
    if (c0 == 0xC2 && p + 1 < n) {
      auto c1 = static_cast<unsigned char>(f[p + 1]);
      if (c1 == 0xAB || c1 == 0xBB) return 2;  // « »
    }
    return 0;
  };
  while (i < n) {
    auto c = static_cast<unsigned char>(f[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    if (std::size_t sl = symbol_len(i); sl > 0) {
      out.push_back(Tok{TokKind::punct, std::string(f.substr(i, sl)), i, i + sl});
      i += sl;
      continue;
    }
    if (is_ascii_digit(static_cast<char>(c))) {
      std::size_t j = i;
      while (j < n) {
        if (is_ascii_digit(f[j])) {
          ++j;
        } else if ((f[j] == '.' || f[j] == ',') && j + 1 < n && is_ascii_digit(f[j + 1])) {
          j += 1;
        } else {
          break;
        }
      }
      if (j < n && is_word_byte(static_cast<unsigned char>(f[j])) && symbol_len(j) == 0) {
        // glued to letters: a word such as "5g", "1a", "4.0g"
        std::size_t k = j;
        while (k < n && (is_word_byte(static_cast<unsigned char>(f[k])) || is_ascii_digit(f[k])) && symbol_len(k) == 0) ++k;
        out.push_back(Tok{TokKind::word, ocr_letters(f.substr(i, k - i)), i, k});
        i = k;
        continue;
      }
      out.push_back(Tok{TokKind::number, std::string(f.substr(i, j - i)), i, j});
      i = j;
      continue;
    }
    if (is_word_byte(c)) {
      std::size_t j = i;
      bool has_digit = false;
      while (j < n && (is_word_byte(static_cast<unsigned char>(f[j])) || is_ascii_digit(f[j])) && symbol_len(j) == 0) {
        has_digit = has_digit || is_ascii_digit(f[j]);
        ++j;
      }
      std::string w(f.substr(i, j - i));
      out.push_back(Tok{TokKind::word, has_digit ? ocr_letters(w) : w, i, j});
      i = j;
      continue;
    }
    out.push_back(Tok{TokKind::punct, std::string(1, static_cast<char>(c)), i, i + 1});
    ++i;
  }
  return out;
}

// Tokenises printed (unfolded) text; each word token's `text` is its folded form, so matching works
// on folded words while [begin, end) still points at the printed bytes.
inline std::vector<Tok> tokenize_printed(std::string_view s) {
  auto toks = tokenize(s);
  for (auto& t : toks) {
    if (t.kind != TokKind::word) continue;
    bool ascii = true;
    for (char c : t.text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    if (ascii) {
      for (char& c : t.text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    } else {
      t.text = ocr_letters(text::fold(s.substr(t.begin, t.end - t.begin)));
    }
  }
  return toks;
}

// Splits a folded phrase into its words ("toi thieu" → {"toi","thieu"}).
inline std::vector<std::string_view> words_of(std::string_view phrase) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && phrase[i] == ' ') ++i;
    std::size_t j = i;
    while (j < phrase.size() && phrase[j] != ' ') ++j;
    if (j > i) out.push_back(phrase.substr(i, j - i));
    i = j;
  }
  return out;
}

// Number of words of a folded phrase (no allocation).
inline std::size_t word_count(std::string_view phrase) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : phrase) {
    if (c == ' ') in_word = false;
    else if (!in_word) in_word = true, ++n;
  }
  return n;
}

// True when tokens starting at `at` spell the folded phrase, exactly (no allocation: hot path).
inline bool phrase_at(const std::vector<Tok>& t, std::size_t at, std::string_view phrase) {
  std::size_t i = 0, k = at;
  while (i < phrase.size()) {
    while (i < phrase.size() && phrase[i] == ' ') ++i;
    if (i >= phrase.size()) break;
    std::size_t j = i;
    while (j < phrase.size() && phrase[j] != ' ') ++j;
    if (k >= t.size() || t[k].text != phrase.substr(i, j - i)) return false;
    ++k;
    i = j;
  }
  return k > at;
}

// Like phrase_at, but tolerant of OCR errors: the joined tokens may differ from the phrase by a
// small edit distance (scaled with the phrase length; short phrases must match exactly).
inline bool fuzzy_phrase_at(const std::vector<Tok>& t, std::size_t at, std::string_view phrase) {
  if (phrase_at(t, at, phrase)) return true;
  std::size_t budget = ocr_budget(phrase.size());
  if (budget == 0) return false;
  const std::size_t nw = word_count(phrase);
  if (at + nw > t.size()) return false;
  std::string joined;
  for (std::size_t k = 0; k < nw; ++k) {
    if (t[at + k].kind == TokKind::punct) return false;
    if (k) joined.push_back(' ');
    joined += t[at + k].text;
  }
  // The first letter must agree: OCR rarely garbles it and this avoids most false friends.
  if (joined.empty() || joined[0] != phrase[0]) return false;
  return edit_distance(joined, phrase, budget) <= budget;
}

// True when the phrase ends exactly at token index `last` (inclusive); returns its first index.
inline bool fuzzy_phrase_ending_at(const std::vector<Tok>& t, std::size_t last, std::string_view phrase,
                                   std::size_t* first = nullptr) {
  auto n = word_count(phrase);
  if (n == 0 || last + 1 < n) return false;
  std::size_t at = last + 1 - n;
  if (!fuzzy_phrase_at(t, at, phrase)) return false;
  if (first) *first = at;
  return true;
}

inline bool is_year(const Tok& t, int lo = 1945, int hi = 2100) {
  if (t.kind != TokKind::number || t.text.size() != 4) return false;
  for (char c : t.text)
    if (!is_ascii_digit(c)) return false;
  int y = std::stoi(t.text);
  return y >= lo && y <= hi;
}

inline int small_int(const Tok& t) {
  if (t.kind != TokKind::number || t.text.size() > 3) return -1;
  int v = 0;
  for (char c : t.text) {
    if (!is_ascii_digit(c)) return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace planwatch::extract::grammar
