// Statuses, rankings and dashboards: the status engine (planwatch/domain/status.hpp) fed from the
// store.
#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "access.hpp"
#include "internal.hpp"
#include "planwatch/domain/calendar.hpp"
#include "planwatch/domain/cycles.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::service {

namespace detail {

bool is_sent(ReportStatus s) noexcept {
  return s == ReportStatus::submitted || s == ReportStatus::approved || s == ReportStatus::accepted;
}

namespace {
int granularity(Frequency f) noexcept {
  switch (f) {
    case Frequency::monthly: return 0;
    case Frequency::quarterly: return 1;
    case Frequency::semiannual: return 2;
    case Frequency::annual: return 3;
    case Frequency::adhoc: return 4;
  }
  return 4;
}
}  // namespace

Expected<std::set<std::pair<Id, Id>>> reports_sent(store::Store& st, Id plan_id, Id period_id,
                                                   const store::ReportScope& scope, std::optional<Id> task_id) {
  store::ReportFilter f;
  f.plan_id = plan_id;
  f.task_id = task_id;
  f.period_id = period_id;
  f.statuses = {ReportStatus::submitted, ReportStatus::approved, ReportStatus::accepted};
  f.latest_only = false;
  f.scope = scope;
  auto reports = st.list_reports(f);
  if (!reports) return pass(reports.error());
  std::set<std::pair<Id, Id>> out;
  for (const auto& r : *reports) out.emplace(r.task_id, r.agency_id);
  return out;
}

Expected<PlanContext> load_context(store::Store& st, const Plan& plan, Date today, const store::ReportScope& scope,
                                   std::optional<Id> task_id) {
  PlanContext c;
  c.plan = plan;
  auto periods = st.list_periods(plan.id);
  if (!periods) return pass(periods.error());
  c.periods = std::move(*periods);
  // The period being reported now: of the finest frequency the plan uses, the first not yet due
  // (after the plan ends, the last one).
  int finest = 4;
  for (const auto& p : c.periods) finest = std::min(finest, granularity(p.frequency));
  for (const auto& p : c.periods) {
    if (granularity(p.frequency) != finest) continue;
    if (!(p.due < today) && (!c.current || p.due < c.current->due)) c.current = p;
  }
  if (!c.current)
    for (const auto& p : c.periods)
      if (granularity(p.frequency) == finest && (!c.current || c.current->due < p.due)) c.current = p;
  auto latest = st.latest_reports({plan.id, task_id, scope});
  if (!latest) return pass(latest.error());
  for (auto& r : *latest) c.latest[r.task_id].push_back(std::move(r));
  if (c.current) {
    auto now = reports_sent(st, plan.id, c.current->id, scope, task_id);
    if (!now) return pass(now.error());
    c.reported_now = std::move(*now);
  }
  return c;
}

bool completed(TaskStatus s) noexcept { return s == TaskStatus::completed_on_time || s == TaskStatus::completed_late; }

// One task as the status rules see it: each lead's part from its own latest report, combined by the
// joint-lead rule (domain/joint_leads.hpp) over the leads that owe the report; a task without a lead
// agency is judged by its latest report from any agency.
TaskView view_of(const PlanContext& c, const PlanTask& t, Date today, const TaskRules& rules) {
  TaskView v;
  v.task = t;
  static const std::vector<TaskReport> kNone;
  const auto found = c.latest.find(t.id);
  const auto& reports = found == c.latest.end() ? kNone : found->second;
  auto report_of = [&](Id agency) -> const TaskReport* {
    for (const auto& r : reports)
      if (r.agency_id == agency) return &r;
    return nullptr;
  };
  auto facts_of = [&](const TaskReport* r, bool reported_now) {
    TaskFacts f;
    f.timeframe = t.timeframe;
    if (r) {
      f.progress = r->progress;
      f.percent = r->percent;
      f.completed_on = r->completed_on;
      if (r->submitted_at) f.reported_on = date_of_timestamp(*r->submitted_at);
    }
    if (c.current) {
      f.reported_this_period = reported_now;
      f.current_period_due = c.current->due;
    }
    return f;
  };
  // The store lists a task's reports latest first, so of the reports that count the one earliest in
  // `reports` is the latest (pointers into the one vector compare by position).
  const TaskReport* latest = nullptr;
  auto consider = [&](const TaskReport* r) {
    if (r && (!latest || r < latest)) latest = r;
  };
  const auto owing = owing_agencies(t);
  std::vector<LeadPart> parts;
  for (Id lead : t.lead_agency_ids) {
    LeadPartView part;
    part.agency_id = lead;
    part.owes_report = std::find(owing.begin(), owing.end(), lead) != owing.end();
    const TaskReport* r = report_of(lead);
    const auto f = facts_of(r, c.current && c.reported_now.count({t.id, lead}) > 0);
    part.assessment = assess_task(f, today, rules);
    part.percent = completed(part.assessment.status) ? 100 : std::clamp(f.percent, 0, 100);
    if (r) part.latest_report = *r;
    if (part.owes_report) {
      parts.push_back({lead, f});
      consider(r);
    }
    v.parts.push_back(std::move(part));
  }
  TaskFacts no_lead;
  if (parts.empty()) {
    if (!reports.empty()) consider(&reports.front());
    const auto now = c.reported_now.lower_bound({t.id, std::numeric_limits<Id>::min()});
    const bool any_now = now != c.reported_now.end() && now->first == t.id;
    no_lead = facts_of(latest, any_now);
  }
  if (latest) v.latest_report = *latest;
  const auto joint = assess_joint_task(parts, no_lead, today, rules);
  v.assessment = joint.task;
  v.percent = joint.percent;
  return v;
}

}  // namespace detail

