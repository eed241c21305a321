#pragma once
// Internal: objectives stated in prose (objectives.cpp).
#include <optional>
#include <string>
#include <vector>

#include "lines.hpp"
#include "outline.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

// Objectives stated in prose (items of the 'Mục tiêu' section that state a number).
std::vector<Indicator> prose_indicators(const std::vector<CLine>& lines, const Outline& body);

}  // namespace planwatch::extract
