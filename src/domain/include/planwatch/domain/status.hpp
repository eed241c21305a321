#pragma once
// The status engine: pure functions that classify tasks, indicators and agencies in the categories
// Vietnamese monitoring reports use. Every rule is table-tested (tests/unit/status_test.cpp, ≥ 40
// hand-computed cases). No I/O, no clock: `today` is always an argument.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planwatch/domain/monitoring.hpp"

namespace planwatch {

// ---- tasks -------------------------------------------------------------------------------------

enum class TaskStatus {
  completed_on_time,  // Hoàn thành đúng hạn
  completed_late,     // Hoàn thành chậm (quá hạn)
  in_progress,        // Đang thực hiện, trong hạn
  overdue,            // Đang thực hiện / chưa thực hiện, đã quá hạn
  not_started,        // Chưa triển khai (still within the deadline)
  reported,           // recurring task ("Thường xuyên", "Hằng năm"): reported this period
  not_reported,       // recurring task: not reported this period
};
const char* to_string(TaskStatus s) noexcept;  // "completed_on_time", …
const char* label_vi(TaskStatus s) noexcept;   // "Hoàn thành đúng hạn", …
std::optional<TaskStatus> task_status_from_string(std::string_view s) noexcept;

enum class Warning { none, due_soon, reported_at_risk, overdue };
const char* to_string(Warning w) noexcept;

struct TaskFacts {
  Timeframe timeframe;               // kind + due decide deadline / recurring
  std::optional<Progress> progress;  // latest sent (submitted/approved/accepted) report; none = never reported
  int percent = 0;
  std::optional<Date> completed_on;        // the report's completion day
  std::optional<Date> reported_on;         // day of that report's (last) submission; stands in for completed_on
  bool reported_this_period = false;       // a sent report exists for the current period (recurring tasks)
  std::optional<Date> current_period_due;  // due day of the current period (recurring early warning)
};

struct TaskRules {
  int warn_days = 15;  // early warning when the deadline is this close (days, inclusive)
};

struct TaskAssessment {
  TaskStatus status = TaskStatus::not_started;
  Warning warning = Warning::none;
  std::optional<Date> due;       // the deadline used (timeframe due; current period due for recurring)
  std::optional<int> days_left;  // due − today when due; negative when past
  std::optional<int> days_late;  // completion − due for completed_late; today − due for overdue
};

// Recurring (ongoing, annual): reported / not_reported this period; warnings: overdue when not reported
// and the current period's due day has passed, reported_at_risk when the last report says so, due_soon
// when not reported and that due day is within warn_days.
// Deadline tasks (by_date, range: the timeframe's due date): completed → on time when the
// completion day (completed_on, else reported_on, else today) ≤ due, else late; not completed → overdue
// when today > due, else in_progress (started: progress in_progress/at_risk or percent > 0) or
// not_started. Warnings (the most severe one): overdue for overdue tasks; reported_at_risk when the
// last report says at risk; due_soon when 0 ≤ days_left ≤ warn_days. Completed tasks carry none.
// Tasks without a deadline — conditional and unknown timeframes, even when a due date was guessed for
// them, and deadline kinds without a due date — are never overdue, late or due soon (days_left none).
// Recurring tasks have no days_late (their lateness is the overdue warning).
TaskAssessment assess_task(const TaskFacts& facts, Date today, const TaskRules& rules = {});

// ---- indicators --------------------------------------------------------------------------------

enum class IndicatorStatus {
  achieved,        // Đạt
  on_track,        // xanh: at or ahead of the straight path from the baseline to the target
  progressing,     // cam: moving the right way, behind the path but not far
  at_risk,         // đỏ: far behind the path, going the wrong way, or the phase ended unmet
  not_assessable,  // xám: no value, no numeric target, or no baseline to draw the path from
};
const char* to_string(IndicatorStatus s) noexcept;
const char* label_vi(IndicatorStatus s) noexcept;
std::optional<IndicatorStatus> indicator_status_from_string(std::string_view s) noexcept;
const char* colour_of(IndicatorStatus s) noexcept;  // "green", "orange", "red", "grey" (achieved: "green")

struct IndicatorFacts {
  Direction direction = Direction::increase;
  Target target;      // the phase target (op, value, value_max)
  Date target_due{};  // end of the phase
  std::optional<double> baseline;
  std::optional<Date> baseline_on;  // start of the path; the plan's start when unknown
  std::optional<double> value;      // latest accepted value
  std::optional<Date> measured_on;
};

struct IndicatorRules {
  double on_track_ratio = 0.95;    // actual progress ≥ 95 % of the progress the path expects → green
  double progressing_ratio = 0.5;  // ≥ 50 % → orange; below → red
};

struct IndicatorAssessment {
  IndicatorStatus status = IndicatorStatus::not_assessable;
  std::optional<double> expected;  // path value at measured_on
  std::optional<double> ratio;     // (value − baseline) / (expected − baseline)
};

// achieved: the value meets the target (ge: ≥; le: ≤; eq: ≥ for increase, ≤ for decrease; range:
// within [value, value_max]); this needs no date or baseline. Otherwise grey without value, numeric
// target, baseline, baseline_on or measured_on. When measured after target_due (the day itself still
// counts) → at_risk. Else the straight path from (baseline_on, baseline) to (target_due, target) gives
// `expected` at measured_on (days before baseline_on read as baseline_on); a range target's path ends
// at the range's nearer edge (value_max when the baseline is above it, else value). ratio = actual
// progress / expected progress, both measured from the baseline towards the target (so decreases
// count positive); when expected progress is 0 the ratio is 1, or 0 if the value moved away from the
// target. ratio ≥ on_track_ratio → on_track, ≥ progressing_ratio → progressing, else at_risk (compared
// with a 1e-9 tolerance so 0.95 on paper stays 0.95).
IndicatorAssessment assess_indicator(const IndicatorFacts& facts, const IndicatorRules& rules = {});

// ---- agencies ----------------------------------------------------------------------------------

// One report an agency owed: a (task, period) pair whose due day has passed (or is today).
struct ExpectedReport {
  Id task_id = 0;
  Date due{};
  std::optional<Date> submitted_on;  // last submission of the current version; none = not received
};

struct AgencyFacts {
  Id agency_id = 0;
  std::string name;
  int tasks = 0;          // tasks the agency leads
  int tasks_updated = 0;  // … with a sent report in the current period
  std::vector<ExpectedReport> expected;
  int completed = 0;  // completed tasks (on time + late)
  int completed_late = 0;
};

struct AgencyMetrics {
  Id agency_id = 0;
  std::string name;
  int expected = 0, received = 0, on_time = 0;
  double update_rate = 0;   // tasks_updated / tasks (0 when no tasks)
  double completeness = 0;  // received / expected (1 when nothing expected)
  double timeliness = 0;    // on_time / expected (1 when nothing expected)
  double late_share = 0;    // completed_late / completed (0 when none completed)
  double score = 0;         // 0.4·completeness + 0.4·timeliness + 0.2·(1 − late_share)
  int rank = 0;             // 1 = best; full ties share a rank (1, 2, 2, 4); 0 = not ranked
};

AgencyMetrics agency_metrics(const AgencyFacts& facts);

// Ranks agencies with at least one expected report by score (desc), then timeliness, then
// completeness (each compared with a 1e-9 tolerance); agencies with nothing expected get rank 0 and come
// last in input order. Agencies equal on all three keys keep the input order (callers pass agencies in
// name order) and share a rank (competition ranking: 1, 2, 2, 4).
std::vector<AgencyMetrics> rank_agencies(std::vector<AgencyMetrics> metrics);

}  // namespace planwatch
