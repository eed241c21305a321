// Reports: the draft → submit → approve → accept round trip, late resubmissions, locked periods, who reports
// on which task, completed means 100 %, amendments keep the accepted version visible, a task page's reads.
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
#include "recording_store.hpp"
#include "service_fixture.hpp"
#include "service_support.hpp"

namespace planwatch::service {
namespace {

TEST_P(ServiceTest, ReportRoundTripDraftSubmitApproveAccept) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  const Date before_due = add_days(period.due, -1);
  auto s = svc(before_due);
  ReportInput in{task.id, period.id, Progress::in_progress, 40, std::nullopt, "Đang soạn dự thảo", "", "", {}};
  auto draft = s.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(draft) << draft.error().message;
  const Id id = draft->report.id;
  EXPECT_EQ(draft->report.status, ReportStatus::draft);
  // The office does not see an agency's draft; another agency neither.
  EXPECT_EQ(s.get_report(as(seed_.office), id).error().code, "not_found");
  EXPECT_EQ(s.get_report(as(seed_.other_reporter), id).error().code, "not_found");
  EXPECT_EQ(s.submit_report(as(seed_.other_reporter), id).error().code, "not_found");
  ASSERT_TRUE(s.submit_report(as(seed_.reporter), id));
  EXPECT_EQ(s.save_report(as(seed_.reporter), in).error().code, "conflict");  // waiting for review
  EXPECT_EQ(s.review_report(as(seed_.office), id, Decision::accepted, "").error().code, "conflict");  // not approved yet
  EXPECT_EQ(s.approve_report(as(seed_.reporter), id).error().code, "forbidden");
  ASSERT_TRUE(s.approve_report(as(seed_.approver), id));
  auto accepted = s.review_report(as(seed_.office), id, Decision::accepted, "Đạt");
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->report.status, ReportStatus::accepted);
  EXPECT_FALSE(accepted->late);
  ASSERT_EQ(accepted->decisions.size(), 1u);
  // Accepted reports are visible to the public and never edited: an amendment is version 2.
  EXPECT_TRUE(s.get_report(Actor{}, id));
  in.narrative = "Bổ sung";
  auto amended = s.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(amended);
  EXPECT_EQ(amended->report.version, 2);
  EXPECT_NE(amended->report.id, id);
  auto original = store_->get_report(id);
  ASSERT_TRUE(original);
  EXPECT_EQ(original->narrative, "Đang soạn dự thảo");
  auto audit = s.audit(as(seed_.office), "task_report", id);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->size(), 4u);  // create, submit, approve, accept
}

TEST_P(ServiceTest, AReturnedReportResubmittedAfterTheDueDayIsLate) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto early = svc(add_days(period.due, -2));
  ReportInput in{task.id, period.id, Progress::in_progress, 10, std::nullopt, "Lần 1", "", "", {}};
  auto r = early.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(r);
  ASSERT_TRUE(early.submit_report(as(seed_.reporter), r->report.id));
  ASSERT_TRUE(early.approve_report(as(seed_.approver), r->report.id));
  EXPECT_EQ(early.review_report(as(seed_.office), r->report.id, Decision::returned, " ").error().code, "invalid");
  ASSERT_TRUE(early.review_report(as(seed_.office), r->report.id, Decision::returned, "Thiếu số liệu"));
  auto late = svc(add_days(period.due, 1));
  in.narrative = "Lần 2";
  auto edited = late.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(edited);
  EXPECT_EQ(edited->report.id, r->report.id);  // the returned version is edited, not a new one
  auto sent = late.submit_report(as(seed_.reporter), r->report.id);
  ASSERT_TRUE(sent);
  EXPECT_TRUE(sent->late);
}

TEST_P(ServiceTest, LockedPeriodsNeedAnException) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto s = svc(add_days(period.locks_on, 1));
  ReportInput in{task.id, period.id, Progress::in_progress, 10, std::nullopt, "Muộn", "", "", {}};
  auto r = s.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(r);  // drafting is always possible
  auto refused = s.submit_report(as(seed_.reporter), r->report.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "locked");
  EXPECT_EQ(s.grant_lock_exception(as(seed_.reporter), period.id, {seed_.skhcn, add_days(period.locks_on, 5), ""})
                .error()
                .code,
            "forbidden");
  ASSERT_TRUE(s.grant_lock_exception(as(seed_.office), period.id, {seed_.skhcn, add_days(period.locks_on, 5), "Ốm"}));
  EXPECT_TRUE(s.submit_report(as(seed_.reporter), r->report.id));
}

TEST_P(ServiceTest, AgenciesReportOnlyOnTheirTasks) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto s = svc(add_days(period.due, -1));
  ReportInput in{task.id, period.id, Progress::in_progress, 10, std::nullopt, "x", "", "", {}};
  EXPECT_EQ(s.save_report(as(seed_.other_reporter), in).error().code, "forbidden");
  EXPECT_EQ(s.save_report(as(seed_.leader), in).error().code, "forbidden");
  EXPECT_EQ(s.save_report(Actor{}, in).error().code, "unauthenticated");
  in.percent = 101;
  EXPECT_EQ(s.save_report(as(seed_.reporter), in).error().code, "invalid");
  in.percent = 10;
  in.evidence = {{"link", "Tài liệu", "javascript:alert(1)"}};
  EXPECT_EQ(s.save_report(as(seed_.reporter), in).error().code, "invalid");
  in.evidence = {{"file", "Tệp", "khong-co"}};
  EXPECT_EQ(s.save_report(as(seed_.reporter), in).error().code, "invalid");
  auto f = s.upload_file(as(seed_.reporter), {"bien-ban.pdf", "%PDF-1.4 minh chung"});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->content_type, "application/pdf");
  in.evidence = {{"file", "Biên bản", f->key}};
  EXPECT_TRUE(s.save_report(as(seed_.reporter), in));
  EXPECT_EQ(s.download_file(as(seed_.other_office), f->key).error().code, "not_found");
  auto back = s.download_file(as(seed_.office), f->key);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->content, "%PDF-1.4 minh chung");
  EXPECT_EQ(s.upload_file(as(seed_.reporter), {"a/../b.pdf", "x"}).error().code, "invalid");
  EXPECT_EQ(s.upload_file(Actor{}, {"b.pdf", "x"}).error().code, "unauthenticated");
}

