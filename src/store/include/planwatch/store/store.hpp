#pragma once
// Persistence of the monitoring model (planwatch/domain/monitoring.hpp) behind one interface with two
// backends: SQLite (embedded, one file under a data directory) and PostgreSQL (shared by several
// stateless app servers). One Store object = one connection; it is not thread-safe — use one per
// thread or a pool (the caller's business).
//
// Error policy: nothing throws out of this interface. Expected failures come back as Error values
// with a stable `code`:
//   "not_found"    the row does not exist (get by id, update of a missing row)
//   "conflict"     a unique constraint (duplicate login, second report version racing), or a write
//                  refused by a guard (an accepted report is immutable, the audit log append-only)
//   "invalid"      a foreign key points nowhere, a NOT NULL / CHECK constraint, bad arguments
//   "unavailable"  busy/locked database, I/O error, disk full, read-only file, lost connection
//   "unsupported"  the backend cannot do it (backup() on PostgreSQL: use pg_dump, docs/store.md)
//   "internal"     a bug (SQL error, corrupt JSON column); the detail says what
// `message` is Vietnamese, for users; `detail` carries the database's text for the log.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "planwatch/domain/expected.hpp"
#include "planwatch/domain/monitoring.hpp"

namespace planwatch::store {

// The value of a successful write that returns nothing.
struct Done {};
using Result = Expected<Done>;

// ---- query types -------------------------------------------------------------------------------

struct PlanFilter {
  std::optional<Id> org_id;
  std::vector<PlanStatus> statuses;  // empty = any
};

enum class AgencyRole { lead, coordinating, either };

struct TaskFilter {
  Id plan_id = 0;
  std::optional<Id> agency_id;             // with agency_role: tasks it leads (one of the leads), …
  AgencyRole agency_role = AgencyRole::either;
  std::optional<Id> group_id;
  std::string text;                        // accent- and case-insensitive substring ("chuyen doi so")
  int limit = 0;                           // 0 = no limit
  int offset = 0;
};

// A task as list_tasks returns it. (tasks.status, which it once carried, is no longer written or
// read: the app derives a task's status from its reports with the domain rules.)
struct TaskRow {
  PlanTask task;
};

// Which reports a reader may see — the one visibility rule (docs/monitoring.md, "Who sees which
// report"): accepted reports, always; every other non-draft one (submitted, approved, returned) when
// `sent` (the organisation's office, leaders, the admin); every report of `agency`, drafts included
// (the reporting agency itself). The default scope is the public's. The SQL twin of admits() is
// scope_sql() in sql_store.cpp; the store contract test checks that the two agree.
struct ReportScope {
  bool sent = false;
  std::optional<Id> agency;
  [[nodiscard]] bool admits(ReportStatus status, Id agency_id) const noexcept {
    return status == ReportStatus::accepted || (sent && status != ReportStatus::draft) || agency == agency_id;
  }
  [[nodiscard]] bool admits(const TaskReport& r) const noexcept { return admits(r.status, r.agency_id); }
};

struct ReportFilter {
  std::optional<Id> plan_id;
  std::optional<Id> task_id;
  std::optional<Id> period_id;
  std::optional<Id> agency_id;
  std::vector<ReportStatus> statuses;  // empty = any
  bool latest_only = true;             // only the current (highest) version per (task, period, agency)
  // Only the reports this reader may see; with latest_only, the highest version *it may see* (an
  // amendment in progress does not hide the accepted version from the public). None = every report.
  std::optional<ReportScope> scope;
};

// Each agency's latest report on each task, as a reader may see them: latest period end first, then
// the highest version; returned reports never count. The service combines them (a task's lead
// agencies' reports are its parts, domain/joint_leads.hpp).
struct LatestReportQuery {
  Id plan_id = 0;
  std::optional<Id> task_id;  // only this task (a task page loads its own reports only)
  ReportScope scope;
};

struct IndicatorValueFilter {
  std::optional<Id> indicator_id;
  std::optional<Id> period_id;
  std::optional<Id> agency_id;
  std::optional<Id> plan_id = std::nullopt;  // every indicator of the plan, in one query
};

struct Session {
  std::string token_hash;  // hash of the cookie token; the token itself is never stored
  Id user_id = 0;
  std::string csrf_token;
  Timestamp created_at = 0;
  Timestamp expires_at = 0;
};

struct LoginAttempt {
  std::string login;
  std::string ip;
  Timestamp at = 0;
  bool success = false;
};

struct Reminder {
  Id id = 0;
  Id agency_id = 0;
  std::string subject;
  std::string body;
  Timestamp created_at = 0;
  std::optional<Timestamp> sent_at;
  // At most one message per key (e.g. "reminder:<period>:<agency>:<day>"); none = no limit. Written
  // only: enqueue_reminder answers "conflict" for a key already queued.
  std::optional<std::string> dedupe_key;
};

// After a period locks only agencies holding an exception may still submit, until `until`.
struct LockException {
  Id id = 0;
  Id agency_id = 0;
  Id period_id = 0;
  Date until{};
  std::optional<Id> granted_by;
  std::string reason;
};

// Province dashboard: one row per (plan, lead agency) over the tasks that agency owes reports for
// (domain owing_agencies: a task led jointly appears in each lead's row), counted by that lead's own
// latest accepted report (public figures; latest period end, then highest version); tasks without a
// lead agency share one row counted by their latest accepted report from any agency. The counts
// partition each row's `tasks`: not_reported + not_started + in_progress + completed + at_risk = tasks.
struct DashboardQuery {
  std::optional<Id> org_id;
  std::optional<Id> period_id;  // only reports of this period; none = latest period reported
  std::vector<PlanStatus> plan_statuses{PlanStatus::published, PlanStatus::amended};
};

struct DashboardRow {
  Id plan_id = 0;
  std::string plan_title;
  std::optional<Id> lead_agency_id;  // none: tasks without a lead agency
  std::string lead_agency_name;
  std::int64_t tasks = 0;
  std::int64_t reported = 0;      // tasks with a latest report
  std::int64_t not_reported = 0;  // tasks without one (tasks - reported)
  std::int64_t not_started = 0, in_progress = 0, completed = 0, at_risk = 0;  // reported tasks by progress
  double average_percent = 0;  // over reported tasks
};

// An uploaded file (plan document, report evidence). Content lives in the database so that every
// app server sharing it serves the same files; stored base64-encoded in a TEXT column (the same SQL
// on both backends, no BLOB/bytea split). `key` is chosen by the caller (random, URL-safe).
struct StoredFile {
  std::string key;
  Id org_id = 0;
  std::string name;          // original file name, sanitised by the caller
  std::string content_type;  // sniffed, e.g. "application/pdf"
  std::int64_t size = 0;     // bytes
  std::string sha256;        // hex
  Id uploaded_by = 0;
  Timestamp at = 0;
  std::string content;       // raw bytes; empty when fetched without content
};

// A leader's (or the office's) request that an agency explain a task or indicator.
struct Explanation {
  Id id = 0;
  Id plan_id = 0;
  std::string entity;  // "task" | "indicator"
  Id entity_id = 0;
  Id agency_id = 0;
  Id requested_by = 0;
  std::string question;
  Timestamp asked_at = 0;
  std::optional<std::string> answer;
  std::optional<Id> answered_by;
  std::optional<Timestamp> answered_at;
};

struct ExplanationFilter {
  std::optional<Id> agency_id;
  std::optional<Id> plan_id;
  std::optional<bool> answered;  // none = both
};

// National roll-up: one row per organisation (every one, zeros when it has no such plan, ordered
// by name) over its plans of the given statuses (empty = any); counts as in DashboardRow.
struct RollupRow {
  Id org_id = 0;
  std::string org_name;
  std::int64_t plans = 0;
  std::int64_t tasks = 0;
  std::int64_t reported = 0;
  std::int64_t not_reported = 0;
  std::int64_t not_started = 0, in_progress = 0, completed = 0, at_risk = 0;
  double average_percent = 0;
};

// ---- the interface -----------------------------------------------------------------------------

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  [[nodiscard]] virtual std::string backend() const = 0;  // "sqlite" | "postgres"

