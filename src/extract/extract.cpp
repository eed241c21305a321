#include "planwatch/extract/extract.hpp"

#include "planwatch/extract/agencies.hpp"
#include "planwatch/extract/timeframe.hpp"
#include "metadata.hpp"
#include "objectives.hpp"
#include "prose_tasks.hpp"
#include "reporting.hpp"
#include "sections.hpp"
#include "tables.hpp"

namespace planwatch::extract {

// Pipeline: clean lines → appendices → body outline → tasks (table, else prose) → indicators
// (indicator appendix, else prose objectives) → reporting duties → metadata.
ImportResult extract_plan(const Document& doc) {
  reset_agency_memo();
  ImportResult r;
  r.document = doc.name;
  r.format = to_string(doc.format);
  const std::vector<CLine> lines = clean_lines(doc);
  const auto appendices = find_appendices(lines);
  std::size_t body_end = appendices.empty() ? lines.size() : appendices.front().begin;
  // The recipients list ("Nơi nhận:") and the signature close the body.
  for (std::size_t i = 0; i < body_end; ++i)
    if (lines[i].folded.starts_with("noi nhan") || lines[i].folded.starts_with("noi nhen")) {
      body_end = i;
      break;
    }

  TableResult table = parse_tab_tables(lines, 0, lines.size());
  if (!table.found) {
    for (const auto& a : appendices) {
      TableResult t = parse_interleaved_table(lines, a.begin, a.end);
      if (t.found) {
        table.found = true;
        for (auto& task : t.tasks) table.tasks.push_back(std::move(task));
        for (auto& w : t.warnings) table.warnings.push_back(std::move(w));
      }
    }
  }
  // Lines of tab tables are not part of the prose outline.
  const Outline body = build_outline(lines, 0, body_end);

  if (table.found) {
    r.tasks = std::move(table.tasks);
    r.warnings = std::move(table.warnings);
  } else {
    r.tasks = prose_tasks(lines, body, r.warnings);
    if (auto period = plan_period(lines, body_end)) {
      for (auto& t : r.tasks)
        if (!t.timeframe) t.timeframe = parse_timeframe(*period);
    }
  }

  for (const auto& a : appendices) {
    auto inds = parse_indicator_table(lines, a.begin, a.end, r.warnings);
    for (auto& i : inds) r.indicators.push_back(std::move(i));
  }
  if (r.indicators.empty()) {
    auto period = plan_period(lines, body_end);
    r.indicators = parse_tab_indicator_tables(lines, 0, lines.size(), period ? period->substr(period->size() - 4) : "");
  }
  if (r.indicators.empty()) r.indicators = prose_indicators(lines, body);

  r.reporting = find_reporting(lines, body);
  r.plan = find_metadata(lines, body_end);
  for (const auto& t : r.tasks)
    if (t.lead.empty()) r.warnings.push_back({"nhiệm vụ " + t.ref + ": chưa xác định được đơn vị chủ trì", t.source});
  return r;
}

}  // namespace planwatch::extract
