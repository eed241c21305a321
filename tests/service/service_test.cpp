// The service's use cases end to end over a real store: SQLite in a temporary directory, and
// PostgreSQL too when PLANWATCH_TEST_PG_URL is set (each test then runs on both, in a fresh schema).
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
#include "service_support.hpp"

namespace planwatch::service {
namespace {

using testing::Backend;

class ServiceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto st = testing::open_fresh(GetParam());
    if (!st && st.error().code == "skipped") GTEST_SKIP() << st.error().message;
    ASSERT_TRUE(st) << st.error().message;
    store_ = std::move(*st);
    seed_ = testing::seed_city(*store_);
  }

  // 10:00 in Vietnam on `d`.
  static Timestamp at(Date d) { return to_days(d) * 86400 + 3 * 3600; }
  Service svc(Date d) { return Service(*store_, cfg_, at(d)); }
  Actor as(Id user_id) {
    auto u = store_->get_user(user_id);
    EXPECT_TRUE(u);
    Actor a;
    a.user_id = u->id;
    a.org_id = u->org_id;
    a.role = u->role;
    a.agency_id = u->agency_id;
    a.login = u->login;
    a.display_name = u->display_name;
    return a;
  }

  // Imports and publishes the demo plan; returns its id.
  Id published_plan(Date on) {
    auto s = svc(on);
    auto id = s.import_plan(as(seed_.office), {"plan-demo.txt", testing::demo_plan()});
    EXPECT_TRUE(id) << (id ? "" : id.error().message);
    auto pub = s.publish_plan(as(seed_.office), *id);
    EXPECT_TRUE(pub) << (pub ? "" : pub.error().message);
    return *id;
  }

  // A task of the plan led by the seeded science department and its first quarterly period.
  std::pair<PlanTask, Period> task_and_period(Id plan) {
    auto s = svc({2026, 4, 1});
    TaskQuery q;
    q.plan_id = plan;
    q.agency_id = seed_.skhcn;
    auto tasks = s.list_tasks(as(seed_.office), q);
    EXPECT_TRUE(tasks && !tasks->empty());
    auto periods = s.list_periods(as(seed_.office), plan);
    EXPECT_TRUE(periods && !periods->empty());
    // The first task the finance department has no part in (so its reporter is an outsider).
    for (const auto& t : *tasks)
      if (std::find(t.task.coordinating_agency_ids.begin(), t.task.coordinating_agency_ids.end(), seed_.stc) ==
          t.task.coordinating_agency_ids.end())
        return {t.task, periods->front()};
    ADD_FAILURE() << "no task without Sở Tài chính";
    return {tasks->front().task, periods->front()};
  }

  Config cfg_;
  std::unique_ptr<store::Store> store_;
  testing::Seed seed_;
};

TEST_P(ServiceTest, LoginCreatesASessionAndLogoutEndsIt) {
  auto s = svc({2026, 4, 1});
  auto r = s.login("vanphong", testing::kPassword, "10.0.0.1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->actor.role, Role::office);
  EXPECT_GE(r->token.size(), 40u);
  EXPECT_NE(r->token, r->csrf_token);
  auto who = s.authenticate(r->token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->actor.user_id, seed_.office);
  EXPECT_EQ(who->csrf_token, r->csrf_token);
  ASSERT_TRUE(s.logout(r->token));
  auto gone = s.authenticate(r->token);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, "unauthenticated");
}

TEST_P(ServiceTest, SessionExpiresAfterItsTimeToLive) {
  auto r = svc({2026, 4, 1}).login("vanphong", testing::kPassword, "10.0.0.1");
  ASSERT_TRUE(r);
  auto later = Service(*store_, cfg_, at({2026, 4, 1}) + cfg_.session_ttl_seconds + 1);
  EXPECT_EQ(later.authenticate(r->token).error().code, "unauthenticated");
}

TEST_P(ServiceTest, WrongPasswordsAreThrottledPerLogin) {
  auto s = svc({2026, 4, 1});
  for (int k = 0; k < cfg_.max_failed_per_login; ++k)
    EXPECT_EQ(s.login("vanphong", "wrong-password", "10.0.0.2").error().code, "unauthenticated");
  // Even the right password is refused while throttled …
  EXPECT_EQ(s.login("vanphong", testing::kPassword, "10.0.0.3").error().code, "throttled");
  // … until the window has passed.
  auto later = Service(*store_, cfg_, at({2026, 4, 1}) + cfg_.throttle_window_seconds + 1);
  EXPECT_TRUE(later.login("vanphong", testing::kPassword, "10.0.0.3"));
}

