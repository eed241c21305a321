#pragma once
// Internal: the pieces extract_plan() assembles.
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

struct TableResult {
  std::vector<Task> tasks;
  std::vector<ImportWarning> warnings;
  bool found = false;
};

// Task tables whose cells are tab-separated (text, DOCX and PDF readers, markdown/HTML copies).
TableResult parse_tab_tables(const std::vector<CLine>& lines, std::size_t begin, std::size_t end);
// Task tables in PDF text where the columns came out as interleaved short lines.
TableResult parse_interleaved_table(const std::vector<CLine>& lines, std::size_t begin, std::size_t end);

// Indicator tables by phase ("Phụ lục I … chỉ tiêu … theo phân kỳ").
std::vector<Indicator> parse_indicator_table(const std::vector<CLine>& lines, std::size_t begin, std::size_t end,
                                             std::vector<ImportWarning>& warnings);

// Indicator tables in tab rows, one column per phase; `default_phase` for a single target column.
std::vector<Indicator> parse_tab_indicator_tables(const std::vector<CLine>& lines, std::size_t begin, std::size_t end,
                                                  const std::string& default_phase);

// Objectives stated in prose (items of the 'Mục tiêu' section that state a number).
std::vector<Indicator> prose_indicators(const std::vector<CLine>& lines, const Outline& body);

// Tasks from the numbered solution sections when the plan has no task table.
std::vector<Task> prose_tasks(const std::vector<CLine>& lines, const Outline& body, std::vector<ImportWarning>& warnings);

std::vector<ReportingDuty> find_reporting(const std::vector<CLine>& lines, const Outline& body);

PlanMeta find_metadata(const std::vector<CLine>& lines, std::size_t body_end);

// The plan period ("giai đoạn 2026 - 2030") stated in the title or opening, if any.
std::optional<std::string> plan_period(const std::vector<CLine>& lines, std::size_t body_end);

}  // namespace planwatch::extract
