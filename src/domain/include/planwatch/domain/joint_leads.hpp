#pragma once
// Joint lead agencies: a task led by several agencies (each for its own sector or area) is assessed
// part by part — each lead's own latest report through assess_task — and the parts are combined by
// one rule, used by every reader (statuses, backlog, dashboards, reports). docs/monitoring.md states
// it for officials; tests/unit/joint_leads_test.cpp holds the hand-computed cases.
#include <optional>
#include <vector>

#include "planwatch/domain/status.hpp"

namespace planwatch {

struct LeadPart {
  Id agency_id = 0;
  TaskFacts facts;  // this lead's own latest sent report; the task's timeframe
};

struct JointAssessment {
  TaskAssessment task;  // the combined status
  int percent = 0;      // the combined percent
  std::vector<TaskAssessment> parts;  // each lead's own assessment, in the order given
};

// With a consolidating lead (đầu mối) that is one of the parts, only its part counts: it reports for
// the whole task. Otherwise, with parts P:
//   deadline tasks — completed only when every part is completed (late when any part completed late;
//   days_late the largest); else overdue when any part is overdue (days_late the largest); else
//   in_progress when any part has started or completed; else not_started;
//   recurring tasks — reported only when every part reported this period, else not_reported;
//   the warning is the most severe of the parts' (none < due_soon < reported_at_risk < overdue);
//   due and days_left are the task's (the parts share its timeframe).
// Percent: the mean of the parts' percents, a completed part counting 100, rounded half up. The mean
// is the share of the joint work done when each lead's part weighs the same; the minimum would show
// 0 % while nine districts of ten have finished, and the laggard is already visible in the status
// (not completed until every part is; overdue when any part is).
// No parts (a task without a lead agency): assess_task(no_lead) alone.
JointAssessment assess_joint_task(const std::vector<LeadPart>& parts, const TaskFacts& no_lead, Date today,
                                  const TaskRules& rules = {}, std::optional<Id> consolidating_lead = std::nullopt);

// The agencies that owe the task's report every period and are chased for it: the consolidating
// lead alone when the office named one (and it still leads the task), else every lead agency.
std::vector<Id> owing_agencies(const PlanTask& t);
bool leads(const PlanTask& t, Id agency) noexcept;
bool takes_part(const PlanTask& t, Id agency) noexcept;  // leads or coordinates
bool takes_part(const PlanIndicator& i, Id agency) noexcept;

// The dashboards' figures (public: accepted reports only) for a task from its parts — each owing
// lead's latest accepted report, none when that lead has not reported. No part reported → none (the
// task counts as not reported); every part completed → completed, 100; else at_risk when any part is
// at risk; else in_progress when any part has started (in progress, completed, or percent > 0); else
// not_started. Percent as in assess_joint_task: the mean over all parts, an unreported part 0, a
// completed one 100, rounded half up.
struct PartProgress {
  Progress progress = Progress::not_started;
  int percent = 0;
};
std::optional<PartProgress> combine_progress(const std::vector<std::optional<PartProgress>>& parts);

}  // namespace planwatch
