// SqlStore: plans (parent links, deletion of a draft), a draft's agency names and task groups.
#include "sql_shared.hpp"

#include <map>

#include "planwatch/text/unicode.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kPlanCols =
    "id, org_id, title, doc_type, number, signed_on, version, status, replaces_plan_id, start_on, end_on, schedule_json, "
    "source_sha256";

}  // namespace

// ---- plans -------------------------------------------------------------------------------------

Expected<std::vector<Plan>> SqlStore::plans_where(const std::string& where, const Params& params) {
  PW_TRY(rows, q(std::string("SELECT ") + kPlanCols + " FROM plans WHERE " + where + " ORDER BY id", params));
  std::vector<Plan> out;
  std::vector<Id> ids;
  for (const auto& r : rows.rows) {
    Plan p;
    p.id = r.i(0);
    p.org_id = r.i(1);
    p.title = r.s(2);
    p.doc_type = r.s(3);
    p.number = r.os(4);
    p.signed_on = date_of(r.os(5));
    p.version = r.i32(6);
    p.status = plan_status_of(r.s(7));
    p.replaces_plan_id = r.oi(8);
    p.start = date_of(r.s(9));
    p.end = date_of(r.s(10));
    PW_TRY(schedule, schedule_from_json(r.s(11)));
    p.schedule = std::move(schedule);
    p.source_sha256 = r.os(12);
    ids.push_back(p.id);
    out.push_back(std::move(p));
  }
  PW_TRY(parents, links("plan_parents", "plan_id", "parent_id", ids));
  for (auto& p : out) p.parent_plan_ids = std::move(parents[p.id]);
  return out;
}

Expected<Id> SqlStore::create_plan(const Plan& p) {
  return guarded([&]() -> Expected<Id> {
    return atomic([&]() -> Expected<Id> {
      PW_TRY(id, insert("INSERT INTO plans (org_id, title, title_folded, doc_type, number, signed_on, version, status, "
                        "replaces_plan_id, start_on, end_on, schedule_json, source_sha256) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        {p.org_id, p.title, text::fold(p.title), p.doc_type, p.number, iso(p.signed_on), p.version,
                         name_of(p.status), p.replaces_plan_id, iso(p.start), iso(p.end), schedule_json(p.schedule),
                         p.source_sha256}));
      PW_CHECK(replace_links("plan_parents", "plan_id", "parent_id", id, p.parent_plan_ids));
      return id;
    });
  });
}

Expected<Plan> SqlStore::get_plan(Id id) {
  return guarded([&]() -> Expected<Plan> {
    PW_TRY(list, plans_where("id = ?", {id}));
    if (list.empty()) return error("not_found", "plan");
    return std::move(list[0]);
  });
}

Result SqlStore::update_plan(const Plan& p) {
  return guarded([&]() -> Result {
    return atomic([&]() -> Result {
      PW_CHECK(write_one("UPDATE plans SET org_id = ?, title = ?, title_folded = ?, doc_type = ?, number = ?, "
                         "signed_on = ?, version = ?, status = ?, replaces_plan_id = ?, start_on = ?, end_on = ?, "
                         "schedule_json = ? WHERE id = ?",
                         {p.org_id, p.title, text::fold(p.title), p.doc_type, p.number, iso(p.signed_on), p.version,
                          name_of(p.status), p.replaces_plan_id, iso(p.start), iso(p.end), schedule_json(p.schedule),
                          p.id},
                         "plan"));
      return replace_links("plan_parents", "plan_id", "parent_id", p.id, p.parent_plan_ids);
    });
  });
}

Result SqlStore::set_plan_status(Id id, PlanStatus s) {
  return guarded([&]() -> Result {
    return write_one("UPDATE plans SET status = ? WHERE id = ?", {name_of(s), id}, "plan");
  });
}

Expected<std::vector<Plan>> SqlStore::list_plans(const PlanFilter& f) {
  return guarded([&]() {
    std::string where = "1 = 1";
    Params params;
    if (f.org_id) {
      where += " AND org_id = ?";
      params.emplace_back(*f.org_id);
    }
    if (!f.statuses.empty()) {
      where += " AND status IN (" + placeholders(f.statuses.size()) + ")";
      for (auto s : f.statuses) params.emplace_back(name_of(s));
    }
    return plans_where(where, params);
  });
}

