// Joint lead agencies (planwatch/domain/joint_leads.hpp) against hand-computed cases: each row gives
// every lead's own report and the day; the expected columns are worked out by hand from the rule in
// joint_leads.hpp (deadline 2026-06-30, warn_days 15), not by running the code.
#include "planwatch/domain/joint_leads.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace planwatch {
namespace {

constexpr Date D(int y, int m, int d) { return Date{y, m, d}; }
constexpr auto NONE = std::nullopt;
using P = Progress;
using S = TaskStatus;
using W = Warning;

struct Part {
  std::optional<Progress> progress;
  int percent;
  std::optional<Date> completed_on;
  bool reported_this_period;
};

struct JointCase {
  const char* name;
  TimeframeKind kind;
  std::vector<Part> parts;  // agencies 1, 2, 3, … in this order
  std::optional<Id> consolidating;
  Date today;
  S status;
  W warning;
  int percent;
  std::optional<int> days_left, days_late;
};

constexpr auto BY = TimeframeKind::by_date;
constexpr auto ONGOING = TimeframeKind::ongoing;

const JointCase kCases[] = {
    {"both_completed_on_time", BY, {{P::completed, 100, D(2026, 6, 15), false}, {P::completed, 100, D(2026, 6, 20), false}},
     NONE, D(2026, 7, 10), S::completed_on_time, W::none, 100, -10, NONE},
    {"one_completed_late_makes_the_task_late", BY,
     {{P::completed, 100, D(2026, 6, 15), false}, {P::completed, 100, D(2026, 7, 5), false}}, NONE, D(2026, 7, 10),
     S::completed_late, W::none, 100, -10, 5},
    {"one_done_one_working_before_the_deadline", BY,
     {{P::completed, 100, D(2026, 6, 10), false}, {P::in_progress, 40, NONE, false}}, NONE, D(2026, 6, 20),
     S::in_progress, W::due_soon, 70, 10, NONE},
    {"one_done_one_late_is_overdue", BY, {{P::completed, 100, D(2026, 6, 10), false}, {P::in_progress, 40, NONE, false}},
     NONE, D(2026, 7, 10), S::overdue, W::overdue, 70, -10, 10},
    {"nobody_reported_yet", BY, {{NONE, 0, NONE, false}, {NONE, 0, NONE, false}}, NONE, D(2026, 6, 1), S::not_started,
     W::none, 0, 29, NONE},
    {"one_started_is_enough_to_be_in_progress", BY, {{NONE, 0, NONE, false}, {P::in_progress, 0, NONE, false}}, NONE,
     D(2026, 6, 1), S::in_progress, W::none, 0, 29, NONE},
    {"a_lead_at_risk_warns_the_task", BY, {{P::at_risk, 30, NONE, false}, {P::completed, 100, D(2026, 5, 20), false}},
     NONE, D(2026, 6, 1), S::in_progress, W::reported_at_risk, 65, 29, NONE},
    {"mean_of_three_rounds_down", BY,
     {{P::in_progress, 10, NONE, false}, {P::in_progress, 20, NONE, false}, {P::in_progress, 25, NONE, false}}, NONE,
     D(2026, 6, 1), S::in_progress, W::none, 18, 29, NONE},
    {"mean_rounds_half_up", BY, {{P::in_progress, 25, NONE, false}, {P::in_progress, 30, NONE, false}}, NONE,
     D(2026, 6, 1), S::in_progress, W::none, 28, 29, NONE},
    {"never_reported_lead_of_an_overdue_task", BY, {{P::completed, 100, D(2026, 6, 1), false}, {NONE, 0, NONE, false}},
     NONE, D(2026, 7, 3), S::overdue, W::overdue, 50, -3, 3},
    // Recurring: the current period is due on 2026-07-05.
    {"recurring_one_lead_missing", ONGOING, {{P::in_progress, 50, NONE, true}, {NONE, 0, NONE, false}}, NONE,
     D(2026, 7, 10), S::not_reported, W::overdue, 25, -5, NONE},
    {"recurring_every_lead_reported", ONGOING, {{P::in_progress, 50, NONE, true}, {P::in_progress, 70, NONE, true}},
     NONE, D(2026, 7, 10), S::reported, W::none, 60, -5, NONE},
    // A consolidating lead (agency 2) reports for the whole task; the other lead's report does not count.
    {"consolidating_lead_alone_counts", BY,
     {{P::completed, 100, D(2026, 6, 10), false}, {P::in_progress, 50, NONE, false}}, 2, D(2026, 6, 1), S::in_progress,
     W::none, 50, 29, NONE},
    {"consolidating_lead_that_is_not_a_lead_is_ignored", BY,
     {{P::completed, 100, D(2026, 6, 10), false}, {P::in_progress, 50, NONE, false}}, 9, D(2026, 6, 1), S::in_progress,
     W::none, 75, 29, NONE},
};

TEST(JointLeads, HandComputedCases) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    std::vector<LeadPart> parts;
    Id agency = 1;
    for (const auto& p : c.parts) {
      LeadPart lp;
      lp.agency_id = agency++;
      lp.facts.timeframe.kind = c.kind;
      if (c.kind == BY) lp.facts.timeframe.due = D(2026, 6, 30);
      if (c.kind == ONGOING) lp.facts.current_period_due = D(2026, 7, 5);
      lp.facts.progress = p.progress;
      lp.facts.percent = p.percent;
      lp.facts.completed_on = p.completed_on;
      lp.facts.reported_this_period = p.reported_this_period;
      parts.push_back(lp);
    }
    const auto got = assess_joint_task(parts, TaskFacts{}, c.today, TaskRules{}, c.consolidating);
    EXPECT_EQ(to_string(got.task.status), std::string(to_string(c.status)));
    EXPECT_EQ(to_string(got.task.warning), std::string(to_string(c.warning)));
    EXPECT_EQ(got.percent, c.percent);
    EXPECT_EQ(got.task.days_left, c.days_left);
    EXPECT_EQ(got.task.days_late, c.days_late);
    EXPECT_EQ(got.parts.size(), c.parts.size());
  }
}

