#pragma once
// Internal: tasks from the numbered solution sections (prose_tasks.cpp).
#include <optional>
#include <string>
#include <vector>

#include "lines.hpp"
#include "outline.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

// Tasks from the numbered solution sections when the plan has no task table.
std::vector<Task> prose_tasks(const std::vector<CLine>& lines, const Outline& body, std::vector<ImportWarning>& warnings);

}  // namespace planwatch::extract
