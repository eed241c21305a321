// The Store over a Connection: one implementation for both dialects. SQL is written in the subset
// SQLite and PostgreSQL share (RETURNING, ON CONFLICT … DO UPDATE, window functions, partial
// indexes); `?` placeholders only — values are always bound.
//
// SqlStore (sql_store.hpp) is defined over one file per concept:
//   sql_store.cpp          plumbing (queries, link and role tables), migrations, transactions, backup
//   sql_shared.hpp         what the files share: PW_TRY/PW_CHECK, atomic/guarded, placeholders,
//                          like_pattern, scope_sql, kLatestOrder
//   store_agencies.cpp     organisations, agencies, users
//   store_plans.cpp        plans, a draft's agency names, task groups
//   store_tasks.cpp        tasks
//   store_indicators.cpp   indicators and their values
//   store_periods.cpp      periods and lock exceptions
//   store_reports.cpp      task reports, latest reports, the kept figures, review decisions
//   store_audit.cpp        the audit log
//   store_sessions.cpp     sessions and login throttling
//   store_messages.cpp     the reminder outbox, explanations, an agency's messages
//   store_files.cpp        uploaded files
//   store_dashboards.cpp   province dashboard, national roll-up
//
// Kept figures. tasks.latest_progress / latest_percent (a task's public figure) and, on each lead's
// row, task_agencies.latest_progress / latest_percent (that lead's part) are denormalised: they
// restate what the accepted reports say, so that the dashboards read kept figures through covering
// indexes (task_agencies_dashboard, tasks_figures) instead of ranking millions of reports on every
// request (docs/store.md, "Public figures kept by the store"). Who keeps them true:
// refresh_task_latest (store_reports.cpp), in the transaction of every write that can change them —
// a report created sent, every report status change and update (refresh_latest), update_task (new
// leads or a new đầu mối) — and migrate() below, right after migration 0010, for the tasks with
// several leads (the combination rule lives in the domain, not in SQL). Raw SQL writes to
// task_reports bypass it: a bulk load runs a backfill (bench/store_bench.cpp).
//
// task_agencies.owes marks the leads that owe the task's report (domain owing_agencies: the đầu mối
// alone when set, else every lead), written by replace_roles from the domain rule itself.
#include "sql_store.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "backends.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "sql_shared.hpp"

namespace planwatch::store::detail {
namespace {

Timestamp now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

// ---- SQL fragments (sql_shared.hpp) ------------------------------------------------------------

std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += k == 0 ? "?" : ", ?";
  return s;
}

std::string like_pattern(const std::string& folded) {
  std::string p = "%";
  for (char c : folded) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  p += '%';
  return p;
}

std::string scope_sql(const ReportScope& s, const std::string& r, Params& params) {
  std::string sql = "(" + r + ".status = 'accepted'";
  if (s.sent) sql += " OR " + r + ".status <> 'draft'";
  if (s.agency) {
    sql += " OR " + r + ".agency_id = ?";
    params.emplace_back(*s.agency);
  }
  return sql + ")";
}

SqlStore::SqlStore(std::unique_ptr<Connection> connection) : c_(std::move(connection)) {}
SqlStore::~SqlStore() = default;

std::string SqlStore::backend() const { return c_->dialect() == Dialect::sqlite ? "sqlite" : "postgres"; }

// ---- plumbing ----------------------------------------------------------------------------------

Expected<Rows> SqlStore::q(const std::string& sql, const Params& params) { return c_->query(sql, params); }

Expected<Id> SqlStore::insert(const std::string& sql, const Params& params) {
  PW_TRY(rows, q(sql, params));
  if (rows.rows.empty()) return error("internal", "no id returned [" + sql + "]");
  return rows.rows[0].i(0);
}

Result SqlStore::write_one(const std::string& sql, const Params& params, const std::string& what) {
  PW_TRY(rows, q(sql, params));
  if (rows.changes == 0) return error("not_found", what);
  return Done{};
}

Expected<Row> SqlStore::one(const std::string& sql, const Params& params, const std::string& what) {
  PW_TRY(rows, q(sql, params));
  if (rows.rows.empty()) return error("not_found", what);
  return std::move(rows.rows[0]);
}

Expected<std::map<Id, std::vector<Id>>> SqlStore::links(const std::string& table, const std::string& key,
                                                        const std::string& value, const std::vector<Id>& ids) {
  std::map<Id, std::vector<Id>> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t from = 0; from < ids.size(); from += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - from);
    Params params(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(from + n));
    PW_TRY(rows, q("SELECT " + key + ", " + value + " FROM " + table + " WHERE " + key + " IN (" + placeholders(n) +
                       ") ORDER BY " + key + ", position",
                   params));
    for (const auto& r : rows.rows) out[r.i(0)].push_back(r.i(1));
  }
  return out;
}

Result SqlStore::replace_links(const std::string& table, const std::string& key, const std::string& value, Id id,
                               const std::vector<Id>& values) {
  PW_CHECK(q("DELETE FROM " + table + " WHERE " + key + " = ?", {id}));
  int position = 0;
  for (Id v : values)
    PW_CHECK(q("INSERT INTO " + table + " (" + key + ", " + value + ", position) VALUES (?, ?, ?)", {id, v, position++}));
  return Done{};
}