  // Applies the embedded migrations not yet recorded in schema_migrations, all in one transaction
  // (SQLite BEGIN IMMEDIATE, PostgreSQL pg_advisory_xact_lock): idempotent, safe to race.
  virtual Expected<int> migrate() = 0;              // number of migrations applied now
  virtual Expected<int> schema_version() = 0;       // highest applied, 0 on an empty database

  // Runs `body` atomically: commit when it returns a value, roll back when it returns an error or
  // throws. Nests (savepoints). Every multi-statement method below is atomic on its own.
  virtual Result transaction(const std::function<Result(Store&)>& body) = 0;

  // Organisations, agencies, users
  virtual Expected<Id> create_organisation(const Organisation& o) = 0;
  virtual Expected<Organisation> get_organisation(Id id) = 0;
  virtual Expected<std::vector<Organisation>> list_organisations() = 0;
  virtual Result update_organisation(const Organisation& o) = 0;

  virtual Expected<Id> create_agency(const Agency& a) = 0;  // with aliases
  virtual Expected<Agency> get_agency(Id id) = 0;
  virtual Expected<std::vector<Agency>> list_agencies(Id org_id) = 0;
  virtual Result update_agency(const Agency& a) = 0;       // replaces the aliases
  // Folded match on the canonical name or an alias ("so khcn" finds "Sở KH&CN").
  virtual Expected<std::vector<Agency>> find_agencies(Id org_id, const std::string& name_or_alias) = 0;

