// Joint lead agencies in the store, on both backends: a task keeps every lead in order, apart from
// its coordinating agencies; the đầu mối is kept only while it leads; each lead's accepted reports
// are its part on the dashboard, and the task's public figure combines the owing leads' parts
// (domain/joint_leads.hpp combine_progress); collective agencies keep their members.
#include "store_contract.hpp"

namespace planwatch::store::testing {
namespace {

PlanTask joint_task(Id plan, const std::string& ref, std::vector<Id> leads, std::vector<Id> coordinating = {}) {
  PlanTask t;
  t.plan_id = plan;
  t.ref = ref;
  t.text = "Nhiệm vụ " + ref;
  t.lead_agency_ids = std::move(leads);
  t.coordinating_agency_ids = std::move(coordinating);
  return t;
}

TaskReport accepted(Id task, Id period, Id agency, Id author, Progress progress, int percent) {
  TaskReport r;
  r.task_id = task;
  r.period_id = period;
  r.agency_id = agency;
  r.author_id = author;
  r.status = ReportStatus::accepted;
  r.progress = progress;
  r.percent = percent;
  return r;
}

}  // namespace

TEST_P(StoreContract, JointLeadsKeepEveryLeadAndCountEachPart) {
  auto s = seed();
  const Id snv = *PW_OK(store_->create_agency({0, s.org, "Sở Nội vụ", {}, std::nullopt, {}, AgencyKind::named, {}}));
  // Led by the information department and the science department (in that printed order), the
  // home-affairs department coordinating; an agency named in both lists is stored once, as a lead.
  const Id t = *PW_OK(store_->create_task(joint_task(s.plan, "1", {s.stttt, s.skhcn}, {snv, s.skhcn})));
  auto back = PW_OK(store_->get_task(t));
  EXPECT_EQ(back->lead_agency_ids, (std::vector<Id>{s.stttt, s.skhcn}));
  EXPECT_EQ(back->coordinating_agency_ids, (std::vector<Id>{snv}));
  // Every lead finds it among the tasks it leads; the coordinating agency among those it coordinates.
  TaskFilter f;
  f.plan_id = s.plan;
  f.agency_role = AgencyRole::lead;
  for (Id lead : {s.stttt, s.skhcn}) {
    f.agency_id = lead;
    EXPECT_EQ(PW_OK(store_->list_tasks(f))->size(), 1u);
  }
  f.agency_id = snv;
  EXPECT_TRUE(PW_OK(store_->list_tasks(f))->empty());
  f.agency_role = AgencyRole::coordinating;
  EXPECT_EQ(PW_OK(store_->list_tasks(f))->size(), 1u);

  // One part completed, the other silent: each lead's row shows its own part; the task's figure is
  // in progress at 50 % (the silent part counts 0).
  (void)*PW_OK(store_->create_report(accepted(t, s.period, s.skhcn, s.user, Progress::completed, 100)));
  DashboardQuery q;
  q.org_id = s.org;
  auto rows = PW_OK(store_->province_dashboard(q));
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].lead_agency_id, s.skhcn);
  EXPECT_EQ((*rows)[0].completed, 1);
  EXPECT_EQ((*rows)[1].lead_agency_id, s.stttt);
  EXPECT_EQ((*rows)[1].not_reported, 1);
  auto national = PW_OK(store_->national_rollup({PlanStatus::published}));
  EXPECT_EQ((*national)[0].in_progress, 1);
  EXPECT_DOUBLE_EQ((*national)[0].average_percent, 50.0);
  // Both completed: the task is.
  (void)*PW_OK(store_->create_report(accepted(t, s.period, s.stttt, s.user, Progress::completed, 100)));
  national = PW_OK(store_->national_rollup({PlanStatus::published}));
  EXPECT_EQ((*national)[0].completed, 1);

  // A đầu mối that is not a lead is not kept; one that leads is, and then only its part counts:
  // the task leaves the other lead's row.
  back = PW_OK(store_->get_task(t));
  back->consolidating_agency_id = snv;
  ASSERT_TRUE(PW_OK(store_->update_task(*back)));
  EXPECT_FALSE(PW_OK(store_->get_task(t))->consolidating_agency_id);
  (void)*PW_OK(store_->create_report(accepted(t, s.period, s.skhcn, s.user, Progress::at_risk, 30)));  // v2
  back->consolidating_agency_id = s.stttt;
  ASSERT_TRUE(PW_OK(store_->update_task(*back)));
  EXPECT_EQ(PW_OK(store_->get_task(t))->consolidating_agency_id, s.stttt);
  rows = PW_OK(store_->province_dashboard(q));
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].lead_agency_id, s.stttt);
  national = PW_OK(store_->national_rollup({PlanStatus::published}));
  EXPECT_EQ((*national)[0].completed, 1);  // the đầu mối's report, not the science department's at-risk one
  back->consolidating_agency_id.reset();
  ASSERT_TRUE(PW_OK(store_->update_task(*back)));
  national = PW_OK(store_->national_rollup({PlanStatus::published}));
  EXPECT_EQ((*national)[0].at_risk, 1);  // both parts again: one at risk
  EXPECT_DOUBLE_EQ((*national)[0].average_percent, 65.0);  // (100 + 30) / 2
  // The period dashboard counts the same parts.
  q.period_id = s.period;
  rows = PW_OK(store_->province_dashboard(q));
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].at_risk, 1);
  EXPECT_EQ((*rows)[1].completed, 1);

  // Targets keep their leads too.
  PlanIndicator i;
  i.plan_id = s.plan;
  i.ref = "CT1";
  i.text = "Tỷ lệ";
  i.lead_agency_ids = {s.skhcn, s.stttt};
  i.coordinating_agency_ids = {snv};
  const Id ind = *PW_OK(store_->create_indicator(i));
  EXPECT_EQ(PW_OK(store_->get_indicator(ind))->lead_agency_ids, (std::vector<Id>{s.skhcn, s.stttt}));
}

TEST_P(StoreContract, CollectiveAgenciesKeepTheirMembers) {
  auto s = seed();
  Agency all{0, s.org, "UBND các xã, phường", {}, std::nullopt, {}, AgencyKind::collective, {s.stttt, s.skhcn}};
  const Id id = *PW_OK(store_->create_agency(all));
  auto back = PW_OK(store_->get_agency(id));
  EXPECT_EQ(back->kind, AgencyKind::collective);
  EXPECT_EQ(back->members, (std::vector<Id>{s.stttt, s.skhcn}));
  back->members = {s.skhcn};
  ASSERT_TRUE(PW_OK(store_->update_agency(*back)));
  EXPECT_EQ(PW_OK(store_->get_agency(id))->members, (std::vector<Id>{s.skhcn}));
  EXPECT_EQ(PW_OK(store_->find_agencies(s.org, "ubnd cac xa, phuong"))->front().id, id);
  EXPECT_EQ(PW_OK(store_->get_agency(s.skhcn))->kind, AgencyKind::named);
  // The draft's record of an expansion decided at review.
  PlanAgencyName n;
  n.plan_id = s.plan;
  n.name = "UBND các quận, huyện";
  n.kind = "collective";
  n.decision = "create";
  n.members = {s.skhcn, s.stttt};
  const Id nid = *PW_OK(store_->create_agency_name(n));
  auto names = PW_OK(store_->list_agency_names(s.plan));
  ASSERT_EQ(names->size(), 1u);
  EXPECT_EQ(names->front().id, nid);
  EXPECT_EQ(names->front().members, (std::vector<Id>{s.skhcn, s.stttt}));
}

}  // namespace planwatch::store::testing
