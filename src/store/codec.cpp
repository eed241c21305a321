#include "codec.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "db.hpp"

namespace planwatch::store::detail {
namespace {

template <class E, std::size_t N>
E parse(const std::string& s, const std::pair<E, const char*> (&table)[N], E fallback) noexcept {
  for (const auto& [e, name] : table)
    if (s == name) return e;
  return fallback;
}
template <class E, std::size_t N>
const char* spell(E e, const std::pair<E, const char*> (&table)[N]) noexcept {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return table[0].second;
}

const std::pair<Role, const char*> kRoles[] = {
    {Role::public_viewer, "public_viewer"}, {Role::admin, "admin"},       {Role::office, "office"},
    {Role::approver, "approver"},           {Role::reporter, "reporter"}, {Role::leader, "leader"}};
const std::pair<PlanStatus, const char*> kPlanStatuses[] = {{PlanStatus::draft, "draft"},
                                                            {PlanStatus::published, "published"},
                                                            {PlanStatus::amended, "amended"},
                                                            {PlanStatus::replaced, "replaced"}};
const std::pair<ReportStatus, const char*> kReportStatuses[] = {{ReportStatus::draft, "draft"},
                                                                {ReportStatus::submitted, "submitted"},
                                                                {ReportStatus::approved, "approved"},
                                                                {ReportStatus::accepted, "accepted"},
                                                                {ReportStatus::returned, "returned"}};
const std::pair<Progress, const char*> kProgress[] = {{Progress::not_started, "not_started"},
                                                      {Progress::in_progress, "in_progress"},
                                                      {Progress::completed, "completed"},
                                                      {Progress::at_risk, "at_risk"}};
const std::pair<Frequency, const char*> kFrequencies[] = {{Frequency::annual, "annual"},
                                                          {Frequency::monthly, "monthly"},
                                                          {Frequency::quarterly, "quarterly"},
                                                          {Frequency::semiannual, "semiannual"},
                                                          {Frequency::adhoc, "adhoc"}};
const std::pair<TimeframeKind, const char*> kTimeframeKinds[] = {
    {TimeframeKind::unknown, "unknown"}, {TimeframeKind::ongoing, "ongoing"},
    {TimeframeKind::annual, "annual"},   {TimeframeKind::by_date, "by_date"},
    {TimeframeKind::range, "range"},     {TimeframeKind::conditional, "conditional"}};
const std::pair<TargetOp, const char*> kTargetOps[] = {
    {TargetOp::none, "none"}, {TargetOp::ge, ">="}, {TargetOp::le, "<="}, {TargetOp::eq, "="}, {TargetOp::range, "range"}};
const std::pair<Direction, const char*> kDirections[] = {{Direction::increase, "increase"},
                                                         {Direction::decrease, "decrease"}};
const std::pair<Decision, const char*> kDecisions[] = {{Decision::accepted, "accepted"}, {Decision::returned, "returned"}};

}  // namespace

const char* name_of(Role r) noexcept { return spell(r, kRoles); }
const char* name_of(PlanStatus s) noexcept { return spell(s, kPlanStatuses); }
const char* name_of(ReportStatus s) noexcept { return spell(s, kReportStatuses); }
const char* name_of(Progress p) noexcept { return spell(p, kProgress); }
const char* name_of(Frequency f) noexcept { return spell(f, kFrequencies); }
const char* name_of(TimeframeKind k) noexcept { return spell(k, kTimeframeKinds); }
const char* name_of(TargetOp op) noexcept { return spell(op, kTargetOps); }
const char* name_of(Direction d) noexcept { return spell(d, kDirections); }
const char* name_of(Decision d) noexcept { return spell(d, kDecisions); }

Role role_of(const std::string& s) noexcept { return parse(s, kRoles, Role::public_viewer); }
PlanStatus plan_status_of(const std::string& s) noexcept { return parse(s, kPlanStatuses, PlanStatus::draft); }
ReportStatus report_status_of(const std::string& s) noexcept { return parse(s, kReportStatuses, ReportStatus::draft); }
Progress progress_of(const std::string& s) noexcept { return parse(s, kProgress, Progress::not_started); }
Frequency frequency_of(const std::string& s) noexcept { return parse(s, kFrequencies, Frequency::annual); }
TimeframeKind timeframe_kind_of(const std::string& s) noexcept {
  return parse(s, kTimeframeKinds, TimeframeKind::unknown);
}
TargetOp target_op_of(const std::string& s) noexcept { return parse(s, kTargetOps, TargetOp::none); }
Direction direction_of(const std::string& s) noexcept { return parse(s, kDirections, Direction::increase); }
Decision decision_of(const std::string& s) noexcept { return parse(s, kDecisions, Decision::accepted); }

std::string iso(const Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}
std::optional<std::string> iso(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return iso(*d);
}
Date date_of(const std::string& s) noexcept {
  Date d;
  if (std::sscanf(s.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day) != 3) return {};
  return d;
}
std::optional<Date> date_of(const std::optional<std::string>& s) noexcept {
  if (!s) return std::nullopt;
  return date_of(*s);
}

std::string schedule_json(const ReportingSchedule& s) {
  nlohmann::json freqs = nlohmann::json::array();
  for (Frequency f : s.frequencies) freqs.push_back(name_of(f));
  nlohmann::json j = {{"frequencies", freqs},
                      {"monthly_due_day", s.monthly_due_day},
                      {"quarterly_due_day", s.quarterly_due_day},
                      {"semiannual_due_day", s.semiannual_due_day},
                      {"annual_due_month", s.annual_due_month},
                      {"annual_due_day", s.annual_due_day},
                      {"cutoff_day", s.cutoff_day},
                      {"lock_after_days", s.lock_after_days}};
  return j.dump();
}

Expected<ReportingSchedule> schedule_from_json(const std::string& json) {
  try {
    auto j = nlohmann::json::parse(json);
    ReportingSchedule s;
    s.frequencies.clear();
    for (const auto& f : j.value("frequencies", nlohmann::json::array())) s.frequencies.push_back(frequency_of(f.get<std::string>()));
    s.monthly_due_day = j.value("monthly_due_day", s.monthly_due_day);
    s.quarterly_due_day = j.value("quarterly_due_day", s.quarterly_due_day);
    s.semiannual_due_day = j.value("semiannual_due_day", s.semiannual_due_day);
    s.annual_due_month = j.value("annual_due_month", s.annual_due_month);
    s.annual_due_day = j.value("annual_due_day", s.annual_due_day);
    s.cutoff_day = j.value("cutoff_day", s.cutoff_day);
    s.lock_after_days = j.value("lock_after_days", s.lock_after_days);
    return s;
  } catch (const std::exception& e) {
    return error("internal", std::string("plans.schedule_json: ") + e.what());
  }
}

std::string evidence_json(const std::vector<Evidence>& e) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& x : e) j.push_back({{"kind", x.kind}, {"name", x.name}, {"ref", x.ref}});
  return j.dump();
}

Expected<std::vector<Evidence>> evidence_from_json(const std::string& json) {
  try {
    std::vector<Evidence> out;
    for (const auto& x : nlohmann::json::parse(json))
      out.push_back({x.value("kind", ""), x.value("name", ""), x.value("ref", "")});
    return out;
  } catch (const std::exception& e) {
    return error("internal", std::string("task_reports.evidence_json: ") + e.what());
  }
}

}  // namespace planwatch::store::detail
