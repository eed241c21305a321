#include "json.hpp"

#include <cmath>

#include "planwatch/domain/calendar.hpp"
#include "planwatch/domain/status.hpp"

namespace planwatch::api::detail {

namespace {
template <class T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json();
}
json opt(const std::optional<Date>& d) { return d ? to_json(*d) : json(); }
}  // namespace

json parse_body(const std::string& body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) throw BadRequest("Nội dung yêu cầu không phải JSON hợp lệ.");
  if (!j.is_object()) throw BadRequest("Nội dung yêu cầu phải là một đối tượng JSON ({…}).");
  return j;
}

void bad_field(const std::string& name, const std::string& expected) {
  throw BadRequest("Trường '" + name + "' " + expected + ".");
}

bool Fields::has(const char* name) const { return j_.contains(name); }
bool Fields::is_null(const char* name) const { return j_.contains(name) && j_.at(name).is_null(); }
const json& Fields::raw(const char* name) const {
  if (!j_.contains(name)) bad_field(name, "là bắt buộc");
  return j_.at(name);
}

Id Fields::id(const char* name) const {
  const json& v = raw(name);
  if (!v.is_number_integer() || v.get<std::int64_t>() <= 0) bad_field(name, "phải là một số nguyên dương");
  return v.get<Id>();
}
std::optional<Id> Fields::opt_id(const char* name) const {
  if (!has(name) || is_null(name)) return std::nullopt;
  return id(name);
}
std::string Fields::str(const char* name) const {
  const json& v = raw(name);
  if (!v.is_string()) bad_field(name, "phải là một chuỗi");
  return v.get<std::string>();
}
std::optional<std::string> Fields::opt_str(const char* name) const {
  if (!has(name) || is_null(name)) return std::nullopt;
  return str(name);
}
int Fields::integer(const char* name, int min, int max) const {
  const json& v = raw(name);
  if (!v.is_number_integer()) bad_field(name, "phải là một số nguyên");
  const auto x = v.get<std::int64_t>();
  if (x < min || x > max) bad_field(name, "phải từ " + std::to_string(min) + " đến " + std::to_string(max));
  return static_cast<int>(x);
}
std::optional<int> Fields::opt_integer(const char* name, int min, int max) const {
  if (!has(name) || is_null(name)) return std::nullopt;
  return integer(name, min, max);
}
double Fields::number(const char* name) const {
  const json& v = raw(name);
  if (!v.is_number() || !std::isfinite(v.get<double>())) bad_field(name, "phải là một số");
  return v.get<double>();
}
Date Fields::date(const char* name) const {
  const json& v = raw(name);
  if (!v.is_string()) bad_field(name, "phải là một ngày dạng YYYY-MM-DD");
  auto d = parse_iso_date(v.get<std::string>());
  if (!d) bad_field(name, "phải là một ngày hợp lệ dạng YYYY-MM-DD");
  return *d;
}
std::optional<Date> Fields::opt_date(const char* name) const {
  if (!has(name) || is_null(name)) return std::nullopt;
  return date(name);
}
std::vector<Id> Fields::ids(const char* name) const {
  const json& v = raw(name);
  if (!v.is_array()) bad_field(name, "phải là một mảng số nguyên dương");
  std::vector<Id> out;
  for (const auto& x : v) {
    if (!x.is_number_integer() || x.get<std::int64_t>() <= 0) bad_field(name, "phải là một mảng số nguyên dương");
    out.push_back(x.get<Id>());
  }
  return out;
}
std::vector<std::string> Fields::strings(const char* name) const {
  const json& v = raw(name);
  if (!v.is_array()) bad_field(name, "phải là một mảng chuỗi");
  std::vector<std::string> out;
  for (const auto& x : v) {
    if (!x.is_string()) bad_field(name, "phải là một mảng chuỗi");
    out.push_back(x.get<std::string>());
  }
  return out;
}

namespace {
template <class E, class F>
E enum_field(const std::string& field, const std::string& s, F parse, const char* accepted) {
  auto v = parse(s);
  if (!v) bad_field(field, std::string("phải là một trong: ") + accepted);
  return *v;
}
}  // namespace

