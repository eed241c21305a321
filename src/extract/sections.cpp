// Sections of a plan: the role of a numbered section by its title, the appendices, the plan period.
#include <algorithm>
#include <cctype>

#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "sections.hpp"

namespace planwatch::extract {

using text::contains;

SectionRole classify_section(const std::string& f) {
  if (contains(f, "to chuc thuc hien") || contains(f, "to chuc trien khai")) return SectionRole::organisation;
  if (contains(f, "kinh phi")) return SectionRole::funding;
  if (contains(f, "nhiem vu") || contains(f, "giai phap")) return SectionRole::tasks;
  if (contains(f, "muc tieu") || contains(f, "chi tieu")) return SectionRole::objectives;
  if (contains(f, "muc dich") || contains(f, "yeu cau") || contains(f, "quan diem")) return SectionRole::purpose;
  return SectionRole::other;
}

std::vector<Region> find_appendices(const std::vector<CLine>& lines) {
  std::vector<Region> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& f = lines[i].folded;
    auto t = text::trim(f);
    if (t.starts_with("phu luc") && t.size() < 40 && lines[i].text.find('\t') == std::string::npos &&
        !contains(t, "dinh kem") && !contains(t, "kem theo")) {
      Region r;
      r.begin = i;
      for (std::size_t k = i; k < std::min(lines.size(), i + 4); ++k) r.title += lines[k].folded + " ";
      if (!out.empty()) out.back().end = i;
      out.push_back(r);
    }
  }
  if (!out.empty()) out.back().end = lines.size();
  return out;
}


std::optional<std::string> plan_period(const std::vector<CLine>& lines, std::size_t body_end) {
  for (std::size_t i = 0; i < std::min(body_end, std::size_t{40}); ++i) {
    const auto& f = lines[i].folded;
    if (parse_marker(lines[i].text).kind == MarkerKind::roman) break;  // the title block only
    auto pos = f.find("giai doan ");
    if (pos == std::string::npos) continue;
    std::size_t p = pos + 10;
    // Map folded byte offsets back to the printed text: folding keeps ASCII bytes, so search the
    // printed line for the same digits.
    std::string_view rest = std::string_view(f).substr(p);
    if (rest.size() >= 9 && std::isdigit(static_cast<unsigned char>(rest[0]))) {
      std::size_t e = 4;
      while (e < rest.size() && (rest[e] == ' ' || rest[e] == '-' || static_cast<unsigned char>(rest[e]) >= 0x80)) ++e;
      // en dash folds to itself (non-ASCII); accept it.
      if (e + 4 <= rest.size() && std::isdigit(static_cast<unsigned char>(rest[e]))) {
        std::string a(rest.substr(0, 4)), b(rest.substr(e, 4));
        return a + " - " + b;
      }
    }
  }
  return std::nullopt;
}

}  // namespace planwatch::extract