TEST_P(ServiceTest, ACompletedReportAt10PercentIsRefused) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto s = svc(add_days(period.due, -1));
  ReportInput in{task.id, period.id, Progress::completed, 10, std::nullopt, "Xong?", "", "", {}};
  auto r = s.save_report(as(seed_.reporter), in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid");
  EXPECT_NE(r.error().message.find("'percent'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("'progress'"), std::string::npos) << r.error().message;
  ReportQuery q;
  q.task_id = task.id;
  EXPECT_TRUE(s.list_reports(as(seed_.reporter), q)->empty());  // nothing stored
  in.percent = 100;
  auto ok = s.save_report(as(seed_.reporter), in);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->report.percent, 100);
}

// Item 3: an amendment in progress must not hide the accepted report from the public or the office.
TEST_P(ServiceTest, TheAcceptedReportStaysVisibleUntilItsAmendmentIsAccepted) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto s = svc(add_days(period.due, -1));
  ReportInput in{task.id, period.id, Progress::in_progress, 40, std::nullopt, "Bản được chấp nhận", "", "", {}};
  const Id v1 = s.save_report(as(seed_.reporter), in)->report.id;
  ASSERT_TRUE(s.submit_report(as(seed_.reporter), v1));
  ASSERT_TRUE(s.approve_report(as(seed_.approver), v1));
  ASSERT_TRUE(s.review_report(as(seed_.office), v1, Decision::accepted, ""));
  in.narrative = "Bản sửa đổi";
  in.percent = 60;
  const Id v2 = s.save_report(as(seed_.reporter), in)->report.id;  // the amendment, a draft
  ASSERT_NE(v1, v2);
  auto listed = [&](const Actor& who) {
    ReportQuery q;
    q.task_id = task.id;
    auto rows = s.list_reports(who, q);
    EXPECT_TRUE(rows);
    std::vector<Id> ids;
    for (const auto& r : *rows) ids.push_back(r.id);
    return ids;
  };
  auto latest_seen = [&](const Actor& who) {
    auto t = s.get_task(who, task.id);
    EXPECT_TRUE(t);
    return t->latest_report ? t->latest_report->id : Id{0};
  };
  EXPECT_EQ(listed(Actor{}), std::vector<Id>{v1});
  EXPECT_EQ(listed(as(seed_.office)), std::vector<Id>{v1});
  EXPECT_EQ(listed(as(seed_.reporter)), std::vector<Id>{v2});  // the agency sees its draft
  EXPECT_EQ(latest_seen(Actor{}), v1);
  EXPECT_EQ(latest_seen(as(seed_.office)), v1);
  EXPECT_EQ(latest_seen(as(seed_.reporter)), v2);
  ASSERT_TRUE(s.submit_report(as(seed_.reporter), v2));
  EXPECT_EQ(listed(Actor{}), std::vector<Id>{v1});
  EXPECT_EQ(listed(as(seed_.other_reporter)), std::vector<Id>{});  // staff see their own agency's only
  EXPECT_EQ(listed(as(seed_.office)), std::vector<Id>{v2});      // the office: the version to review
  EXPECT_EQ(latest_seen(Actor{}), v1);
  EXPECT_EQ(latest_seen(as(seed_.other_reporter)), v1);
  ASSERT_TRUE(s.approve_report(as(seed_.approver), v2));
  ASSERT_TRUE(s.review_report(as(seed_.office), v2, Decision::accepted, ""));
  EXPECT_EQ(listed(Actor{}), std::vector<Id>{v2});
  EXPECT_EQ(latest_seen(Actor{}), v2);
}

// Item 15: a task's page loads that task's reports, not the plan's.
TEST_P(ServiceTest, ATaskPageLoadsOnlyThatTasksReports) {
  const Id plan = published_plan({2026, 3, 20});
  auto [task, period] = task_and_period(plan);
  auto s = svc(add_days(period.due, -1));
  TaskQuery q;
  q.plan_id = plan;
  q.agency_id = seed_.skhcn;
  auto tasks = s.list_tasks(as(seed_.office), q);
  ASSERT_TRUE(tasks);
  ASSERT_GE(tasks->size(), 2u);
  for (const auto& t : *tasks) {  // a sent report on every task of the department
    ReportInput in{t.task.id, period.id, Progress::in_progress, 20, std::nullopt, "x", "", "", {}};
    auto r = s.save_report(as(seed_.reporter), in);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(s.submit_report(as(seed_.reporter), r->report.id));
  }
  store::testing::RecordingStore rec(*store_);
  Service recorded(rec, cfg_, at(add_days(period.due, -1)));
  for (const Actor& who : {as(seed_.office), as(seed_.reporter), Actor{}}) {
    rec.report_tasks.clear();
    auto v = recorded.get_task(who, task.id);
    ASSERT_TRUE(v) << v.error().message;
    EXPECT_EQ(v->latest_report.has_value(), !who.anonymous());  // sent, not accepted: not public
    for (Id t : rec.report_tasks) EXPECT_EQ(t, task.id) << "a report of another task was loaded";
  }
}

// Item 13: one reminder per agency, period and day unless the office forces it.

}  // namespace
}  // namespace planwatch::service