TEST_P(ServiceTest, UnknownLoginAndWrongPasswordGiveTheSameAnswer) {
  auto s = svc({2026, 4, 1});
  auto a = s.login("khong-ton-tai", "whatever-password", "10.0.0.4");
  auto b = s.login("vanphong", "whatever-password", "10.0.0.4");
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().code, b.error().code);
  EXPECT_EQ(a.error().message, b.error().message);
}

TEST_P(ServiceTest, PasswordsAreStoredAsArgon2id) {
  auto u = store_->get_user(seed_.office);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(testing::kPassword, u->password_hash));
  EXPECT_FALSE(verify_password("other", u->password_hash));
}

TEST_P(ServiceTest, OnlyAdminsAndTheOfficeCreateUsers) {
  auto s = svc({2026, 4, 1});
  NewUser n{"moi.nguoi", "Người mới", Role::reporter, seed_.stc, "mat-khau-du-dai"};
  EXPECT_EQ(s.create_user(as(seed_.reporter), n).error().code, "forbidden");
  EXPECT_EQ(s.create_user(Actor{}, n).error().code, "unauthenticated");
  auto id = s.create_user(as(seed_.office), n);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(s.create_user(as(seed_.office), n).error().code, "conflict");
  NewUser admin{"quan.tri2", "Quản trị", Role::admin, std::nullopt, "mat-khau-du-dai"};
  EXPECT_EQ(s.create_user(as(seed_.office), admin).error().code, "forbidden");
  NewUser weak{"yeu", "Yếu", Role::leader, std::nullopt, "short"};
  EXPECT_EQ(s.create_user(as(seed_.office), weak).error().code, "invalid");
}

TEST_P(ServiceTest, ImportMakesADraftOnlyTheOrganisationSees) {
  auto s = svc({2026, 3, 20});
  auto id = s.import_plan(as(seed_.office), {"plan-demo.txt", testing::demo_plan()});
  ASSERT_TRUE(id) << id.error().message;
  auto view = s.get_plan(as(seed_.office), *id);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->plan.status, PlanStatus::draft);
  EXPECT_EQ(view->tasks, 7);
  EXPECT_EQ(view->indicators, 3);
  EXPECT_EQ(s.get_plan(Actor{}, *id).error().code, "not_found");
  EXPECT_EQ(s.get_plan(as(seed_.reporter), *id).error().code, "not_found");
  EXPECT_EQ(s.get_plan(as(seed_.other_office), *id).error().code, "not_found");
  EXPECT_EQ(s.import_plan(as(seed_.reporter), {"x.txt", "abc"}).error().code, "forbidden");
  ASSERT_TRUE(s.publish_plan(as(seed_.office), *id));
  EXPECT_TRUE(s.get_plan(Actor{}, *id));
  auto periods = s.list_periods(Actor{}, *id);
  ASSERT_TRUE(periods);
  EXPECT_FALSE(periods->empty());
  // A published plan is no longer edited in place.
  PlanPatch patch;
  patch.title = "Tên mới";
  EXPECT_EQ(s.update_plan(as(seed_.office), *id, patch).error().code, "conflict");
  auto audit = s.audit(as(seed_.office), "plan", *id);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 2u);
}

TEST_P(ServiceTest, AnAmendmentReplacesThePublishedVersion) {
  const Id plan = published_plan({2026, 3, 20});
  auto s = svc({2026, 6, 1});
  EXPECT_EQ(s.amend_plan(as(seed_.leader), plan).error().code, "forbidden");
  auto v2 = s.amend_plan(as(seed_.office), plan);
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(s.amend_plan(as(seed_.office), plan).error().code, "conflict");  // one open amendment
  auto draft = s.get_plan(as(seed_.office), *v2);
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->plan.version, 2);
  EXPECT_EQ(draft->plan.status, PlanStatus::draft);
  EXPECT_EQ(draft->plan.replaces_plan_id, std::optional<Id>(plan));
  EXPECT_EQ(draft->tasks, 7);
  EXPECT_EQ(draft->indicators, 3);
  EXPECT_EQ(s.get_plan(Actor{}, *v2).error().code, "not_found");
  PlanPatch patch;
  patch.title = "Kế hoạch (sửa đổi)";
  ASSERT_TRUE(s.update_plan(as(seed_.office), *v2, patch));
  ASSERT_TRUE(s.publish_plan(as(seed_.office), *v2));
  EXPECT_EQ(s.get_plan(Actor{}, *v2)->plan.status, PlanStatus::amended);
  EXPECT_EQ(s.get_plan(Actor{}, plan)->plan.status, PlanStatus::replaced);
  EXPECT_EQ(s.amend_plan(as(seed_.office), plan).error().code, "conflict");  // replaced: amend the new one
  EXPECT_TRUE(s.amend_plan(as(seed_.office), *v2));
}

