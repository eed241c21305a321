// The Store over a Connection: one implementation for both dialects. SQL is written in the subset
// SQLite and PostgreSQL share (RETURNING, ON CONFLICT … DO UPDATE, window functions, partial
// indexes); `?` placeholders only — values are always bound.
#include "sql_store.hpp"

#include <chrono>
#include <limits>
#include <map>
#include <set>

#include "backends.hpp"
#include "codec.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::store::detail {
namespace {

// Propagate an error out of a function returning any Expected.
#define PW_TRY(var, expr)                                                \
  auto var##_result = (expr);                                            \
  if (!var##_result) return Unexpected<Error>{var##_result.error()};     \
  auto& var = *var##_result  // NOLINT(bugprone-macro-parentheses)
#define PW_CHECK(expr)                                                   \
  do {                                                                   \
    auto pw_check_result_ = (expr);                                      \
    if (!pw_check_result_) return Unexpected<Error>{pw_check_result_.error()}; \
  } while (false)

Timestamp now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) s += k == 0 ? "?" : ", ?";
  return s;
}

// LIKE pattern for a folded substring, with the wildcards of the needle escaped.
std::string like_pattern(const std::string& folded) {
  std::string p = "%";
  for (char c : folded) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  p += '%';
  return p;
}

constexpr const char* kOrgCols = "id, name, kind";
constexpr const char* kAgencyCols = "id, org_id, name, parent_id, email, kind";
constexpr const char* kUserCols = "id, org_id, agency_id, login, display_name, role, password_hash, active";
constexpr const char* kPlanCols =
    "id, org_id, title, doc_type, number, signed_on, version, status, replaces_plan_id, start_on, end_on, schedule_json, "
    "source_sha256";
constexpr const char* kTaskCols =
    "t.id, t.plan_id, t.group_id, t.ref, t.parent_ref, t.text, t.leader, t.consolidating_agency_id, t.timeframe_raw, "
    "t.timeframe_kind, t.timeframe_start, t.timeframe_due, t.output, t.source_first, t.source_last, t.source_page";
// tasks.status (0001) is not in the list: nothing writes or reads it (the service derives a task's
// status from its reports). It stays in the schema because SQLite cannot drop a column cheaply.
constexpr const char* kIndicatorCols =
    "id, plan_id, ref, text, unit, baseline, baseline_on, direction, source_first, source_last, source_page";
constexpr const char* kPeriodCols = "id, plan_id, frequency, label, start_on, end_on, due_on, locks_on";
constexpr const char* kReportCols =
    "r.id, r.task_id, r.period_id, r.agency_id, r.version, r.status, r.progress, r.percent, r.completed_on, "
    "r.narrative, r.difficulties, r.proposals, r.evidence_json, r.submitted_at, r.approved_at, r.reviewed_at, "
    "r.author_id";
// Which of an agency's reports on a task is its latest: latest period end, then the highest version
// (needs r and p = its period). Over every agency of a task, the same order picks the task's latest
// report when it has no lead agency (domain/joint_leads.hpp: with leads, their parts combine).
constexpr const char* kLatestOrder = "p.end_on DESC, r.version DESC, r.id DESC";
// task_agencies.owes marks the leads that owe the task's report (domain owing_agencies: the đầu mối
// alone when set, else every lead), written by replace_roles from the domain rule itself.

// The visibility rule of ReportScope::admits (store.hpp) as a condition on the report alias `r`.
std::string scope_sql(const ReportScope& s, const std::string& r, Params& params) {
  std::string sql = "(" + r + ".status = 'accepted'";
  if (s.sent) sql += " OR " + r + ".status <> 'draft'";
  if (s.agency) {
    sql += " OR " + r + ".agency_id = ?";
    params.emplace_back(*s.agency);
  }
  return sql + ")";
}

constexpr const char* kValueCols = "id, indicator_id, period_id, agency_id, value, measured_on, note, status";
constexpr const char* kAuditCols = "id, user_id, at, action, entity, entity_id, before_json, after_json";
constexpr const char* kReminderCols = "id, agency_id, subject, body, created_at, sent_at";
constexpr const char* kLockCols = "id, agency_id, period_id, until_on, granted_by, reason";

Organisation org_of(const Row& r) { return {r.i(0), r.s(1), r.s(2)}; }

