// Monitoring-core benchmarks on a national-scale data set:
//   34 provinces × 20 agencies × 10 published plans × 300 tasks (each with a lead agency of its
//   province, every fourth led jointly with a second one), 60 monthly periods per plan (5 years) and
//   one accepted report per lead per task per month for 54 months in 60 (49 tasks in 50; the others
//   never report): 102,000 tasks, 127,500 lead parts, 20,400 periods, 6,719,760 reports.
// Bars (docs/operations.md, not asserted): province dashboard p99 < 10 ms; national roll-up < 500 ms
// on PostgreSQL; ≥ 1,000 durable report submissions/s on SQLite (synchronous=FULL).
//
//   cmake -S . -B build-c -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
//   ninja -C build-c -j2 planwatch_store_bench
//   bash scripts/pg-test-cluster.sh start
//   export PLANWATCH_BENCH_PG_URL=$(bash scripts/pg-test-cluster.sh url)
//   build-c/bench/planwatch_store_bench --benchmark_counters_tabular=true
//
// Options (besides Google Benchmark's --benchmark_filter=… etc.):
//   --tasks-per-plan=N  scale down (or up) the data set: N tasks per plan instead of 300; cached
//                       separately, e.g. --tasks-per-plan=30 for a quick run (≈ 550,000 reports)
//   --regenerate        drop the cached data set and generate it again
// Environment:
//   PLANWATCH_BENCH_PG_URL  any database of the server (postgres://user@host:port/db); the data set
//                           lives in the database planwatch_bench (planwatch_bench_tN when scaled),
//                           created on first use. Unset: the PostgreSQL benchmarks are skipped.
//   PLANWATCH_BENCH_DIR     where the SQLite data set is kept (default: <build dir>/bench-data,
//                           i.e. build-c/bench-data/planwatch.db; tasks-N/ when scaled).
//
// Generation (first run, timed and printed on stderr; measured: SQLite 98 s, PostgreSQL 274 s on 2
// busy cores): through the Store API each report costs 0.2–0.4 ms of CPU with its derived rows even
// without an fsync per commit (20–40 minutes for 5.4 million, hours at the durable rate), so the data
// set is loaded with bulk INSERT … SELECT statements over the real, migrated schema in one transaction,
// then the store's derived columns (tasks.latest_*) are filled with the same
// window the store ranks with, and the statistics refreshed (ANALYZE; VACUUM on PostgreSQL).
// The benchmarks then read through the Store interface only.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "planwatch/store/store.hpp"

namespace {

using planwatch::Id;
namespace store = planwatch::store;

constexpr int kProvinces = 34, kPlans = 10, kAgencies = 20, kMonths = 60, kFullTasks = 300;
int g_tasks = kFullTasks;  // tasks per plan (--tasks-per-plan)
bool g_regenerate = false;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string sqlite_dir() {
  std::filesystem::path base;
  if (const char* d = std::getenv("PLANWATCH_BENCH_DIR"); d != nullptr && *d != '\0') {
    base = d;
  } else {  // <build>/bench/planwatch_store_bench → <build>/bench-data
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    base = ec ? std::filesystem::path("bench-data") : exe.parent_path().parent_path() / "bench-data";
  }
  if (g_tasks != kFullTasks) base /= "tasks-" + std::to_string(g_tasks);
  return base.string();
}

std::string pg_base() {
  const char* u = std::getenv("PLANWATCH_BENCH_PG_URL");
  return u != nullptr ? u : "";
}

std::string pg_database() {
  return g_tasks == kFullTasks ? "planwatch_bench" : "planwatch_bench_t" + std::to_string(g_tasks);
}

// The URL with its database replaced: postgres://u@h:p/db?x=y → postgres://u@h:p/<db>?x=y.
std::string with_database(const std::string& url, const std::string& db) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url + " dbname=" + db;  // key=value conninfo
  const auto query = url.find('?', scheme + 3);
  const auto slash = url.find('/', scheme + 3);
  const auto end = query == std::string::npos ? url.size() : query;
  if (slash == std::string::npos || slash > end) return url.substr(0, end) + "/" + db + url.substr(end);
  return url.substr(0, slash + 1) + db + url.substr(end);
}

