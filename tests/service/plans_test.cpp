// Plans: import to a draft only its organisation sees, amendments, bad files, editing drafts, filters and search.
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
  patch.lead_agency_ids = std::vector<Id>{seed_.stc};
  ASSERT_TRUE(s.update_task(as(seed_.office), tasks->front().task.id, patch));
  EXPECT_EQ(s.update_task(as(seed_.leader), tasks->front().task.id, patch).error().code, "forbidden");
  auto t = s.get_task(as(seed_.office), tasks->front().task.id);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->task.text, "Nội dung đã sửa");
  EXPECT_EQ(t->task.lead_agency_ids, std::vector<Id>{seed_.stc});
  auto audit = s.audit(as(seed_.office), "task", tasks->front().task.id);
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_NE(audit->front().before_json.find("lead_agency_ids"), std::string::npos);
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

}  // namespace
}  // namespace planwatch::service