User user_of(const Row& r) {
  User u;
  u.id = r.i(0);
  u.org_id = r.i(1);
  u.agency_id = r.oi(2);
  u.login = r.s(3);
  u.display_name = r.s(4);
  u.role = role_of(r.s(5));
  u.password_hash = r.s(6);
  u.active = r.i(7) != 0;
  return u;
}

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

PlanIndicator indicator_of(const Row& r) {
  PlanIndicator i;
  i.id = r.i(0);
  i.plan_id = r.i(1);
  i.ref = r.s(2);
  i.text = r.s(3);
  i.unit = r.s(4);
  i.baseline = r.od(5);
  i.baseline_on = date_of(r.os(6));
  i.direction = direction_of(r.s(7));
  i.source = {r.i32(8), r.i32(9), r.i32(10)};
  return i;
}

Period period_of(const Row& r) {
  Period p;
  p.id = r.i(0);
  p.plan_id = r.i(1);
  p.frequency = frequency_of(r.s(2));
  p.label = r.s(3);
  p.start = date_of(r.s(4));
  p.end = date_of(r.s(5));
  p.due = date_of(r.s(6));
  p.locks_on = date_of(r.s(7));
  return p;
}

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

IndicatorValue value_of(const Row& r) {
  IndicatorValue v;
  v.id = r.i(0);
  v.indicator_id = r.i(1);
  v.period_id = r.i(2);
  v.agency_id = r.i(3);
  v.value = r.d(4);
  v.measured_on = date_of(r.s(5));
  v.note = r.s(6);
  v.status = report_status_of(r.s(7));
  return v;
}

AuditEntry audit_of(const Row& r) {
  AuditEntry e;
  e.id = r.i(0);
  e.user_id = r.oi(1);
  e.at = r.i(2);
  e.action = r.s(3);
  e.entity = r.s(4);
  e.entity_id = r.i(5);
  e.before_json = r.s(6);
  e.after_json = r.s(7);
  return e;
}

Reminder reminder_of(const Row& r) { return {r.i(0), r.i(1), r.s(2), r.s(3), r.i(4), r.oi(5), std::nullopt}; }

LockException lock_of(const Row& r) { return {r.i(0), r.i(1), r.i(2), date_of(r.s(3)), r.oi(4), r.s(5)}; }

}  // namespace

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

template <class F>
auto SqlStore::atomic(F&& f) -> decltype(f()) {
  using R = decltype(f());
  std::string savepoint;
  if (depth_ == 0) {
    PW_CHECK(c_->begin());
  } else {
    savepoint = "planwatch_sp" + std::to_string(depth_);
    PW_CHECK(c_->script("SAVEPOINT " + savepoint));
  }
  ++depth_;
  std::optional<R> result;
  try {
    result.emplace(f());
  } catch (const std::exception& e) {
    result.emplace(error("internal", std::string("exception in a transaction: ") + e.what()));
  } catch (...) {
    result.emplace(error("internal", "exception in a transaction"));
  }
  --depth_;
  if (result->has_value()) {
    auto done = savepoint.empty() ? c_->script("COMMIT") : c_->script("RELEASE SAVEPOINT " + savepoint);
    if (!done) {
      if (savepoint.empty() && c_->in_transaction()) (void)c_->script("ROLLBACK");
      return Unexpected<Error>{done.error()};
    }
  } else if (savepoint.empty()) {
    if (c_->in_transaction()) (void)c_->script("ROLLBACK");
  } else if (c_->in_transaction()) {
    (void)c_->script("ROLLBACK TO SAVEPOINT " + savepoint);
    (void)c_->script("RELEASE SAVEPOINT " + savepoint);
  }
  return std::move(*result);
}

template <class F>
auto SqlStore::guarded(F&& f) noexcept -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return error("internal", std::string("exception: ") + e.what());
  } catch (...) {
    return error("internal", "unknown exception");
  }
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

// ---- organisations, agencies, users ------------------------------------------------------------

Expected<Id> SqlStore::create_organisation(const Organisation& o) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO organisations (name, kind) VALUES (?, ?) RETURNING id", {o.name, o.kind});
  });
}

Expected<Organisation> SqlStore::get_organisation(Id id) {
  return guarded([&]() -> Expected<Organisation> {
    PW_TRY(row, one(std::string("SELECT ") + kOrgCols + " FROM organisations WHERE id = ?", {id}, "organisation"));
    return org_of(row);
  });
}