// ---- generation ----------------------------------------------------------------------------------

struct Step {
  const char* what;
  std::string sql;
};

// Plain SQL in the dialect both databases share (recursive CTEs for sequences), over the real
// schema; ids are sequential on a fresh database.
std::vector<Step> generator_sql() {
  auto seq = [](int n) {
    return "WITH RECURSIVE g(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM g WHERE x < " + std::to_string(n) + ") ";
  };
  const std::string agencies = std::to_string(kAgencies);
  return {
      {"organisations", seq(kProvinces) + "INSERT INTO organisations (name, kind) SELECT 'Tỉnh ' || x, 'city' FROM g"},
      {"agencies", seq(kAgencies) + "INSERT INTO agencies (org_id, name, name_folded) "
                                    "SELECT o.id, 'Sở số ' || g.x, 'so so ' || g.x FROM organisations o, g"},
      {"users",
       "INSERT INTO users (org_id, login, display_name, role, password_hash) "
       "VALUES (1, 'bench', 'bench', 'office', 'x')"},
      {"plans", seq(kPlans) + "INSERT INTO plans (org_id, title, title_folded, doc_type, status, start_on, end_on, "
                              "schedule_json) SELECT o.id, 'Kế hoạch ' || g.x, 'ke hoach ' || g.x, 'Kế hoạch', "
                              "'published', '2021-01-01', '2025-12-31', '{\"frequencies\":[\"monthly\"]}' "
                              "FROM organisations o, g"},
      {"tasks", seq(g_tasks) +
                    "INSERT INTO tasks (plan_id, ref, text, text_folded, timeframe_raw, timeframe_kind) "
                    "SELECT p.id, '' || g.x, 'Nhiệm vụ số ' || g.x, 'nhiem vu so ' || g.x, 'Hằng năm', 'annual' "
                    "FROM plans p, g"},
      // Lead agencies: one of the plan's own province (by name, not by id arithmetic: the order in
      // which a database produces a cross join, hence the ids, is unspecified); every fourth task is
      // led jointly by the next agency too (seed 001 has half its tasks jointly led).
      {"task_agencies",
       "INSERT INTO task_agencies (task_id, agency_id, position, role, plan_id, owes) "
       "SELECT t.id, a.id, k.n, 'lead', p.id, 1 "
       "FROM tasks t JOIN plans p ON p.id = t.plan_id, (SELECT 0 AS n UNION ALL SELECT 1) k, agencies a "
       "WHERE (k.n = 0 OR CAST(t.ref AS INTEGER) % 4 = 0) AND a.org_id = p.org_id AND a.name_folded = 'so so ' || "
       "((CAST(t.ref AS INTEGER) - 1 + k.n) % " + agencies + " + 1)"},
      {"tasks.leads", "UPDATE tasks SET leads = CASE WHEN CAST(ref AS INTEGER) % 4 = 0 THEN 2 ELSE 1 END"},
      {"periods", seq(kMonths) + "INSERT INTO periods (plan_id, frequency, label, start_on, end_on, due_on, locks_on) "
                                 "SELECT p.id, 'monthly', 'M' || g.x, '2021-01-01', (2021 + (g.x - 1) / 12) || '-' || "
                                 "CASE WHEN (g.x - 1) % 12 + 1 < 10 THEN '0' ELSE '' END || ((g.x - 1) % 12 + 1) || "
                                 "'-14', '2026-01-05', '2026-01-15' FROM plans p, g"},
      // Task x of a plan, month m: reported unless (x + m) % 10 = 0 (6 months in 60 missing, the
      // latest one for 1 task in 10); tasks x % 50 = 0 never report (2 %).
      {"task_reports",
       "INSERT INTO task_reports (task_id, period_id, agency_id, version, status, progress, percent, author_id, "
       "submitted_at) SELECT tid, pid, aid, 1, 'accepted', CASE (x + m) % 4 WHEN 0 THEN 'not_started' WHEN 1 THEN "
       "'in_progress' WHEN 2 THEN 'completed' ELSE 'at_risk' END, (x * 7 + m) % 101, 1, 1600000000 + m * 2592000 "
       "FROM (SELECT t.id AS tid, pe.id AS pid, ta.agency_id AS aid, CAST(t.ref AS INTEGER) AS x, "
       "CAST(SUBSTR(pe.label, 2) AS INTEGER) AS m FROM tasks t JOIN task_agencies ta ON ta.task_id = t.id "
       "JOIN periods pe ON pe.plan_id = t.plan_id) k "
       "WHERE (x + m) % 10 <> 0 AND x % 50 <> 0"},
      // The store's derived columns, as the store's refresh_task_latest would set them: each lead's
      // latest accepted report, then (every generated report being accepted and the leads of a task
      // reporting the same months) the task's from its first lead's — what combine_progress gives
      // when the parts agree; the bench measures reading these columns, not this rule.
      {"task_agencies.latest_*",
       "UPDATE task_agencies SET latest_progress = k.progress, latest_percent = k.percent FROM ("
       " SELECT r.task_id, r.agency_id, r.progress, r.percent, ROW_NUMBER() OVER (PARTITION BY r.task_id, r.agency_id"
       " ORDER BY p.end_on DESC, r.version DESC, r.id DESC) AS rn"
       " FROM task_reports r JOIN periods p ON p.id = r.period_id WHERE r.status = 'accepted') k"
       " WHERE k.rn = 1 AND k.task_id = task_agencies.task_id AND k.agency_id = task_agencies.agency_id"},
      {"tasks.latest_*",
       "UPDATE tasks SET latest_progress = ta.latest_progress, latest_percent = ta.latest_percent "
       "FROM task_agencies ta WHERE ta.task_id = tasks.id AND ta.position = 0"},
  };
}

