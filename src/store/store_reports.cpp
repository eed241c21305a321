// SqlStore: task reports (versions, status changes, the latest ones), the figures the store keeps
// from them (refresh_task_latest; sql_store.cpp says why) and review decisions.
#include "sql_shared.hpp"

#include <map>

#include "planwatch/domain/joint_leads.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kReportCols =
    "r.id, r.task_id, r.period_id, r.agency_id, r.version, r.status, r.progress, r.percent, r.completed_on, "
    "r.narrative, r.difficulties, r.proposals, r.evidence_json, r.submitted_at, r.approved_at, r.reviewed_at, "
    "r.author_id";

Expected<TaskReport> report_of(const Row& r) {
  TaskReport t;
  t.id = r.i(0);
  t.task_id = r.i(1);
  t.period_id = r.i(2);
  t.agency_id = r.i(3);
  t.version = r.i32(4);
  t.status = report_status_of(r.s(5));
  t.progress = progress_of(r.s(6));
  t.percent = r.i32(7);
  t.completed_on = date_of(r.os(8));
  t.narrative = r.s(9);
  t.difficulties = r.s(10);
  t.proposals = r.s(11);
  PW_TRY(evidence, evidence_from_json(r.s(12)));
  t.evidence = std::move(evidence);
  t.submitted_at = r.oi(13);
  t.approved_at = r.oi(14);
  t.reviewed_at = r.oi(15);
  t.author_id = r.i(16);
  return t;
}

}  // namespace

// ---- task reports ------------------------------------------------------------------------------

Expected<std::vector<TaskReport>> SqlStore::reports_of(const Rows& rows) {
  std::vector<TaskReport> out;
  for (const auto& r : rows.rows) {
    PW_TRY(report, report_of(r));
    out.push_back(std::move(report));
  }
  return out;
}

Expected<Store::ReportKey> SqlStore::create_report(const TaskReport& r) {
  return guarded([&]() -> Expected<ReportKey> { return atomic([&]() -> Expected<ReportKey> {
    PW_TRY(rows, q("INSERT INTO task_reports (task_id, period_id, agency_id, version, status, progress, percent, "
                   "completed_on, narrative, difficulties, proposals, evidence_json, submitted_at, approved_at, "
                   "reviewed_at, author_id) VALUES (?, ?, ?, "
                   "(SELECT COALESCE(MAX(v.version), 0) + 1 FROM task_reports v "
                   "WHERE v.task_id = ? AND v.period_id = ? AND v.agency_id = ?), "
                   "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version",
                   {r.task_id, r.period_id, r.agency_id, r.task_id, r.period_id, r.agency_id, name_of(r.status),
                    name_of(r.progress), r.percent, iso(r.completed_on), r.narrative, r.difficulties, r.proposals,
                    evidence_json(r.evidence), r.submitted_at, r.approved_at, r.reviewed_at, r.author_id}));
    if (rows.rows.empty()) return error("internal", "task report insert returned nothing");
    const ReportKey key{rows.rows[0].i(0), rows.rows[0].i32(1)};
    if (r.status == ReportStatus::submitted || r.status == ReportStatus::approved || r.status == ReportStatus::accepted)
      PW_CHECK(refresh_latest(key.id));
    return key;
  }); });
}

Expected<TaskReport> SqlStore::get_report(Id id) {
  return guarded([&]() -> Expected<TaskReport> {
    PW_TRY(row, one(std::string("SELECT ") + kReportCols + " FROM task_reports r WHERE r.id = ?", {id}, "task report"));
    return report_of(row);
  });
}

Expected<TaskReport> SqlStore::get_current_report(Id task_id, Id period_id, Id agency_id) {
  return guarded([&]() -> Expected<TaskReport> {
    PW_TRY(row, one(std::string("SELECT ") + kReportCols +
                        " FROM task_reports r WHERE r.task_id = ? AND r.period_id = ? AND r.agency_id = ? "
                        "ORDER BY r.version DESC LIMIT 1",
                    {task_id, period_id, agency_id}, "task report"));
    return report_of(row);
  });
}

// Why a guarded UPDATE of a report touched nothing: missing, or accepted (immutable).
Result SqlStore::explain_report_refusal(Id id) {
  PW_TRY(row, one("SELECT status FROM task_reports WHERE id = ?", {id}, "task report"));
  return error("conflict", "task report " + std::to_string(id) + " is " + row.s(0) +
                               ": an accepted report is immutable, amend it with a new version");
}