Expected<std::vector<Organisation>> SqlStore::list_organisations() {
  return guarded([&]() -> Expected<std::vector<Organisation>> {
    PW_TRY(rows, q(std::string("SELECT ") + kOrgCols + " FROM organisations ORDER BY id", {}));
    std::vector<Organisation> out;
    for (const auto& r : rows.rows) out.push_back(org_of(r));
    return out;
  });
}

Result SqlStore::update_organisation(const Organisation& o) {
  return guarded([&]() -> Result {
    return write_one("UPDATE organisations SET name = ?, kind = ? WHERE id = ?", {o.name, o.kind, o.id}, "organisation");
  });
}

Expected<std::vector<Agency>> SqlStore::agencies_where(const std::string& where, const Params& params) {
  PW_TRY(rows, q(std::string("SELECT ") + kAgencyCols + " FROM agencies WHERE " + where + " ORDER BY id", params));
  std::vector<Agency> out;
  std::vector<Id> ids;
  for (const auto& r : rows.rows) {
    Agency a{r.i(0), r.i(1), r.s(2), {}, r.oi(3), r.os(4), agency_kind_of(r.s(5)), {}};
    out.push_back(std::move(a));
    ids.push_back(r.i(0));
  }
  if (ids.empty()) return out;
  std::map<Id, std::vector<std::string>> aliases;
  for (std::size_t from = 0; from < ids.size(); from += 500) {
    const std::size_t n = std::min<std::size_t>(500, ids.size() - from);
    Params p(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(from + n));
    PW_TRY(arows, q("SELECT agency_id, alias FROM agency_aliases WHERE agency_id IN (" + placeholders(n) +
                        ") ORDER BY agency_id, position",
                    p));
    for (const auto& r : arows.rows) aliases[r.i(0)].push_back(r.s(1));
  }
  PW_TRY(members, links("agency_members", "agency_id", "member_id", ids));
  for (auto& a : out) {
    a.aliases = std::move(aliases[a.id]);
    a.members = std::move(members[a.id]);
  }
  return out;
}

Result SqlStore::write_aliases(Id agency_id, const std::vector<std::string>& aliases) {
  PW_CHECK(q("DELETE FROM agency_aliases WHERE agency_id = ?", {agency_id}));
  int position = 0;
  for (const auto& alias : aliases)
    PW_CHECK(q("INSERT INTO agency_aliases (agency_id, position, alias, alias_folded) VALUES (?, ?, ?, ?)",
               {agency_id, position++, alias, text::fold(alias)}));
  return Done{};
}

Expected<Id> SqlStore::create_agency(const Agency& a) {
  return guarded([&]() -> Expected<Id> {
    return atomic([&]() -> Expected<Id> {
      PW_TRY(id, insert("INSERT INTO agencies (org_id, name, name_folded, parent_id, email, kind) "
                        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        {a.org_id, a.name, text::fold(a.name), a.parent_id, a.email, name_of(a.kind)}));
      PW_CHECK(write_aliases(id, a.aliases));
      PW_CHECK(replace_links("agency_members", "agency_id", "member_id", id, a.members));
      return id;
    });
  });
}

Expected<Agency> SqlStore::get_agency(Id id) {
  return guarded([&]() -> Expected<Agency> {
    PW_TRY(list, agencies_where("id = ?", {id}));
    if (list.empty()) return error("not_found", "agency");
    return std::move(list[0]);
  });
}

Expected<std::vector<Agency>> SqlStore::list_agencies(Id org_id) {
  return guarded([&]() { return agencies_where("org_id = ?", {org_id}); });
}

Result SqlStore::update_agency(const Agency& a) {
  return guarded([&]() -> Result {
    return atomic([&]() -> Result {
      PW_CHECK(write_one("UPDATE agencies SET org_id = ?, name = ?, name_folded = ?, parent_id = ?, email = ?, kind = ? "
                         "WHERE id = ?",
                         {a.org_id, a.name, text::fold(a.name), a.parent_id, a.email, name_of(a.kind), a.id}, "agency"));
      PW_CHECK(replace_links("agency_members", "agency_id", "member_id", a.id, a.members));
      return write_aliases(a.id, a.aliases);
    });
  });
}

