#include <cstdio>
#include <optional>
#include <string_view>
#include <utility>

#include "planwatch/domain/document.hpp"
#include "planwatch/domain/monitoring.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch {

const char* to_string(SourceFormat f) noexcept {
  switch (f) {
    case SourceFormat::text:
      return "text";
    case SourceFormat::pdf:
      return "pdf";
    case SourceFormat::docx:
      return "docx";
    case SourceFormat::ocr:
      return "ocr";
  }
  return "text";
}

const char* to_string(TimeframeKind k) noexcept {
  switch (k) {
    case TimeframeKind::ongoing:
      return "ongoing";
    case TimeframeKind::annual:
      return "annual";
    case TimeframeKind::by_date:
      return "by_date";
    case TimeframeKind::range:
      return "range";
    case TimeframeKind::conditional:
      return "conditional";
    case TimeframeKind::unknown:
      return "unknown";
  }
  return "unknown";
}

const char* to_string(TargetOp op) noexcept {
  switch (op) {
    case TargetOp::ge:
      return ">=";
    case TargetOp::le:
      return "<=";
    case TargetOp::eq:
      return "=";
    case TargetOp::range:
      return "range";
    case TargetOp::none:
      return "none";
  }
  return "none";
}

const char* to_string(Frequency f) noexcept {
  switch (f) {
    case Frequency::monthly:
      return "monthly";
    case Frequency::quarterly:
      return "quarterly";
    case Frequency::semiannual:
      return "semiannual";
    case Frequency::annual:
      return "annual";
    case Frequency::adhoc:
      return "adhoc";
  }
  return "adhoc";
}

std::string to_iso(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace planwatch

// ---- monitoring enums: the spellings are part of the database schema (CHECK constraints in
// src/store/migrations/0001_init.sql) and of the HTTP API.
namespace planwatch {
namespace {

template <class E, std::size_t N>
const char* spell(E e, const std::pair<E, const char*> (&table)[N]) noexcept {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return table[0].second;
}
template <class E, std::size_t N>
std::optional<E> parse(std::string_view s, const std::pair<E, const char*> (&table)[N]) noexcept {
  for (const auto& [v, name] : table)
    if (s == name) return v;
  return std::nullopt;
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
const std::pair<Direction, const char*> kDirections[] = {{Direction::increase, "increase"},
                                                         {Direction::decrease, "decrease"}};
const std::pair<AgencyKind, const char*> kAgencyKinds[] = {{AgencyKind::named, "named"},
                                                           {AgencyKind::collective, "collective"}};
const std::pair<Decision, const char*> kDecisions[] = {{Decision::accepted, "accepted"},
                                                       {Decision::returned, "returned"}};

}  // namespace

const char* to_string(Role r) noexcept { return spell(r, kRoles); }
std::optional<Role> role_from_string(std::string_view s) noexcept { return parse(s, kRoles); }
const char* to_string(PlanStatus s) noexcept { return spell(s, kPlanStatuses); }
std::optional<PlanStatus> plan_status_from_string(std::string_view s) noexcept { return parse(s, kPlanStatuses); }
const char* to_string(ReportStatus s) noexcept { return spell(s, kReportStatuses); }
std::optional<ReportStatus> report_status_from_string(std::string_view s) noexcept { return parse(s, kReportStatuses); }
const char* to_string(Progress p) noexcept { return spell(p, kProgress); }
std::optional<Progress> progress_from_string(std::string_view s) noexcept { return parse(s, kProgress); }
std::optional<Frequency> frequency_from_string(std::string_view s) noexcept { return parse(s, kFrequencies); }
const char* to_string(Direction d) noexcept { return spell(d, kDirections); }
std::optional<Direction> direction_from_string(std::string_view s) noexcept { return parse(s, kDirections); }
const char* to_string(AgencyKind k) noexcept { return spell(k, kAgencyKinds); }
std::optional<AgencyKind> agency_kind_from_string(std::string_view s) noexcept { return parse(s, kAgencyKinds); }
const char* to_string(Decision d) noexcept { return spell(d, kDecisions); }
std::optional<Decision> decision_from_string(std::string_view s) noexcept { return parse(s, kDecisions); }

}  // namespace planwatch