Result SqlStore::update_report(const TaskReport& r) {
  return guarded([&]() -> Result { return atomic([&]() -> Result {
    PW_TRY(rows, q("UPDATE task_reports SET status = ?, progress = ?, percent = ?, completed_on = ?, narrative = ?, "
                   "difficulties = ?, proposals = ?, evidence_json = ?, submitted_at = ?, approved_at = ?, "
                   "reviewed_at = ?, author_id = ? WHERE id = ? AND status <> 'accepted'",
                   {name_of(r.status), name_of(r.progress), r.percent, iso(r.completed_on), r.narrative, r.difficulties,
                    r.proposals, evidence_json(r.evidence), r.submitted_at, r.approved_at, r.reviewed_at, r.author_id,
                    r.id}));
    if (rows.changes == 0) return explain_report_refusal(r.id);
    return refresh_latest(r.id);
  }); });
}

// Recomputes the latest-report columns of the task of report `id` (call inside a transaction).
Result SqlStore::refresh_latest(Id report_id) {
  PW_TRY(row, one("SELECT task_id FROM task_reports WHERE id = ?", {report_id}, "task report"));
  return refresh_task_latest(row.i(0));
}

// Recomputes one task's public figures from its accepted reports (call inside a transaction): each
// lead's part (task_agencies.latest_*: that lead's latest accepted report) and the task's
// (tasks.latest_*: the owing leads' parts combined by combine_progress; a task without a lead
// agency: its latest accepted report from any agency). After a report changes, and after update_task
// (new leads or a new đầu mối change which reports count).
Result SqlStore::refresh_task_latest(Id task_id) {
  // Public figures: the reports the public may see (accepted), whoever reads the dashboard.
  Params params;
  const std::string visible = scope_sql(ReportScope{}, "r", params);
  params.emplace_back(task_id);
  PW_TRY(latest, q("WITH ranked AS (SELECT r.agency_id, r.progress, r.percent, p.end_on, r.version, r.id,"
                   " ROW_NUMBER() OVER (PARTITION BY r.agency_id ORDER BY " + std::string(kLatestOrder) + ") AS rn"
                   " FROM task_reports r JOIN periods p ON p.id = r.period_id WHERE " + visible + " AND r.task_id = ?)"
                   " SELECT agency_id, progress, percent FROM ranked WHERE rn = 1"
                   " ORDER BY end_on DESC, version DESC, id DESC",
                   params));
  std::map<Id, PartProgress> part_of;
  for (const auto& r : latest.rows) part_of[r.i(0)] = PartProgress{progress_of(r.s(1)), r.i32(2)};
  PW_TRY(task_rows, tasks_where("t.id = ?", {task_id}, ""));
  if (task_rows.empty()) return error("not_found", "task");
  const PlanTask& t = task_rows.front().task;
  for (Id lead : t.lead_agency_ids) {
    Param progress = nullptr, percent = nullptr;
    if (auto it = part_of.find(lead); it != part_of.end()) {
      progress = name_of(it->second.progress);
      percent = it->second.percent;
    }
    PW_CHECK(q("UPDATE task_agencies SET latest_progress = ?, latest_percent = ? "
               "WHERE task_id = ? AND agency_id = ? AND role = 'lead'",
               {progress, percent, task_id, lead}));
  }
  std::optional<PartProgress> combined;
  if (const auto owing = owing_agencies(t); !owing.empty()) {
    std::vector<std::optional<PartProgress>> parts;
    for (Id lead : owing) {
      auto it = part_of.find(lead);
      parts.push_back(it == part_of.end() ? std::nullopt : std::optional<PartProgress>(it->second));
    }
    combined = combine_progress(parts);
  } else if (!latest.rows.empty()) {  // no lead: the latest report of any agency (rows come latest first)
    combined = PartProgress{progress_of(latest.rows[0].s(1)), latest.rows[0].i32(2)};
  }
  Param progress = nullptr, percent = nullptr;
  if (combined) {
    progress = name_of(combined->progress);
    percent = combined->percent;
  }
  PW_CHECK(q("UPDATE tasks SET latest_progress = ?, latest_percent = ? WHERE id = ?", {progress, percent, task_id}));
  return Done{};
}

Result SqlStore::set_report_status(Id id, ReportStatus s, Timestamp at) {
  return guarded([&]() -> Result {
    std::string stamp;
    switch (s) {
      case ReportStatus::submitted: stamp = ", submitted_at = ?"; break;
      case ReportStatus::approved: stamp = ", approved_at = ?"; break;
      case ReportStatus::accepted:
      case ReportStatus::returned: stamp = ", reviewed_at = ?"; break;
      case ReportStatus::draft: break;
    }
    Params params{name_of(s)};
    if (!stamp.empty()) params.emplace_back(at);
    params.emplace_back(id);
    return atomic([&]() -> Result {
      PW_TRY(rows, q("UPDATE task_reports SET status = ?" + stamp + " WHERE id = ? AND status <> 'accepted'", params));
      if (rows.changes == 0) return explain_report_refusal(id);
      return refresh_latest(id);
    });
  });
}