// Must count 0 after generation: tasks without a lead agency, or with one of another province.
constexpr const char* kCheckSql =
    "SELECT COUNT(*) FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN task_agencies ta ON ta.task_id = t.id "
    "LEFT JOIN agencies a ON a.id = ta.agency_id WHERE a.id IS NULL OR a.org_id <> p.org_id";

void sqlite_exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string e = err != nullptr ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error("sqlite: " + e + " in " + sql.substr(0, 200));
  }
}

void generate_sqlite(const std::string& dir) {
  sqlite3* db = nullptr;
  if (sqlite3_open((dir + "/planwatch.db").c_str(), &db) != SQLITE_OK) throw std::runtime_error("sqlite open");
  std::unique_ptr<sqlite3, decltype(&sqlite3_close)> guard(db, &sqlite3_close);
  sqlite_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; BEGIN IMMEDIATE");
  for (const auto& step : generator_sql()) {
    const auto t0 = Clock::now();
    sqlite_exec(db, step.sql);
    std::fprintf(stderr, "  sqlite %-15s %7.1f s  %9d rows\n", step.what, seconds_since(t0), sqlite3_changes(db));
  }
  const auto t0 = Clock::now();
  sqlite3_stmt* check = nullptr;
  if (sqlite3_prepare_v2(db, kCheckSql, -1, &check, nullptr) != SQLITE_OK || sqlite3_step(check) != SQLITE_ROW ||
      sqlite3_column_int64(check, 0) != 0) {
    sqlite3_finalize(check);
    throw std::runtime_error("sqlite: generated tasks with a lead agency of another province");
  }
  sqlite3_finalize(check);
  sqlite_exec(db, "COMMIT; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE)");
  std::fprintf(stderr, "  sqlite %-15s %7.1f s\n", "commit+analyze", seconds_since(t0));
}

