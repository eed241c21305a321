#include "subject.hpp"

#include <algorithm>

#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::extract {

std::optional<Subject> subject_of(const std::string& printed) {
  static const char* verbs[] = {"chi dao", "chu tri", "cha tri", "phoi hop", "phdi hop", "pho1 hop", "xay dung", "tham muu",
                                "huong dan", "thuc hien", "trien khai", "to chuc", "tb chic", "to chirc", "tb chirc", "ban hanh",
                                "theo doi", "kiem tra", "nghien cuu", "de xuat", "phan anh", "bao cao", "chu dong",
                                "la", "can cu", "tong hop", "lam dau moi", "kip thoi", "dinh huong", "tuyen truyen",
                                "van dong", "ho tro", "bao dam", "dam bao", "thuc day", "day manh", "tang cuong"};
  std::string f = text::fold(printed);
  std::size_t best = std::string::npos;
  for (const char* v : verbs) {
    std::size_t p = 0;
    while ((p = f.find(v, p)) != std::string::npos) {
      bool word_start = p > 0 && f[p - 1] == ' ';
      std::size_t e = p + std::char_traits<char>::length(v);
      bool word_end = e == f.size() || f[e] == ' ' || f[e] == ',';
      bool after_comma = p >= 2 && f[p - 2] == ',';
      if (word_start && word_end && !after_comma) {
        best = std::min(best, p);
        break;
      }
      p += 1;
    }
  }
  if (best == std::string::npos) return std::nullopt;
  long words = std::count(f.begin(), f.begin() + static_cast<long>(best), ' ');
  if (words < 2 || words > 20) return std::nullopt;
  const std::size_t ps = text::original_offset(printed, best);
  Subject s;
  s.lead = std::string(text::trim(printed.substr(0, ps)));
  if (auto colon = s.lead.find(':'); colon != std::string::npos) s.lead.resize(colon);  // "Các sở, ngành: Định kỳ …"
  while (!s.lead.empty() && (s.lead.back() == ',' || s.lead.back() == ':')) s.lead.pop_back();
  s.rest = printed.substr(ps);
  return s;
}

}  // namespace planwatch::extract
