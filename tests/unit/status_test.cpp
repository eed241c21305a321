// The status engine against hand-computed cases (planwatch/domain/status.hpp). Each row states the
// facts, the day, and what the rules in status.hpp give — worked out by hand, not by running the code.
#include "planwatch/domain/status.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace planwatch {
namespace {

constexpr Date D(int y, int m, int d) { return Date{y, m, d}; }

Timeframe tf(TimeframeKind k, std::optional<Date> due = std::nullopt) {
  Timeframe t;
  t.kind = k;
  t.due = due;
  return t;
}

// ---- tasks (warn_days = 15) ----------------------------------------------------------------------

struct TaskCase {
  const char* name;
  Timeframe timeframe;
  std::optional<Progress> progress;
  int percent;
  std::optional<Date> completed_on, reported_on;
  bool reported_this_period;
  std::optional<Date> period_due;
  Date today;
  TaskStatus status;
  Warning warning;
  std::optional<int> days_left, days_late;
};

constexpr auto BY = TimeframeKind::by_date;
constexpr auto NONE = std::nullopt;
using P = Progress;
using S = TaskStatus;
using W = Warning;

const TaskCase kTaskCases[] = {
    // name, timeframe, progress, %, completed_on, reported_on, reported?, period due, today → status, warning,
    // days_left, days_late
    {"completed_before_due", tf(BY, D(2026, 6, 30)), P::completed, 100, D(2026, 6, 15), NONE, false, NONE,
     D(2026, 7, 10), S::completed_on_time, W::none, -10, NONE},
    {"completed_on_the_due_day", tf(BY, D(2026, 6, 30)), P::completed, 100, D(2026, 6, 30), NONE, false, NONE,
     D(2026, 7, 1), S::completed_on_time, W::none, -1, NONE},
    {"completed_one_day_late", tf(BY, D(2026, 6, 30)), P::completed, 100, D(2026, 7, 1), NONE, false, NONE,
     D(2026, 7, 1), S::completed_late, W::none, -1, 1},
    {"completed_without_date_uses_report_day", tf(BY, D(2026, 6, 30)), P::completed, 100, NONE, D(2026, 7, 10), false,
     NONE, D(2026, 8, 1), S::completed_late, W::none, -32, 10},
    {"completed_without_any_date_uses_today", tf(BY, D(2026, 6, 30)), P::completed, 100, NONE, NONE, false, NONE,
     D(2026, 6, 20), S::completed_on_time, W::none, 10, NONE},
    {"overdue_in_progress", tf(BY, D(2026, 6, 30)), P::in_progress, 60, NONE, NONE, false, NONE, D(2026, 7, 5),
     S::overdue, W::overdue, -5, 5},
    {"overdue_never_reported", tf(BY, D(2026, 6, 30)), NONE, 0, NONE, NONE, false, NONE, D(2026, 7, 1), S::overdue,
     W::overdue, -1, 1},
    {"due_today_is_not_overdue", tf(BY, D(2026, 6, 30)), P::in_progress, 80, NONE, NONE, false, NONE, D(2026, 6, 30),
     S::in_progress, W::due_soon, 0, NONE},
    {"in_progress_far_from_due", tf(BY, D(2026, 6, 30)), P::in_progress, 20, NONE, NONE, false, NONE, D(2026, 1, 10),
     S::in_progress, W::none, 171, NONE},
    {"due_soon_at_exactly_warn_days", tf(BY, D(2026, 6, 30)), P::in_progress, 50, NONE, NONE, false, NONE,
     D(2026, 6, 15), S::in_progress, W::due_soon, 15, NONE},
    {"no_warning_one_day_before_window", tf(BY, D(2026, 6, 30)), P::in_progress, 50, NONE, NONE, false, NONE,
     D(2026, 6, 14), S::in_progress, W::none, 16, NONE},
    {"not_started_never_reported", tf(BY, D(2026, 6, 30)), NONE, 0, NONE, NONE, false, NONE, D(2026, 1, 10),
     S::not_started, W::none, 171, NONE},
    {"not_started_as_reported", tf(BY, D(2026, 6, 30)), P::not_started, 0, NONE, NONE, false, NONE, D(2026, 1, 10),
     S::not_started, W::none, 171, NONE},
    {"percent_above_zero_means_started", tf(BY, D(2026, 6, 30)), P::not_started, 10, NONE, NONE, false, NONE,
     D(2026, 1, 10), S::in_progress, W::none, 171, NONE},
    {"not_started_and_due_soon_warns", tf(BY, D(2026, 6, 30)), NONE, 0, NONE, NONE, false, NONE, D(2026, 6, 25),
     S::not_started, W::due_soon, 5, NONE},
    {"at_risk_far_from_due", tf(BY, D(2026, 6, 30)), P::at_risk, 30, NONE, NONE, false, NONE, D(2026, 1, 10),
     S::in_progress, W::reported_at_risk, 171, NONE},
    {"at_risk_and_due_soon_says_at_risk", tf(BY, D(2026, 6, 30)), P::at_risk, 30, NONE, NONE, false, NONE,
     D(2026, 6, 20), S::in_progress, W::reported_at_risk, 10, NONE},
    {"at_risk_past_due_is_overdue", tf(BY, D(2026, 6, 30)), P::at_risk, 30, NONE, NONE, false, NONE, D(2026, 7, 1),
     S::overdue, W::overdue, -1, 1},
    {"range_within_its_end", tf(TimeframeKind::range, D(2030, 12, 31)), P::in_progress, 35, NONE, NONE, false, NONE,
     D(2026, 11, 23), S::in_progress, W::none, 1499, NONE},
    {"range_completed_after_its_end", tf(TimeframeKind::range, D(2027, 12, 31)), P::completed, 100, D(2028, 1, 31),
     NONE, false, NONE, D(2028, 2, 1), S::completed_late, W::none, -32, 31},
    {"conditional_is_never_overdue", tf(TimeframeKind::conditional, D(2026, 1, 1)), P::in_progress, 10, NONE, NONE,
     false, NONE, D(2026, 11, 23), S::in_progress, W::none, NONE, NONE},
    {"unknown_timeframe_not_started", tf(TimeframeKind::unknown), NONE, 0, NONE, NONE, false, NONE, D(2026, 11, 23),
     S::not_started, W::none, NONE, NONE},
    {"conditional_completed_is_on_time", tf(TimeframeKind::conditional), P::completed, 100, D(2029, 5, 1), NONE, false,
     NONE, D(2029, 5, 2), S::completed_on_time, W::none, NONE, NONE},
    {"leap_day_deadline_completed_next_day", tf(BY, D(2028, 2, 29)), P::completed, 100, D(2028, 3, 1), NONE, false,
     NONE, D(2028, 3, 2), S::completed_late, W::none, -2, 1},
    {"recurring_reported", tf(TimeframeKind::ongoing), P::in_progress, 0, NONE, NONE, true, D(2027, 1, 5),
     D(2026, 11, 23), S::reported, W::none, 43, NONE},
    {"yearly_not_reported_due_in_a_week", tf(TimeframeKind::annual), NONE, 0, NONE, NONE, false, D(2026, 11, 30),
     D(2026, 11, 23), S::not_reported, W::due_soon, 7, NONE},
    {"recurring_not_reported_due_far", tf(TimeframeKind::ongoing), P::in_progress, 0, NONE, NONE, false, D(2027, 1, 5),
     D(2026, 11, 23), S::not_reported, W::none, 43, NONE},
    {"recurring_not_reported_past_due", tf(TimeframeKind::ongoing), P::in_progress, 0, NONE, NONE, false,
     D(2026, 11, 20), D(2026, 11, 23), S::not_reported, W::overdue, -3, NONE},
    {"recurring_reported_at_risk", tf(TimeframeKind::annual), P::at_risk, 0, NONE, NONE, true, D(2026, 11, 30),
     D(2026, 11, 23), S::reported, W::reported_at_risk, 7, NONE},
    {"recurring_without_a_period", tf(TimeframeKind::ongoing), NONE, 0, NONE, NONE, false, NONE, D(2026, 11, 23),
     S::not_reported, W::none, NONE, NONE},
    {"recurring_not_reported_at_exactly_warn_days", tf(TimeframeKind::ongoing), NONE, 0, NONE, NONE, false,
     D(2026, 12, 8), D(2026, 11, 23), S::not_reported, W::due_soon, 15, NONE},
    {"recurring_not_reported_16_days_left", tf(TimeframeKind::ongoing), NONE, 0, NONE, NONE, false, D(2026, 12, 9),
     D(2026, 11, 23), S::not_reported, W::none, 16, NONE},
    {"recurring_reported_after_due_no_warning", tf(TimeframeKind::annual), P::in_progress, 40, NONE, NONE, true,
     D(2026, 11, 20), D(2026, 11, 23), S::reported, W::none, -3, NONE},
    {"by_date_without_a_due_date", tf(BY), P::in_progress, 30, NONE, NONE, false, NONE, D(2026, 11, 23), S::in_progress,
     W::none, NONE, NONE},
    {"unknown_with_guessed_past_date_not_overdue", tf(TimeframeKind::unknown, D(2026, 1, 1)), NONE, 0, NONE, NONE,
     false, NONE, D(2026, 11, 23), S::not_started, W::none, NONE, NONE},
    {"completed_on_wins_over_late_report_day", tf(BY, D(2026, 6, 30)), P::completed, 100, D(2026, 6, 29), D(2026, 7, 3),
     false, NONE, D(2026, 7, 3), S::completed_on_time, W::none, -3, NONE},
};

TEST(StatusTask, HandComputedCases) {
  for (const auto& c : kTaskCases) {
    SCOPED_TRACE(c.name);
    TaskFacts f;
    f.timeframe = c.timeframe;
    f.progress = c.progress;
    f.percent = c.percent;
    f.completed_on = c.completed_on;
    f.reported_on = c.reported_on;
    f.reported_this_period = c.reported_this_period;
    f.current_period_due = c.period_due;
    const auto a = assess_task(f, c.today);
    EXPECT_EQ(to_string(a.status), std::string(to_string(c.status)));
    EXPECT_EQ(to_string(a.warning), std::string(to_string(c.warning)));
    EXPECT_EQ(a.days_left, c.days_left);
    EXPECT_EQ(a.days_late, c.days_late);
  }
}

TEST(StatusTask, WarnDaysIsARule) {
  TaskFacts f;
  f.timeframe = tf(BY, D(2026, 6, 30));
  f.progress = P::in_progress;
  EXPECT_EQ(assess_task(f, D(2026, 6, 1), {30}).warning, W::due_soon);  // 29 days ≤ 30
  EXPECT_EQ(assess_task(f, D(2026, 6, 1), {15}).warning, W::none);
}

TEST(StatusTask, NamesRoundTrip) {
  for (auto s : {S::completed_on_time, S::completed_late, S::in_progress, S::overdue, S::not_started, S::reported,
                 S::not_reported})
    EXPECT_EQ(task_status_from_string(to_string(s)), s);
  EXPECT_EQ(task_status_from_string("late"), std::nullopt);
  EXPECT_STREQ(label_vi(S::completed_late), "Hoàn thành quá hạn");
}

// ---- indicators (on_track ≥ 0.95, progressing ≥ 0.5) -----------------------------------------------
// Most rows draw the path from 2026-01-01 to 2026-12-31 (364 days): 2026-07-02 is day 182 (half
// way), 2026-04-02 day 91 (a quarter).

struct IndicatorCase {
  const char* name;
  Direction direction;
  TargetOp op;
  std::optional<double> target, target_max;
  Date due;
  std::optional<double> baseline;
  std::optional<Date> baseline_on;
  std::optional<double> value;
  std::optional<Date> measured_on;
  IndicatorStatus status;
  std::optional<double> expected, ratio;
};

using I = IndicatorStatus;
constexpr auto INC = Direction::increase;
constexpr auto DEC = Direction::decrease;
const Date kStart = D(2026, 1, 1), kEnd = D(2026, 12, 31), kHalf = D(2026, 7, 2), kQuarter = D(2026, 4, 2);

const IndicatorCase kIndicatorCases[] = {
    {"ge_met", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 100, kHalf, I::achieved, NONE, NONE},
    {"le_met", DEC, TargetOp::le, 10, NONE, kEnd, 20, kStart, 9, kHalf, I::achieved, NONE, NONE},
    {"eq_increase_exceeded", INC, TargetOp::eq, 50, NONE, kEnd, 0, kStart, 60, kHalf, I::achieved, NONE, NONE},
    {"eq_decrease_not_yet", DEC, TargetOp::eq, 50, NONE, kEnd, 80, kStart, 60, kHalf, I::on_track, 65, 20.0 / 15.0},
    {"range_within", INC, TargetOp::range, 70, 90, kEnd, 50, kStart, 75, kHalf, I::achieved, NONE, NONE},
    {"range_above_max_is_not_met", INC, TargetOp::range, 70, 90, kEnd, 50, kStart, 95, kHalf, I::on_track, 60, 4.5},
    {"no_value_yet", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, NONE, NONE, I::not_assessable, NONE, NONE},
    {"no_numeric_target", INC, TargetOp::none, NONE, NONE, kEnd, 0, kStart, 50, kHalf, I::not_assessable, NONE, NONE},
    {"no_baseline", INC, TargetOp::ge, 100, NONE, kEnd, NONE, kStart, 50, kHalf, I::not_assessable, NONE, NONE},
    {"no_baseline_date", INC, TargetOp::ge, 100, NONE, kEnd, 0, NONE, 50, kHalf, I::not_assessable, NONE, NONE},
    {"no_baseline_but_achieved", INC, TargetOp::ge, 100, NONE, kEnd, NONE, NONE, 120, kHalf, I::achieved, NONE, NONE},
    {"exactly_on_the_path", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 50, kHalf, I::on_track, 50, 1.0},
    {"ratio_exactly_0_95", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 47.5, kHalf, I::on_track, 50, 0.95},
    {"ratio_0_94", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 47, kHalf, I::progressing, 50, 0.94},
    {"ratio_exactly_0_5", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 25, kHalf, I::progressing, 50, 0.5},
    {"ratio_0_48", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 24, kHalf, I::at_risk, 50, 0.48},
    {"went_the_wrong_way", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, -5, kHalf, I::at_risk, 50, -0.1},
    {"measured_after_the_phase_unmet", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 99, D(2027, 1, 15), I::at_risk,
     NONE, NONE},
    {"measured_on_the_baseline_day", INC, TargetOp::ge, 100, NONE, kEnd, 40, kStart, 40, kStart, I::on_track, 40, 1.0},
    {"fell_on_the_baseline_day", INC, TargetOp::ge, 100, NONE, kEnd, 40, kStart, 39, kStart, I::at_risk, 40, 0.0},
    {"decrease_behind_the_path", DEC, TargetOp::le, 10, NONE, kEnd, 20, kStart, 16, kHalf, I::progressing, 15, 0.8},
    {"percent_target_a_quarter_in", INC, TargetOp::ge, 80, NONE, kEnd, 60, kStart, 64, kQuarter, I::progressing, 65,
     0.8},
    {"measured_on_the_due_day_unmet", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 96, kEnd, I::on_track, 100, 0.96},
    // Range coming down from above: the path ends at value_max (10): half way expects 15; 3 of 5 → 0.6.
    {"range_decrease_aims_at_the_nearer_edge", DEC, TargetOp::range, 5, 10, kEnd, 20, kStart, 17, kHalf, I::progressing,
     15, 0.6},
    // Decimal inputs: (0.29 − 0.1) / (0.3 − 0.1) is 0.95 on paper, (0.2 − 0.1) / 0.2 is 0.5.
    {"ratio_0_95_in_decimals", INC, TargetOp::ge, 0.5, NONE, kEnd, 0.1, kStart, 0.29, kHalf, I::on_track, 0.3, 0.95},
    {"ratio_0_5_in_decimals", INC, TargetOp::ge, 0.5, NONE, kEnd, 0.1, kStart, 0.2, kHalf, I::progressing, 0.3, 0.5},
    {"no_measured_date_unmet", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 50, NONE, I::not_assessable, NONE, NONE},
    {"no_measured_date_but_achieved", INC, TargetOp::ge, 100, NONE, kEnd, 0, kStart, 100, NONE, I::achieved, NONE,
     NONE},
    {"measured_before_the_baseline_day", INC, TargetOp::ge, 100, NONE, kEnd, 40, kStart, 41, D(2025, 12, 20),
     I::on_track, 40, 1.0},
    {"le_decrease_on_track_a_quarter_in", DEC, TargetOp::le, 2, NONE, kEnd, 10, kStart, 7.5, kQuarter, I::on_track, 8,
     1.25},
};

TEST(StatusIndicator, HandComputedCases) {
  for (const auto& c : kIndicatorCases) {
    SCOPED_TRACE(c.name);
    IndicatorFacts f;
    f.direction = c.direction;
    f.target.op = c.op;
    f.target.value = c.target;
    f.target.value_max = c.target_max;
    f.target_due = c.due;
    f.baseline = c.baseline;
    f.baseline_on = c.baseline_on;
    f.value = c.value;
    f.measured_on = c.measured_on;
    const auto a = assess_indicator(f);
    EXPECT_EQ(to_string(a.status), std::string(to_string(c.status)));
    ASSERT_EQ(a.expected.has_value(), c.expected.has_value());
    if (c.expected) {
      EXPECT_NEAR(*a.expected, *c.expected, 1e-9);
    }
    ASSERT_EQ(a.ratio.has_value(), c.ratio.has_value());
    if (c.ratio) {
      EXPECT_NEAR(*a.ratio, *c.ratio, 1e-9);
    }
  }
}

TEST(StatusIndicator, Colours) {
  EXPECT_STREQ(colour_of(I::achieved), "green");
  EXPECT_STREQ(colour_of(I::on_track), "green");
  EXPECT_STREQ(colour_of(I::progressing), "orange");
  EXPECT_STREQ(colour_of(I::at_risk), "red");
  EXPECT_STREQ(colour_of(I::not_assessable), "grey");
}

// ---- agencies --------------------------------------------------------------------------------------

struct AgencyCase {
  const char* name;
  int tasks, updated;
  std::vector<ExpectedReport> expected;
  int completed, late;
  int received, on_time;
  double update_rate, completeness, timeliness, late_share, score;
};

const AgencyCase kAgencyCases[] = {
    {"all_on_time",
     2,
     2,
     {{1, D(2026, 7, 5), D(2026, 7, 1)},
      {1, D(2026, 10, 5), D(2026, 10, 5)},
      {2, D(2026, 7, 5), D(2026, 6, 30)},
      {2, D(2026, 10, 5), D(2026, 10, 2)}},
     1,
     0,
     4,
     4,
     1.0,
     1.0,
     1.0,
     0.0,
     1.0},
    {"one_late_one_missing",
     4,
     3,
     {{1, D(2026, 7, 5), D(2026, 7, 5)},
      {2, D(2026, 7, 5), D(2026, 7, 4)},
      {3, D(2026, 7, 5), D(2026, 7, 6)},
      {4, D(2026, 7, 5), NONE}},
     2,
     1,
     3,
     2,
     0.75,
     0.75,
     0.5,
     0.5,
     0.6},
    {"nothing_expected_yet", 0, 0, {}, 0, 0, 0, 0, 0.0, 1.0, 1.0, 0.0, 1.0},
    {"nothing_received",
     3,
     0,
     {{1, D(2026, 7, 5), NONE}, {2, D(2026, 7, 5), NONE}},
     0,
     0,
     0,
     0,
     0.0,
     0.0,
     0.0,
     0.0,
     0.2},
    {"all_late_all_completed_late", 1, 1, {{1, D(2026, 7, 5), D(2026, 8, 1)}}, 1, 1, 1, 0, 1.0, 1.0, 0.0, 1.0, 0.4},
};

TEST(StatusAgency, HandComputedCases) {
  for (const auto& c : kAgencyCases) {
    SCOPED_TRACE(c.name);
    AgencyFacts f{7, "Sở X", c.tasks, c.updated, c.expected, c.completed, c.late};
    const auto m = agency_metrics(f);
    EXPECT_EQ(m.expected, static_cast<int>(c.expected.size()));
    EXPECT_EQ(m.received, c.received);
    EXPECT_EQ(m.on_time, c.on_time);
    EXPECT_NEAR(m.update_rate, c.update_rate, 1e-9);
    EXPECT_NEAR(m.completeness, c.completeness, 1e-9);
    EXPECT_NEAR(m.timeliness, c.timeliness, 1e-9);
    EXPECT_NEAR(m.late_share, c.late_share, 1e-9);
    EXPECT_NEAR(m.score, c.score, 1e-9);
  }
}

AgencyMetrics M(Id id, int expected, double score, double timeliness, double completeness) {
  AgencyMetrics m;
  m.agency_id = id;
  m.expected = expected;
  m.score = score;
  m.timeliness = timeliness;
  m.completeness = completeness;
  return m;
}

TEST(StatusAgency, RankingSharesRanksAndLeavesOutAgenciesWithNothingDue) {
  auto ranked = rank_agencies(
      {M(1, 4, 0.6, 0.5, 0.75), M(2, 4, 1.0, 1, 1), M(3, 2, 0.6, 0.5, 0.75), M(4, 0, 1.0, 1, 1), M(5, 3, 0.3, 0, 0.5)});
  ASSERT_EQ(ranked.size(), 5u);
  const std::pair<Id, int> want[] = {{2, 1}, {1, 2}, {3, 2}, {5, 4}, {4, 0}};
  for (std::size_t k = 0; k < 5; ++k) {
    EXPECT_EQ(ranked[k].agency_id, want[k].first) << k;
    EXPECT_EQ(ranked[k].rank, want[k].second) << k;
  }
}

TEST(StatusAgency, EqualScoresAreSeparatedByTimelinessThenCompleteness) {
  auto ranked = rank_agencies({M(1, 4, 0.8, 0.5, 1.0), M(2, 4, 0.8, 1.0, 0.5), M(3, 4, 0.8, 0.5, 0.9)});
  EXPECT_EQ(ranked[0].agency_id, 2);
  EXPECT_EQ(ranked[0].rank, 1);
  EXPECT_EQ(ranked[1].agency_id, 1);
  EXPECT_EQ(ranked[1].rank, 2);
  EXPECT_EQ(ranked[2].agency_id, 3);
  EXPECT_EQ(ranked[2].rank, 3);
}

}  // namespace
}  // namespace planwatch