struct PgConn {
  PGconn* c;
  explicit PgConn(const std::string& url) : c(PQconnectdb(url.c_str())) {
    PQsetNoticeProcessor(
        c, [](void*, const char*) {}, nullptr);
  }
  ~PgConn() { PQfinish(c); }
  PgConn(const PgConn&) = delete;
  PgConn& operator=(const PgConn&) = delete;
  [[nodiscard]] bool ok() const { return PQstatus(c) == CONNECTION_OK; }
  // Runs a statement; returns the affected or returned row count.
  long exec(const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    const auto st = PQresultStatus(r);
    const std::string err = PQresultErrorMessage(r);
    const long n = st == PGRES_TUPLES_OK ? PQntuples(r) : std::atol(PQcmdTuples(r));
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
      throw std::runtime_error("postgres: " + err + " in " + sql.substr(0, 200));
    return n;
  }
};

void generate_postgres(const std::string& url) {
  PgConn c(url);
  if (!c.ok()) throw std::runtime_error(PQerrorMessage(c.c));
  c.exec("BEGIN");
  c.exec("SET LOCAL synchronous_commit = off");
  for (const auto& step : generator_sql()) {
    const auto t0 = Clock::now();
    const long n = c.exec(step.sql);
    std::fprintf(stderr, "  postgres %-15s %7.1f s  %9ld rows\n", step.what, seconds_since(t0), n);
  }
  PGresult* r = PQexec(c.c, kCheckSql);
  const bool consistent = PQresultStatus(r) == PGRES_TUPLES_OK && std::string(PQgetvalue(r, 0, 0)) == "0";
  PQclear(r);
  if (!consistent) throw std::runtime_error("postgres: generated tasks with a lead agency of another province");
  c.exec("COMMIT");
  const auto t0 = Clock::now();
  c.exec("VACUUM ANALYZE");  // statistics and the visibility map for index-only scans, as autovacuum would
  std::fprintf(stderr, "  postgres %-15s %7.1f s\n", "vacuum analyze", seconds_since(t0));
}

// The PostgreSQL URL of the data set's database (created when missing; dropped first with
// --regenerate), or "" when PLANWATCH_BENCH_PG_URL is unset or the server unreachable.
std::string pg_bench_url() {
  static std::string cached = [] {
    const std::string base = pg_base();
    if (base.empty()) {
      std::fprintf(stderr, "PLANWATCH_BENCH_PG_URL is not set: PostgreSQL benchmarks skipped\n");
      return std::string();
    }
    PgConn admin(base);
    if (!admin.ok()) {
      std::fprintf(stderr, "PostgreSQL unreachable (%s): benchmarks skipped\n", PQerrorMessage(admin.c));
      return std::string();
    }
    const std::string db = pg_database();
    if (g_regenerate) admin.exec("DROP DATABASE IF EXISTS " + db);
    if (admin.exec("SELECT 1 FROM pg_database WHERE datname = '" + db + "'") == 0) admin.exec("CREATE DATABASE " + db);
    return with_database(base, db);
  }();
  return cached;
}

// The URL with libpq session options added (`options=-c name=value`), so the Store's own connection
// runs under them: postgres://…?options=-c%20x%3Dy, or options='-c x=y' for a key=value conninfo.
std::string with_session_setting(const std::string& url, const std::string& name, const std::string& value) {
  if (url.find("://") == std::string::npos) return url + " options='-c " + name + "=" + value + "'";
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-c%20" + name + "%3D" + value;
}