Expected<std::vector<Agency>> SqlStore::find_agencies(Id org_id, const std::string& name_or_alias) {
  return guarded([&]() {
    const std::string folded = text::fold(name_or_alias);
    return agencies_where(
        "org_id = ? AND (name_folded = ? OR id IN (SELECT agency_id FROM agency_aliases WHERE alias_folded = ?))",
        {org_id, folded, folded});
  });
}

Expected<Id> SqlStore::create_user(const User& u) {
  return guarded([&]() -> Expected<Id> {
    return insert(
        "INSERT INTO users (org_id, agency_id, login, display_name, role, password_hash, active) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {u.org_id, u.agency_id, u.login, u.display_name, name_of(u.role), u.password_hash, u.active});
  });
}

Expected<User> SqlStore::get_user(Id id) {
  return guarded([&]() -> Expected<User> {
    PW_TRY(row, one(std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?", {id}, "user"));
    return user_of(row);
  });
}

Expected<User> SqlStore::get_user_by_login(const std::string& login) {
  return guarded([&]() -> Expected<User> {
    PW_TRY(row, one(std::string("SELECT ") + kUserCols + " FROM users WHERE login = ?", {login}, "user"));
    return user_of(row);
  });
}

Expected<std::vector<User>> SqlStore::list_users(Id org_id) {
  return guarded([&]() -> Expected<std::vector<User>> {
    PW_TRY(rows, q(std::string("SELECT ") + kUserCols + " FROM users WHERE org_id = ? ORDER BY id", {org_id}));
    std::vector<User> out;
    for (const auto& r : rows.rows) out.push_back(user_of(r));
    return out;
  });
}

Result SqlStore::update_user(const User& u) {
  return guarded([&]() -> Result {
    return write_one(
        "UPDATE users SET org_id = ?, agency_id = ?, login = ?, display_name = ?, role = ?, password_hash = ?, "
        "active = ? WHERE id = ?",
        {u.org_id, u.agency_id, u.login, u.display_name, name_of(u.role), u.password_hash, u.active, u.id}, "user");
  });
}

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

// ---- task groups and tasks ---------------------------------------------------------------------

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

namespace {
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

// ---- indicators --------------------------------------------------------------------------------

Result SqlStore::write_targets(Id indicator_id, const std::vector<PhaseTarget>& targets) {
  PW_CHECK(q("DELETE FROM indicator_targets WHERE indicator_id = ?", {indicator_id}));
  int position = 0;
  for (const auto& t : targets)
    PW_CHECK(q("INSERT INTO indicator_targets (indicator_id, position, phase, op, value, value_max, unit, due) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {indicator_id, position++, t.phase, name_of(t.target.op), t.target.value, t.target.value_max,
                t.target.unit, iso(t.due)}));
  return Done{};
}

Expected<std::vector<PlanIndicator>> SqlStore::indicators_where(const std::string& where, const Params& params) {
  PW_TRY(rows, q(std::string("SELECT ") + kIndicatorCols + " FROM indicators WHERE " + where + " ORDER BY id", params));
  std::vector<PlanIndicator> out;
  std::vector<Id> ids;
  for (const auto& r : rows.rows) {
    out.push_back(indicator_of(r));
    ids.push_back(out.back().id);
  }
  PW_TRY(roles, role_links("indicator_agencies", "indicator_id", ids));
  std::map<Id, std::vector<PhaseTarget>> targets;
  for (std::size_t from = 0; from < ids.size(); from += 500) {
    const std::size_t n = std::min<std::size_t>(500, ids.size() - from);
    Params p(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(from + n));
    PW_TRY(trows, q("SELECT indicator_id, phase, op, value, value_max, unit, due FROM indicator_targets "
                    "WHERE indicator_id IN (" + placeholders(n) + ") ORDER BY indicator_id, position",
                    p));
    for (const auto& r : trows.rows)
      targets[r.i(0)].push_back({r.s(1), Target{target_op_of(r.s(2)), r.od(3), r.od(4), r.s(5)}, date_of(r.s(6))});
  }
  for (auto& i : out) {
    i.lead_agency_ids = std::move(roles[i.id].lead);
    i.coordinating_agency_ids = std::move(roles[i.id].coordinating);
    i.targets = std::move(targets[i.id]);
  }
  return out;
}

namespace {
Params indicator_params(const PlanIndicator& i) {
  return {i.plan_id,         i.ref,           i.text,          text::fold(i.text), i.unit,
          i.baseline,        iso(i.baseline_on), name_of(i.direction), i.source.first, i.source.last,
          i.source.page};
}
}  // namespace

Expected<Id> SqlStore::create_indicator(const PlanIndicator& i) {
  return guarded([&]() -> Expected<Id> {
    return atomic([&]() -> Expected<Id> {
      PW_TRY(id, insert("INSERT INTO indicators (plan_id, ref, text, text_folded, unit, baseline, baseline_on, "
                        "direction, source_first, source_last, source_page) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        indicator_params(i)));
      PW_CHECK(write_targets(id, i.targets));
      PW_CHECK(replace_roles("indicator_agencies", "indicator_id", id, i.lead_agency_ids, i.coordinating_agency_ids));
      return id;
    });
  });
}

Expected<PlanIndicator> SqlStore::get_indicator(Id id) {
  return guarded([&]() -> Expected<PlanIndicator> {
    PW_TRY(list, indicators_where("id = ?", {id}));
    if (list.empty()) return error("not_found", "indicator");
    return std::move(list[0]);
  });
}

Result SqlStore::update_indicator(const PlanIndicator& i) {
  return guarded([&]() -> Result {
    return atomic([&]() -> Result {
      Params params = indicator_params(i);
      params.emplace_back(i.id);
      PW_CHECK(write_one("UPDATE indicators SET plan_id = ?, ref = ?, text = ?, text_folded = ?, unit = ?, baseline = ?, "
                         "baseline_on = ?, direction = ?, source_first = ?, source_last = ?, "
                         "source_page = ? WHERE id = ?",
                         params, "indicator"));
      PW_CHECK(write_targets(i.id, i.targets));
      return replace_roles("indicator_agencies", "indicator_id", i.id, i.lead_agency_ids, i.coordinating_agency_ids);
    });
  });
}

Expected<std::vector<PlanIndicator>> SqlStore::list_indicators(Id plan_id) {
  return guarded([&]() { return indicators_where("plan_id = ?", {plan_id}); });
}

// ---- periods -----------------------------------------------------------------------------------

Expected<Id> SqlStore::create_period(const Period& p) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO periods (plan_id, frequency, label, start_on, end_on, due_on, locks_on) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {p.plan_id, name_of(p.frequency), p.label, iso(p.start), iso(p.end), iso(p.due), iso(p.locks_on)});
  });
}

Expected<Period> SqlStore::get_period(Id id) {
  return guarded([&]() -> Expected<Period> {
    PW_TRY(row, one(std::string("SELECT ") + kPeriodCols + " FROM periods WHERE id = ?", {id}, "period"));
    return period_of(row);
  });
}

Result SqlStore::update_period(const Period& p) {
  return guarded([&]() -> Result {
    return write_one("UPDATE periods SET plan_id = ?, frequency = ?, label = ?, start_on = ?, end_on = ?, due_on = ?, "
                     "locks_on = ? WHERE id = ?",
                     {p.plan_id, name_of(p.frequency), p.label, iso(p.start), iso(p.end), iso(p.due), iso(p.locks_on), p.id},
                     "period");
  });
}

Expected<std::vector<Period>> SqlStore::list_periods(Id plan_id) {
  return guarded([&]() -> Expected<std::vector<Period>> {
    PW_TRY(rows, q(std::string("SELECT ") + kPeriodCols + " FROM periods WHERE plan_id = ? ORDER BY end_on, id", {plan_id}));
    std::vector<Period> out;
    for (const auto& r : rows.rows) out.push_back(period_of(r));
    return out;
  });
}

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
                       " FROM task_reports r JOIN ranked k ON k.id = r.id WHERE k.rn = 1 ORDER BY r.task_id, r.agency_id",
                   params));
    return reports_of(rows);
  });
}