TEST_P(ServiceTest, ImportRefusesBadFilesWithAReason) {
  auto s = svc({2026, 3, 20});
  EXPECT_EQ(s.import_plan(as(seed_.office), {"../../etc/passwd", "abc"}).error().code, "invalid");
  EXPECT_EQ(s.import_plan(as(seed_.office), {"rong.txt", ""}).error().code, "invalid");
  auto bad = s.import_plan(as(seed_.office), {"hong.pdf", "%PDF-1.7\n garbage"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "invalid");
  EXPECT_NE(bad.error().message.find("hong.pdf"), std::string::npos) << bad.error().message;
  cfg_.max_file_bytes = 10;
  EXPECT_EQ(svc({2026, 3, 20}).import_plan(as(seed_.office), {"lon.txt", std::string(11, 'a')}).error().code,
            "too_large");
  auto plans = s.list_plans(as(seed_.office), {});
  ASSERT_TRUE(plans);
  EXPECT_TRUE(plans->empty());  // nothing half-imported
}

TEST_P(ServiceTest, DraftsAreEditedAndAudited) {
  auto s = svc({2026, 3, 20});
  auto id = s.import_plan(as(seed_.office), {"plan-demo.txt", testing::demo_plan()});
  ASSERT_TRUE(id);
  TaskQuery q;
  q.plan_id = *id;
  auto tasks = s.list_tasks(as(seed_.office), q);
  ASSERT_TRUE(tasks && !tasks->empty());
  TaskPatch patch;
  patch.text = "Nội dung đã sửa";
  patch.lead_agency_id = std::optional<Id>(seed_.stc);
  ASSERT_TRUE(s.update_task(as(seed_.office), tasks->front().task.id, patch));
  EXPECT_EQ(s.update_task(as(seed_.leader), tasks->front().task.id, patch).error().code, "forbidden");
  auto t = s.get_task(as(seed_.office), tasks->front().task.id);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->task.text, "Nội dung đã sửa");
  EXPECT_EQ(t->task.lead_agency_id, std::optional<Id>(seed_.stc));
  auto audit = s.audit(as(seed_.office), "task", tasks->front().task.id);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_NE(audit->front().before_json.find("lead_agency_id"), std::string::npos);
  EXPECT_NE(audit->front().after_json.find("Nội dung đã sửa"), std::string::npos);
}

TEST_P(ServiceTest, PlansFilterByAgencyAndTitle) {
  const Id plan = published_plan({2026, 3, 20});
  auto s = svc({2026, 4, 1});
  auto by_title = s.list_plans(Actor{}, {}, std::nullopt, "he sinh thai khoi nghiep");
  ASSERT_TRUE(by_title);
  ASSERT_EQ(by_title->size(), 1u);
  EXPECT_EQ(by_title->front().id, plan);
  EXPECT_TRUE(s.list_plans(Actor{}, {}, std::nullopt, "nong nghiep")->empty());
  EXPECT_EQ(s.list_plans(Actor{}, {}, seed_.stc)->size(), 1u);       // coordinates task 1.a
  EXPECT_TRUE(s.list_plans(Actor{}, {}, seed_.other_agency)->empty());  // no task in this plan
  EXPECT_EQ(s.list_plans(Actor{}, {PlanStatus::draft})->size(), 0u);
}

TEST_P(ServiceTest, TextSearchIgnoresAccents) {
  const Id plan = published_plan({2026, 3, 20});
  TaskQuery q;
  q.plan_id = plan;
  q.text = "ngay hoi khoi nghiep";
  auto tasks = svc({2026, 4, 1}).list_tasks(Actor{}, q);
  ASSERT_TRUE(tasks);
  ASSERT_EQ(tasks->size(), 1u);
  EXPECT_NE(tasks->front().task.text.find("Ngày hội khởi nghiệp"), std::string::npos);
}

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
  EXPECT_EQ(missing, 6u);  // 7 tasks, one reported (late)
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

INSTANTIATE_TEST_SUITE_P(Backends, ServiceTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const ::testing::TestParamInfo<Backend>& p) { return p.param == Backend::sqlite ? "sqlite" : "postgres"; });

}  // namespace
}  // namespace planwatch::service