// What the PostgreSQL figures depend on, printed in the benchmark's context: the server, the planner
// settings that change the roll-up's plan (parallel workers, JIT), memory, durability, and the size of
// the data set. Measured (docs/store.md): the roll-up runs as a Parallel Index Only Scan under Gather
// Merge with the default max_parallel_workers_per_gather = 2, which on 2 cores is 2–3× slower than
// the serial plan; its cost (≈ 6,700) stays far below jit_above_cost, so JIT never runs.
std::string pg_conditions(const std::string& url) {
  PgConn c(url);
  if (!c.ok()) return "unreachable";
  std::string out;
  for (const char* name : {"server_version", "max_parallel_workers_per_gather", "max_worker_processes", "jit",
                           "jit_above_cost", "shared_buffers", "effective_cache_size", "work_mem", "fsync",
                           "synchronous_commit"}) {
    PGresult* r = PQexec(c.c, (std::string("SHOW ") + name).c_str());
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
      out += std::string(out.empty() ? "" : ", ") + name + "=" + PQgetvalue(r, 0, 0);
    PQclear(r);
  }
  PGresult* r = PQexec(c.c, "SELECT pg_size_pretty(pg_database_size(current_database()))");
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
    out += std::string(", database ") + PQgetvalue(r, 0, 0);
  PQclear(r);
  return out;
}

// Opens (and on first use generates) the national data set; nullptr when the backend is unavailable.
std::unique_ptr<store::Store> national(const std::string& backend) {
  std::string spec;
  if (backend == "sqlite") {
    static const bool fresh = [] {
      if (g_regenerate)
        for (const char* suffix : {"", "-wal", "-shm"})
          std::filesystem::remove(sqlite_dir() + "/planwatch.db" + suffix);
      return true;
    }();
    (void)fresh;
    std::filesystem::create_directories(sqlite_dir());
    spec = "sqlite:" + sqlite_dir();
  } else {
    spec = pg_bench_url();
    if (spec.empty()) return nullptr;
    if (backend == "postgres_serial") spec = with_session_setting(spec, "max_parallel_workers_per_gather", "0");
  }
  auto st = store::open_store(spec);
  if (!st) {
    std::fprintf(stderr, "%s: %s\n", backend.c_str(), st.error().detail.c_str());
    return nullptr;
  }
  auto applied = (*st)->migrate();
  if (!applied) {
    std::fprintf(stderr, "%s migrate: %s\n", backend.c_str(), applied.error().detail.c_str());
    return nullptr;
  }
  auto orgs = (*st)->list_organisations();
  if (orgs && orgs->size() >= static_cast<std::size_t>(kProvinces)) {  // cached
    // A migration that rewrote rows of the cached data set (0007 recomputed every tasks.latest_*) leaves
    // PostgreSQL with a dead tuple per task and a cleared visibility map until autovacuum passes: the
    // roll-up then loses its index-only scan and runs 2–3× slower. Measure the settled state.
    if (*applied > 0) {
      const auto t0 = Clock::now();
      if (backend == "sqlite") {
        sqlite3* db = nullptr;
        sqlite3_open((sqlite_dir() + "/planwatch.db").c_str(), &db);
        sqlite_exec(db, "ANALYZE");
        sqlite3_close(db);
      } else {
        PgConn c(pg_bench_url());
        c.exec("VACUUM ANALYZE");
      }
      std::fprintf(stderr, "%s: %d migration(s) applied to the cached data set; vacuum/analyze %.1f s\n",
                   backend.c_str(), *applied, seconds_since(t0));
    }
    return std::move(*st);
  }
  std::fprintf(stderr, "generating the national data set on %s (%d × %d × %d tasks × %d months)…\n", backend.c_str(),
               kProvinces, kPlans, g_tasks, kMonths);
  const auto t0 = Clock::now();
  if (backend == "sqlite")
    generate_sqlite(sqlite_dir());
  else
    generate_postgres(pg_bench_url());
  std::fprintf(stderr, "generated the national data set on %s in %.0f s\n", backend.c_str(), seconds_since(t0));
  return store::open_store(spec).value();
}

// Per-iteration times in ms → p50 / p99 / max counters (Google Benchmark only reports means).
void percentiles(benchmark::State& state, std::vector<double>& ms) {
  if (ms.empty()) return;
  std::sort(ms.begin(), ms.end());
  state.counters["p50_ms"] = ms[ms.size() / 2];
  state.counters["p99_ms"] = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  state.counters["max_ms"] = ms.back();
}