// ---- indicator values, reviews, audit ----------------------------------------------------------

Expected<Id> SqlStore::create_indicator_value(const IndicatorValue& v) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO indicator_values (indicator_id, period_id, agency_id, value, measured_on, note, status) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {v.indicator_id, v.period_id, v.agency_id, v.value, iso(v.measured_on), v.note, name_of(v.status)});
  });
}

Expected<IndicatorValue> SqlStore::get_indicator_value(Id id) {
  return guarded([&]() -> Expected<IndicatorValue> {
    PW_TRY(row, one(std::string("SELECT ") + kValueCols + " FROM indicator_values WHERE id = ?", {id}, "indicator value"));
    return value_of(row);
  });
}

Result SqlStore::update_indicator_value(const IndicatorValue& v) {
  return guarded([&]() -> Result {
    PW_TRY(rows, q("UPDATE indicator_values SET value = ?, measured_on = ?, note = ?, status = ? "
                   "WHERE id = ? AND status <> 'accepted'",
                   {v.value, iso(v.measured_on), v.note, name_of(v.status), v.id}));
    if (rows.changes > 0) return Done{};
    PW_CHECK(one("SELECT id FROM indicator_values WHERE id = ?", {v.id}, "indicator value"));
    return error("conflict", "indicator value " + std::to_string(v.id) + " is accepted");
  });
}

