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
  static const char* kinds[] = {"Quyết định", "Nghị quyết", "Kế hoạch hành động", "Kế hoạch", "Thông báo Kết luận", "Thông báo",
                                "Chỉ thị", "Nghị định", "Thông tư", "Kết luận", "Chương trình hành động", "Luật"};
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t best = std::string::npos;
    const char* kind = nullptr;
    for (const char* k : kinds) {
      auto p = s.find(k, pos);
      if (p < best) {
        best = p;
        kind = k;
      }
    }
    if (best == std::string::npos) break;
    std::size_t p = best + std::char_traits<char>::length(kind);
    std::string_view rest = std::string_view(s).substr(p);
    std::size_t q = 0;
    while (q < rest.size() && rest[q] == ' ') ++q;
    if (rest.substr(q).starts_with("số ")) q += std::char_traits<char>::length("số ");
    else if (rest.substr(q).starts_with("s6 ") || rest.substr(q).starts_with("sb ")) q += 3;
    // The number token: digits then a '/' or '-' code ("257/QĐ-UBND", "57-NQ/TW", "57- NQ/TW").
    std::size_t t = q;
    while (t < rest.size() && std::isdigit(static_cast<unsigned char>(rest[t]))) ++t;
    if (t == q || t >= rest.size() || (rest[t] != '/' && rest[t] != '-')) {
      pos = p;
      continue;
    }
    while (t < rest.size() && rest[t] != ' ' && rest[t] != ',' && rest[t] != ';') ++t;
    if (t + 1 < rest.size() && rest[t] == ' ' && rest.substr(t + 1, 2) == "NQ") {  // "57- NQ/TW"
      ++t;
      while (t < rest.size() && rest[t] != ' ' && rest[t] != ',' && rest[t] != ';') ++t;
    }
    std::string ref = std::string(kind) + " số " + std::string(rest.substr(q, t - q));
    std::string_view after = rest.substr(t);
    if (after.starts_with(" ngày ")) {
      std::size_t d = std::char_traits<char>::length(" ngày ");
      std::size_t e = d;
      while (e < after.size() && (std::isdigit(static_cast<unsigned char>(after[e])) || after[e] == '/')) ++e;
      if (e > d) ref += " ngày " + std::string(after.substr(d, e - d));
    }
    bool dup = false;
    for (const auto& o : out) dup = dup || o == ref;
    if (!dup) out.push_back(ref);
    pos = p + t;
  }
  return out;
}

}  // namespace planwatch::extract