Role role_field(const std::string& f, const std::string& s) {
  return enum_field<Role>(f, s, role_from_string, "admin, office, approver, reporter, leader, public_viewer");
}
Progress progress_field(const std::string& f, const std::string& s) {
  return enum_field<Progress>(f, s, progress_from_string, "not_started, in_progress, completed, at_risk");
}
Decision decision_field(const std::string& f, const std::string& s) {
  return enum_field<Decision>(f, s, decision_from_string, "accepted, returned");
}
PlanStatus plan_status_field(const std::string& f, const std::string& s) {
  return enum_field<PlanStatus>(f, s, plan_status_from_string, "draft, published, amended, replaced");
}
ReportStatus report_status_field(const std::string& f, const std::string& s) {
  return enum_field<ReportStatus>(f, s, report_status_from_string, "draft, submitted, approved, accepted, returned");
}

service::SchedulePatch schedule_of(const json& j) {
  if (!j.is_object()) bad_field("schedule", "phải là một đối tượng");
  Fields f(j);
  service::SchedulePatch s;
  if (f.has("frequencies")) {
    s.frequencies.emplace();
    if (!f.raw("frequencies").is_array()) bad_field("schedule.frequencies", "phải là một mảng");
    for (const auto& name : f.raw("frequencies")) {
      auto fr = name.is_string() ? frequency_from_string(name.get<std::string>()) : std::nullopt;
      if (!fr) bad_field("schedule.frequencies", "chỉ gồm monthly, quarterly, semiannual, annual, adhoc");
      s.frequencies->push_back(*fr);
    }
  }
  // A field given as null is refused rather than read as "reset": PATCH changes only what it names.
  auto day = [&](const char* name, std::optional<int>& out, int min, int max) {
    if (!f.has(name)) return;
    const json& v = f.raw(name);
    const std::string field = std::string("schedule.") + name;
    if (!v.is_number_integer()) bad_field(field, "phải là một số nguyên (bỏ trường đi để giữ nguyên)");
    const auto x = v.get<std::int64_t>();
    if (x < min || x > max) bad_field(field, "phải từ " + std::to_string(min) + " đến " + std::to_string(max));
    out = static_cast<int>(x);
  };
  day("monthly_due_day", s.monthly_due_day, 1, 31);
  day("quarterly_due_day", s.quarterly_due_day, 1, 31);
  day("semiannual_due_day", s.semiannual_due_day, 1, 31);
  day("annual_due_month", s.annual_due_month, 1, 12);
  day("annual_due_day", s.annual_due_day, 1, 31);
  day("cutoff_day", s.cutoff_day, 0, 28);
  day("lock_after_days", s.lock_after_days, 0, 366);
  return s;
}

Timeframe timeframe_of(const json& j) {
  if (!j.is_object()) bad_field("timeframe", "phải là một đối tượng");
  Fields f(j);
  Timeframe t;
  t.raw = f.opt_str("raw").value_or("");
  const std::string kind = f.opt_str("kind").value_or("unknown");
  bool ok = false;
  for (auto k : {TimeframeKind::ongoing, TimeframeKind::annual, TimeframeKind::by_date, TimeframeKind::range,
                 TimeframeKind::conditional, TimeframeKind::unknown})
    if (kind == to_string(k)) t.kind = k, ok = true;
  if (!ok) bad_field("timeframe.kind", "phải là một trong: ongoing, annual, by_date, range, conditional, unknown");
  t.start = f.opt_date("start");
  t.due = f.opt_date("due");
  return t;
}

json to_json(const Date& d) { return to_iso(d); }

json to_json(const ReportingSchedule& s) {
  json freqs = json::array();
  for (auto f : s.frequencies) freqs.push_back(to_string(f));
  return {{"frequencies", freqs},
          {"monthly_due_day", s.monthly_due_day},
          {"quarterly_due_day", s.quarterly_due_day},
          {"semiannual_due_day", s.semiannual_due_day},
          {"annual_due_month", s.annual_due_month},
          {"annual_due_day", s.annual_due_day},
          {"cutoff_day", s.cutoff_day},
          {"lock_after_days", s.lock_after_days}};
}

