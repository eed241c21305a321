// SqlStore: the province dashboard and the national roll-up, read from the figures the store keeps
// (tasks.latest_*, task_agencies.latest_*; sql_store.cpp says who keeps them true).
#include "sql_shared.hpp"

namespace planwatch::store::detail {

namespace {

// A dashboard row's counts over the reports in columns `progress` / `percent` (NULL = not reported):
// reported, then one count per progress value, then the average percent.
std::string dashboard_counts(const std::string& progress, const std::string& percent) {
  std::string sql = "COUNT(" + progress + ") AS reported";
  for (const char* value : {"not_started", "in_progress", "completed", "at_risk"})
    sql += std::string(", SUM(CASE WHEN ") + progress + " = '" + value + "' THEN 1 ELSE 0 END) AS " + value;
  return sql + ", AVG(" + percent + ") AS average_percent";
}

}  // namespace

// ---- aggregates --------------------------------------------------------------------------------

Expected<std::vector<DashboardRow>> SqlStore::province_dashboard(const DashboardQuery& query) {
  return guarded([&]() -> Expected<std::vector<DashboardRow>> {
    Params plan_params;
    std::string plan_filter = "1 = 1";
    if (query.org_id) {
      plan_filter += " AND pl.org_id = ?";
      plan_params.emplace_back(*query.org_id);
    }
    if (!query.plan_statuses.empty()) {
      plan_filter += " AND pl.status IN (" + placeholders(query.plan_statuses.size()) + ")";
      for (auto s : query.plan_statuses) plan_params.emplace_back(name_of(s));
    }
    Params params;
    auto bind_plans = [&] { params.insert(params.end(), plan_params.begin(), plan_params.end()); };
    const std::string no_lead = " AND t.leads = 0";
    // One row per (plan, owing lead) over that lead's parts, then one per plan over its tasks without
    // a lead; names are joined onto the few aggregated rows last (≈ 2× faster than grouping the
    // joined rows by title and agency name).
    std::string ranked, agg;
    if (!query.period_id) {
      // Without a period: the parts' figures are kept by refresh_task_latest (task_agencies.latest_*,
      // tasks.latest_*), so this is one index-only range scan per plan of task_agencies_dashboard
      // (plan, owes, agency, figures), already in group order, and of tasks_figures for the tasks
      // without a lead.
      agg = "SELECT ta.plan_id, ta.agency_id AS lead_id, COUNT(*) AS n, " +
            dashboard_counts("ta.latest_progress", "ta.latest_percent") +
            " FROM plans pl JOIN task_agencies ta ON ta.plan_id = pl.id AND ta.owes = 1"
            " WHERE " + plan_filter + " GROUP BY ta.plan_id, ta.agency_id"
            " UNION ALL SELECT t.plan_id, NULL, COUNT(*), " + dashboard_counts("t.latest_progress", "t.latest_percent") +
            " FROM plans pl JOIN tasks t ON t.plan_id = pl.id WHERE " + plan_filter + no_lead + " GROUP BY t.plan_id";
      bind_plans();
      bind_plans();
    } else {
      // One period: each agency's latest accepted report of that period on each task (rn), and each
      // task's over every agency (rn_task, for tasks without a lead), ranked over the province's
      // reports of the period only.
      Params no_params;  // the public scope binds nothing
      ranked = "ranked AS (SELECT r.task_id, r.agency_id, r.progress, r.percent,"
            " ROW_NUMBER() OVER (PARTITION BY r.task_id, r.agency_id ORDER BY " + std::string(kLatestOrder) + ") AS rn,"
            " ROW_NUMBER() OVER (PARTITION BY r.task_id ORDER BY " + std::string(kLatestOrder) + ") AS rn_task"
            " FROM task_reports r JOIN periods p ON p.id = r.period_id JOIN tasks t ON t.id = r.task_id"
            " JOIN plans pl ON pl.id = t.plan_id"
            " WHERE " + scope_sql(ReportScope{}, "r", no_params) + " AND r.period_id = ? AND " + plan_filter + "), ";
      agg = "SELECT ta.plan_id, ta.agency_id AS lead_id, COUNT(*) AS n, " + dashboard_counts("l.progress", "l.percent") +
            " FROM plans pl JOIN task_agencies ta ON ta.plan_id = pl.id AND ta.owes = 1"
            " LEFT JOIN ranked l ON l.task_id = ta.task_id AND l.agency_id = ta.agency_id AND l.rn = 1"
            " WHERE " + plan_filter + " GROUP BY ta.plan_id, ta.agency_id"
            " UNION ALL SELECT t.plan_id, NULL, COUNT(*), " + dashboard_counts("l.progress", "l.percent") +
            " FROM plans pl JOIN tasks t ON t.plan_id = pl.id LEFT JOIN ranked l ON l.task_id = t.id AND l.rn_task = 1"
            " WHERE " + plan_filter + no_lead + " GROUP BY t.plan_id";
      params.emplace_back(*query.period_id);
      bind_plans();
      bind_plans();
      bind_plans();
    }
    const std::string sql = "WITH " + ranked + "agg AS (" + agg + ")"
           " SELECT pl.id, pl.title, g.lead_id, COALESCE(a.name, ''), g.n, g.reported, g.not_started,"
           " g.in_progress, g.completed, g.at_risk, g.average_percent"
           " FROM agg g JOIN plans pl ON pl.id = g.plan_id LEFT JOIN agencies a ON a.id = g.lead_id"
           " ORDER BY pl.id, CASE WHEN g.lead_id IS NULL THEN 1 ELSE 0 END, a.name";
    PW_TRY(rows, q(sql, params));
    return dashboard_rows(rows);
  });
}

std::vector<DashboardRow> SqlStore::dashboard_rows(const Rows& rows) {
  {
    std::vector<DashboardRow> out;
    for (const auto& r : rows.rows) {
      DashboardRow d;
      d.plan_id = r.i(0);
      d.plan_title = r.s(1);
      d.lead_agency_id = r.oi(2);
      d.lead_agency_name = r.s(3);
      d.tasks = r.i(4);
      d.reported = r.i(5);
      d.not_reported = d.tasks - d.reported;
      d.not_started = r.i(6);
      d.in_progress = r.i(7);
      d.completed = r.i(8);
      d.at_risk = r.i(9);
      d.average_percent = r.null(10) ? 0 : r.d(10);
      out.push_back(std::move(d));
    }
    return out;
  }
}

Expected<std::vector<RollupRow>> SqlStore::national_rollup(const std::vector<PlanStatus>& plan_statuses) {
  return guarded([&]() -> Expected<std::vector<RollupRow>> {
    Params params;
    std::string status_filter;
    if (!plan_statuses.empty()) {
      status_filter = " AND pl.status IN (" + placeholders(plan_statuses.size()) + ")";
      for (auto st : plan_statuses) params.emplace_back(name_of(st));
    }
    // Every organisation gets a row (zeros when it has no plan of these statuses). The counts come
    // from tasks.latest_progress/latest_percent, which the store keeps equal to each task's latest
    // accepted report (refresh_task_latest): the same report the province dashboard counts, without
    // ranking millions of reports. The tasks are aggregated per plan first (one pass over the
    // covering index tasks_figures, in plan order), then the ≈ 10 plan rows of each organisation
    // are summed: 4× faster than grouping organisations × plans × tasks with COUNT(DISTINCT plan).
    PW_TRY(rows, q("WITH per_plan AS (SELECT t.plan_id, COUNT(*) AS n, COUNT(t.latest_progress) AS reported,"
                   " SUM(CASE WHEN t.latest_progress = 'not_started' THEN 1 ELSE 0 END) AS not_started,"
                   " SUM(CASE WHEN t.latest_progress = 'in_progress' THEN 1 ELSE 0 END) AS in_progress,"
                   " SUM(CASE WHEN t.latest_progress = 'completed' THEN 1 ELSE 0 END) AS completed,"
                   " SUM(CASE WHEN t.latest_progress = 'at_risk' THEN 1 ELSE 0 END) AS at_risk,"
                   " SUM(t.latest_percent) AS percent_sum, COUNT(t.latest_percent) AS percent_n"
                   " FROM tasks t GROUP BY t.plan_id)"
                   " SELECT o.id, o.name, COUNT(pl.id), COALESCE(SUM(pp.n), 0), COALESCE(SUM(pp.reported), 0),"
                   " SUM(pp.not_started), SUM(pp.in_progress), SUM(pp.completed), SUM(pp.at_risk),"
                   " SUM(pp.percent_sum) * 1.0 / NULLIF(SUM(pp.percent_n), 0)"
                   " FROM organisations o LEFT JOIN plans pl ON pl.org_id = o.id" + status_filter +
                   " LEFT JOIN per_plan pp ON pp.plan_id = pl.id"
                   " GROUP BY o.id, o.name ORDER BY o.name, o.id",
                   params));
    std::vector<RollupRow> out;
    for (const auto& r : rows.rows) {
      RollupRow x;
      x.org_id = r.i(0);
      x.org_name = r.s(1);
      x.plans = r.i(2);
      x.tasks = r.i(3);
      x.reported = r.i(4);
      x.not_reported = x.tasks - x.reported;
      x.not_started = r.null(5) ? 0 : r.i(5);
      x.in_progress = r.null(6) ? 0 : r.i(6);
      x.completed = r.null(7) ? 0 : r.i(7);
      x.at_risk = r.null(8) ? 0 : r.i(8);
      x.average_percent = r.null(9) ? 0 : r.d(9);
      out.push_back(std::move(x));
    }
    return out;
  });
}

}  // namespace planwatch::store::detail
