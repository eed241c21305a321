#pragma once
// Internal: reporting duties (reporting.cpp).
#include <optional>
#include <string>
#include <vector>

#include "lines.hpp"
#include "outline.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

// Reporting duties stated in the body's sentences.
std::vector<ReportingDuty> find_reporting(const std::vector<CLine>& lines, const Outline& body);

}  // namespace planwatch::extract