Result SqlStore::delete_plan(Id id) {
  return guarded([&]() -> Result {
    return atomic([&]() -> Result {
      // Tasks point at their groups without a cascade: they go first, then the plan takes the rest.
      PW_CHECK(q("DELETE FROM tasks WHERE plan_id = ?", {id}));
      return write_one("DELETE FROM plans WHERE id = ?", {id}, "plan");
    });
  });
}

Expected<Id> SqlStore::create_agency_name(const PlanAgencyName& n) {
  return guarded([&]() -> Expected<Id> {
    return atomic([&]() -> Expected<Id> {
      PW_TRY(id, insert("INSERT INTO plan_agency_names (plan_id, name, kind, decision, agency_id, members) "
                        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        {n.plan_id, n.name, n.kind, n.decision, n.agency_id, ids_text(n.members)}));
      int position = 0;
      for (const auto& m : n.mentions)
        PW_CHECK(q("INSERT INTO plan_agency_mentions (name_id, position, task_id, indicator_id, lead, slot) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   {id, position++, m.task_id, m.indicator_id, m.lead ? 1 : 0, m.slot}));
      return id;
    });
  });
}

Expected<std::vector<PlanAgencyName>> SqlStore::list_agency_names(Id plan_id) {
  return guarded([&]() -> Expected<std::vector<PlanAgencyName>> {
    PW_TRY(rows, q("SELECT id, plan_id, name, kind, decision, agency_id, members FROM plan_agency_names WHERE plan_id = ? "
                   "ORDER BY id",
                   {plan_id}));
    std::vector<PlanAgencyName> out;
    std::map<Id, std::size_t> index;
    for (const auto& r : rows.rows) {
      index[r.i(0)] = out.size();
      out.push_back({r.i(0), r.i(1), r.s(2), r.s(3), r.s(4), r.oi(5), {}, ids_of(r.s(6))});
    }
    PW_TRY(mentions, q("SELECT m.name_id, m.task_id, m.indicator_id, m.lead, m.slot FROM plan_agency_mentions m "
                       "JOIN plan_agency_names n ON n.id = m.name_id WHERE n.plan_id = ? ORDER BY m.name_id, m.position",
                       {plan_id}));
    for (const auto& r : mentions.rows) out[index[r.i(0)]].mentions.push_back({r.oi(1), r.oi(2), r.i(3) != 0, r.i32(4)});
    return out;
  });
}

Result SqlStore::update_agency_name(const PlanAgencyName& n) {
  return guarded([&]() -> Result {
    return write_one("UPDATE plan_agency_names SET decision = ?, agency_id = ?, members = ? WHERE id = ?",
                     {n.decision, n.agency_id, ids_text(n.members), n.id}, "agency name");
  });
}

// ---- task groups -------------------------------------------------------------------------------

Expected<Id> SqlStore::create_task_group(const TaskGroup& g) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO task_groups (plan_id, ref, title) VALUES (?, ?, ?) RETURNING id", {g.plan_id, g.ref, g.title});
  });
}

Expected<TaskGroup> SqlStore::get_task_group(Id id) {
  return guarded([&]() -> Expected<TaskGroup> {
    PW_TRY(row, one("SELECT id, plan_id, ref, title FROM task_groups WHERE id = ?", {id}, "task group"));
    return TaskGroup{row.i(0), row.i(1), row.s(2), row.s(3)};
  });
}

Result SqlStore::update_task_group(const TaskGroup& g) {
  return guarded([&]() -> Result {
    return write_one("UPDATE task_groups SET plan_id = ?, ref = ?, title = ? WHERE id = ?", {g.plan_id, g.ref, g.title, g.id},
                     "task group");
  });
}

Expected<std::vector<TaskGroup>> SqlStore::list_task_groups(Id plan_id) {
  return guarded([&]() -> Expected<std::vector<TaskGroup>> {
    PW_TRY(rows, q("SELECT id, plan_id, ref, title FROM task_groups WHERE plan_id = ? ORDER BY id", {plan_id}));
    std::vector<TaskGroup> out;
    for (const auto& r : rows.rows) out.push_back({r.i(0), r.i(1), r.s(2), r.s(3)});
    return out;
  });
}

}  // namespace planwatch::store::detail
