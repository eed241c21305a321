#pragma once
// Internal: plan visibility and the per-plan context the status use cases share.
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "planwatch/service/service.hpp"

namespace planwatch::service::detail {

bool is_public_status(PlanStatus s) noexcept;  // published, amended, replaced
// Admin: any plan. Office and leader: any plan of their organisation. Everyone else (agency staff,
// other organisations, the public): published, amended and replaced plans — public information.
// A draft anyone else asks for is "not found" (its existence is not disclosed).
Expected<Plan> visible_plan(store::Store& st, const Actor& a, Id plan_id);
bool sees_whole_org(const Actor& a, Id org_id) noexcept;  // admin, or office/leader of the org
// The reports of organisation `org_id` the actor may see — the one visibility rule (store::ReportScope):
// the public, other organisations and other agencies: accepted ones; the office, leaders and the
// admin: every sent one; the reporting agency: its own, drafts included.
store::ReportScope report_scope(const Actor& a, Id org_id) noexcept;

// The plan, when `a` may edit it: the office (or admin) of its organisation, and a draft (else conflict).
store::Result editable_plan(store::Store& st, const Actor& a, Id plan_id, Plan& out);

// Draft review (drafts.cpp): the plan's unmatched agency names, with suggestions when asked; other
// plans of the organisation that look like the same document; and, at publish, the names turned
// into agencies (decision "agency"/"create", or still-pending "named" ones) on their tasks and targets.
Expected<std::vector<AgencyNameView>> agency_name_views(store::Store& st, const Plan& plan, bool suggestions);
Expected<std::vector<DuplicatePlan>> duplicates_of(store::Store& st, const Plan& plan);
store::Result confirm_agency_names(store::Store& st, const Actor& a, Timestamp now, const Plan& plan);
// A collective agency's members (accounts.cpp): named agencies of the organisation, each once, never
// the agency itself; refused for a named agency. Used by agency edits and by the review of a draft.
store::Result check_members(store::Store& st, Id org_id, AgencyKind kind, const std::vector<Id>& members,
                            std::optional<Id> self);

// What the status rules need about one plan (or one task of it), as one reader sees it: four queries
// whatever the number of reports (periods, latest report per task, reports of the current period).
struct PlanContext {
  Plan plan;
  std::vector<Period> periods;
  std::optional<Period> current;                 // the period being reported now
  std::map<Id, std::vector<TaskReport>> latest;  // task → each agency's latest report the reader may see, latest first
  std::set<std::pair<Id, Id>> reported_now;      // (task, agency) with a sent report of the current period the reader may see
};
Expected<PlanContext> load_context(store::Store& st, const Plan& plan, Date today, const store::ReportScope& scope,
                                   std::optional<Id> task_id = std::nullopt);
// (task, agency) pairs of the plan (or the one task) with a sent report in `period_id` that the scope admits.
Expected<std::set<std::pair<Id, Id>>> reports_sent(store::Store& st, Id plan_id, Id period_id, const store::ReportScope& scope,
                                      std::optional<Id> task_id = std::nullopt);
TaskView view_of(const PlanContext& c, const PlanTask& t, Date today, const TaskRules& rules);
bool is_sent(ReportStatus s) noexcept;  // submitted, approved, accepted
bool completed(TaskStatus s) noexcept;  // on time or late

}  // namespace planwatch::service::detail
