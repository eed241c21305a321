#include "planwatch/domain/status.hpp"

#include <algorithm>
#include <cmath>

#include "planwatch/domain/calendar.hpp"

namespace planwatch {
namespace {

template <class E, std::size_t N>
struct Names {
  struct Row {
    E value;
    const char* name;
    const char* label;
  };
  Row rows[N];
  [[nodiscard]] const Row& of(E e) const noexcept {
    for (const auto& r : rows)
      if (r.value == e) return r;
    return rows[0];
  }
  [[nodiscard]] std::optional<E> parse(std::string_view s) const noexcept {
    for (const auto& r : rows)
      if (s == r.name) return r.value;
    return std::nullopt;
  }
};

constexpr Names<TaskStatus, 7> kTaskStatuses{{
    {TaskStatus::completed_on_time, "completed_on_time", "Hoàn thành đúng hạn"},
    {TaskStatus::completed_late, "completed_late", "Hoàn thành quá hạn"},
    {TaskStatus::in_progress, "in_progress", "Đang thực hiện trong hạn"},
    {TaskStatus::overdue, "overdue", "Quá hạn chưa hoàn thành"},
    {TaskStatus::not_started, "not_started", "Chưa triển khai"},
    {TaskStatus::reported, "reported", "Đã báo cáo kỳ này"},
    {TaskStatus::not_reported, "not_reported", "Chưa báo cáo kỳ này"},
}};

constexpr Names<IndicatorStatus, 5> kIndicatorStatuses{{
    {IndicatorStatus::achieved, "achieved", "Đã đạt"},
    {IndicatorStatus::on_track, "on_track", "Đúng tiến độ"},
    {IndicatorStatus::progressing, "progressing", "Có tiến triển, chậm so với lộ trình"},
    {IndicatorStatus::at_risk, "at_risk", "Có nguy cơ không đạt"},
    {IndicatorStatus::not_assessable, "not_assessable", "Chưa đủ dữ liệu đánh giá"},
}};

constexpr const char* kWarnings[] = {"none", "due_soon", "reported_at_risk", "overdue"};

bool recurring(TimeframeKind k) noexcept { return k == TimeframeKind::ongoing || k == TimeframeKind::annual; }

}  // namespace

const char* to_string(TaskStatus s) noexcept { return kTaskStatuses.of(s).name; }
const char* label_vi(TaskStatus s) noexcept { return kTaskStatuses.of(s).label; }
std::optional<TaskStatus> task_status_from_string(std::string_view s) noexcept { return kTaskStatuses.parse(s); }
const char* to_string(Warning w) noexcept { return kWarnings[static_cast<int>(w)]; }
const char* to_string(IndicatorStatus s) noexcept { return kIndicatorStatuses.of(s).name; }
const char* label_vi(IndicatorStatus s) noexcept { return kIndicatorStatuses.of(s).label; }
std::optional<IndicatorStatus> indicator_status_from_string(std::string_view s) noexcept {
  return kIndicatorStatuses.parse(s);
}

const char* colour_of(IndicatorStatus s) noexcept {
  switch (s) {
    case IndicatorStatus::achieved:
    case IndicatorStatus::on_track:
      return "green";
    case IndicatorStatus::progressing:
      return "orange";
    case IndicatorStatus::at_risk:
      return "red";
    case IndicatorStatus::not_assessable:
      return "grey";
  }
  return "grey";
}

TaskAssessment assess_task(const TaskFacts& f, Date today, const TaskRules& rules) {
  TaskAssessment out;
  const bool at_risk = f.progress == Progress::at_risk;
  if (recurring(f.timeframe.kind)) {
    out.status = f.reported_this_period ? TaskStatus::reported : TaskStatus::not_reported;
    out.due = f.current_period_due;
    if (out.due) out.days_left = days_between(today, *out.due);
    if (!f.reported_this_period && out.days_left && *out.days_left < 0)
      out.warning = Warning::overdue;
    else if (at_risk)
      out.warning = Warning::reported_at_risk;
    else if (!f.reported_this_period && out.days_left && *out.days_left <= rules.warn_days)
      out.warning = Warning::due_soon;
    return out;
  }
  // Conditional and unknown timeframes have no deadline even if a date was guessed for them.
  const bool has_deadline = f.timeframe.due.has_value() && f.timeframe.kind != TimeframeKind::conditional &&
                            f.timeframe.kind != TimeframeKind::unknown;
  if (has_deadline) {
    out.due = f.timeframe.due;
    out.days_left = days_between(today, *out.due);
  }
  if (f.progress == Progress::completed) {
    const Date done = f.completed_on ? *f.completed_on : (f.reported_on ? *f.reported_on : today);
    if (has_deadline && *out.due < done) {
      out.status = TaskStatus::completed_late;
      out.days_late = days_between(*out.due, done);
    } else {
      out.status = TaskStatus::completed_on_time;
    }
    return out;
  }
  if (has_deadline && *out.due < today) {
    out.status = TaskStatus::overdue;
    out.days_late = days_between(*out.due, today);
    out.warning = Warning::overdue;
    return out;
  }
  const bool started = f.progress == Progress::in_progress || at_risk || f.percent > 0;
  out.status = started ? TaskStatus::in_progress : TaskStatus::not_started;
  if (at_risk)
    out.warning = Warning::reported_at_risk;
  else if (has_deadline && *out.days_left <= rules.warn_days)
    out.warning = Warning::due_soon;
  return out;
}

IndicatorAssessment assess_indicator(const IndicatorFacts& f, const IndicatorRules& rules) {
  IndicatorAssessment out;
  const Target& t = f.target;
  if (!f.value || t.op == TargetOp::none || !t.value) return out;
  const double v = *f.value;
  bool achieved = false;
  switch (t.op) {
    case TargetOp::ge:
      achieved = v >= *t.value;
      break;
    case TargetOp::le:
      achieved = v <= *t.value;
      break;
    case TargetOp::eq:
      achieved = f.direction == Direction::increase ? v >= *t.value : v <= *t.value;
      break;
    case TargetOp::range:
      achieved = v >= *t.value && (!t.value_max || v <= *t.value_max);
      break;
    case TargetOp::none:
      break;
  }
  if (achieved) {
    out.status = IndicatorStatus::achieved;
    return out;
  }
  // The path needs both ends and a day to read it at.
  if (!f.baseline || !f.baseline_on || !f.measured_on) return out;
  if (f.target_due < *f.measured_on) {
    out.status = IndicatorStatus::at_risk;
    return out;
  }
  const double b = *f.baseline;
  // A range is reached at its nearer edge: a rate coming down from above aims at value_max.
  const double tv = t.op == TargetOp::range && t.value_max && b > *t.value_max ? *t.value_max : *t.value;
  const int total = days_between(*f.baseline_on, f.target_due);
  const int elapsed = days_between(*f.baseline_on, *f.measured_on);
  const double frac = total <= 0 ? 1.0 : std::clamp(static_cast<double>(elapsed) / total, 0.0, 1.0);
  out.expected = b + (tv - b) * frac;
  // Progress is measured along the path from the baseline towards the target, whichever way it runs.
  const double sign = tv >= b ? 1.0 : -1.0;
  const double actual = (v - b) * sign;
  const double expected = (*out.expected - b) * sign;
  if (expected <= 0)
    out.ratio = actual >= 0 ? 1.0 : 0.0;
  else
    out.ratio = actual / expected;
  // Values are decimals typed by people: a ratio that is 0.95 on paper must not fall to 0.9499….
  constexpr double kEps = 1e-9;
  if (*out.ratio >= rules.on_track_ratio - kEps)
    out.status = IndicatorStatus::on_track;
  else if (*out.ratio >= rules.progressing_ratio - kEps)
    out.status = IndicatorStatus::progressing;
  else
    out.status = IndicatorStatus::at_risk;
  return out;
}

AgencyMetrics agency_metrics(const AgencyFacts& f) {
  AgencyMetrics m;
  m.agency_id = f.agency_id;
  m.name = f.name;
  m.expected = static_cast<int>(f.expected.size());
  for (const auto& e : f.expected) {
    if (!e.submitted_on) continue;
    ++m.received;
    if (!(e.due < *e.submitted_on)) ++m.on_time;
  }
  m.update_rate = f.tasks > 0 ? static_cast<double>(f.tasks_updated) / f.tasks : 0.0;
  m.completeness = m.expected > 0 ? static_cast<double>(m.received) / m.expected : 1.0;
  m.timeliness = m.expected > 0 ? static_cast<double>(m.on_time) / m.expected : 1.0;
  m.late_share = f.completed > 0 ? static_cast<double>(f.completed_late) / f.completed : 0.0;
  m.score = 0.4 * m.completeness + 0.4 * m.timeliness + 0.2 * (1.0 - m.late_share);
  return m;
}

std::vector<AgencyMetrics> rank_agencies(std::vector<AgencyMetrics> metrics) {
  constexpr double kEps = 1e-9;
  auto key_less = [&](const AgencyMetrics& a, const AgencyMetrics& b) {  // a ranks before b
    if (std::abs(a.score - b.score) > kEps) return a.score > b.score;
    if (std::abs(a.timeliness - b.timeliness) > kEps) return a.timeliness > b.timeliness;
    if (std::abs(a.completeness - b.completeness) > kEps) return a.completeness > b.completeness;
    return false;
  };
  auto ranked_end =
      std::stable_partition(metrics.begin(), metrics.end(), [](const AgencyMetrics& m) { return m.expected > 0; });
  std::stable_sort(metrics.begin(), ranked_end, key_less);
  for (auto it = metrics.begin(); it != ranked_end; ++it) {
    it->rank = (it != metrics.begin() && !key_less(*(it - 1), *it)) ? (it - 1)->rank
                                                                    : static_cast<int>(it - metrics.begin()) + 1;
  }
  for (auto it = ranked_end; it != metrics.end(); ++it) it->rank = 0;
  return metrics;
}

}  // namespace planwatch
