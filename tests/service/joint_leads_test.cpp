// Joint lead agencies through the service, on both databases (docs/monitoring.md, "Joint lead
// agencies"): task 1.a of the demo plan is led by Sở Khoa học và Công nghệ and Sở Tài chính. Each
// reports its part; the task's status combines them; each lead is chased and ranked on its own part;
// a đầu mối named by the office reports alone. A collective lead is one agency until the office
// expands it at review, and the expansion is remembered for the next import.
#include <gtest/gtest.h>

#include <string>

#include "planwatch/domain/calendar.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/service/service.hpp"
#include "service_fixture.hpp"
#include "service_support.hpp"

namespace planwatch::service {
namespace {

class JointLeadsTest : public ServiceTest {
 protected:
  // The demo plan published, its jointly led task and its periods.
  void publish() {
    plan_ = published_plan({2026, 3, 20});
    auto s = svc({2026, 3, 20});
    TaskQuery q;
    q.plan_id = plan_;
    auto tasks = s.list_tasks(as(seed_.office), q);
    ASSERT_TRUE(tasks);
    for (const auto& t : *tasks)
      if (t.task.lead_agency_ids == std::vector<Id>{seed_.skhcn, seed_.stc}) joint_ = t.task;
    ASSERT_NE(joint_.id, 0) << "task 1.a of the demo plan is led by the science and the finance departments";
    auto periods = s.list_periods(as(seed_.office), plan_);
    ASSERT_TRUE(periods && periods->size() >= 2);
    periods_ = *periods;
  }
  // Saves and submits a report of `reporter`'s agency on the joint task.
  void report(Service& s, Id reporter, const Period& per, Progress progress, int percent,
              std::optional<Date> completed_on = std::nullopt) {
    ReportInput in{joint_.id, per.id, progress, percent, completed_on, "Phần việc của cơ quan", "", "", {}};
    auto r = s.save_report(as(reporter), in);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(s.submit_report(as(reporter), r->report.id));
  }
  Id plan_ = 0;
  PlanTask joint_;
  std::vector<Period> periods_;
};

TEST_P(JointLeadsTest, EachLeadReportsItsPartAndTheStatusCombinesThem) {
  publish();
  const Period& per = periods_.front();
  auto s = svc(add_days(per.due, -3));
  // Either lead's reporter reports on the task; each report is its agency's own.
  report(s, seed_.reporter, per, Progress::completed, 100, add_days(per.due, -4));
  report(s, seed_.other_reporter, per, Progress::in_progress, 40);
  auto v = s.get_task(as(seed_.office), joint_.id);
  ASSERT_TRUE(v) << v.error().message;
  // One part completed, one in progress at 40 %: in progress, (100 + 40) / 2 = 70 %.
  EXPECT_EQ(v->assessment.status, TaskStatus::in_progress);
  EXPECT_EQ(v->percent, 70);
  ASSERT_EQ(v->parts.size(), 2u);
  EXPECT_EQ(v->parts[0].agency_id, seed_.skhcn);
  EXPECT_EQ(v->parts[0].assessment.status, TaskStatus::completed_on_time);
  EXPECT_EQ(v->parts[0].percent, 100);
  EXPECT_EQ(v->parts[1].agency_id, seed_.stc);
  EXPECT_EQ(v->parts[1].assessment.status, TaskStatus::in_progress);
  EXPECT_EQ(v->parts[1].percent, 40);
  // Past the deadline ("Năm 2026": 31/12/2026) with the finance part still open: overdue, 10 days.
  auto late = svc({2027, 1, 10});
  v = late.get_task(as(seed_.office), joint_.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->assessment.status, TaskStatus::overdue);
  EXPECT_EQ(v->assessment.days_late, 10);
  EXPECT_EQ(v->assessment.warning, Warning::overdue);
  EXPECT_EQ(v->parts[0].assessment.status, TaskStatus::completed_on_time);
  // The public sees no part yet (nothing accepted): not started, then overdue, like any task.
  auto pub = late.get_task(Actor{}, joint_.id);
  ASSERT_TRUE(pub);
  EXPECT_FALSE(pub->latest_report);
  EXPECT_EQ(pub->assessment.status, TaskStatus::overdue);
  EXPECT_EQ(pub->percent, 0);

  // The ranking counts the task for both leads, each on its own report: the finance department
  // owes 1.a and 1.b (1 received), the science department 1.a, 2.a, 3.a and 3.b (1 received).
  auto ranking = svc(add_days(per.due, 1)).agency_ranking(as(seed_.leader), plan_);
  ASSERT_TRUE(ranking) << ranking.error().message;
  int seen = 0;
  for (const auto& m : *ranking) {
    if (m.agency_id == seed_.stc) {
      ++seen;
      EXPECT_EQ(m.expected, 2);
      EXPECT_EQ(m.received, 1);
      EXPECT_EQ(m.on_time, 1);
    }
    if (m.agency_id == seed_.skhcn) {
      ++seen;
      EXPECT_EQ(m.expected, 4);
      EXPECT_EQ(m.received, 1);
    }
  }
  EXPECT_EQ(seen, 2);
}

TEST_P(JointLeadsTest, EveryLeadIsChasedUnlessTheOfficeNamesADauMoi) {
  publish();
  const Period& per = periods_[1];
  auto s = svc(add_days(per.due, -1));
  report(s, seed_.reporter, per, Progress::in_progress, 50);  // the science department reports; finance does not
  auto after = svc(add_days(per.due, 1));
  auto missing_for = [&](Id agency) {
    auto b = after.backlog(as(seed_.office), plan_, per.id);
    EXPECT_TRUE(b) << b.error().message;
    for (const auto& ag : *b)
      if (ag.agency_id == agency)
        for (const auto& m : ag.missing)
          if (m.task_id == joint_.id) return true;
    return false;
  };
  EXPECT_TRUE(missing_for(seed_.stc));
  EXPECT_FALSE(missing_for(seed_.skhcn));
  auto sent = after.send_reminders(as(seed_.office), plan_, per.id);
  ASSERT_TRUE(sent) << sent.error().message;
  bool reminded = false;
  const auto outbox = after.outbox(as(seed_.office), 100);
  ASSERT_TRUE(outbox);
  for (const auto& m : *outbox)
    reminded |= m.agency_id == seed_.stc && m.body.find(joint_.ref) != std::string::npos;
  EXPECT_TRUE(reminded) << "the finance department is reminded of its part of " << joint_.ref;

  // The office names the science department đầu mối (the plan is in force): only it is chased now,
  // and its report alone decides the status.
  TaskPatch patch;
  patch.consolidating_agency_id = std::optional<Id>(seed_.skhcn);
  EXPECT_EQ(after.update_task(as(seed_.reporter), joint_.id, patch).error().code, "forbidden");
  ASSERT_TRUE(after.update_task(as(seed_.office), joint_.id, patch));
  EXPECT_FALSE(missing_for(seed_.stc));
  auto v = after.get_task(as(seed_.office), joint_.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->task.consolidating_agency_id, seed_.skhcn);
  EXPECT_EQ(v->percent, 50);
  EXPECT_TRUE(v->parts[0].owes_report);
  EXPECT_FALSE(v->parts[1].owes_report);
  // A đầu mối must be one of the leads; other edits of a plan in force still need an amendment.
  patch.consolidating_agency_id = std::optional<Id>(seed_.other_agency);
  EXPECT_EQ(after.update_task(as(seed_.office), joint_.id, patch).error().code, "invalid");
  TaskPatch text;
  text.text = "Sửa nội dung";
  EXPECT_EQ(after.update_task(as(seed_.office), joint_.id, text).error().code, "conflict");
  // Back to every lead.
  patch.consolidating_agency_id = std::optional<Id>();
  ASSERT_TRUE(after.update_task(as(seed_.office), joint_.id, patch));
  EXPECT_TRUE(missing_for(seed_.stc));
}

// The demo plan with task 3.a led by a collective phrase.
std::string plan_led_by(const std::string& collective) {
  std::string text = testing::demo_plan();
  const std::string from = "\tSở Khoa học và Công nghệ\tThành đoàn";
  text.replace(text.find(from), from.size(), "\t" + collective + "\tThành đoàn");
  return text;
}

TEST_P(ServiceTest, ACollectiveLeadIsOneAgencyUntilTheOfficeExpandsItAndTheExpansionIsRemembered) {
  auto s = svc({2026, 3, 20});
  auto lead_of_3a = [&](Id plan) {
    TaskQuery q;
    q.plan_id = plan;
    q.text = "Ngày hội khởi nghiệp";
    auto t = s.list_tasks(as(seed_.office), q);
    EXPECT_TRUE(t && t->size() == 1u);
    return t && !t->empty() ? t->front().task.lead_agency_ids : std::vector<Id>{};
  };
  // Not expanded: published as one agency of kind collective, leading the task.
  auto p1 = s.import_plan(as(seed_.office), {"p1.txt", plan_led_by("UBND các quận, huyện")});
  ASSERT_TRUE(p1) << p1.error().message;
  auto draft = s.get_plan(as(seed_.office), *p1);
  ASSERT_TRUE(draft);
  std::optional<AgencyNameView> name;
  for (const auto& n : draft->agency_names)
    if (n.name.name == "UBND các quận, huyện") name = n;
  ASSERT_TRUE(name) << "the collective lead waits for review";
  EXPECT_EQ(name->name.kind, "collective");
  EXPECT_EQ(name->name.decision, "pending");  // printed as a lead: becomes an agency unless the office says otherwise
  ASSERT_TRUE(s.publish_plan(as(seed_.office), *p1));
  auto leads = lead_of_3a(*p1);
  ASSERT_EQ(leads.size(), 1u);
  auto collective = store_->get_agency(leads.front());
  ASSERT_TRUE(collective);
  EXPECT_EQ(collective->name, "UBND các quận, huyện");
  EXPECT_EQ(collective->kind, AgencyKind::collective);

  // Expanded at review: the bodies it stands for lead, and the organisation remembers the list.
  auto p2 = s.import_plan(as(seed_.office), {"p2.txt", plan_led_by("UBND các xã, phường")});
  ASSERT_TRUE(p2);
  Id nid = 0;
  const auto d2 = s.get_plan(as(seed_.office), *p2);
  ASSERT_TRUE(d2);
  for (const auto& n : d2->agency_names)
    if (n.name.name == "UBND các xã, phường") nid = n.name.id;
  ASSERT_NE(nid, 0);
  EXPECT_EQ(s.resolve_agency_name(as(seed_.office), *p2, nid, "create", std::nullopt, {seed_.skhcn, seed_.other_agency})
                .error()
                .code,
            "invalid");  // an agency of another organisation
  EXPECT_EQ(s.resolve_agency_name(as(seed_.office), *p2, nid, "create", std::nullopt, {seed_.skhcn, seed_.skhcn})
                .error()
                .code,
            "invalid");  // twice
  ASSERT_TRUE(s.resolve_agency_name(as(seed_.office), *p2, nid, "create", std::nullopt, {seed_.skhcn, seed_.stc}));
  EXPECT_TRUE(store_->find_agencies(seed_.org, "UBND các xã, phường")->empty());  // a draft adds no agency
  ASSERT_TRUE(s.publish_plan(as(seed_.office), *p2));
  EXPECT_EQ(lead_of_3a(*p2), (std::vector<Id>{seed_.skhcn, seed_.stc}));
  auto remembered = store_->find_agencies(seed_.org, "UBND các xã, phường");
  ASSERT_TRUE(remembered && remembered->size() == 1u);
  EXPECT_EQ(remembered->front().kind, AgencyKind::collective);
  EXPECT_EQ(remembered->front().members, (std::vector<Id>{seed_.skhcn, seed_.stc}));
  // The next plan that prints the phrase gets the members as leads at import, nothing to review.
  auto p3 = s.import_plan(as(seed_.office), {"p3.txt", plan_led_by("UBND các xã, phường")});
  ASSERT_TRUE(p3);
  EXPECT_EQ(lead_of_3a(*p3), (std::vector<Id>{seed_.skhcn, seed_.stc}));
  const auto d3 = s.get_plan(as(seed_.office), *p3);
  ASSERT_TRUE(d3);
  for (const auto& n : d3->agency_names) EXPECT_NE(n.name.name, "UBND các xã, phường");
  // The office can change the list later (PATCH /api/agencies/{id}); a named agency has no members.
  AgencyPatch members;
  members.members = std::vector<Id>{seed_.stc};
  ASSERT_TRUE(s.update_agency(as(seed_.office), remembered->front().id, members));
  EXPECT_EQ(s.update_agency(as(seed_.office), seed_.skhcn, members).error().code, "invalid");
}

// Names the office confirms at review join the leads where they were printed, not at the end.
TEST_P(ServiceTest, ConfirmedNamesKeepThePrintedOrderOfTheLeads) {
  auto s = svc({2026, 3, 20});
  std::string text = testing::demo_plan();
  const std::string from = "\tSở Khoa học và Công nghệ, Sở Tài chính\t";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "\tSở Ngoại vụ, Sở Khoa học và Công nghệ, Sở Nội vụ, Sở Tài chính\t");
  auto plan = s.import_plan(as(seed_.office), {"thu-tu.txt", text});
  ASSERT_TRUE(plan) << plan.error().message;
  auto draft = s.get_plan(as(seed_.office), *plan);
  ASSERT_TRUE(draft);
  for (const auto& n : draft->agency_names)
    if (n.name.name == "Sở Nội vụ" || n.name.name == "Sở Ngoại vụ") {
      ASSERT_TRUE(s.resolve_agency_name(as(seed_.office), *plan, n.name.id, "create", std::nullopt));
    }
  ASSERT_TRUE(s.publish_plan(as(seed_.office), *plan));
  TaskQuery q;
  q.plan_id = *plan;
  q.text = "chính sách hỗ trợ dự án khởi nghiệp";
  auto t = s.list_tasks(as(seed_.office), q);
  ASSERT_TRUE(t && t->size() == 1u);
  std::vector<std::string> names;
  for (Id id : t->front().task.lead_agency_ids) names.push_back(store_->get_agency(id)->name);
  EXPECT_EQ(names, (std::vector<std::string>{"Sở Ngoại vụ", "Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Tài chính"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, JointLeadsTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const ::testing::TestParamInfo<Backend>& p) { return p.param == Backend::sqlite ? "sqlite" : "postgres"; });

}  // namespace
}  // namespace planwatch::service
