#pragma once
// Internal: plan metadata from the title block (metadata.cpp).
#include <optional>
#include <string>
#include <vector>

#include "lines.hpp"
#include "outline.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

// Issuer, number, date, title and period from the lines before the body ends.
PlanMeta find_metadata(const std::vector<CLine>& lines, std::size_t body_end);

}  // namespace planwatch::extract