Expected<std::vector<IndicatorValue>> SqlStore::list_indicator_values(const IndicatorValueFilter& f) {
  return guarded([&]() -> Expected<std::vector<IndicatorValue>> {
    std::string where = "1 = 1";
    Params params;
    if (f.indicator_id) {
      where += " AND indicator_id = ?";
      params.emplace_back(*f.indicator_id);
    }
    if (f.period_id) {
      where += " AND period_id = ?";
      params.emplace_back(*f.period_id);
    }
    if (f.agency_id) {
      where += " AND agency_id = ?";
      params.emplace_back(*f.agency_id);
    }
    if (f.plan_id) {
      where += " AND indicator_id IN (SELECT id FROM indicators WHERE plan_id = ?)";
      params.emplace_back(*f.plan_id);
    }
    PW_TRY(rows, q(std::string("SELECT ") + kValueCols + " FROM indicator_values WHERE " + where + " ORDER BY id", params));
    std::vector<IndicatorValue> out;
    for (const auto& r : rows.rows) out.push_back(value_of(r));
    return out;
  });
}

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

Expected<Id> SqlStore::append_audit(const AuditEntry& e) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO audit_log (user_id, at, action, entity, entity_id, before_json, after_json) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {e.user_id, e.at, e.action, e.entity, e.entity_id, e.before_json, e.after_json});
  });
}

Expected<std::vector<AuditEntry>> SqlStore::list_audit(const std::string& entity, Id entity_id, int limit) {
  return guarded([&]() -> Expected<std::vector<AuditEntry>> {
    PW_TRY(rows, q(std::string("SELECT ") + kAuditCols +
                       " FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?",
                   {entity, entity_id, limit > 0 ? limit : 1000}));
    std::vector<AuditEntry> out;
    for (const auto& r : rows.rows) out.push_back(audit_of(r));
    return out;
  });
}

// ---- sessions and login throttling -------------------------------------------------------------

Result SqlStore::create_session(const Session& s) {
  return guarded([&]() -> Result {
    PW_CHECK(q("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
               {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at}));
    return Done{};
  });
}

Expected<Session> SqlStore::get_session(const std::string& token_hash, Timestamp now) {
  return guarded([&]() -> Expected<Session> {
    PW_TRY(row, one("SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
                    "WHERE token_hash = ? AND expires_at > ?",
                    {token_hash, now}, "session"));
    return Session{row.s(0), row.i(1), row.s(2), row.i(3), row.i(4)};
  });
}

Result SqlStore::extend_session(const std::string& token_hash, Timestamp expires_at) {
  return guarded([&]() -> Result {
    return write_one("UPDATE sessions SET expires_at = ? WHERE token_hash = ?", {expires_at, token_hash}, "session");
  });
}

Result SqlStore::delete_session(const std::string& token_hash) {
  return guarded([&]() -> Result {
    PW_CHECK(q("DELETE FROM sessions WHERE token_hash = ?", {token_hash}));
    return Done{};
  });
}

Result SqlStore::delete_user_sessions(Id user_id) {
  return guarded([&]() -> Result {
    PW_CHECK(q("DELETE FROM sessions WHERE user_id = ?", {user_id}));
    return Done{};
  });
}

Result SqlStore::delete_other_sessions(Id user_id, const std::string& keep_token_hash) {
  return guarded([&]() -> Result {
    PW_CHECK(q("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", {user_id, keep_token_hash}));
    return Done{};
  });
}

Expected<std::int64_t> SqlStore::delete_expired_sessions(Timestamp now) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(rows, q("DELETE FROM sessions WHERE expires_at <= ?", {now}));
    return rows.changes;
  });
}