  virtual Expected<Id> create_user(const User& u) = 0;
  virtual Expected<User> get_user(Id id) = 0;
  virtual Expected<User> get_user_by_login(const std::string& login) = 0;
  virtual Expected<std::vector<User>> list_users(Id org_id) = 0;
  virtual Result update_user(const User& u) = 0;

  // Plans (schedule as a JSON column, parent links)
  virtual Expected<Id> create_plan(const Plan& p) = 0;
  virtual Expected<Plan> get_plan(Id id) = 0;
  virtual Result update_plan(const Plan& p) = 0;
  virtual Result set_plan_status(Id id, PlanStatus s) = 0;
  virtual Expected<std::vector<Plan>> list_plans(const PlanFilter& f) = 0;
  // A draft and everything under it (groups, tasks, targets, agency names); refused ("invalid")
  // when other rows still point at it.
  virtual Result delete_plan(Id id) = 0;
  // A draft's unmatched agency names (with their mentions); update writes decision and agency_id.
  virtual Expected<Id> create_agency_name(const PlanAgencyName& n) = 0;
  virtual Expected<std::vector<PlanAgencyName>> list_agency_names(Id plan_id) = 0;
  virtual Result update_agency_name(const PlanAgencyName& n) = 0;

  virtual Expected<Id> create_task_group(const TaskGroup& g) = 0;
  virtual Expected<TaskGroup> get_task_group(Id id) = 0;
  virtual Result update_task_group(const TaskGroup& g) = 0;
  virtual Expected<std::vector<TaskGroup>> list_task_groups(Id plan_id) = 0;

  virtual Expected<Id> create_task(const PlanTask& t) = 0;
  virtual Expected<PlanTask> get_task(Id id) = 0;
  virtual Result update_task(const PlanTask& t) = 0;
  virtual Expected<std::vector<TaskRow>> list_tasks(const TaskFilter& f) = 0;

  virtual Expected<Id> create_indicator(const PlanIndicator& i) = 0;  // with phase targets
  virtual Expected<PlanIndicator> get_indicator(Id id) = 0;
  virtual Result update_indicator(const PlanIndicator& i) = 0;
  virtual Expected<std::vector<PlanIndicator>> list_indicators(Id plan_id) = 0;

  virtual Expected<Id> create_period(const Period& p) = 0;
  virtual Expected<Period> get_period(Id id) = 0;
  virtual Result update_period(const Period& p) = 0;
  virtual Expected<std::vector<Period>> list_periods(Id plan_id) = 0;

  // Task reports are versioned. create_report adds the next version for (task, period, agency)
  // (the report's `version` is ignored and the assigned one returned with the id); update_report and
  // set_report_status refuse ("conflict") to touch an accepted report — amend with a new version.
  struct ReportKey {
    Id id = 0;
    int version = 0;
  };
  virtual Expected<ReportKey> create_report(const TaskReport& r) = 0;
  virtual Expected<TaskReport> get_report(Id id) = 0;
  virtual Expected<TaskReport> get_current_report(Id task_id, Id period_id, Id agency_id) = 0;
  virtual Result update_report(const TaskReport& r) = 0;  // content fields of a non-accepted report
  virtual Result set_report_status(Id id, ReportStatus s, Timestamp at) = 0;  // stamps submitted/approved/reviewed_at
  virtual Expected<std::vector<TaskReport>> list_reports(const ReportFilter& f) = 0;
  virtual Expected<std::vector<TaskReport>> report_versions(Id task_id, Id period_id, Id agency_id) = 0;
  // One report per (task, agency) of the plan (or of the one task), as LatestReportQuery says; one query.
  // Ordered by task, then latest first (the same order): a task's first report of a set of agencies is
  // the latest of theirs — the service never restates the ordering.
  virtual Expected<std::vector<TaskReport>> latest_reports(const LatestReportQuery& q) = 0;

  virtual Expected<Id> create_indicator_value(const IndicatorValue& v) = 0;
  virtual Expected<IndicatorValue> get_indicator_value(Id id) = 0;
  virtual Result update_indicator_value(const IndicatorValue& v) = 0;  // refused once accepted
  virtual Expected<std::vector<IndicatorValue>> list_indicator_values(const IndicatorValueFilter& f) = 0;

  virtual Expected<Id> add_review_decision(const ReviewDecision& d) = 0;
  virtual Expected<std::vector<ReviewDecision>> list_review_decisions(Id report_id) = 0;