void BM_ProvinceDashboard(benchmark::State& state, const std::string& backend) {
  auto st = national(backend);
  if (!st) {
    state.SkipWithError("backend unavailable (PostgreSQL: set PLANWATCH_BENCH_PG_URL)");
    return;
  }
  auto orgs = *st->list_organisations();
  const auto expected = static_cast<std::size_t>(kPlans * std::min(g_tasks, kAgencies));
  std::vector<double> ms;
  std::size_t k = 0;
  for (auto _ : state) {
    store::DashboardQuery q;
    q.org_id = orgs[k++ % orgs.size()].id;
    const auto t0 = Clock::now();
    auto rows = st->province_dashboard(q);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!rows || rows->size() != expected) {
      state.SkipWithError("unexpected dashboard");
      return;
    }
  }
  percentiles(state, ms);
}

void BM_NationalRollup(benchmark::State& state, const std::string& backend) {
  auto st = national(backend);
  if (!st) {
    state.SkipWithError("backend unavailable (PostgreSQL: set PLANWATCH_BENCH_PG_URL)");
    return;
  }
  // The first call on the new connection prepares the statement and fills the catalog caches: it is
  // reported apart (first_ms) and the percentiles are of the warm calls that follow.
  const std::vector<planwatch::PlanStatus> statuses{planwatch::PlanStatus::published, planwatch::PlanStatus::amended};
  const auto first = Clock::now();
  if (!st->national_rollup(statuses)) {
    state.SkipWithError("roll-up failed");
    return;
  }
  state.counters["first_ms"] = std::chrono::duration<double, std::milli>(Clock::now() - first).count();
  if (backend != "sqlite") {  // dead rows of tasks cost the index-only scan its visibility map (see national())
    PgConn c(pg_bench_url());
    PGresult* r = PQexec(c.c, "SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'tasks'");
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
      state.counters["dead_tasks"] = std::atof(PQgetvalue(r, 0, 0));
    PQclear(r);
  }
  std::vector<double> ms;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    auto rows = st->national_rollup(statuses);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (!rows || rows->size() != static_cast<std::size_t>(kProvinces) ||
        rows->front().tasks != static_cast<std::int64_t>(kPlans) * g_tasks) {
      state.SkipWithError("unexpected roll-up");
      return;
    }
  }
  percentiles(state, ms);
}