Result SqlStore::record_login_attempt(const LoginAttempt& a) {
  return guarded([&]() -> Result {
    PW_CHECK(q("INSERT INTO login_attempts (login, ip, at, success) VALUES (?, ?, ?, ?)", {a.login, a.ip, a.at, a.success}));
    return Done{};
  });
}

Expected<std::int64_t> SqlStore::count_failed_logins_by_login(const std::string& login, Timestamp since) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(row, one("SELECT COUNT(*) FROM login_attempts WHERE login = ? AND success = 0 AND at >= ?", {login, since},
                    "login attempts"));
    return row.i(0);
  });
}

Expected<std::int64_t> SqlStore::count_failed_logins_by_ip(const std::string& ip, Timestamp since) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(row, one("SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND success = 0 AND at >= ?", {ip, since},
                    "login attempts"));
    return row.i(0);
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

Expected<std::int64_t> SqlStore::prune_login_attempts(Timestamp before) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(rows, q("DELETE FROM login_attempts WHERE at < ?", {before}));
    return rows.changes;
  });
}

// ---- reminders and lock exceptions -------------------------------------------------------------

Expected<Id> SqlStore::enqueue_reminder(const Reminder& r) {
  return guarded([&]() -> Expected<Id> {
    // A key already queued inserts nothing (no error, so an enclosing PostgreSQL transaction carries on).
    PW_TRY(rows, q("INSERT INTO reminder_outbox (agency_id, subject, body, created_at, sent_at, dedupe_key) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                   {r.agency_id, r.subject, r.body, r.created_at, r.sent_at, r.dedupe_key}));
    if (rows.rows.empty()) return error("conflict", "reminder " + r.dedupe_key.value_or("") + " already queued");
    return rows.rows[0].i(0);
  });
}

Expected<std::vector<Reminder>> SqlStore::list_unsent_reminders(int limit) {
  return guarded([&]() -> Expected<std::vector<Reminder>> {
    PW_TRY(rows, q(std::string("SELECT ") + kReminderCols +
                       " FROM reminder_outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?",
                   {limit > 0 ? limit : 100}));
    std::vector<Reminder> out;
    for (const auto& r : rows.rows) out.push_back(reminder_of(r));
    return out;
  });
}

Result SqlStore::mark_reminder_sent(Id id, Timestamp at) {
  return guarded([&]() -> Result {
    // Conditional on sent_at IS NULL: with several mailers, exactly one marks (claims) a message.
    PW_TRY(rows, q("UPDATE reminder_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL", {at, id}));
    if (rows.changes > 0) return Done{};
    PW_CHECK(one("SELECT id FROM reminder_outbox WHERE id = ?", {id}, "reminder"));
    return error("conflict", "reminder " + std::to_string(id) + " already sent");
  });
}

Expected<Id> SqlStore::grant_lock_exception(const LockException& e) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO period_lock_exceptions (agency_id, period_id, until_on, granted_by, reason) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (agency_id, period_id) DO UPDATE SET "
                  "until_on = excluded.until_on, granted_by = excluded.granted_by, reason = excluded.reason RETURNING id",
                  {e.agency_id, e.period_id, iso(e.until), e.granted_by, e.reason});
  });
}

Expected<LockException> SqlStore::get_lock_exception(Id agency_id, Id period_id) {
  return guarded([&]() -> Expected<LockException> {
    PW_TRY(row, one(std::string("SELECT ") + kLockCols +
                        " FROM period_lock_exceptions WHERE agency_id = ? AND period_id = ?",
                    {agency_id, period_id}, "lock exception"));
    return lock_of(row);
  });
}

Expected<std::vector<LockException>> SqlStore::list_lock_exceptions(Id period_id) {
  return guarded([&]() -> Expected<std::vector<LockException>> {
    PW_TRY(rows, q(std::string("SELECT ") + kLockCols + " FROM period_lock_exceptions WHERE period_id = ? ORDER BY agency_id",
                   {period_id}));
    std::vector<LockException> out;
    for (const auto& r : rows.rows) out.push_back(lock_of(r));
    return out;
  });
}

Result SqlStore::revoke_lock_exception(Id agency_id, Id period_id) {
  return guarded([&]() -> Result {
    return write_one("DELETE FROM period_lock_exceptions WHERE agency_id = ? AND period_id = ?", {agency_id, period_id},
                     "lock exception");
  });
}

