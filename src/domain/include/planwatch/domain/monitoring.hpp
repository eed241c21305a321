#pragma once
// The monitoring model: organisations, agencies and users; plans with their tasks and indicators;
// reporting periods; agencies' period reports and indicator values; review decisions; the audit log.
// Pure value types — persistence lives in `store`, rules in status.hpp / cycles.hpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planwatch/domain/plan.hpp"

namespace planwatch {

using Id = std::int64_t;
using Timestamp = std::int64_t;  // seconds since the Unix epoch, UTC

enum class Role { admin, office, approver, reporter, leader, public_viewer };
const char* to_string(Role r) noexcept;
std::optional<Role> role_from_string(std::string_view s) noexcept;

struct Organisation {
  Id id = 0;
  std::string name;  // "UBND thành phố Đà Nẵng"
  std::string kind;  // "city" | "ministry"
};

// An agency is "named" (one body: "Sở Khoa học và Công nghệ") or "collective" — a phrase plans
// print in the lead column for many bodies ("UBND các xã, phường", "Các sở, ban, ngành"). A
// collective agency leads as one entry until the office lists the bodies it stands for (`members`);
// from then on every plan of the organisation that prints it gets those bodies as leads instead.
enum class AgencyKind { named, collective };
const char* to_string(AgencyKind k) noexcept;
std::optional<AgencyKind> agency_kind_from_string(std::string_view s) noexcept;

struct Agency {
  Id id = 0;
  Id org_id = 0;
  std::string name;                  // canonical name
  std::vector<std::string> aliases;  // as printed in plans: "Sở KH&CN", "SKHCN"
  std::optional<Id> parent_id;
  std::optional<std::string> email;  // where reminders are delivered (SMTP)
  AgencyKind kind = AgencyKind::named;
  std::vector<Id> members;  // a collective agency's expansion (named agencies of the organisation)
};

struct User {
  Id id = 0;
  Id org_id = 0;
  std::optional<Id> agency_id;  // reporters and approvers belong to one agency
  std::string login;
  std::string display_name;
  Role role = Role::public_viewer;
  std::string password_hash;  // Argon2id encoded string
  bool active = true;
};

enum class PlanStatus { draft, published, amended, replaced };
const char* to_string(PlanStatus s) noexcept;
std::optional<PlanStatus> plan_status_from_string(std::string_view s) noexcept;

// When agencies report. Cut-off days follow the national reporting regime (Decree 09/2019/NĐ-CP):
// data from the 15th of the previous period's last month to the 14th of this period's last month.
struct ReportingSchedule {
  std::vector<Frequency> frequencies{Frequency::annual};
  int monthly_due_day = 5;    // monthly reports due on the 5th of the next month
  int quarterly_due_day = 5;  // … of the month after the quarter (configurable per plan)
  int semiannual_due_day = 5;
  int annual_due_month = 11;  // yearly reports due before 20/11 (or 30/11)
  int annual_due_day = 20;
  int cutoff_day = 14;       // data cut-off day of the period's last month (Decree 09/2019)
  int lock_after_days = 10;  // a period locks this many days after its due day
};

struct Plan {
  Id id = 0;
  Id org_id = 0;
  std::string title;
  std::string doc_type;
  std::optional<std::string> number;
  std::optional<Date> signed_on;
  int version = 1;
  PlanStatus status = PlanStatus::draft;
  std::vector<Id> parent_plan_ids;  // plans it implements
  std::optional<Id> replaces_plan_id;
  Date start{}, end{};  // plan period
  ReportingSchedule schedule;
  std::optional<std::string> source_sha256;  // of the imported document (duplicate warnings)
};

// Where an imported plan printed an agency name: a task's or a target's lead or coordinating slot.
struct AgencyMention {
  std::optional<Id> task_id;
  std::optional<Id> indicator_id;
  bool lead = false;
  // Where the name stands in that list: the agencies stored before it, each name still pending
  // before it counting one (publishing inserts the agency there, keeping the printed order);
  // -1 = after the others.
  int slot = -1;
};

// An agency name of an imported plan that matched no agency of the organisation; it stays text on
// the draft until the office decides. kind: "named" (a body the gazetteer or its form recognises),
// "collective" ("các sở, ngành liên quan" — never an agency), "unknown". decision: "pending",
// "agency" (agency_id), "create" (created at publish), "text".
struct PlanAgencyName {
  Id id = 0;
  Id plan_id = 0;
  std::string name;
  std::string kind = "unknown";
  std::string decision = "pending";
  std::optional<Id> agency_id;
  std::vector<AgencyMention> mentions;
  // A collective name the office expanded at review: the agencies it stands for (made the collective
  // agency's members at publish).
  std::vector<Id> members;
};

struct TaskGroup {
  Id id = 0;
  Id plan_id = 0;
  std::string ref;
  std::string title;
};

struct PlanTask {
  Id id = 0;
  Id plan_id = 0;
  std::optional<Id> group_id;
  std::string ref;
  std::optional<std::string> parent_ref;
  std::string text;
  std::optional<std::string> leader;  // 'Lãnh đạo UBND phụ trách'
  // Lead agencies (chủ trì), as printed: each leads the task for its own sector or area and reports
  // its part every period (domain/joint_leads.hpp combines the parts). Never also coordinating.
  std::vector<Id> lead_agency_ids;
  std::vector<Id> coordinating_agency_ids;  // phối hợp: contribute, are not chased
  // Đầu mối: one of the leads, named by the office, that reports for the whole task; then only it is
  // chased and only its report decides the status.
  std::optional<Id> consolidating_agency_id;
  Timeframe timeframe;
  std::optional<std::string> output;
  SourceSpan source;
};

enum class Direction { increase, decrease };

struct PhaseTarget {
  std::string phase;  // "2025", "2030"
  Target target;
  Date due{};  // end of the phase
};

struct PlanIndicator {
  Id id = 0;
  Id plan_id = 0;
  std::string ref;
  std::string text;
  std::string unit;
  std::optional<double> baseline;
  std::optional<Date> baseline_on;
  Direction direction = Direction::increase;
  std::vector<PhaseTarget> targets;
  std::vector<Id> lead_agency_ids;  // as for tasks; each lead may report values
  std::vector<Id> coordinating_agency_ids;
  SourceSpan source;
};

struct Period {
  Id id = 0;
  Id plan_id = 0;
  Frequency frequency = Frequency::annual;
  std::string label;    // "2026-03", "2026-Q1", "2026-H1", "2026"
  Date start{}, end{};  // data window (cut-off rules applied)
  Date due{};           // report due date
  Date locks_on{};      // after this date only agencies with an exception may submit
};

enum class ReportStatus { draft, submitted, approved, accepted, returned };
const char* to_string(ReportStatus s) noexcept;
std::optional<ReportStatus> report_status_from_string(std::string_view s) noexcept;

// What the agency says about a task in a period.
enum class Progress { not_started, in_progress, completed, at_risk };
const char* to_string(Progress p) noexcept;
std::optional<Progress> progress_from_string(std::string_view s) noexcept;
std::optional<Frequency> frequency_from_string(std::string_view s) noexcept;
const char* to_string(Direction d) noexcept;
std::optional<Direction> direction_from_string(std::string_view s) noexcept;

struct Evidence {
  std::string kind;  // "file" | "link"
  std::string name;
  std::string ref;  // stored file key or URL
};

struct TaskReport {
  Id id = 0;
  Id task_id = 0;
  Id period_id = 0;
  Id agency_id = 0;
  int version = 1;  // an accepted report is never edited: amendments are new versions
  ReportStatus status = ReportStatus::draft;
  Progress progress = Progress::not_started;
  int percent = 0;
  std::optional<Date> completed_on;
  std::string narrative, difficulties, proposals;
  std::vector<Evidence> evidence;
  std::optional<Timestamp> submitted_at, approved_at, reviewed_at;
  Id author_id = 0;
};

struct IndicatorValue {
  Id id = 0;
  Id indicator_id = 0;
  Id period_id = 0;
  Id agency_id = 0;
  double value = 0;
  Date measured_on{};
  std::string note;
  ReportStatus status = ReportStatus::draft;
};

enum class Decision { accepted, returned };
const char* to_string(Decision d) noexcept;
std::optional<Decision> decision_from_string(std::string_view s) noexcept;

struct ReviewDecision {
  Id id = 0;
  Id report_id = 0;
  Id reviewer_id = 0;
  Decision decision = Decision::accepted;
  std::string comment;
  Timestamp at = 0;
};

struct AuditEntry {
  Id id = 0;
  std::optional<Id> user_id;
  Timestamp at = 0;
  std::string action;  // "report.submit", "plan.publish", …
  std::string entity;  // "task_report", "plan", …
  Id entity_id = 0;
  std::string before_json;
  std::string after_json;
};

}  // namespace planwatch