// One submission as the service writes it: the report row, its status, the audit entry — one
// transaction, acknowledged only once durable (WAL, synchronous=FULL: an fsync per commit).
void BM_DurableSubmissions(benchmark::State& state) {
  const std::string dir = sqlite_dir() + "/submissions";
  std::filesystem::remove_all(dir);
  auto st = store::open_store("sqlite:" + dir).value();
  if (auto m = st->migrate(); !m) {
    state.SkipWithError(m.error().detail.c_str());
    return;
  }
  const Id org = *st->create_organisation({0, "Tỉnh thử", "city"});
  const Id agency = *st->create_agency({0, org, "Sở thử", {}, {}, {}, planwatch::AgencyKind::named, {}});
  planwatch::User u;
  u.org_id = org;
  u.login = "bench";
  u.display_name = "bench";
  u.role = planwatch::Role::reporter;
  u.agency_id = agency;
  u.password_hash = "x";
  const Id user = *st->create_user(u);
  planwatch::Plan p;
  p.org_id = org;
  p.title = "Kế hoạch";
  p.doc_type = "Kế hoạch";
  p.status = planwatch::PlanStatus::published;
  p.start = {2026, 1, 1};
  p.end = {2030, 12, 31};
  const Id plan = *st->create_plan(p);
  std::vector<Id> tasks, periods;
  for (int k = 0; k < 200; ++k) {
    planwatch::PlanTask t;
    t.plan_id = plan;
    t.ref = std::to_string(k);
    t.text = "Nhiệm vụ";
    t.lead_agency_ids = {agency};
    tasks.push_back(*st->create_task(t));
  }
  for (int k = 0; k < 60; ++k) {
    planwatch::Period per;
    per.plan_id = plan;
    per.frequency = planwatch::Frequency::monthly;
    per.label = "M" + std::to_string(k);
    per.start = per.end = per.due = per.locks_on = {2026, 1, 1};
    periods.push_back(*st->create_period(per));
  }
  std::size_t n = 0;
  for (auto _ : state) {
    planwatch::TaskReport r;
    r.task_id = tasks[n % tasks.size()];
    r.period_id = periods[(n / tasks.size()) % periods.size()];
    r.agency_id = agency;
    r.progress = planwatch::Progress::in_progress;
    r.percent = 50;
    r.narrative = "Đã triển khai theo kế hoạch; kết quả chi tiết tại báo cáo kèm theo.";
    r.author_id = user;
    ++n;
    auto done = st->transaction([&](store::Store& s) -> store::Result {
      auto key = s.create_report(r);
      if (!key) return planwatch::Unexpected<planwatch::Error>{key.error()};
      if (auto x = s.set_report_status(key->id, planwatch::ReportStatus::submitted, 1764000000); !x) return x;
      planwatch::AuditEntry e;
      e.user_id = user;
      e.at = 1764000000;
      e.action = "report.submit";
      e.entity = "task_report";
      e.entity_id = key->id;
      e.after_json = R"({"status":"submitted"})";
      if (auto a = s.append_audit(e); !a) return planwatch::Unexpected<planwatch::Error>{a.error()};
      return store::Done{};
    });
    if (!done) {
      state.SkipWithError(done.error().detail.c_str());
      return;
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
}

BENCHMARK_CAPTURE(BM_ProvinceDashboard, postgres, std::string("postgres"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(340);
BENCHMARK_CAPTURE(BM_NationalRollup, postgres, std::string("postgres"))->Unit(benchmark::kMillisecond)->Iterations(20);
// The same with parallel query off for the Store's session (max_parallel_workers_per_gather = 0).
BENCHMARK_CAPTURE(BM_NationalRollup, postgres_serial, std::string("postgres_serial"))
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20);
BENCHMARK_CAPTURE(BM_ProvinceDashboard, sqlite, std::string("sqlite"))->Unit(benchmark::kMillisecond)->Iterations(340);
BENCHMARK_CAPTURE(BM_NationalRollup, sqlite, std::string("sqlite"))->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_DurableSubmissions)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();

// Takes this file's own flags out of argv (Google Benchmark rejects unknown ones).
bool take_own_flags(int& argc, char** argv) {
  int out = 1;
  for (int k = 1; k < argc; ++k) {
    const char* a = argv[k];
    if (std::strncmp(a, "--tasks-per-plan=", 17) == 0) {
      char* end = nullptr;
      const long n = std::strtol(a + 17, &end, 10);
      if (end == a + 17 || *end != '\0' || n < 1 || n > 100000) {
        std::fprintf(stderr, "--tasks-per-plan: a number from 1 to 100000\n");
        return false;
      }
      g_tasks = static_cast<int>(n);
    } else if (std::strcmp(a, "--regenerate") == 0) {
      g_regenerate = true;
    } else {
      argv[out++] = argv[k];
    }
  }
  argc = out;
  argv[argc] = nullptr;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (!take_own_flags(argc, argv)) return 2;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  if (!pg_base().empty() && !pg_bench_url().empty()) benchmark::AddCustomContext("postgres", pg_conditions(pg_bench_url()));
  benchmark::AddCustomContext("tasks_per_plan", std::to_string(g_tasks));
  try {
    benchmark::RunSpecifiedBenchmarks();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "planwatch_store_bench: %s\n", e.what());
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}
