// Monitoring: explanations, the backlog and reminders (once per agency, period and day), statuses and ranking.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "planwatch/domain/calendar.hpp"
#include "planwatch/service/service.hpp"
#include "planwatch/store/store.hpp"
#include "service_fixture.hpp"
#include "service_support.hpp"

namespace planwatch::service {
namespace {

TEST_P(ServiceTest, LeadersAskForExplanationsAndAgenciesAnswer) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto s = svc({2026, 6, 1});
  EXPECT_EQ(s.request_explanation(as(seed_.reporter), {"task", task.id, std::nullopt, "Vì sao chậm?"}).error().code,
            "forbidden");
  auto id = s.request_explanation(as(seed_.leader), {"task", task.id, std::nullopt, "Vì sao chậm?"});
  ASSERT_TRUE(id) << id.error().message;
  auto inbox = s.inbox(as(seed_.reporter));
  ASSERT_TRUE(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_NE(inbox->front().body.find("Vì sao chậm?"), std::string::npos);
  auto other_inbox = s.inbox(as(seed_.other_reporter));
  ASSERT_TRUE(other_inbox);
  EXPECT_TRUE(other_inbox->empty());
  EXPECT_EQ(s.answer_explanation(as(seed_.other_reporter), *id, "Không phải tôi").error().code, "not_found");
  ASSERT_TRUE(s.answer_explanation(as(seed_.reporter), *id, "Chờ ý kiến Sở Tài chính"));
  EXPECT_EQ(s.answer_explanation(as(seed_.reporter), *id, "Lần hai").error().code, "conflict");
  auto list = s.list_explanations(as(seed_.leader));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().answer, std::optional<std::string>("Chờ ý kiến Sở Tài chính"));
  auto other = s.list_explanations(as(seed_.other_office));
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(ServiceTest, BacklogListsMissingAndLateReportsAndRemindersGoToTheOutbox) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto late = svc(add_days(period.due, 2));
  ReportInput in{task.id, period.id, Progress::in_progress, 10, std::nullopt, "x", "", "", {}};
  auto r = late.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(r);
  ASSERT_TRUE(late.submit_report(as(seed_.reporter), r->report.id));
  auto b = late.backlog(as(seed_.office), plan, period.id);
  ASSERT_TRUE(b) << b.error().message;
  std::size_t missing = 0, late_count = 0;
  for (const auto& ag : *b) {
    missing += ag.missing.size();
    late_count += ag.late.size();
  }
  EXPECT_EQ(late_count, 1u);
  EXPECT_EQ(missing, 7u);  // 7 tasks, 8 reports owed (1.a has two lead agencies), one received (late)
  EXPECT_EQ(late.backlog(as(seed_.reporter), plan, period.id).error().code, "forbidden");
  auto sent = late.send_reminders(as(seed_.office), plan, period.id);
  ASSERT_TRUE(sent);
  EXPECT_GE(sent->queued, 1);
  auto out = late.outbox(as(seed_.office), 100);
  ASSERT_TRUE(out);
  EXPECT_EQ(static_cast<int>(out->size()), sent->queued);
  EXPECT_NE(out->front().subject.find(period.label), std::string::npos);
  auto other = late.outbox(as(seed_.other_office), 100);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TEST_P(ServiceTest, StatusesAndRanking) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto s = svc(add_days(period.due, -3));
  ReportInput in{task.id, period.id, Progress::completed, 100, Date{2026, 5, 2}, "Xong", "", "", {}};
  auto r = s.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(s.submit_report(as(seed_.reporter), r->report.id));
  auto later = svc(add_days(period.due, 30));
  // Submitted, not accepted: the office counts it, the public does not see it yet.
  auto completed_for = [&](const Actor& who) {
    auto st = later.plan_status(who, plan);
    EXPECT_TRUE(st);
    for (const auto& t : st->tasks)
      if (t.task.id == task.id) return t.latest_report.has_value() && t.latest_report->progress == Progress::completed;
    return false;
  };
  EXPECT_TRUE(completed_for(as(seed_.office)));
  EXPECT_FALSE(completed_for(Actor{}));
  ASSERT_TRUE(s.approve_report(as(seed_.approver), r->report.id));
  ASSERT_TRUE(s.review_report(as(seed_.office), r->report.id, Decision::accepted, ""));
  EXPECT_TRUE(completed_for(Actor{}));
  auto status = later.plan_status(Actor{}, plan);
  ASSERT_TRUE(status) << status.error().message;
  EXPECT_EQ(status->tasks.size(), 7u);
  bool found = false;
  for (const auto& t : status->tasks)
    if (t.task.id == task.id) {
      found = true;
      EXPECT_TRUE(t.assessment.status == TaskStatus::completed_on_time ||
                  t.assessment.status == TaskStatus::reported)
          << to_string(t.assessment.status);
    }
  EXPECT_TRUE(found);
  std::int64_t counted = 0;
  for (const auto& [name, n] : status->task_counts) counted += n;
  EXPECT_EQ(counted, 7);
  auto ranking = later.agency_ranking(as(seed_.leader), plan);
  ASSERT_TRUE(ranking);
  ASSERT_FALSE(ranking->empty());
  EXPECT_EQ(ranking->front().rank, 1);
  for (const auto& m : *ranking)
    if (m.agency_id == seed_.skhcn) {
      EXPECT_EQ(m.received, 1);
      EXPECT_GE(m.expected, 1);
    }
  auto dash = later.dashboard(Actor{}, seed_.org);
  ASSERT_TRUE(dash);
  EXPECT_FALSE(dash->empty());
  auto nat = later.national(Actor{});
  ASSERT_TRUE(nat);
  EXPECT_FALSE(nat->empty());
}

// Item 9 of issue 16: "completed" with percent 10 was stored as 100; now refused, naming both fields.

TEST_P(ServiceTest, RemindersGoOutOncePerAgencyPeriodAndDay) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto day1 = svc(add_days(period.due, 2));
  auto first = day1.send_reminders(as(seed_.office), plan, period.id);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_GE(first->queued, 1);
  EXPECT_EQ(first->skipped, 0);
  auto again = day1.send_reminders(as(seed_.office), plan, period.id);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->queued, 0);
  EXPECT_EQ(again->skipped, first->queued);
  EXPECT_EQ(static_cast<int>(day1.outbox(as(seed_.office), 100)->size()), first->queued);
  auto forced = day1.send_reminders(as(seed_.office), plan, period.id, true);
  ASSERT_TRUE(forced);
  EXPECT_EQ(forced->queued, first->queued);
  auto day2 = svc(add_days(period.due, 3));
  auto next_day = day2.send_reminders(as(seed_.office), plan, period.id);
  ASSERT_TRUE(next_day);
  EXPECT_EQ(next_day->queued, first->queued);
  EXPECT_EQ(static_cast<int>(day2.outbox(as(seed_.office), 100)->size()), 3 * first->queued);
}

}  // namespace
}  // namespace planwatch::service
