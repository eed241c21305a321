#pragma once
// Internal: task and indicator tables (tab rows, interleaved PDF columns, indicators by phase).
#include <optional>
#include <string>
#include <vector>

#include "lines.hpp"
#include "outline.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

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

}  // namespace planwatch::extract