Expected<std::vector<TaskReport>> SqlStore::list_reports(const ReportFilter& f) {
  return guarded([&]() -> Expected<std::vector<TaskReport>> {
    std::string where = "1 = 1";
    Params params;
    if (f.plan_id) {
      where += " AND r.task_id IN (SELECT id FROM tasks WHERE plan_id = ?)";
      params.emplace_back(*f.plan_id);
    }
    if (f.task_id) {
      where += " AND r.task_id = ?";
      params.emplace_back(*f.task_id);
    }
    if (f.period_id) {
      where += " AND r.period_id = ?";
      params.emplace_back(*f.period_id);
    }
    if (f.agency_id) {
      where += " AND r.agency_id = ?";
      params.emplace_back(*f.agency_id);
    }
    if (f.scope) where += " AND " + scope_sql(*f.scope, "r", params);
    if (f.latest_only)
      where += " AND r.version = (SELECT MAX(v.version) FROM task_reports v WHERE v.task_id = r.task_id AND "
               "v.period_id = r.period_id AND v.agency_id = r.agency_id" +
               (f.scope ? " AND " + scope_sql(*f.scope, "v", params) : std::string()) + ")";
    if (!f.statuses.empty()) {
      where += " AND r.status IN (" + placeholders(f.statuses.size()) + ")";
      for (auto s : f.statuses) params.emplace_back(name_of(s));
    }
    PW_TRY(rows, q(std::string("SELECT ") + kReportCols + " FROM task_reports r WHERE " + where +
                       " ORDER BY r.task_id, r.period_id, r.agency_id, r.version",
                   params));
    return reports_of(rows);
  });
}

Expected<std::vector<TaskReport>> SqlStore::report_versions(Id task_id, Id period_id, Id agency_id) {
  return guarded([&]() -> Expected<std::vector<TaskReport>> {
    PW_TRY(rows, q(std::string("SELECT ") + kReportCols +
                       " FROM task_reports r WHERE r.task_id = ? AND r.period_id = ? AND r.agency_id = ? ORDER BY r.version",
                   {task_id, period_id, agency_id}));
    return reports_of(rows);
  });
}

Expected<std::vector<TaskReport>> SqlStore::latest_reports(const LatestReportQuery& query) {
  return guarded([&]() -> Expected<std::vector<TaskReport>> {
    // Ranked over this plan's (or this task's) reports the reader may see, returned ones left out.
    Params params{query.plan_id};
    std::string where = "t.plan_id = ?";
    if (query.task_id) {
      where += " AND r.task_id = ?";
      params.emplace_back(*query.task_id);
    }
    where += " AND r.status <> 'returned' AND " + scope_sql(query.scope, "r", params);
    PW_TRY(rows, q(std::string("WITH ranked AS (SELECT r.id, ROW_NUMBER() OVER (PARTITION BY r.task_id, r.agency_id "
                               "ORDER BY ") +
                       kLatestOrder +
                       ") AS rn FROM task_reports r JOIN periods p ON p.id = r.period_id JOIN tasks t ON t.id = r.task_id "
                       "WHERE " + where + ") SELECT " + kReportCols +
                       " FROM task_reports r JOIN ranked k ON k.id = r.id JOIN periods p ON p.id = r.period_id"
                       " WHERE k.rn = 1 ORDER BY r.task_id, " + kLatestOrder,
                   params));
    return reports_of(rows);
  });
}

Expected<std::vector<std::pair<ReportStatus, std::int64_t>>> SqlStore::count_reports_by_status() {
  return guarded([&]() -> Expected<std::vector<std::pair<ReportStatus, std::int64_t>>> {
    PW_TRY(rows, q("SELECT status, COUNT(*) FROM task_reports GROUP BY status ORDER BY status", {}));
    std::vector<std::pair<ReportStatus, std::int64_t>> out;
    for (const auto& r : rows.rows)
      if (auto s = report_status_from_string(r.s(0))) out.emplace_back(*s, r.i(1));
    return out;
  });
}

// ---- review decisions --------------------------------------------------------------------------

Expected<Id> SqlStore::add_review_decision(const ReviewDecision& d) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO review_decisions (report_id, reviewer_id, decision, comment, at) VALUES (?, ?, ?, ?, ?) "
                  "RETURNING id",
                  {d.report_id, d.reviewer_id, name_of(d.decision), d.comment, d.at});
  });
}

Expected<std::vector<ReviewDecision>> SqlStore::list_review_decisions(Id report_id) {
  return guarded([&]() -> Expected<std::vector<ReviewDecision>> {
    PW_TRY(rows, q("SELECT id, report_id, reviewer_id, decision, comment, at FROM review_decisions WHERE report_id = ? "
                   "ORDER BY at, id",
                   {report_id}));
    std::vector<ReviewDecision> out;
    for (const auto& r : rows.rows) out.push_back({r.i(0), r.i(1), r.i(2), decision_of(r.s(3)), r.s(4), r.i(5)});
    return out;
  });
}

}  // namespace planwatch::store::detail
