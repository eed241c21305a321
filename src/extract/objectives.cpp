// Objectives stated in prose: the items of the 'Mục tiêu' section that state a number, by phase.
#include <algorithm>
#include <cctype>

#include "objectives.hpp"
#include "planwatch/extract/targets.hpp"
#include "sections.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "words.hpp"

namespace planwatch::extract {

using text::contains;

namespace {

// Year of a phase heading or item: "đến năm 2030", "Đến năm 2028", "tầm nhìn 2045", "đến hết năm 2025".
std::optional<std::string> phase_year(const std::string& folded) {
  static const char* cues[] = {"den het nam ", "den nam ", "tam nhin den nam ", "tam nhin ", "den nim ", "den ", "nam "};
  for (const char* cue : cues) {
    std::size_t pos = 0;
    while ((pos = folded.find(cue, pos)) != std::string::npos) {
      std::size_t p = pos + std::char_traits<char>::length(cue);
      if (p + 4 <= folded.size() && std::all_of(folded.begin() + static_cast<long>(p), folded.begin() + static_cast<long>(p + 4),
                                                 [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
          (folded[p] == '2') && (p + 4 == folded.size() || !std::isdigit(static_cast<unsigned char>(folded[p + 4]))))
        return folded.substr(p, 4);
      pos = p;
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<Indicator> prose_indicators(const std::vector<CLine>& lines, const Outline& body) {
  std::vector<Indicator> out;
  std::optional<std::string> default_phase;
  for (int r : body.roots) {
    const Item& root = item_at(body, r);
    if (classify_section(root.folded.substr(0, 60)) != SectionRole::objectives) continue;
    // Walk the subtree in document order.
    std::vector<int> todo(root.children.rbegin(), root.children.rend());
    while (!todo.empty()) {
      int idx = todo.back();
      todo.pop_back();
      const Item& it = item_at(body, idx);
      for (auto c = it.children.rbegin(); c != it.children.rend(); ++c) todo.push_back(*c);
      if (contains(it.folded.substr(0, 30), "muc tieu chung") || contains(it.folded.substr(0, 30), "muc tieu tong quat"))
        continue;
      // A heading item ("2.1. Về đào tạo…", "3. Tầm nhìn đến năm 2045") contributes its body paragraphs.
      std::string title = para_text(lines, it, 0);
      std::string txt;
      if (it.paras.size() > 1 && is_heading_like(title)) {
        std::vector<std::string> parts;
        for (std::size_t p = 1; p < it.paras.size(); ++p) {
          std::string pt = para_text(lines, it, p);
          if (has_quantified_target(pt)) parts.push_back(pt);
        }
        txt = join_text(parts);
      } else if (!(is_heading_like(title) && !it.children.empty())) {
        txt = it.text;
      }
      if (txt.empty() || !has_quantified_target(txt)) continue;
      Indicator ind;
      ind.ref = it.path();
      ind.text = txt;
      ind.targets = parse_targets(txt);
      // Phase: the item's own "đến năm 2028" wins over the nearest heading's year.
      std::optional<std::string> ph = phase_year(text::fold(text::utf8_prefix(txt, 60)));
      for (int a = idx; !ph && a >= 0; a = item_at(body, a).parent) ph = phase_year(text::fold(para_text(lines, item_at(body, a), 0)));
      if (!ph) {
        if (!default_phase) {
          auto period = plan_period(lines, lines.size());
          if (period) default_phase = period->substr(period->size() - 4);
          // Else the horizon in the title block: "… đến năm 2030".
          for (std::size_t i = 0; !default_phase && i < std::min(lines.size(), std::size_t{15}); ++i) {
            if (parse_marker(lines[i].text).kind == MarkerKind::roman) break;
            if (contains(lines[i].folded, "den nam") || contains(lines[i].folded, "tam nhin"))
              default_phase = phase_year(lines[i].folded);
          }
          // Last resort: the year in the title ("… năm 2026"), not the signing date line.
          for (std::size_t i = 0; !default_phase && i < std::min(lines.size(), std::size_t{15}); ++i) {
            if (parse_marker(lines[i].text).kind == MarkerKind::roman) break;
            if (!contains(lines[i].folded, "ngay") && !contains(lines[i].folded, "so:")) default_phase = phase_year(lines[i].folded);
          }
        }
        ph = default_phase;
      }
      ind.phase = ph.value_or("");
      ind.source = span_of(lines[it.lines.front()], lines[it.lines.back()]);
      ind.confidence = 0.8;
      out.push_back(std::move(ind));
    }
  }
  return out;
}

}  // namespace planwatch::extract
