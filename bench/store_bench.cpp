// Monitoring-core benchmarks on a national-scale data set (issue #3):
//   34 provinces × 10 published plans × 300 tasks, 60 monthly periods per plan (5 years) and an
//   accepted report for 9 tasks in 10 every month: 102,000 tasks, 20,400 periods, ≈ 5.5 million reports.
// Goals (documented in docs/operations.md, not asserted): province dashboard < 10 ms p99 and national
// roll-up < 500 ms on PostgreSQL; ≥ 1,000 durable report submissions/s on SQLite.
//
//   cmake --build build --target planwatch_store_bench
//   scripts/pg-test-cluster.sh start
//   PLANWATCH_BENCH_PG_URL=$(scripts/pg-test-cluster.sh url) build/bench/planwatch_store_bench
//   (or: make bench-store)
// The data set is generated once (a few minutes) and kept: SQLite in $PLANWATCH_BENCH_DIR (default
// build/bench-data), PostgreSQL in schema bench_national of the URL's database.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "planwatch/store/store.hpp"

namespace {

using planwatch::Id;
namespace store = planwatch::store;

constexpr int kProvinces = 34, kPlans = 10, kTasks = 300, kAgencies = 20, kMonths = 60;

std::string sqlite_dir() {
  const char* d = std::getenv("PLANWATCH_BENCH_DIR");
  return d != nullptr ? d : "build/bench-data";
}

std::string pg_base() {
  const char* u = std::getenv("PLANWATCH_BENCH_PG_URL");
  return u != nullptr ? u : "";
}

std::string pg_spec() {
  const std::string base = pg_base();
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3Dbench_national";
}

// The generator: plain SQL in the dialect both databases share (recursive CTEs for sequences),
// over the real schema; ids are sequential on a fresh database.
std::vector<std::string> generator_sql() {
  auto seq = [](const char* name, int n) {
    return std::string("WITH RECURSIVE ") + name + "(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM " + name +
           " WHERE x < " + std::to_string(n) + ") ";
  };
  return {
      seq("g", kProvinces) + "INSERT INTO organisations (name, kind) SELECT 'Tỉnh ' || x, 'city' FROM g",
      seq("g", kAgencies) + "INSERT INTO agencies (org_id, name, name_folded) SELECT o.id, 'Sở số ' || g.x, 'so so ' || g.x "
                            "FROM organisations o, g",
      "INSERT INTO users (org_id, login, display_name, role, password_hash) VALUES (1, 'bench', 'bench', 'office', 'x')",
      seq("g", kPlans) + "INSERT INTO plans (org_id, title, title_folded, doc_type, status, start_on, end_on, schedule_json) "
                         "SELECT o.id, 'Kế hoạch ' || g.x, 'ke hoach ' || g.x, 'Kế hoạch', 'published', '2021-01-01', "
                         "'2025-12-31', '{\"frequencies\":[\"monthly\"]}' FROM organisations o, g",
      seq("g", kTasks) + "INSERT INTO tasks (plan_id, ref, text, text_folded, lead_agency_id, timeframe_raw, timeframe_kind) "
                         "SELECT p.id, '' || g.x, 'Nhiệm vụ số ' || g.x, 'nhiem vu so ' || g.x, "
                         "(p.org_id - 1) * " + std::to_string(kAgencies) + " + (g.x % " + std::to_string(kAgencies) +
                         ") + 1, 'Hằng năm', 'annual' FROM plans p, g",
      seq("g", kMonths) + "INSERT INTO periods (plan_id, frequency, label, start_on, end_on, due_on, locks_on) "
                          "SELECT p.id, 'monthly', 'M' || g.x, '2021-01-01', "
                          "(2021 + (g.x - 1) / 12) || '-' || CASE WHEN (g.x - 1) % 12 + 1 < 10 THEN '0' ELSE '' END || "
                          "((g.x - 1) % 12 + 1) || '-14', '2026-01-05', '2026-01-15' FROM plans p, g",
      "INSERT INTO task_reports (task_id, period_id, agency_id, version, status, progress, percent, author_id, submitted_at) "
      "SELECT t.id, pe.id, t.lead_agency_id, 1, 'accepted', "
      "CASE (t.id + pe.id) % 4 WHEN 0 THEN 'not_started' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'completed' ELSE 'at_risk' END, "
      "(t.id * 7 + pe.id) % 101, 1, 1600000000 FROM tasks t JOIN periods pe ON pe.plan_id = t.plan_id "
      "WHERE (t.id + pe.id) % 10 <> 0",
      "INSERT INTO task_latest (task_id, report_id, progress, percent) SELECT task_id, id, progress, percent FROM ("
      " SELECT r.task_id, r.id, r.progress, r.percent, ROW_NUMBER() OVER (PARTITION BY r.task_id ORDER BY p.end_on DESC,"
      " r.version DESC, r.id DESC) AS rn FROM task_reports r JOIN periods p ON p.id = r.period_id) k WHERE rn = 1",
      "UPDATE tasks SET latest_progress = (SELECT l.progress FROM task_latest l WHERE l.task_id = tasks.id), "
      "latest_percent = (SELECT l.percent FROM task_latest l WHERE l.task_id = tasks.id)",
  };
}

void generate_sqlite(const std::string& dir) {
  sqlite3* db = nullptr;
  if (sqlite3_open((dir + "/planwatch.db").c_str(), &db) != SQLITE_OK) throw std::runtime_error("sqlite open");
  char* err = nullptr;
  std::string script = "PRAGMA synchronous=OFF; BEGIN;";
  for (const auto& s : generator_sql()) script += s + ";";
  script += "COMMIT; ANALYZE;";
  if (sqlite3_exec(db, script.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string e = err != nullptr ? err : "?";
    sqlite3_free(err);
    sqlite3_close(db);
    throw std::runtime_error("sqlite generate: " + e);
  }
  sqlite3_close(db);
}

void pg_exec(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  const auto st = PQresultStatus(r);
  std::string err = PQresultErrorMessage(r);
  PQclear(r);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error("postgres: " + err + " in " + sql.substr(0, 200));
}

void generate_postgres() {
  PGconn* c = PQconnectdb(pg_spec().c_str());
  if (PQstatus(c) != CONNECTION_OK) throw std::runtime_error(PQerrorMessage(c));
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  pg_exec(c, "BEGIN");
  for (const auto& s : generator_sql()) pg_exec(c, s);
  pg_exec(c, "COMMIT");
  pg_exec(c, "VACUUM ANALYZE");  // visibility map for index-only scans, as autovacuum would do
  PQfinish(c);
}

// Opens (and on first use generates) the national data set; nullptr when the backend is unavailable.
std::unique_ptr<store::Store> national(const std::string& backend) {
  std::string spec;
  if (backend == "sqlite") {
    std::filesystem::create_directories(sqlite_dir());
    spec = "sqlite:" + sqlite_dir();
  } else {
    if (pg_base().empty()) return nullptr;
    PGconn* c = PQconnectdb(pg_base().c_str());
    if (PQstatus(c) != CONNECTION_OK) return nullptr;
    PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
    pg_exec(c, "CREATE SCHEMA IF NOT EXISTS bench_national");
    PQfinish(c);
    spec = pg_spec();
  }
  auto st = store::open_store(spec);
  if (!st || !(*st)->migrate()) return nullptr;
  auto orgs = (*st)->list_organisations();
  if (orgs && orgs->size() >= static_cast<std::size_t>(kProvinces)) {
    if (backend == "postgres") {  // after a migration touched tasks: what autovacuum would do soon
      PGconn* c = PQconnectdb(pg_spec().c_str());
      PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
      pg_exec(c, "VACUUM ANALYZE tasks");
      PQfinish(c);
    }
    return std::move(*st);
  }
  const auto t0 = std::chrono::steady_clock::now();
  if (backend == "sqlite") generate_sqlite(sqlite_dir());
  else generate_postgres();
  std::fprintf(stderr, "generated the national data set on %s in %.0f s\n", backend.c_str(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return store::open_store(spec).value();
}

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
    state.SkipWithError("backend unavailable (set PLANWATCH_BENCH_PG_URL)");
    return;
  }
  auto orgs = *st->list_organisations();
  std::vector<double> ms;
  std::size_t k = 0;
  for (auto _ : state) {
    store::DashboardQuery q;
    q.org_id = orgs[k++ % orgs.size()].id;
    const auto t0 = std::chrono::steady_clock::now();
    auto rows = st->province_dashboard(q);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!rows || rows->size() != static_cast<std::size_t>(kPlans * kAgencies)) {
      state.SkipWithError("unexpected dashboard");
      return;
    }
  }
  percentiles(state, ms);
}

void BM_NationalRollup(benchmark::State& state, const std::string& backend) {
  auto st = national(backend);
  if (!st) {
    state.SkipWithError("backend unavailable (set PLANWATCH_BENCH_PG_URL)");
    return;
  }
  std::vector<double> ms;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto rows = st->national_rollup({planwatch::PlanStatus::published});
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!rows || rows->size() != static_cast<std::size_t>(kProvinces)) {
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
  (void)st->migrate();
  const Id org = *st->create_organisation({0, "Tỉnh thử", "city"});
  const Id agency = *st->create_agency({0, org, "Sở thử", {}, {}, {}});
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
    t.lead_agency_id = agency;
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

BENCHMARK_CAPTURE(BM_ProvinceDashboard, postgres, std::string("postgres"))->Unit(benchmark::kMillisecond)->Iterations(340);
BENCHMARK_CAPTURE(BM_NationalRollup, postgres, std::string("postgres"))->Unit(benchmark::kMillisecond)->Iterations(20);
BENCHMARK_CAPTURE(BM_ProvinceDashboard, sqlite, std::string("sqlite"))->Unit(benchmark::kMillisecond)->Iterations(340);
BENCHMARK_CAPTURE(BM_NationalRollup, sqlite, std::string("sqlite"))->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_DurableSubmissions)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
