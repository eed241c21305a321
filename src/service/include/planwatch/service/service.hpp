#pragma once
// The monitoring service: every use case of the system (sign-in, import → review → publish, period
// reports and their review, locks and exceptions, explanation requests, reminders, statuses,
// dashboards, audit) with its permission check, as one class over a Store. Handlers in `api` stay
// thin: parse → call one method → render.
//
// Error policy: expected failures return Error values whose `code` the API maps to HTTP:
//   unauthenticated 401 · forbidden 403 · not_found 404 · invalid 400 · too_large 413 ·
//   conflict 409 · locked 409 · throttled 429 · unavailable 503 · internal 500.
// `message` is Vietnamese and shown to users; `detail` goes to the log only.
//
// A Service is cheap: build one per request around a Store connection the caller owns (Store is not
// thread-safe) and the request's clock reading.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "planwatch/domain/expected.hpp"
#include "planwatch/domain/monitoring.hpp"
#include "planwatch/domain/status.hpp"
#include "planwatch/store/store.hpp"

namespace planwatch::service {

// Who is asking. user_id 0 = anonymous (the public).
struct Actor {
  Id user_id = 0;
  Id org_id = 0;
  Role role = Role::public_viewer;
  std::optional<Id> agency_id;
  std::string login;
  std::string display_name;
  std::string session;  // SHA-256 of the asking session's token ("" for the public and in-process callers)
  [[nodiscard]] bool anonymous() const noexcept { return user_id == 0; }
};

// The actor a user acts as (no session): sign-in, first run, and in-process callers such as tests.
Actor actor_of(const User& u);

struct Config {
  int session_ttl_seconds = 8 * 3600;   // sliding: each authenticated request extends it
  int throttle_window_seconds = 15 * 60;
  int max_failed_per_login = 5;         // then that login is refused for the window
  int max_failed_per_ip = 30;           // then that address is refused for the window
  std::int64_t max_file_bytes = 20LL * 1024 * 1024;
  TaskRules task_rules;
  IndicatorRules indicator_rules;
};

// ---- inputs and outputs ------------------------------------------------------------------------

struct LoginResult {
  std::string token;       // the cookie value (only its hash is stored)
  std::string csrf_token;  // echoed by the client in X-CSRF-Token on every unsafe request
  Timestamp expires_at = 0;
  Actor actor;
};

struct Authenticated {
  Actor actor;
  std::string csrf_token;
};

struct NewUser {
  std::string login;
  std::string display_name;
  Role role = Role::reporter;
  std::optional<Id> agency_id;
  std::string password;  // ≥ 10 characters
};

struct NewAgency {
  std::string name;
  std::vector<std::string> aliases;
  std::optional<Id> parent_id;
  std::optional<std::string> email;
  AgencyKind kind = AgencyKind::named;
  std::vector<Id> members;  // collective only: the named agencies it stands for
};

// Editable agency fields (absent = unchanged).
struct AgencyPatch {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> aliases;
  std::optional<std::optional<std::string>> email;
  std::optional<std::vector<Id>> members;  // collective agencies only
};

// An existing agency offered for an unmatched name: same alias in the gazetteer (score 1) or
// similar words (Dice coefficient of the folded words, ≥ 0.5).
struct AgencySuggestion {
  Id agency_id = 0;
  std::string name;
  double score = 0;
};

struct AgencyNameView {
  PlanAgencyName name;
  std::vector<AgencySuggestion> suggestions;  // drafts only, best first
};

// Another plan of the organisation that looks like the same document.
struct DuplicatePlan {
  Id plan_id = 0;
  std::string title;
  PlanStatus status = PlanStatus::draft;
  std::string reason;  // "same_file" (same SHA-256) | "same_number_date"
};

struct PlanView {
  Plan plan;
  std::vector<TaskGroup> groups;
  std::int64_t tasks = 0;
  std::int64_t indicators = 0;
  std::vector<AgencyNameView> agency_names;  // printed names that are not (yet) agencies
  std::vector<DuplicatePlan> duplicates;     // shown to those who see drafts, while this plan is one
};

// Schedule fields to change; the ones absent keep their stored value.
struct SchedulePatch {
  std::optional<std::vector<Frequency>> frequencies;
  std::optional<int> monthly_due_day, quarterly_due_day, semiannual_due_day, annual_due_month, annual_due_day,
      cutoff_day, lock_after_days;
};

// Editable plan fields while the plan is a draft (absent = unchanged).
struct PlanPatch {
  std::optional<std::string> title;
  std::optional<std::string> number;
  std::optional<Date> signed_on;
  std::optional<Date> start, end;
  std::optional<SchedulePatch> schedule;  // merged into the stored schedule
  std::optional<std::vector<Id>> parent_plan_ids;
};

struct TaskPatch {
  std::optional<std::string> text;
  std::optional<std::optional<std::string>> leader;
  std::optional<std::vector<Id>> lead_agency_ids;  // every lead, in order; [] = none
  std::optional<std::vector<Id>> coordinating_agency_ids;
  std::optional<std::optional<Id>> consolidating_agency_id;  // đầu mối: one of the leads, or none
  std::optional<Timeframe> timeframe;
  std::optional<std::optional<std::string>> output;
};

// A target's agencies, edited like a task's (absent = unchanged).
struct IndicatorPatch {
  std::optional<std::vector<Id>> lead_agency_ids;
  std::optional<std::vector<Id>> coordinating_agency_ids;
};

struct TaskQuery {
  Id plan_id = 0;
  std::optional<Id> agency_id;
  std::optional<Id> group_id;
  std::optional<Id> period_id;   // only tasks with a report in this period
  std::string status;            // a TaskStatus name; "" = any
  std::string text;              // accent-insensitive
  int limit = 200, offset = 0;
};

// One lead agency's share of a task (docs/monitoring.md, "Joint lead agencies"): its own latest
// report the reader may see and the status engine's verdict on it.
struct LeadPartView {
  Id agency_id = 0;
  TaskAssessment assessment;
  int percent = 0;
  std::optional<TaskReport> latest_report;
  bool owes_report = true;  // false: another lead is the task's đầu mối
};

struct TaskView {
  PlanTask task;
  TaskAssessment assessment;  // the leads' parts combined (domain/joint_leads.hpp)
  int percent = 0;            // the combined percent
  // The latest report the reader may see among those that count (the owing leads'; any agency's
  // when the task has no lead) — docs/monitoring.md.
  std::optional<TaskReport> latest_report;
  std::vector<LeadPartView> parts;  // one per lead agency, in the task's order
};

struct ReportInput {
  Id task_id = 0;
  Id period_id = 0;
  Progress progress = Progress::in_progress;
  int percent = 0;
  std::optional<Date> completed_on;
  std::string narrative, difficulties, proposals;
  std::vector<Evidence> evidence;
};

struct ReportView {
  TaskReport report;
  std::vector<TaskReport> versions;          // all versions, oldest first
  std::vector<ReviewDecision> decisions;     // of this version
  bool late = false;                         // submitted after the period's due day
};

struct ReportQuery {
  std::optional<Id> plan_id, task_id, period_id, agency_id;
  std::vector<ReportStatus> statuses;
};

struct IndicatorValueInput {
  Id indicator_id = 0;
  Id period_id = 0;
  double value = 0;
  Date measured_on{};
  std::string note;
};

struct IndicatorView {
  PlanIndicator indicator;
  std::optional<IndicatorValue> latest;  // latest value the reader may see (ReportScope: accepted, or sent)
  IndicatorAssessment assessment;        // against the nearest phase target not yet past
  std::optional<PhaseTarget> phase;      // that target
};

struct PlanStatusView {
  Id plan_id = 0;
  Date today{};
  std::vector<TaskView> tasks;
  std::vector<IndicatorView> indicators;
  std::map<std::string, std::int64_t> task_counts;       // TaskStatus name → count
  std::map<std::string, std::int64_t> indicator_counts;  // IndicatorStatus name → count
};

// A report an agency still owes (or sent late) for a period.
struct MissingReport {
  Id task_id = 0;
  std::string task_ref;
  std::string task_text;
  bool received = false;  // true: received after the due day
  std::optional<Date> submitted_on;
};

struct AgencyBacklog {
  Id agency_id = 0;
  std::string agency_name;
  std::vector<MissingReport> missing;  // not received
  std::vector<MissingReport> late;     // received after the due day
};

// What "send reminders" did: queued now, and left out because the agency already got this period's
// reminder today (force = queue them anyway).
struct RemindersSent {
  int queued = 0;
  int skipped = 0;
};

struct LockExceptionInput {
  Id agency_id = 0;
  Date until{};
  std::string reason;
};

struct ExplanationInput {
  std::string entity;  // "task" | "indicator"
  Id entity_id = 0;
  std::optional<Id> agency_id;  // default: the task's / indicator's lead agency
  std::string question;
};

struct FileUpload {
  std::string name;          // as sent; sanitised (path parts and control characters refused)
  std::string content;       // raw bytes
};

struct FileMeta {
  std::string key, name, content_type, sha256;
  std::int64_t size = 0;
};

struct Health {
  bool ok = false;
  std::string backend;
  int schema_version = 0;
  std::string detail;
};

// ---- the service -------------------------------------------------------------------------------

class Service {
 public:
  Service(store::Store& store, const Config& config, Timestamp now);

