#pragma once
// The fixture of the service suites (tests/service/*_test.cpp that use ServiceTest): a fresh store —
// SQLite in a temporary directory, and PostgreSQL too when PLANWATCH_TEST_PG_URL is set (each test
// then runs on both, in a fresh schema) — seeded with one city; instantiated once in service_fixture.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "planwatch/domain/calendar.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/service/service.hpp"
#include "planwatch/store/store.hpp"
#include "service_support.hpp"

namespace planwatch::service {

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
    return actor_of(*u);
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
    // The first task the department leads alone and the finance department has no part in (so its
    // reporter is an outsider).
    for (const auto& t : *tasks)
      if (t.task.lead_agency_ids == std::vector<Id>{seed_.skhcn} && !takes_part(t.task, seed_.stc))
        return {t.task, periods->front()};
    ADD_FAILURE() << "no task without Sở Tài chính";
    return {tasks->front().task, periods->front()};
  }

  Config cfg_;
  std::unique_ptr<store::Store> store_;
  testing::Seed seed_;
};

}  // namespace planwatch::service
