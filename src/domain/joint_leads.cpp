#include "planwatch/domain/joint_leads.hpp"

#include <algorithm>

namespace planwatch {
namespace {

bool completed(TaskStatus s) noexcept { return s == TaskStatus::completed_on_time || s == TaskStatus::completed_late; }

int part_percent(const LeadPart& p, const TaskAssessment& a) {
  return completed(a.status) ? 100 : std::clamp(p.facts.percent, 0, 100);
}

}  // namespace

JointAssessment assess_joint_task(const std::vector<LeadPart>& parts, const TaskFacts& no_lead, Date today,
                                  const TaskRules& rules, std::optional<Id> consolidating_lead) {
  JointAssessment out;
  if (parts.empty()) {
    out.task = assess_task(no_lead, today, rules);
    out.percent = completed(out.task.status) ? 100 : std::clamp(no_lead.percent, 0, 100);
    return out;
  }
  for (const auto& p : parts) out.parts.push_back(assess_task(p.facts, today, rules));
  if (consolidating_lead) {
    for (std::size_t k = 0; k < parts.size(); ++k) {
      if (parts[k].agency_id != *consolidating_lead) continue;
      out.task = out.parts[k];
      out.percent = part_percent(parts[k], out.parts[k]);
      return out;
    }
  }
  const auto& first = out.parts.front();
  TaskAssessment t;
  t.due = first.due;
  t.days_left = first.days_left;
  bool all_completed = true, any_late = false, any_overdue = false, any_started = false, all_reported = true;
  bool recurring = false;
  int sum = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const auto& a = out.parts[k];
    sum += part_percent(parts[k], a);
    t.warning = std::max(t.warning, a.warning);  // the enum is ordered by severity
    if (a.days_late) t.days_late = std::max(t.days_late.value_or(0), *a.days_late);
    switch (a.status) {
      case TaskStatus::completed_late:
        any_late = true;
        any_started = true;
        break;
      case TaskStatus::completed_on_time:
        any_started = true;
        break;
      case TaskStatus::overdue:
        any_overdue = true;
        all_completed = false;
        break;
      case TaskStatus::in_progress:
        any_started = true;
        all_completed = false;
        break;
      case TaskStatus::not_started:
        all_completed = false;
        break;
      case TaskStatus::reported:
        recurring = true;
        break;
      case TaskStatus::not_reported:
        recurring = true;
        all_reported = false;
        break;
    }
  }
  if (recurring) {
    t.status = all_reported ? TaskStatus::reported : TaskStatus::not_reported;
    t.days_late.reset();
  } else if (all_completed) {
    t.status = any_late ? TaskStatus::completed_late : TaskStatus::completed_on_time;
    if (!any_late) t.days_late.reset();
    t.warning = Warning::none;
  } else if (any_overdue) {
    t.status = TaskStatus::overdue;
    // days_late of an overdue task counts from the deadline to today: the largest part's is that.
  } else {
    t.status = any_started ? TaskStatus::in_progress : TaskStatus::not_started;
    t.days_late.reset();
  }
  out.task = t;
  const auto n = static_cast<int>(parts.size());
  out.percent = (2 * sum + n) / (2 * n);  // rounded half up
  return out;
}

std::vector<Id> owing_agencies(const PlanTask& t) {
  if (t.consolidating_agency_id && leads(t, *t.consolidating_agency_id)) return {*t.consolidating_agency_id};
  return t.lead_agency_ids;
}

bool leads(const PlanTask& t, Id agency) noexcept {
  return std::find(t.lead_agency_ids.begin(), t.lead_agency_ids.end(), agency) != t.lead_agency_ids.end();
}

bool takes_part(const PlanTask& t, Id agency) noexcept {
  return leads(t, agency) ||
         std::find(t.coordinating_agency_ids.begin(), t.coordinating_agency_ids.end(), agency) !=
             t.coordinating_agency_ids.end();
}

bool takes_part(const PlanIndicator& i, Id agency) noexcept {
  for (const auto* ids : {&i.lead_agency_ids, &i.coordinating_agency_ids})
    if (std::find(ids->begin(), ids->end(), agency) != ids->end()) return true;
  return false;
}

std::optional<PartProgress> combine_progress(const std::vector<std::optional<PartProgress>>& parts) {
  bool any_reported = false, all_completed = true, any_at_risk = false, any_started = false;
  int sum = 0;
  for (const auto& p : parts) {
    if (!p) {
      all_completed = false;
      continue;
    }
    any_reported = true;
    const bool done = p->progress == Progress::completed;
    all_completed = all_completed && done;
    any_at_risk = any_at_risk || p->progress == Progress::at_risk;
    any_started = any_started || done || p->progress == Progress::in_progress || p->percent > 0;
    sum += done ? 100 : std::clamp(p->percent, 0, 100);
  }
  if (!any_reported) return std::nullopt;
  PartProgress out;
  out.progress = all_completed   ? Progress::completed
                 : any_at_risk   ? Progress::at_risk
                 : any_started   ? Progress::in_progress
                                 : Progress::not_started;
  const auto n = static_cast<int>(parts.size());
  out.percent = all_completed ? 100 : (2 * sum + n) / (2 * n);
  return out;
}

}  // namespace planwatch