  [[nodiscard]] Timestamp now() const noexcept { return now_; }
  [[nodiscard]] Date today() const noexcept;

  // Accounts. login: Argon2id check, throttled per login and per address; a fresh session.
  Expected<LoginResult> login(const std::string& login, const std::string& password, const std::string& ip);
  // The session behind a cookie token (sliding expiry); unauthenticated when absent/expired.
  Expected<Authenticated> authenticate(const std::string& token);
  store::Result logout(const std::string& token);
  Expected<User> me(const Actor& a);
  Expected<Id> create_user(const Actor& a, const NewUser& u);           // admin (any), office (own org, not admin)
  Expected<std::vector<User>> list_users(const Actor& a);               // admin, office
  // One's own password: the current one is required (a wrong one is audited and counts as a failed
  // sign-in from `ip`); the asking session stays, the user's other sessions end.
  store::Result change_password(const Actor& a, Id user_id, const std::string& current, const std::string& password,
                                const std::string& ip);
  // admin: sets another user's password (audited as a reset); every session of that user ends.
  store::Result reset_password(const Actor& a, Id user_id, const std::string& password);

  // Organisation and agencies (agencies are public information).
  Expected<std::vector<Agency>> list_agencies(const Actor& a, std::optional<Id> org_id);
  Expected<Id> create_agency(const Actor& a, const NewAgency& n);       // admin, office
  store::Result update_agency(const Actor& a, Id agency_id, const AgencyPatch& p);  // admin, office (own org)