json to_json(const Timeframe& t) {
  return {{"raw", t.raw}, {"kind", to_string(t.kind)}, {"start", opt(t.start)}, {"due", opt(t.due)}};
}

json to_json(const Plan& p) {
  return {{"id", p.id},
          {"org_id", p.org_id},
          {"title", p.title},
          {"doc_type", p.doc_type},
          {"number", opt(p.number)},
          {"signed_on", opt(p.signed_on)},
          {"version", p.version},
          {"status", to_string(p.status)},
          {"parent_plan_ids", p.parent_plan_ids},
          {"replaces_plan_id", opt(p.replaces_plan_id)},
          {"start", to_json(p.start)},
          {"end", to_json(p.end)},
          {"schedule", to_json(p.schedule)}};
}

json to_json(const TaskGroup& g) { return {{"id", g.id}, {"ref", g.ref}, {"title", g.title}}; }

json to_json(const service::AgencyNameView& v) {
  json tasks = json::array(), indicators = json::array();
  for (const auto& m : v.name.mentions) {
    if (m.task_id) tasks.push_back({{"task_id", *m.task_id}, {"lead", m.lead}});
    if (m.indicator_id) indicators.push_back({{"indicator_id", *m.indicator_id}, {"lead", m.lead}});
  }
  json sug = json::array();
  for (const auto& x : v.suggestions) sug.push_back({{"agency_id", x.agency_id}, {"name", x.name}, {"score", x.score}});
  return {{"id", v.name.id},       {"name", v.name.name},         {"kind", v.name.kind},
          {"decision", v.name.decision}, {"agency_id", opt(v.name.agency_id)}, {"members", v.name.members},
          {"tasks", tasks}, {"indicators", indicators}, {"suggestions", sug}};
}

json to_json(const service::DuplicatePlan& d) {
  return {{"plan_id", d.plan_id}, {"title", d.title}, {"status", to_string(d.status)}, {"reason", d.reason}};
}

json to_json(const service::PlanView& v) {
  json j = to_json(v.plan);
  j["groups"] = array_of(v.groups);
  j["task_count"] = v.tasks;
  j["indicator_count"] = v.indicators;
  j["agency_names"] = array_of(v.agency_names);
  j["duplicates"] = array_of(v.duplicates);
  return j;
}

json to_json(const Period& p) {
  return {{"id", p.id},         {"plan_id", p.plan_id},       {"frequency", to_string(p.frequency)},
          {"label", p.label},   {"start", to_json(p.start)}, {"end", to_json(p.end)},
          {"due", to_json(p.due)}, {"locks_on", to_json(p.locks_on)}};
}

json to_json(const PlanTask& t) {
  return {{"id", t.id},
          {"plan_id", t.plan_id},
          {"group_id", opt(t.group_id)},
          {"ref", t.ref},
          {"parent_ref", opt(t.parent_ref)},
          {"text", t.text},
          {"leader", opt(t.leader)},
          {"lead_agency_ids", t.lead_agency_ids},
          {"coordinating_agency_ids", t.coordinating_agency_ids},
          {"consolidating_agency_id", opt(t.consolidating_agency_id)},
          {"timeframe", to_json(t.timeframe)},
          {"output", opt(t.output)},
          {"source", {{"first", t.source.first}, {"last", t.source.last}, {"page", t.source.page}}}};
}

namespace {
// The status engine's verdict, as every task and part carries it.
void put_assessment(json& j, const TaskAssessment& a) {
  j["status"] = to_string(a.status);
  j["status_label"] = label_vi(a.status);
  j["warning"] = to_string(a.warning);
  j["due"] = opt(a.due);
  j["days_left"] = opt(a.days_left);
  j["days_late"] = opt(a.days_late);
}
}  // namespace