Expected<std::map<Id, SqlStore::Roles>> SqlStore::role_links(const std::string& table, const std::string& key,
                                                             const std::vector<Id>& ids) {
  std::map<Id, Roles> out;
  constexpr std::size_t kChunk = 500;
  for (std::size_t from = 0; from < ids.size(); from += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - from);
    Params params(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(from + n));
    PW_TRY(rows, q("SELECT " + key + ", agency_id, role FROM " + table + " WHERE " + key + " IN (" + placeholders(n) +
                       ") ORDER BY " + key + ", position, agency_id",
                   params));
    for (const auto& r : rows.rows) {
      auto& roles = out[r.i(0)];
      (r.s(2) == "lead" ? roles.lead : roles.coordinating).push_back(r.i(1));
    }
  }
  return out;
}

// Leads first; an agency listed in both roles leads (it is never both); duplicates are written once.
// A task's links also carry its plan and whether the lead owes the report (the dashboards' keys).
Result SqlStore::replace_roles(const std::string& table, const std::string& key, Id id, const std::vector<Id>& leads,
                               const std::vector<Id>& coordinating, const PlanTask* task) {
  PW_CHECK(q("DELETE FROM " + table + " WHERE " + key + " = ?", {id}));
  std::set<Id> seen;
  const std::vector<Id> owing = task ? owing_agencies(*task) : std::vector<Id>{};
  for (const auto* ids : {&leads, &coordinating}) {
    const char* role = ids == &leads ? "lead" : "coordinating";
    int position = 0;
    for (Id v : *ids) {
      if (!seen.insert(v).second) continue;
      if (task) {
        const bool owes = ids == &leads && std::find(owing.begin(), owing.end(), v) != owing.end();
        PW_CHECK(q("INSERT INTO " + table + " (" + key + ", agency_id, position, role, plan_id, owes) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   {id, v, position++, role, task->plan_id, owes ? 1 : 0}));
      } else {
        PW_CHECK(q("INSERT INTO " + table + " (" + key + ", agency_id, position, role) VALUES (?, ?, ?, ?)",
                   {id, v, position++, role}));
      }
    }
  }
  return Done{};
}

// ---- migrations and transactions ---------------------------------------------------------------

Expected<int> SqlStore::migrate() {
  return guarded([&]() -> Expected<int> {
    if (depth_ > 0) return error("invalid", "migrate() inside a transaction");
    const auto all = migrations_for(c_->dialect());
    return atomic([&]() -> Expected<int> {
      // Two processes migrating the same database: the second waits here (SQLite: BEGIN IMMEDIATE
      // already holds the write lock) and then finds the versions recorded.
      if (c_->dialect() == Dialect::postgres) PW_CHECK(q("SELECT pg_advisory_xact_lock(7262034471)", {}));
      PW_CHECK(c_->script(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at BIGINT NOT NULL)"));
      PW_TRY(rows, q("SELECT version FROM schema_migrations", {}));
      std::set<std::int64_t> applied;
      for (const auto& r : rows.rows) applied.insert(r.i(0));
      int count = 0;
      bool joint_leads_now = false;
      for (const auto& m : all) {
        if (applied.count(m.version) != 0) continue;
        if (auto r = c_->script(m.sql); !r) {
          Error e = r.error();
          e.detail = "migration " + m.name + ": " + e.detail;
          return Unexpected<Error>{e};
        }
        PW_CHECK(q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                   {m.version, m.name, now_seconds()}));
        ++count;
        joint_leads_now = joint_leads_now || m.version == 10;
      }
      if (joint_leads_now) {
        // 0010 sets the figures of tasks with one lead in SQL; those with several leads (restored from
        // the import's record) need the combination rule, which lives in the domain. Run once the
        // schema is complete, since refresh_task_latest reads the current one.
        PW_TRY(joint, q("SELECT task_id FROM task_agencies WHERE role = 'lead' GROUP BY task_id HAVING COUNT(*) > 1", {}));
        for (const auto& r : joint.rows) PW_CHECK(refresh_task_latest(r.i(0)));
      }
      return count;
    });
  });
}

Expected<int> SqlStore::schema_version() {
  return guarded([&]() -> Expected<int> {
    const std::string exists = c_->dialect() == Dialect::sqlite
                                   ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
                                   : "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE tablename = 'schema_migrations' "
                                     "AND schemaname = current_schema()";
    PW_TRY(found, one(exists, {}, "schema_migrations"));
    if (found.i(0) == 0) return 0;
    PW_TRY(row, one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}, "schema_migrations"));
    return row.i32(0);
  });
}

Result SqlStore::transaction(const std::function<Result(Store&)>& body) {
  return guarded([&]() -> Result { return atomic([&]() -> Result { return body(*this); }); });
}

// ---- backup ------------------------------------------------------------------------------------

Result SqlStore::backup(const std::string& path) {
  return guarded([&]() -> Result {
    if (depth_ > 0) return error("invalid", "backup() inside a transaction");
    return c_->backup_to(path);
  });
}

Result SqlStore::restore(const std::string& path) {
  return guarded([&]() -> Result {
    if (depth_ > 0) return error("invalid", "restore() inside a transaction");
    return c_->restore_from(path);
  });
}

}  // namespace planwatch::store::detail