  // Plans. import: office; the importer's result becomes a draft plan (agencies resolved against
  // the organisation's agencies; unmatched names kept on the draft for review, created only at
  // publish; schedule from the reporting duties; the document's SHA-256 kept for duplicate warnings).
  Expected<Id> import_plan(const Actor& a, const FileUpload& document);
  // Filters: statuses (empty = any visible), an agency that leads or coordinates a task of the plan,
  // text in the title (accent-insensitive).
  Expected<std::vector<Plan>> list_plans(const Actor& a, const std::vector<PlanStatus>& statuses,
                                         std::optional<Id> agency = std::nullopt, const std::string& text = {});
  Expected<PlanView> get_plan(const Actor& a, Id plan_id);
  store::Result update_plan(const Actor& a, Id plan_id, const PlanPatch& patch);  // office, draft only
  // office: draft → published, periods generated. Publishing an amendment makes it `amended` and the
  // version it replaces `replaced` (its reports stay with it, as history).
  store::Result publish_plan(const Actor& a, Id plan_id);
  // office: a draft copy of a published plan (version + 1, same groups, tasks, indicators) to edit and
  // publish in its place; one open amendment per plan.
  Expected<Id> amend_plan(const Actor& a, Id plan_id);
  // office, draft only: deletes the draft and everything under it (audited); a published plan
  // answers conflict.
  store::Result delete_plan(const Actor& a, Id plan_id);
  // office, draft only: what an unmatched agency name becomes — decision "agency" (agency_id of the
  // organisation; a collective agency with members stands for them), "create" (a new agency when the
  // plan is published: of kind collective for a collective phrase, with `members` — named agencies
  // of the organisation — when the office expands it), "text" or "pending". Publishing also creates
  // the "named" ones still pending, and the collective ones still pending that a lead column printed.
  store::Result resolve_agency_name(const Actor& a, Id plan_id, Id name_id, const std::string& decision,
                                    std::optional<Id> agency_id, const std::vector<Id>& members = {});
  Expected<std::vector<Period>> list_periods(const Actor& a, Id plan_id);