// One lead is the single-agency rule exactly.
TEST(JointLeads, OneLeadIsTheSingleAgencyRule) {
  LeadPart p;
  p.agency_id = 7;
  p.facts.timeframe.kind = BY;
  p.facts.timeframe.due = D(2026, 6, 30);
  for (const auto progress : {std::optional<Progress>{}, std::optional<Progress>{P::in_progress},
                              std::optional<Progress>{P::at_risk}, std::optional<Progress>{P::completed}}) {
    for (const Date today : {D(2026, 6, 1), D(2026, 6, 20), D(2026, 7, 10)}) {
      p.facts.progress = progress;
      p.facts.percent = progress ? 40 : 0;
      p.facts.completed_on = progress == P::completed ? std::optional<Date>(D(2026, 6, 25)) : std::nullopt;
      const auto single = assess_task(p.facts, today);
      const auto joint = assess_joint_task({p}, TaskFacts{}, today);
      EXPECT_EQ(joint.task.status, single.status);
      EXPECT_EQ(joint.task.warning, single.warning);
      EXPECT_EQ(joint.task.days_left, single.days_left);
      EXPECT_EQ(joint.task.days_late, single.days_late);
      EXPECT_EQ(joint.percent, progress == P::completed ? 100 : p.facts.percent);
    }
  }
}

TEST(JointLeads, NoLeadFallsBackToTheTaskFacts) {
  TaskFacts f;
  f.timeframe.kind = BY;
  f.timeframe.due = D(2026, 6, 30);
  f.progress = P::in_progress;
  f.percent = 35;
  const auto got = assess_joint_task({}, f, D(2026, 7, 2));
  EXPECT_EQ(got.task.status, S::overdue);
  EXPECT_EQ(got.task.days_late, 2);
  EXPECT_EQ(got.percent, 35);
  EXPECT_TRUE(got.parts.empty());
}


// The dashboards' combination of the leads' latest accepted reports; each expected value worked out
// by hand from combine_progress's rule in joint_leads.hpp.
TEST(JointLeads, DashboardProgressCombination) {
  using PP = std::optional<PartProgress>;
  struct Case {
    const char* name;
    std::vector<PP> parts;
    std::optional<Progress> progress;
    int percent;
  };
  const PartProgress done{P::completed, 100}, half{P::in_progress, 50}, risk{P::at_risk, 20}, zero{P::not_started, 0};
  const std::vector<Case> cases = {
      {"no part reported", {NONE, NONE}, NONE, 0},
      {"one of two done, other silent", {done, NONE}, P::in_progress, 50},
      {"both done", {done, done}, P::completed, 100},
      {"done + half", {done, half}, P::in_progress, 75},
      {"risk wins over progress", {done, half, risk}, P::at_risk, 57},  // (100+50+20)/3 = 56.67 → 57
      {"nobody started", {zero, zero}, P::not_started, 0},
      {"started by percent only", {PartProgress{P::not_started, 10}, zero}, P::in_progress, 5},
      {"half up: 1 of 2 at 1 %", {PartProgress{P::in_progress, 1}, zero}, P::in_progress, 1},  // 0.5 → 1
      {"a completed part counts 100 whatever it says", {PartProgress{P::completed, 40}, NONE}, P::in_progress, 50},
      {"single lead is its own report", {half}, P::in_progress, 50},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const auto got = combine_progress(c.parts);
    ASSERT_EQ(got.has_value(), c.progress.has_value());
    if (!got) continue;
    EXPECT_EQ(got->progress, *c.progress);
    EXPECT_EQ(got->percent, c.percent);
  }
}

TEST(JointLeads, WhoOwesTheReport) {
  PlanTask t;
  t.lead_agency_ids = {3, 1};
  t.coordinating_agency_ids = {7};
  EXPECT_EQ(owing_agencies(t), (std::vector<Id>{3, 1}));
  EXPECT_TRUE(leads(t, 1));
  EXPECT_FALSE(leads(t, 7));
  EXPECT_TRUE(takes_part(t, 7));
  EXPECT_FALSE(takes_part(t, 9));
  t.consolidating_agency_id = 1;  // the đầu mối alone is chased
  EXPECT_EQ(owing_agencies(t), (std::vector<Id>{1}));
  t.consolidating_agency_id = 7;  // no longer a lead (an edit removed it): every lead again
  EXPECT_EQ(owing_agencies(t), (std::vector<Id>{3, 1}));
  t.lead_agency_ids.clear();
  t.consolidating_agency_id.reset();
  EXPECT_TRUE(owing_agencies(t).empty());
}

}  // namespace
}  // namespace planwatch
