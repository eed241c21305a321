#include "words.hpp"

#include <cctype>

#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::extract {

std::set<std::string> content_words(const std::string& folded) {
  static const std::set<std::string> stop = {"cac", "cua", "va", "trong", "cho", "voi", "the", "theo", "tai", "tren", "duoc",
                                             "nhung", "mot", "nay", "de", "ve", "tu", "den", "la", "co", "khac", "hoac"};
  std::set<std::string> out;
  std::string w;
  auto flush = [&] {
    if (w.size() >= 2 && !stop.count(w)) out.insert(w);
    w.clear();
  };
  for (char c : folded) {
    if (std::isalnum(static_cast<unsigned char>(c))) w.push_back(c);
    else flush();
  }
  flush();
  return out;
}

std::vector<std::string> document_references(const std::string& s) {
  // Matched on folded text so that OCR output without diacritics ("Nghi quyet s6 68-NQ/TW") is found too.
  static const char* kinds[] = {"quyet dinh", "nghi quyet", "ke hoach hanh dong", "ke hoach", "thong bao ket luan",
                                "thong bao", "chi thi", "nghi dinh", "thong tu", "ket luan", "chuong trinh hanh dong", "luat"};
  const std::string f = text::fold(s);
  std::vector<std::string> out;
  std::vector<std::string> seen;  // document numbers already cited
  std::size_t pos = 0;
  while (pos < f.size()) {
    std::size_t best = std::string::npos;
    const char* kind = nullptr;
    for (const char* k : kinds) {
      std::size_t p = f.find(k, pos);
      while (p != std::string::npos && p > 0 && std::isalnum(static_cast<unsigned char>(f[p - 1]))) p = f.find(k, p + 1);
      if (p < best) {
        best = p;
        kind = k;
      }
    }
    if (best == std::string::npos) break;
    std::size_t p = best + std::char_traits<char>::length(kind);
    std::string_view rest = std::string_view(f).substr(p);
    std::size_t q = 0;
    while (q < rest.size() && rest[q] == ' ') ++q;
    for (std::string_view so : {"so ", "s6 ", "sb ", "s0 "})
      if (rest.substr(q).starts_with(so)) {
        q += so.size();
        break;
      }
    // The number token: digits then a '/' or '-' code ("257/QĐ-UBND", "57-NQ/TW", "57- NQ/TW").
    std::size_t t = q;
    while (t < rest.size() && std::isdigit(static_cast<unsigned char>(rest[t]))) ++t;
    if (t == q || t >= rest.size() || (rest[t] != '/' && rest[t] != '-')) {
      pos = p;
      continue;
    }
    auto token_end = [&](char c) { return c == ' ' || c == ',' || c == ';' || c == ')' || c == '('; };
    while (t < rest.size() && !token_end(rest[t])) ++t;
    if (t + 1 < rest.size() && rest[t] == ' ' && rest.substr(t + 1, 2) == "nq") {  // "57- NQ/TW"
      ++t;
      while (t < rest.size() && !token_end(rest[t])) ++t;
    }
    // One document cited twice: keep the first (fuller) citation.
    std::string number_key;
    for (char c : rest.substr(q, t - q))
      if (c != ' ') number_key.push_back(c);
    std::size_t end = p + t;
    std::string_view after = std::string_view(f).substr(end);
    if (after.starts_with(" ngay ")) {
      std::size_t d = 6, e = 6;
      while (e < after.size() && (std::isdigit(static_cast<unsigned char>(after[e])) || after[e] == '/')) ++e;
      if (e > d) end += e;
    }
    // Printed as the document prints it.
    const std::size_t ps = text::original_offset(s, best);
    std::string ref(text::trim(s.substr(ps, text::original_offset(s, end) - ps)));
    bool dup = false;
    for (const auto& k : seen) dup = dup || k == number_key;
    if (!dup) {
      out.push_back(ref);
      seen.push_back(number_key);
    }
    pos = end;
  }
  return out;
}

}  // namespace planwatch::extract
