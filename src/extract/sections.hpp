#pragma once
// Internal: sections of a plan — the role of a numbered section, the appendices, the plan period (sections.cpp).
#include <optional>
#include <string>
#include <vector>

#include "lines.hpp"
#include "outline.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

enum class SectionRole { other, purpose, objectives, tasks, funding, organisation };
SectionRole classify_section(const std::string& folded_title);

struct Region {
  std::size_t begin = 0, end = 0;  // line indices [begin, end)
  std::string title;               // folded title line(s)
};

// Appendices ("Phụ lục …") in document order; the body ends where the first one starts.
std::vector<Region> find_appendices(const std::vector<CLine>& lines);

// The plan period ("giai đoạn 2026 - 2030") stated in the title or opening, if any.
std::optional<std::string> plan_period(const std::vector<CLine>& lines, std::size_t body_end);

}  // namespace planwatch::extract
