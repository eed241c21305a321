// SqlStore: a plan's tasks with their lead and coordinating agencies and đầu mối.
#include "sql_shared.hpp"

#include <limits>

#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kTaskCols =
    "t.id, t.plan_id, t.group_id, t.ref, t.parent_ref, t.text, t.leader, t.consolidating_agency_id, t.timeframe_raw, "
    "t.timeframe_kind, t.timeframe_start, t.timeframe_due, t.output, t.source_first, t.source_last, t.source_page";
// tasks.status (0001) is not in the list: nothing writes or reads it (the service derives a task's
// status from its reports). It stays in the schema because SQLite cannot drop a column cheaply.

PlanTask task_of(const Row& r) {
  PlanTask t;
  t.id = r.i(0);
  t.plan_id = r.i(1);
  t.group_id = r.oi(2);
  t.ref = r.s(3);
  t.parent_ref = r.os(4);
  t.text = r.s(5);
  t.leader = r.os(6);
  t.consolidating_agency_id = r.oi(7);
  t.timeframe.raw = r.s(8);
  t.timeframe.kind = timeframe_kind_of(r.s(9));
  t.timeframe.start = date_of(r.os(10));
  t.timeframe.due = date_of(r.os(11));
  t.output = r.os(12);
  t.source = {r.i32(13), r.i32(14), r.i32(15)};
  return t;
}

// The consolidating lead as stored: kept only while it is one of the task's leads (an edit that drops
// it from the leads drops it as đầu mối too), as owing_agencies reads it.
Param owning_lead(const PlanTask& t) {
  if (t.consolidating_agency_id && leads(t, *t.consolidating_agency_id)) return *t.consolidating_agency_id;
  return nullptr;
}

Params task_params(const PlanTask& t) {
  return {t.plan_id,
          t.group_id,
          t.ref,
          t.parent_ref,
          t.text,
          text::fold(t.text),
          t.leader,
          owning_lead(t),
          t.timeframe.raw,
          name_of(t.timeframe.kind),
          iso(t.timeframe.start),
          iso(t.timeframe.due),
          t.output,
          t.source.first,
          t.source.last,
          t.source.page,
          static_cast<std::int64_t>(t.lead_agency_ids.size())};
}

}  // namespace

// ---- tasks -------------------------------------------------------------------------------------

Expected<Id> SqlStore::create_task(const PlanTask& t) {
  return guarded([&]() -> Expected<Id> {
    return atomic([&]() -> Expected<Id> {
      PW_TRY(id, insert("INSERT INTO tasks (plan_id, group_id, ref, parent_ref, text, text_folded, leader, "
                        "consolidating_agency_id, timeframe_raw, timeframe_kind, timeframe_start, timeframe_due, output, "
                        "source_first, source_last, source_page, leads) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        task_params(t)));
      PW_CHECK(replace_roles("task_agencies", "task_id", id, t.lead_agency_ids, t.coordinating_agency_ids, &t));
      return id;
    });
  });
}

Expected<std::vector<TaskRow>> SqlStore::tasks_where(const std::string& where, const Params& params,
                                                      const std::string& tail) {
  PW_TRY(rows, q(std::string("SELECT ") + kTaskCols + " FROM tasks t WHERE " + where + " ORDER BY t.id" + tail, params));
  std::vector<TaskRow> out;
  std::vector<Id> ids;
  for (const auto& r : rows.rows) {
    out.push_back({task_of(r)});
    ids.push_back(out.back().task.id);
  }
  PW_TRY(roles, role_links("task_agencies", "task_id", ids));
  for (auto& row : out) {
    auto& r = roles[row.task.id];
    row.task.lead_agency_ids = std::move(r.lead);
    row.task.coordinating_agency_ids = std::move(r.coordinating);
  }
  return out;
}

Expected<PlanTask> SqlStore::get_task(Id id) {
  return guarded([&]() -> Expected<PlanTask> {
    PW_TRY(list, tasks_where("t.id = ?", {id}, ""));
    if (list.empty()) return error("not_found", "task");
    return std::move(list[0].task);
  });
}

Result SqlStore::update_task(const PlanTask& t) {
  return guarded([&]() -> Result {
    return atomic([&]() -> Result {
      Params params = task_params(t);
      params.emplace_back(t.id);
      PW_CHECK(write_one("UPDATE tasks SET plan_id = ?, group_id = ?, ref = ?, parent_ref = ?, text = ?, text_folded = ?, "
                         "leader = ?, consolidating_agency_id = ?, timeframe_raw = ?, timeframe_kind = ?, timeframe_start = ?, "
                         "timeframe_due = ?, output = ?, source_first = ?, source_last = ?, source_page = ?, leads = ? WHERE id = ?",
                         params, "task"));
      PW_CHECK(replace_roles("task_agencies", "task_id", t.id, t.lead_agency_ids, t.coordinating_agency_ids, &t));
      return refresh_task_latest(t.id);
    });
  });
}

Expected<std::vector<TaskRow>> SqlStore::list_tasks(const TaskFilter& f) {
  return guarded([&]() -> Expected<std::vector<TaskRow>> {
    std::string where = "t.plan_id = ?";
    Params params{f.plan_id};
    if (f.agency_id) {
      const char* role = f.agency_role == AgencyRole::lead           ? " AND ta.role = 'lead'"
                         : f.agency_role == AgencyRole::coordinating ? " AND ta.role = 'coordinating'"
                                                                     : "";
      where += std::string(" AND EXISTS (SELECT 1 FROM task_agencies ta WHERE ta.task_id = t.id AND ta.agency_id = ?") +
               role + ")";
      params.emplace_back(*f.agency_id);
    }
    if (f.group_id) {
      where += " AND t.group_id = ?";
      params.emplace_back(*f.group_id);
    }
    const std::string folded = text::fold(f.text);
    if (!folded.empty()) {
      where += " AND t.text_folded LIKE ? ESCAPE '\\'";
      params.emplace_back(like_pattern(folded));
    }
    std::string tail;
    if (f.limit > 0 || f.offset > 0) {
      tail = " LIMIT ? OFFSET ?";
      params.emplace_back(f.limit > 0 ? static_cast<std::int64_t>(f.limit) : std::numeric_limits<std::int64_t>::max());
      params.emplace_back(f.offset);
    }
    return tasks_where(where, params, tail);
  });
}

}  // namespace planwatch::store::detail