  Expected<std::vector<TaskView>> list_tasks(const Actor& a, const TaskQuery& q);
  Expected<TaskView> get_task(const Actor& a, Id task_id);
  // office: a draft's task; on a plan in force only the đầu mối (consolidating_agency_id) may change.
  store::Result update_task(const Actor& a, Id task_id, const TaskPatch& patch);
  Expected<std::vector<IndicatorView>> list_indicators(const Actor& a, Id plan_id);
  store::Result update_indicator(const Actor& a, Id indicator_id, const IndicatorPatch& patch);  // office, draft only

  // Task reports: reporter (or approver) of the task's lead or coordinating agency drafts; submit
  // checks the period lock (exceptions); approver signs off; office accepts or returns.
  Expected<ReportView> save_report(const Actor& a, const ReportInput& in);  // new draft or edit of the current draft/returned version; after acceptance a new version
  Expected<ReportView> submit_report(const Actor& a, Id report_id);
  Expected<ReportView> approve_report(const Actor& a, Id report_id);
  Expected<ReportView> review_report(const Actor& a, Id report_id, Decision d, const std::string& comment);
  Expected<ReportView> get_report(const Actor& a, Id report_id);
  Expected<std::vector<TaskReport>> list_reports(const Actor& a, const ReportQuery& q);

  Expected<IndicatorValue> submit_indicator_value(const Actor& a, const IndicatorValueInput& in);
  Expected<IndicatorValue> review_indicator_value(const Actor& a, Id value_id, Decision d);

  // Locks.
  Expected<Id> grant_lock_exception(const Actor& a, Id period_id, const LockExceptionInput& in);  // office
  store::Result revoke_lock_exception(const Actor& a, Id period_id, Id agency_id);                // office

  // Explanations: leader or office asks, the agency's staff answer; asking notifies the agency.
  Expected<Id> request_explanation(const Actor& a, const ExplanationInput& in);
  store::Result answer_explanation(const Actor& a, Id explanation_id, const std::string& answer);
  Expected<std::vector<store::Explanation>> list_explanations(const Actor& a);
  Expected<std::vector<store::Reminder>> inbox(const Actor& a);  // agency staff: their agency's messages

  // Reminders: who has not reported (or reported late) for a period; enqueue one message per agency
  // with missing reports — at most one per agency, period and day unless `force`.
  Expected<std::vector<AgencyBacklog>> backlog(const Actor& a, Id plan_id, Id period_id);  // office, leader
  Expected<RemindersSent> send_reminders(const Actor& a, Id plan_id, Id period_id, bool force = false);  // office
  Expected<std::vector<store::Reminder>> outbox(const Actor& a, int limit);              // admin, office

  // Statuses and dashboards (public: published plans only).
  Expected<PlanStatusView> plan_status(const Actor& a, Id plan_id);
  Expected<std::vector<AgencyMetrics>> agency_ranking(const Actor& a, Id plan_id);
  Expected<std::vector<store::DashboardRow>> dashboard(const Actor& a, std::optional<Id> org_id);
  Expected<std::vector<store::RollupRow>> national(const Actor& a);

  // Files (evidence, plan documents): any signed-in staff uploads; staff of the org download.
  Expected<FileMeta> upload_file(const Actor& a, const FileUpload& f);
  Expected<store::StoredFile> download_file(const Actor& a, const std::string& key);

  Expected<std::vector<AuditEntry>> audit(const Actor& a, const std::string& entity, Id entity_id);  // admin, office
  Health health();

 private:
  store::Store& st_;
  const Config& cfg_;
  Timestamp now_;
};

// Argon2id (libargon2), encoded "$argon2id$v=19$m=…,t=…,p=…$salt$hash".
std::string hash_password(const std::string& password);
bool verify_password(const std::string& password, const std::string& encoded);
std::string random_token(std::size_t bytes = 32);  // URL-safe base64 of CSPRNG bytes
std::string sha256_hex(const std::string& data);

}  // namespace planwatch::service