// ---- aggregates --------------------------------------------------------------------------------

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

// ---- files, explanations, agency messages ------------------------------------------------------

Result SqlStore::put_file(const StoredFile& f) {
  return guarded([&]() -> Result {
    PW_CHECK(insert("INSERT INTO files (key, org_id, name, content_type, size, sha256, uploaded_by, at, content_base64) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING org_id",
                    {f.key, f.org_id, f.name, f.content_type, f.size, f.sha256, f.uploaded_by, f.at,
                     base64_encode(f.content)}));
    return Done{};
  });
}

Expected<StoredFile> SqlStore::get_file(const std::string& key, bool with_content) {
  return guarded([&]() -> Expected<StoredFile> {
    PW_TRY(row, one(std::string("SELECT key, org_id, name, content_type, size, sha256, uploaded_by, at") +
                        (with_content ? ", content_base64" : "") + " FROM files WHERE key = ?",
                    {key}, "file"));
    StoredFile f{row.s(0), row.i(1), row.s(2), row.s(3), row.i(4), row.s(5), row.i(6), row.i(7), {}};
    if (with_content) {
      PW_TRY(content, base64_decode(row.s(8)));
      f.content = std::move(content);
    }
    return f;
  });
}

namespace {
constexpr const char* kExplanationCols =
    "id, plan_id, entity, entity_id, agency_id, requested_by, question, asked_at, answer, answered_by, answered_at";
Explanation explanation_of(const Row& r) {
  return {r.i(0), r.i(1), r.s(2), r.i(3), r.i(4), r.i(5), r.s(6), r.i(7), r.os(8), r.oi(9), r.oi(10)};
}
}  // namespace

Expected<Id> SqlStore::create_explanation(const Explanation& e) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO explanations (plan_id, entity, entity_id, agency_id, requested_by, question, asked_at, "
                  "answer, answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {e.plan_id, e.entity, e.entity_id, e.agency_id, e.requested_by, e.question, e.asked_at, e.answer,
                   e.answered_by, e.answered_at});
  });
}

Expected<Explanation> SqlStore::get_explanation(Id id) {
  return guarded([&]() -> Expected<Explanation> {
    PW_TRY(row, one(std::string("SELECT ") + kExplanationCols + " FROM explanations WHERE id = ?", {id}, "explanation"));
    return explanation_of(row);
  });
}

Expected<std::vector<Explanation>> SqlStore::list_explanations(const ExplanationFilter& f) {
  return guarded([&]() -> Expected<std::vector<Explanation>> {
    std::string where = "1 = 1";
    Params params;
    if (f.agency_id) {
      where += " AND agency_id = ?";
      params.emplace_back(*f.agency_id);
    }
    if (f.plan_id) {
      where += " AND plan_id = ?";
      params.emplace_back(*f.plan_id);
    }
    if (f.answered) where += *f.answered ? " AND answered_at IS NOT NULL" : " AND answered_at IS NULL";
    PW_TRY(rows, q(std::string("SELECT ") + kExplanationCols + " FROM explanations WHERE " + where +
                       " ORDER BY asked_at DESC, id DESC",
                   params));
    std::vector<Explanation> out;
    for (const auto& r : rows.rows) out.push_back(explanation_of(r));
    return out;
  });
}

Result SqlStore::answer_explanation(Id id, const std::string& answer, Id by, Timestamp at) {
  return guarded([&]() -> Result {
    PW_TRY(rows, q("UPDATE explanations SET answer = ?, answered_by = ?, answered_at = ? "
                   "WHERE id = ? AND answered_at IS NULL",
                   {answer, by, at, id}));
    if (rows.changes > 0) return Done{};
    PW_CHECK(one("SELECT id FROM explanations WHERE id = ?", {id}, "explanation"));
    return error("conflict", "explanation " + std::to_string(id) + " already answered");
  });
}

Expected<std::vector<Reminder>> SqlStore::list_reminders(Id agency_id, int limit) {
  return guarded([&]() -> Expected<std::vector<Reminder>> {
    PW_TRY(rows, q(std::string("SELECT ") + kReminderCols +
                       " FROM reminder_outbox WHERE agency_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                   {agency_id, limit > 0 ? limit : 100}));
    std::vector<Reminder> out;
    for (const auto& r : rows.rows) out.push_back(reminder_of(r));
    return out;
  });
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