json to_json(const service::TaskView& v) {
  json j = to_json(v.task);
  put_assessment(j, v.assessment);
  j["percent"] = v.percent;
  j["latest_report"] = v.latest_report ? to_json(*v.latest_report) : json();
  json parts = json::array();
  for (const auto& p : v.parts) {
    json part = {{"agency_id", p.agency_id}, {"owes_report", p.owes_report}, {"percent", p.percent}};
    put_assessment(part, p.assessment);
    part["latest_report"] = p.latest_report ? to_json(*p.latest_report) : json();
    parts.push_back(std::move(part));
  }
  j["parts"] = std::move(parts);
  return j;
}

json to_json(const TaskReport& r) {
  json ev = json::array();
  for (const auto& e : r.evidence) ev.push_back({{"kind", e.kind}, {"name", e.name}, {"ref", e.ref}});
  return {{"id", r.id},
          {"task_id", r.task_id},
          {"period_id", r.period_id},
          {"agency_id", r.agency_id},
          {"version", r.version},
          {"status", to_string(r.status)},
          {"progress", to_string(r.progress)},
          {"percent", r.percent},
          {"completed_on", opt(r.completed_on)},
          {"narrative", r.narrative},
          {"difficulties", r.difficulties},
          {"proposals", r.proposals},
          {"evidence", ev},
          {"submitted_at", opt(r.submitted_at)},
          {"approved_at", opt(r.approved_at)},
          {"reviewed_at", opt(r.reviewed_at)},
          {"author_id", r.author_id}};
}

json to_json(const service::ReportView& v) {
  json j = to_json(v.report);
  j["late"] = v.late;
  j["versions"] = array_of(v.versions);
  json d = json::array();
  for (const auto& x : v.decisions)
    d.push_back({{"id", x.id},
                 {"reviewer_id", x.reviewer_id},
                 {"decision", to_string(x.decision)},
                 {"comment", x.comment},
                 {"at", x.at}});
  j["decisions"] = d;
  return j;
}

json to_json(const PlanIndicator& i) {
  json targets = json::array();
  for (const auto& t : i.targets)
    targets.push_back({{"phase", t.phase},
                       {"op", to_string(t.target.op)},
                       {"value", opt(t.target.value)},
                       {"value_max", opt(t.target.value_max)},
                       {"unit", t.target.unit},
                       {"due", to_json(t.due)}});
  return {{"id", i.id},
          {"plan_id", i.plan_id},
          {"ref", i.ref},
          {"text", i.text},
          {"unit", i.unit},
          {"baseline", opt(i.baseline)},
          {"baseline_on", opt(i.baseline_on)},
          {"direction", to_string(i.direction)},
          {"targets", targets},
          {"lead_agency_ids", i.lead_agency_ids},
          {"coordinating_agency_ids", i.coordinating_agency_ids}};
}

json to_json(const service::IndicatorView& v) {
  json j = to_json(v.indicator);
  j["latest"] = v.latest ? to_json(*v.latest) : json();
  j["status"] = to_string(v.assessment.status);
  j["status_label"] = label_vi(v.assessment.status);
  j["colour"] = colour_of(v.assessment.status);
  j["expected"] = opt(v.assessment.expected);
  j["ratio"] = opt(v.assessment.ratio);
  j["phase"] = v.phase ? json(v.phase->phase) : json();
  return j;
}

json to_json(const IndicatorValue& v) {
  return {{"id", v.id},
          {"indicator_id", v.indicator_id},
          {"period_id", v.period_id},
          {"agency_id", v.agency_id},
          {"value", v.value},
          {"measured_on", to_json(v.measured_on)},
          {"note", v.note},
          {"status", to_string(v.status)}};
}

json to_json(const Agency& a) {
  return {{"id", a.id},           {"org_id", a.org_id},           {"name", a.name},
          {"aliases", a.aliases}, {"parent_id", opt(a.parent_id)}, {"email", opt(a.email)},
          {"kind", to_string(a.kind)}, {"members", a.members}};
}