  // Append-only: there is no update or delete (database triggers refuse them too).
  virtual Expected<Id> append_audit(const AuditEntry& e) = 0;
  virtual Expected<std::vector<AuditEntry>> list_audit(const std::string& entity, Id entity_id, int limit) = 0;

  // Server-side sessions, shared by every app server on the same database.
  virtual Result create_session(const Session& s) = 0;
  virtual Expected<Session> get_session(const std::string& token_hash, Timestamp now) = 0;  // expired = not_found
  virtual Result extend_session(const std::string& token_hash, Timestamp expires_at) = 0;
  virtual Result delete_session(const std::string& token_hash) = 0;
  virtual Result delete_user_sessions(Id user_id) = 0;
  // Every session of the user but one (a password changed from that session).
  virtual Result delete_other_sessions(Id user_id, const std::string& keep_token_hash) = 0;
  virtual Expected<std::int64_t> delete_expired_sessions(Timestamp now) = 0;

  // Login throttling.
  virtual Result record_login_attempt(const LoginAttempt& a) = 0;
  virtual Expected<std::int64_t> count_failed_logins_by_login(const std::string& login, Timestamp since) = 0;
  virtual Expected<std::int64_t> count_failed_logins_by_ip(const std::string& ip, Timestamp since) = 0;
  // Every report version by its status (the /metrics gauge); statuses without reports are left out.
  virtual Expected<std::vector<std::pair<ReportStatus, std::int64_t>>> count_reports_by_status() = 0;
  virtual Expected<std::int64_t> prune_login_attempts(Timestamp before) = 0;

  // Reminder outbox: the mailer takes unsent ones and marks them sent. enqueue_reminder answers
  // "conflict" (and queues nothing) when a message with the same dedupe_key exists.
  virtual Expected<Id> enqueue_reminder(const Reminder& r) = 0;
  virtual Expected<std::vector<Reminder>> list_unsent_reminders(int limit) = 0;
  virtual Result mark_reminder_sent(Id id, Timestamp at) = 0;

  virtual Expected<Id> grant_lock_exception(const LockException& e) = 0;  // replaces an existing one
  virtual Expected<LockException> get_lock_exception(Id agency_id, Id period_id) = 0;
  virtual Expected<std::vector<LockException>> list_lock_exceptions(Id period_id) = 0;
  virtual Result revoke_lock_exception(Id agency_id, Id period_id) = 0;

  // Files (content base64 in the database; put refuses an existing key with "conflict").
  virtual Result put_file(const StoredFile& f) = 0;
  virtual Expected<StoredFile> get_file(const std::string& key, bool with_content) = 0;

  // Explanation requests (a leader asks an agency about a task or indicator).
  virtual Expected<Id> create_explanation(const Explanation& e) = 0;
  virtual Expected<Explanation> get_explanation(Id id) = 0;
  virtual Expected<std::vector<Explanation>> list_explanations(const ExplanationFilter& f) = 0;
  // Refuses ("conflict") a second answer.
  virtual Result answer_explanation(Id id, const std::string& answer, Id by, Timestamp at) = 0;

  // An agency's messages (reminders, explanation requests), newest first; sent or not.
  virtual Expected<std::vector<Reminder>> list_reminders(Id agency_id, int limit) = 0;

  // Aggregates computed in SQL.
  virtual Expected<std::vector<RollupRow>> national_rollup(const std::vector<PlanStatus>& plan_statuses) = 0;
  virtual Expected<std::vector<DashboardRow>> province_dashboard(const DashboardQuery& q) = 0;

  // Consistent online copy of the database into `path` (SQLite backup API; "unsupported" on
  // PostgreSQL — pg_dump, see docs/store.md). restore() replaces this database's content by the
  // copy's.
  virtual Result backup(const std::string& path) = 0;
  virtual Result restore(const std::string& path) = 0;
};

// ---- opening -----------------------------------------------------------------------------------

struct SqliteOptions {
  int busy_timeout_ms = 5000;
  // Caps the database size in pages (testing a full disk); 0 = SQLite's default.
  std::int64_t max_page_count = 0;
};

// "<data_dir>/planwatch.db", created with the directory when missing; WAL, synchronous=FULL,
// foreign_keys=ON, busy_timeout.
Expected<std::unique_ptr<Store>> open_sqlite(const std::string& data_dir, const SqliteOptions& options = {});
// A libpq connection URL: postgres://user@host:port/db (postgresql:// too).
Expected<std::unique_ptr<Store>> open_postgres(const std::string& url);
// "sqlite:<dir>" or a plain directory path → SQLite; "postgres://…" / "postgresql://…" → PostgreSQL.
// Does not migrate: call migrate() once at start-up.
Expected<std::unique_ptr<Store>> open_store(const std::string& spec);

}  // namespace planwatch::store