Expected<PlanStatusView> Service::plan_status(const Actor& a, Id plan_id) {
  auto p = detail::visible_plan(st_, a, plan_id);
  if (!p) return detail::pass(p.error());
  PlanStatusView out;
  out.plan_id = plan_id;
  out.today = today();
  TaskQuery q;
  q.plan_id = plan_id;
  q.limit = 0;
  auto tasks = list_tasks(a, q);
  if (!tasks) return detail::pass(tasks.error());
  out.tasks = std::move(*tasks);
  for (const auto& t : out.tasks) ++out.task_counts[to_string(t.assessment.status)];
  auto inds = list_indicators(a, plan_id);
  if (!inds) return detail::pass(inds.error());
  out.indicators = std::move(*inds);
  for (const auto& i : out.indicators) ++out.indicator_counts[to_string(i.assessment.status)];
  return out;
}

Expected<std::vector<AgencyMetrics>> Service::agency_ranking(const Actor& a, Id plan_id) {
  auto p = detail::visible_plan(st_, a, plan_id);
  if (!p) return detail::pass(p.error());
  // Completion (the status of each task) as this reader sees it; submissions — when, not what — from
  // every sent report of the plan.
  auto ctx = detail::load_context(st_, *p, today(), detail::report_scope(a, p->org_id));
  if (!ctx) return detail::pass(ctx.error());
  store::ReportFilter rf;
  rf.plan_id = plan_id;
  auto reports = st_.list_reports(rf);
  if (!reports) return detail::pass(reports.error());
  store::TaskFilter tf;
  tf.plan_id = plan_id;
  auto tasks = st_.list_tasks(tf);
  if (!tasks) return detail::pass(tasks.error());
  auto agencies = st_.list_agencies(p->org_id);
  if (!agencies) return detail::pass(agencies.error());

  // Each agency's current report for (task, period): its last submission day when sent.
  std::map<std::tuple<Id, Id, Id>, Date> submitted;  // (task, period, agency) → day
  std::set<std::pair<Id, Id>> updated;                 // (task, agency) with a sent report of the current period
  for (const auto& r : *reports) {
    if (!detail::is_sent(r.status)) continue;
    if (ctx->current && r.period_id == ctx->current->id) updated.emplace(r.task_id, r.agency_id);
    if (r.submitted_at) submitted[{r.task_id, r.period_id, r.agency_id}] = date_of_timestamp(*r.submitted_at);
  }
  std::map<Id, AgencyFacts> facts;
  for (const auto& ag : *agencies) facts[ag.id] = AgencyFacts{ag.id, ag.name, 0, 0, {}, 0, 0};
  const Date now = today();
  // Every lead that owes the task's report is measured on its own part (docs/monitoring.md, "Joint
  // lead agencies"): its reports, its completion.
  for (const auto& row : *tasks) {
    const auto view = detail::view_of(*ctx, row.task, now, cfg_.task_rules);
    for (const auto& part : view.parts) {
      if (!part.owes_report) continue;
      auto& f = facts[part.agency_id];
      ++f.tasks;
      if (updated.count({row.task.id, part.agency_id})) ++f.tasks_updated;
      const bool done = detail::completed(part.assessment.status);
      if (done) ++f.completed;
      if (part.assessment.status == TaskStatus::completed_late) ++f.completed_late;
      // Every period already due owes a report, up to the one in which the part was completed.
      std::optional<Date> done_on;
      if (done && part.latest_report)
        done_on = part.latest_report->completed_on
                      ? part.latest_report->completed_on
                      : std::optional<Date>(date_of_timestamp(part.latest_report->submitted_at.value_or(now_)));
      for (const auto& per : ctx->periods) {
        if (now < per.due) continue;
        if (done_on && *done_on < per.start) continue;
        ExpectedReport e{row.task.id, per.due, std::nullopt};
        if (auto it = submitted.find({row.task.id, per.id, part.agency_id}); it != submitted.end())
          e.submitted_on = it->second;
        f.expected.push_back(e);
      }
    }
  }
  std::vector<std::pair<std::string, AgencyMetrics>> named;
  for (const auto& [id, f] : facts)
    if (f.tasks > 0) named.emplace_back(text::fold(f.name), agency_metrics(f));
  std::stable_sort(named.begin(), named.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<AgencyMetrics> metrics;
  for (auto& [k, m] : named) metrics.push_back(std::move(m));
  return rank_agencies(std::move(metrics));
}

Expected<std::vector<store::DashboardRow>> Service::dashboard(const Actor& a, std::optional<Id> org_id) {
  store::DashboardQuery q;
  q.org_id = org_id ? org_id : (a.org_id ? std::optional<Id>(a.org_id) : std::nullopt);
  if (!q.org_id) return detail::invalid("Cần chọn tỉnh/thành phố hoặc bộ (org).");
  // Published and amended plans only (the DashboardQuery default): a dashboard is public data.
  auto rows = st_.province_dashboard(q);
  if (!rows) return detail::pass(rows.error());
  return rows;
}

Expected<std::vector<store::RollupRow>> Service::national(const Actor& /*a*/) {
  auto rows = st_.national_rollup({PlanStatus::published, PlanStatus::amended});
  if (!rows) return detail::pass(rows.error());
  return rows;
}

}  // namespace planwatch::service