json to_json(const User& u) {
  return {{"id", u.id},
          {"org_id", u.org_id},
          {"agency_id", opt(u.agency_id)},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", to_string(u.role)},
          {"active", u.active}};
}

json to_json(const store::Explanation& e) {
  return {{"id", e.id},
          {"plan_id", e.plan_id},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"agency_id", e.agency_id},
          {"requested_by", e.requested_by},
          {"question", e.question},
          {"asked_at", e.asked_at},
          {"answer", opt(e.answer)},
          {"answered_by", opt(e.answered_by)},
          {"answered_at", opt(e.answered_at)}};
}

json to_json(const store::Reminder& r) {
  return {{"id", r.id},           {"agency_id", r.agency_id},   {"subject", r.subject},
          {"body", r.body},       {"created_at", r.created_at}, {"sent_at", opt(r.sent_at)}};
}

namespace {
// The task counts a dashboard row and a roll-up row share (latest accepted report per task);
// not_reported + not_started + in_progress + completed + at_risk = tasks.
template <class Row>
json with_counts(json j, const Row& r) {
  j["tasks"] = r.tasks;
  j["reported"] = r.reported;
  j["not_reported"] = r.not_reported;
  j["not_started"] = r.not_started;
  j["in_progress"] = r.in_progress;
  j["completed"] = r.completed;
  j["at_risk"] = r.at_risk;
  j["average_percent"] = r.average_percent;
  return j;
}
}  // namespace

json to_json(const store::DashboardRow& r) {
  return with_counts({{"plan_id", r.plan_id},
                      {"plan_title", r.plan_title},
                      {"lead_agency_id", opt(r.lead_agency_id)},
                      {"lead_agency_name", r.lead_agency_name}},
                     r);
}

json to_json(const store::RollupRow& r) {
  return with_counts({{"org_id", r.org_id}, {"org_name", r.org_name}, {"plans", r.plans}}, r);
}

json to_json(const AgencyMetrics& m) {
  return {{"agency_id", m.agency_id},     {"name", m.name},
          {"expected", m.expected},       {"received", m.received},
          {"on_time", m.on_time},         {"update_rate", m.update_rate},
          {"completeness", m.completeness}, {"timeliness", m.timeliness},
          {"late_share", m.late_share},   {"score", m.score},
          {"rank", m.rank}};
}

json to_json(const AuditEntry& e) {
  auto parsed = [](const std::string& s) {
    if (s.empty()) return json();
    json j = json::parse(s, nullptr, false);
    return j.is_discarded() ? json(s) : j;
  };
  return {{"id", e.id},          {"user_id", opt(e.user_id)}, {"at", e.at},
          {"action", e.action},  {"entity", e.entity},        {"entity_id", e.entity_id},
          {"before", parsed(e.before_json)}, {"after", parsed(e.after_json)}};
}

json to_json(const service::FileMeta& f) {
  return {{"key", f.key}, {"name", f.name}, {"content_type", f.content_type}, {"sha256", f.sha256}, {"size", f.size}};
}

json to_json(const service::AgencyBacklog& b) {
  auto list = [](const std::vector<service::MissingReport>& xs) {
    json a = json::array();
    for (const auto& m : xs)
      a.push_back({{"task_id", m.task_id},
                   {"task_ref", m.task_ref},
                   {"task_text", m.task_text},
                   {"submitted_on", m.submitted_on ? to_json(*m.submitted_on) : json()}});
    return a;
  };
  return {{"agency_id", b.agency_id}, {"agency_name", b.agency_name}, {"missing", list(b.missing)}, {"late", list(b.late)}};
}

json to_json(const service::RemindersSent& r) { return {{"count", r.queued}, {"skipped", r.skipped}}; }

json to_json(const service::PlanStatusView& v) {
  return {{"plan_id", v.plan_id},
          {"today", to_json(v.today)},
          {"task_counts", v.task_counts},
          {"indicator_counts", v.indicator_counts},
          {"tasks", array_of(v.tasks)},
          {"indicators", array_of(v.indicators)}};
}

}  // namespace planwatch::api::detail
