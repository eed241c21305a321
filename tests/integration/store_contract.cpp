// The Store contract, run on every backend (see store_contract.hpp).
#include "store_contract.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>
#include <thread>

namespace planwatch::store::testing {

void StoreContract::SetUp() {
  if (GetParam() == "postgres" && !pg_url()) GTEST_SKIP() << kPgSkipNotice;
  db_ = std::make_unique<TestDb>(GetParam());
  store_ = db_->open();
  ASSERT_NE(store_, nullptr);
  auto m = store_->migrate();
  ASSERT_TRUE(m.has_value()) << m.error().detail;
}

void StoreContract::TearDown() {
  store_.reset();
  db_.reset();
}

StoreContract::Seed StoreContract::seed() {
  Seed s;
  s.org = *PW_OK(store_->create_organisation({0, "UBND thành phố Đà Nẵng", "city"}));
  s.skhcn = *PW_OK(store_->create_agency({0, s.org, "Sở Khoa học và Công nghệ", {"Sở KH&CN", "SKHCN"}, std::nullopt, {}, AgencyKind::named, {}}));
  s.stttt = *PW_OK(store_->create_agency({0, s.org, "Sở Thông tin và Truyền thông", {"Sở TT&TT"}, std::nullopt, {}, AgencyKind::named, {}}));
  User u;
  u.org_id = s.org;
  u.agency_id = s.skhcn;
  u.login = "reporter.skhcn";
  u.display_name = "Nguyễn Văn A";
  u.role = Role::reporter;
  u.password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA";
  s.user = *PW_OK(store_->create_user(u));
  Plan p;
  p.org_id = s.org;
  p.title = "Kế hoạch chuyển đổi số năm 2026";
  p.doc_type = "Kế hoạch";
  p.status = PlanStatus::published;
  p.start = {2026, 1, 1};
  p.end = {2026, 12, 31};
  s.plan = *PW_OK(store_->create_plan(p));
  s.group = *PW_OK(store_->create_task_group({0, s.plan, "I", "Nhiệm vụ chung"}));
  Period per;
  per.plan_id = s.plan;
  per.frequency = Frequency::quarterly;
  per.label = "2026-Q1";
  per.start = {2025, 12, 15};
  per.end = {2026, 3, 14};
  per.due = {2026, 4, 5};
  per.locks_on = {2026, 4, 15};
  s.period = *PW_OK(store_->create_period(per));
  return s;
}

namespace {

PlanTask make_task(Id plan, std::optional<Id> group, const std::string& ref, const std::string& text,
                   std::optional<Id> lead, std::vector<Id> coordinating = {}) {
  PlanTask t;
  t.plan_id = plan;
  t.group_id = group;
  t.ref = ref;
  t.text = text;
  if (lead) t.lead_agency_ids = {*lead};
  t.coordinating_agency_ids = std::move(coordinating);
  return t;
}

TaskReport make_report(Id task, Id period, Id agency, Id author, ReportStatus status, Progress progress, int percent) {
  TaskReport r;
  r.task_id = task;
  r.period_id = period;
  r.agency_id = agency;
  r.author_id = author;
  r.status = status;
  r.progress = progress;
  r.percent = percent;
  return r;
}

std::vector<std::string> refs(const std::vector<TaskRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.task.ref);
  return out;
}

}  // namespace

TEST_P(StoreContract, DraftAgencyNamesAndDeletingADraft) {
  const auto s = seed();
  Plan d;
  d.org_id = s.org;
  d.title = "Dự thảo";
  d.doc_type = "Kế hoạch";
  d.status = PlanStatus::draft;
  d.start = {2026, 1, 1};
  d.end = {2026, 12, 31};
  d.source_sha256 = std::string(64, 'a');
  const Id draft = *PW_OK(store_->create_plan(d));
  EXPECT_EQ(store_->get_plan(draft)->source_sha256, d.source_sha256);
  const Id group = *PW_OK(store_->create_task_group({0, draft, "I", "Nhóm"}));
  const Id task = *PW_OK(store_->create_task(make_task(draft, group, "1", "Nhiệm vụ", s.skhcn)));
  PlanIndicator ind;
  ind.plan_id = draft;
  ind.ref = "a";
  ind.text = "Chỉ tiêu";
  const Id indicator = *PW_OK(store_->create_indicator(ind));
  PlanAgencyName n;
  n.plan_id = draft;
  n.name = "Sở Ngoại vụ";
  n.kind = "named";
  n.mentions = {{task, std::nullopt, true}, {std::nullopt, indicator, false}};
  const Id name = *PW_OK(store_->create_agency_name(n));
  auto names = *PW_OK(store_->list_agency_names(draft));
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].decision, "pending");
  ASSERT_EQ(names[0].mentions.size(), 2u);
  EXPECT_EQ(names[0].mentions[0].task_id, std::optional<Id>(task));
  EXPECT_TRUE(names[0].mentions[0].lead);
  EXPECT_EQ(names[0].mentions[1].indicator_id, std::optional<Id>(indicator));
  names[0].decision = "agency";
  names[0].agency_id = s.stttt;
  EXPECT_TRUE(PW_OK(store_->update_agency_name(names[0])));
  EXPECT_EQ(store_->list_agency_names(draft)->front().agency_id, std::optional<Id>(s.stttt));
  n.name = "Sở Khác";
  n.decision = "bogus";
  EXPECT_EQ(store_->create_agency_name(n).error().code, "invalid");  // CHECK constraint
  EXPECT_TRUE(PW_OK(store_->delete_plan(draft)));
  EXPECT_EQ(store_->get_plan(draft).error().code, "not_found");
  EXPECT_EQ(store_->get_task(task).error().code, "not_found");
  EXPECT_TRUE(store_->list_agency_names(draft)->empty());
  EXPECT_EQ(store_->delete_plan(draft).error().code, "not_found");
  EXPECT_TRUE(store_->get_plan(s.plan));  // the other plan is untouched
  (void)name;
}

TEST_P(StoreContract, MigrationsAreVersionedAndIdempotent) {
  auto v = PW_OK(store_->schema_version());
  EXPECT_GE(*v, 2);
  EXPECT_EQ(*PW_OK(store_->migrate()), 0);
  EXPECT_EQ(*PW_OK(store_->schema_version()), *v);
  EXPECT_EQ(store_->backend(), GetParam());
}

TEST_P(StoreContract, ConcurrentMigrationsOfAFreshDatabase) {
  TestDb fresh(GetParam());
  std::unique_ptr<Store> probe = fresh.open();
  ASSERT_NE(probe, nullptr);
  EXPECT_EQ(*PW_OK(probe->schema_version()), 0);
  int applied[4] = {-1, -1, -1, -1};
  std::string errors[4];
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      auto s = open_store(fresh.spec());
      if (!s) {
        errors[k] = s.error().detail;
        return;
      }
      auto m = (*s)->migrate();
      if (m) applied[k] = *m;
      else errors[k] = m.error().code + " " + m.error().detail;
    });
  }
  for (auto& t : threads) t.join();
  int total = 0;
  for (int k = 0; k < 4; ++k) {
    EXPECT_GE(applied[k], 0) << errors[k];
    total += applied[k];
  }
  // Migration numbers are assigned per branch and may leave gaps: count what one migrator applies alone.
  TestDb alone(GetParam());
  const int all = *PW_OK(alone.open()->migrate());
  EXPECT_EQ(total, all) << "each migration applied exactly once";
  EXPECT_EQ(*PW_OK(probe->schema_version()), *PW_OK(alone.open()->schema_version()));
  // The schema works after the race.
  EXPECT_TRUE(PW_OK(probe->create_organisation({0, "Bộ Khoa học và Công nghệ", "ministry"})));
}

TEST_P(StoreContract, OrganisationsRoundTripAndUniqueName) {
  Id id = *PW_OK(store_->create_organisation({0, "UBND tỉnh Quảng Ngãi", "city"}));
  auto o = PW_OK(store_->get_organisation(id));
  EXPECT_EQ(o->name, "UBND tỉnh Quảng Ngãi");
  EXPECT_EQ(o->kind, "city");
  EXPECT_TRUE(PW_OK(store_->update_organisation({id, "UBND tỉnh Quảng Ngãi (mới)", "city"})));
  EXPECT_EQ(store_->get_organisation(id)->name, "UBND tỉnh Quảng Ngãi (mới)");
  EXPECT_EQ(PW_CODE(store_->create_organisation({0, "UBND tỉnh Quảng Ngãi (mới)", "city"})), "conflict");
  EXPECT_EQ(PW_CODE(store_->create_organisation({0, "X", "village"})), "invalid");  // CHECK
  EXPECT_EQ(PW_CODE(store_->get_organisation(id + 1000)), "not_found");
  EXPECT_EQ(PW_CODE(store_->update_organisation({id + 1000, "Y", "city"})), "not_found");
  EXPECT_EQ(PW_OK(store_->list_organisations())->size(), 1u);
  auto err = store_->get_organisation(id + 1000);
  EXPECT_FALSE(err.error().message.empty());
}

TEST_P(StoreContract, AgenciesWithAliasesAndFoldedLookup) {
  auto s = seed();
  auto a = PW_OK(store_->get_agency(s.skhcn));
  EXPECT_EQ(a->name, "Sở Khoa học và Công nghệ");
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"Sở KH&CN", "SKHCN"}));
  EXPECT_FALSE(a->parent_id);

  EXPECT_FALSE(a->email);
  Agency child{0, s.org, "Trung tâm Thông tin và Thống kê KH&CN", {}, s.skhcn, std::string("ttttk@cantho.example"), AgencyKind::named, {}};
  Id cid = *PW_OK(store_->create_agency(child));
  EXPECT_EQ(store_->get_agency(cid)->parent_id, s.skhcn);
  EXPECT_EQ(store_->get_agency(cid)->email, std::optional<std::string>("ttttk@cantho.example"));
  child.id = cid;
  child.email.reset();
  ASSERT_TRUE(store_->update_agency(child));
  EXPECT_FALSE(store_->get_agency(cid)->email);

  a->aliases = {"SKH&CN"};
  EXPECT_TRUE(PW_OK(store_->update_agency(*a)));
  EXPECT_EQ(store_->get_agency(s.skhcn)->aliases, std::vector<std::string>{"SKH&CN"});

  auto found = PW_OK(store_->find_agencies(s.org, "SO THONG TIN VA TRUYEN THONG"));
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, s.stttt);
  found = PW_OK(store_->find_agencies(s.org, "sở tt&tt"));
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].id, s.stttt);
  EXPECT_EQ(PW_OK(store_->list_agencies(s.org))->size(), 3u);

  EXPECT_EQ(PW_CODE(store_->create_agency({0, s.org, "Sở Khoa học và Công nghệ", {}, std::nullopt, {}, AgencyKind::named, {}})), "conflict");
  EXPECT_EQ(PW_CODE(store_->create_agency({0, s.org + 99, "Sở Y tế", {}, std::nullopt, {}, AgencyKind::named, {}})), "invalid");  // FK
  EXPECT_EQ(PW_CODE(store_->get_agency(cid + 99)), "not_found");
}

TEST_P(StoreContract, UsersByIdAndLogin) {
  auto s = seed();
  auto u = PW_OK(store_->get_user_by_login("reporter.skhcn"));
  EXPECT_EQ(u->id, s.user);
  EXPECT_EQ(u->agency_id, s.skhcn);
  EXPECT_EQ(u->role, Role::reporter);
  EXPECT_EQ(u->display_name, "Nguyễn Văn A");
  EXPECT_TRUE(u->active);
  u->role = Role::approver;
  u->active = false;
  u->agency_id.reset();
  EXPECT_TRUE(PW_OK(store_->update_user(*u)));
  auto back = PW_OK(store_->get_user(s.user));
  EXPECT_EQ(back->role, Role::approver);
  EXPECT_FALSE(back->active);
  EXPECT_FALSE(back->agency_id);
  User dup = *back;
  dup.id = 0;
  EXPECT_EQ(PW_CODE(store_->create_user(dup)), "conflict");
  dup.login = "other";
  dup.agency_id = 12345;
  EXPECT_EQ(PW_CODE(store_->create_user(dup)), "invalid");
  EXPECT_EQ(PW_CODE(store_->get_user_by_login("nobody")), "not_found");
  EXPECT_EQ(PW_OK(store_->list_users(s.org))->size(), 1u);
}

TEST_P(StoreContract, PlansWithScheduleParentsAndFilters) {
  auto s = seed();
  Plan child;
  child.org_id = s.org;
  child.title = "Kế hoạch triển khai Nghị quyết 57-NQ/TW";
  child.doc_type = "Kế hoạch";
  child.number = "123/KH-UBND";
  child.signed_on = Date{2025, 3, 10};
  child.version = 2;
  child.status = PlanStatus::draft;
  child.parent_plan_ids = {s.plan};
  child.start = {2025, 3, 10};
  child.end = {2030, 12, 31};
  child.schedule.frequencies = {Frequency::quarterly, Frequency::annual};
  child.schedule.quarterly_due_day = 10;
  child.schedule.lock_after_days = 7;
  Id id = *PW_OK(store_->create_plan(child));
  auto p = PW_OK(store_->get_plan(id));
  EXPECT_EQ(p->title, child.title);
  EXPECT_EQ(p->number, child.number);
  EXPECT_EQ(p->signed_on, child.signed_on);
  EXPECT_EQ(p->version, 2);
  EXPECT_EQ(p->status, PlanStatus::draft);
  EXPECT_EQ(p->parent_plan_ids, std::vector<Id>{s.plan});
  EXPECT_EQ(p->start, child.start);
  EXPECT_EQ(p->end, child.end);
  EXPECT_EQ(p->schedule.frequencies, child.schedule.frequencies);
  EXPECT_EQ(p->schedule.quarterly_due_day, 10);
  EXPECT_EQ(p->schedule.lock_after_days, 7);

  EXPECT_EQ(PW_OK(store_->list_plans({s.org, {PlanStatus::draft}}))->size(), 1u);
  EXPECT_EQ(PW_OK(store_->list_plans({s.org, {}}))->size(), 2u);
  EXPECT_EQ(PW_OK(store_->list_plans({s.org + 5, {}}))->size(), 0u);
  EXPECT_TRUE(PW_OK(store_->set_plan_status(id, PlanStatus::published)));
  EXPECT_EQ(PW_OK(store_->list_plans({std::nullopt, {PlanStatus::published}}))->size(), 2u);

  p->parent_plan_ids = {};
  p->replaces_plan_id = s.plan;
  EXPECT_TRUE(PW_OK(store_->update_plan(*p)));
  auto q = PW_OK(store_->get_plan(id));
  EXPECT_TRUE(q->parent_plan_ids.empty());
  EXPECT_EQ(q->replaces_plan_id, s.plan);
  EXPECT_EQ(PW_CODE(store_->set_plan_status(id + 100, PlanStatus::replaced)), "not_found");
}

TEST_P(StoreContract, MultiStatementWritesAreAtomic) {
  auto s = seed();
  // The task row goes in, then a coordinating agency that does not exist fails: nothing stays.
  auto bad = make_task(s.plan, s.group, "1", "Nhiệm vụ lỗi", s.skhcn, {s.stttt, 4242});
  EXPECT_EQ(PW_CODE(store_->create_task(bad)), "invalid");
  TaskFilter all;
  all.plan_id = s.plan;
  EXPECT_TRUE(PW_OK(store_->list_tasks(all))->empty());

  Plan p = *store_->get_plan(s.plan);
  p.id = 0;
  p.title = "Kế hoạch con";
  p.parent_plan_ids = {s.plan, 9999};
  EXPECT_EQ(PW_CODE(store_->create_plan(p)), "invalid");
  EXPECT_EQ(PW_OK(store_->list_plans({s.org, {}}))->size(), 1u);

  // An update that fails half-way keeps the old row and links.
  Id tid = *PW_OK(store_->create_task(make_task(s.plan, s.group, "2", "Nhiệm vụ tốt", s.skhcn, {s.stttt})));
  auto t = *store_->get_task(tid);
  t.text = "Đã sửa";
  t.coordinating_agency_ids = {7777};
  EXPECT_EQ(PW_CODE(store_->update_task(t)), "invalid");
  auto back = PW_OK(store_->get_task(tid));
  EXPECT_EQ(back->text, "Nhiệm vụ tốt");
  EXPECT_EQ(back->coordinating_agency_ids, std::vector<Id>{s.stttt});
}

TEST_P(StoreContract, TransactionsCommitOrRollBackAsAWhole) {
  auto r = store_->transaction([](Store& st) -> Result {
    auto a = st.create_organisation({0, "Org A", "city"});
    if (!a) return Unexpected<Error>{a.error()};
    return fail("invalid", "stop", "the caller changed its mind");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "invalid");
  EXPECT_TRUE(PW_OK(store_->list_organisations())->empty());

  // A failing statement inside propagates its code and rolls everything back.
  r = store_->transaction([](Store& st) -> Result {
    auto a = st.create_organisation({0, "Org B", "city"});
    if (!a) return Unexpected<Error>{a.error()};
    auto b = st.create_organisation({0, "Org B", "city"});
    if (!b) return Unexpected<Error>{b.error()};
    return Done{};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "conflict");
  EXPECT_TRUE(PW_OK(store_->list_organisations())->empty());

  // Exceptions do not escape: rolled back, "internal".
  r = store_->transaction([](Store& st) -> Result {
    (void)st.create_organisation({0, "Org C", "city"});
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "internal");
  EXPECT_TRUE(PW_OK(store_->list_organisations())->empty());

  // Nested: the inner failure rolls back only the inner part; the outer commits.
  r = store_->transaction([](Store& st) -> Result {
    if (auto a = st.create_organisation({0, "Outer", "city"}); !a) return Unexpected<Error>{a.error()};
    auto inner = st.transaction([](Store& s2) -> Result {
      (void)s2.create_organisation({0, "Inner", "city"});
      return fail("invalid", "inner");
    });
    EXPECT_FALSE(inner);
    return Done{};
  });
  EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  auto orgs = PW_OK(store_->list_organisations());
  ASSERT_EQ(orgs->size(), 1u);
  EXPECT_EQ((*orgs)[0].name, "Outer");

  // Committed work is visible from another connection.
  auto other = db_->open();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(PW_OK(other->list_organisations())->size(), 1u);
}

TEST_P(StoreContract, TasksRoundTripAndFilters) {
  auto s = seed();
  Id g2 = *PW_OK(store_->create_task_group({0, s.plan, "II", "Hạ tầng số"}));
  auto g = PW_OK(store_->get_task_group(g2));
  EXPECT_EQ(g->title, "Hạ tầng số");
  g->title = "Phát triển hạ tầng số";
  EXPECT_TRUE(PW_OK(store_->update_task_group(*g)));
  EXPECT_EQ(PW_OK(store_->list_task_groups(s.plan))->size(), 2u);

  PlanTask full = make_task(s.plan, s.group, "1.1", "Xây dựng kế hoạch chuyển đổi số", s.skhcn, {s.stttt});
  full.parent_ref = "1";
  full.leader = "Phó Chủ tịch UBND thành phố";
  full.timeframe = {"Quý II/2026", TimeframeKind::by_date, Date{2026, 4, 1}, Date{2026, 6, 30}};
  full.output = "Kế hoạch được ban hành";
  full.source = {12, 14, 3};
  Id t1 = *PW_OK(store_->create_task(full));
  auto back = PW_OK(store_->get_task(t1));
  EXPECT_EQ(back->ref, "1.1");
  EXPECT_EQ(back->parent_ref, "1");
  EXPECT_EQ(back->text, full.text);
  EXPECT_EQ(back->leader, full.leader);
  EXPECT_EQ(back->lead_agency_ids, std::vector<Id>{s.skhcn});
  EXPECT_EQ(back->coordinating_agency_ids, std::vector<Id>{s.stttt});
  EXPECT_EQ(back->timeframe.raw, "Quý II/2026");
  EXPECT_EQ(back->timeframe.kind, TimeframeKind::by_date);
  EXPECT_EQ(back->timeframe.start, full.timeframe.start);
  EXPECT_EQ(back->timeframe.due, full.timeframe.due);
  EXPECT_EQ(back->output, full.output);
  EXPECT_EQ(back->source.first, 12);
  EXPECT_EQ(back->source.last, 14);
  EXPECT_EQ(back->source.page, 3);
  EXPECT_EQ(back->group_id, s.group);

  Id t2 = *PW_OK(store_->create_task(make_task(s.plan, g2, "2.1", "Phát triển hạ tầng 5G", s.stttt, {s.skhcn})));
  Id t3 = *PW_OK(store_->create_task(make_task(s.plan, g2, "2.2", "Trung tâm dữ liệu", s.stttt)));
  Id t4 = *PW_OK(store_->create_task(make_task(s.plan, std::nullopt, "3", "Tuyên truyền", std::nullopt)));

  TaskFilter f;
  f.plan_id = s.plan;
  EXPECT_EQ(refs(*PW_OK(store_->list_tasks(f))), (std::vector<std::string>{"1.1", "2.1", "2.2", "3"}));
  f.agency_id = s.skhcn;
  f.agency_role = AgencyRole::lead;
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"1.1"}));
  f.agency_role = AgencyRole::coordinating;
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"2.1"}));
  f.agency_role = AgencyRole::either;
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"1.1", "2.1"}));
  f.agency_id.reset();
  f.group_id = g2;
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"2.1", "2.2"}));
  f.group_id.reset();
  f.limit = 2;
  f.offset = 1;
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"2.1", "2.2"}));
  f.limit = 0;
  f.offset = 3;
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"3"}));

  back->text = "Ban hành kế hoạch";
  back->coordinating_agency_ids = {};
  back->lead_agency_ids = {s.stttt};
  EXPECT_TRUE(PW_OK(store_->update_task(*back)));
  auto upd = PW_OK(store_->get_task(t1));
  EXPECT_EQ(upd->text, "Ban hành kế hoạch");
  EXPECT_TRUE(upd->coordinating_agency_ids.empty());
  EXPECT_EQ(upd->lead_agency_ids, std::vector<Id>{s.stttt});
  EXPECT_EQ(PW_CODE(store_->get_task(t4 + 100)), "not_found");
  PlanTask missing = *upd;
  missing.id = t4 + 50;
  EXPECT_EQ(PW_CODE(store_->update_task(missing)), "not_found");
  EXPECT_EQ(PW_CODE(store_->create_task(make_task(s.plan + 100, std::nullopt, "x", "y", std::nullopt))), "invalid");
  (void)t2;
  (void)t3;
}

TEST_P(StoreContract, FoldedTextSearchIgnoresAccentsAndCase) {
  auto s = seed();
  (void)*PW_OK(store_->create_task(make_task(s.plan, s.group, "1", "Đẩy mạnh CHUYỂN ĐỔI SỐ trong cơ quan nhà nước", s.skhcn)));
  (void)*PW_OK(store_->create_task(make_task(s.plan, s.group, "2", "Đầu tư hạ tầng số", s.stttt)));
  (void)*PW_OK(store_->create_task(make_task(s.plan, s.group, "3", "Tỷ lệ 100% hồ sơ trực tuyến", s.stttt)));
  TaskFilter f;
  f.plan_id = s.plan;
  f.text = "chuyen doi so";
  EXPECT_EQ(refs(*PW_OK(store_->list_tasks(f))), (std::vector<std::string>{"1"}));
  f.text = "chuyển đổi số";
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"1"}));
  f.text = "DAU TU";
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"2"}));
  f.text = "day manh";  // đ → d
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"1"}));
  f.text = "100%";  // wildcards in the needle are literal
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"3"}));
  f.text = "_";
  EXPECT_TRUE(store_->list_tasks(f)->empty());
  f.text = "so";
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"1", "2", "3"}));
  // Updating the text refreshes the folded copy.
  TaskFilter every;
  every.plan_id = s.plan;
  auto t = *store_->get_task(store_->list_tasks(every)->at(1).task.id);
  t.text = "Phát triển dữ liệu số";
  ASSERT_TRUE(store_->update_task(t));
  f.text = "du lieu";
  EXPECT_EQ(refs(*store_->list_tasks(f)), (std::vector<std::string>{"2"}));
}

TEST_P(StoreContract, IndicatorsWithPhaseTargets) {
  auto s = seed();
  PlanIndicator i;
  i.plan_id = s.plan;
  i.ref = "CT1";
  i.text = "Tỷ lệ hồ sơ giải quyết trực tuyến toàn trình";
  i.unit = "%";
  i.baseline = 42.5;
  i.baseline_on = Date{2024, 12, 31};
  i.direction = Direction::increase;
  i.targets = {{"2025", {TargetOp::ge, 80.0, std::nullopt, "%"}, {2025, 12, 31}},
               {"2030", {TargetOp::range, 90.0, 100.0, "%"}, {2030, 12, 31}}};
  i.lead_agency_ids = {s.stttt};
  i.coordinating_agency_ids = {s.skhcn};
  i.source = {40, 41, 5};
  Id id = *PW_OK(store_->create_indicator(i));
  auto b = PW_OK(store_->get_indicator(id));
  EXPECT_EQ(b->text, i.text);
  EXPECT_EQ(b->unit, "%");
  ASSERT_TRUE(b->baseline);
  EXPECT_DOUBLE_EQ(*b->baseline, 42.5);
  EXPECT_EQ(b->baseline_on, i.baseline_on);
  ASSERT_EQ(b->targets.size(), 2u);
  EXPECT_EQ(b->targets[0].phase, "2025");
  EXPECT_EQ(b->targets[0].target.op, TargetOp::ge);
  EXPECT_DOUBLE_EQ(*b->targets[0].target.value, 80.0);
  EXPECT_FALSE(b->targets[0].target.value_max);
  EXPECT_EQ(b->targets[1].target.op, TargetOp::range);
  EXPECT_DOUBLE_EQ(*b->targets[1].target.value_max, 100.0);
  EXPECT_EQ(b->targets[1].due, (Date{2030, 12, 31}));
  EXPECT_EQ(b->coordinating_agency_ids, std::vector<Id>{s.skhcn});
  EXPECT_EQ(b->source.page, 5);

  b->targets.pop_back();
  b->baseline.reset();
  b->direction = Direction::decrease;
  EXPECT_TRUE(PW_OK(store_->update_indicator(*b)));
  auto c = PW_OK(store_->get_indicator(id));
  EXPECT_EQ(c->targets.size(), 1u);
  EXPECT_FALSE(c->baseline);
  EXPECT_EQ(c->direction, Direction::decrease);
  EXPECT_EQ(PW_OK(store_->list_indicators(s.plan))->size(), 1u);

  IndicatorValue v;
  v.indicator_id = id;
  v.period_id = s.period;
  v.agency_id = s.stttt;
  v.value = 63.25;
  v.measured_on = {2026, 3, 14};
  v.note = "Số liệu từ Cổng dịch vụ công";
  v.status = ReportStatus::submitted;
  Id vid = *PW_OK(store_->create_indicator_value(v));
  auto vb = PW_OK(store_->get_indicator_value(vid));
  EXPECT_DOUBLE_EQ(vb->value, 63.25);
  EXPECT_EQ(vb->measured_on, v.measured_on);
  EXPECT_EQ(vb->note, v.note);
  EXPECT_EQ(PW_CODE(store_->create_indicator_value(v)), "conflict");  // one per (indicator, period, agency)
  vb->status = ReportStatus::accepted;
  EXPECT_TRUE(PW_OK(store_->update_indicator_value(*vb)));
  vb->value = 1;
  EXPECT_EQ(PW_CODE(store_->update_indicator_value(*vb)), "conflict");
  EXPECT_DOUBLE_EQ(store_->get_indicator_value(vid)->value, 63.25);
  EXPECT_EQ(PW_OK(store_->list_indicator_values({id, s.period, std::nullopt}))->size(), 1u);
  EXPECT_EQ(PW_OK(store_->list_indicator_values({std::nullopt, std::nullopt, s.skhcn}))->size(), 0u);
}

TEST_P(StoreContract, PeriodsRoundTripAndUniqueLabel) {
  auto s = seed();
  auto p = PW_OK(store_->get_period(s.period));
  EXPECT_EQ(p->label, "2026-Q1");
  EXPECT_EQ(p->frequency, Frequency::quarterly);
  EXPECT_EQ(p->start, (Date{2025, 12, 15}));
  EXPECT_EQ(p->locks_on, (Date{2026, 4, 15}));
  Period dup = *p;
  EXPECT_EQ(PW_CODE(store_->create_period(dup)), "conflict");
  p->due = {2026, 4, 10};
  EXPECT_TRUE(PW_OK(store_->update_period(*p)));
  EXPECT_EQ(store_->get_period(s.period)->due, (Date{2026, 4, 10}));
  dup.label = "2026-Q2";
  dup.end = {2026, 6, 14};
  (void)*PW_OK(store_->create_period(dup));
  auto list = PW_OK(store_->list_periods(s.plan));
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].label, "2026-Q2");
}

TEST_P(StoreContract, AcceptedReportsAreImmutableAndAmendedByNewVersions) {
  auto s = seed();
  Id t = *PW_OK(store_->create_task(make_task(s.plan, s.group, "1", "Nhiệm vụ", s.skhcn)));
  auto r = make_report(t, s.period, s.skhcn, s.user, ReportStatus::draft, Progress::in_progress, 30);
  r.narrative = "Đang triển khai";
  r.evidence = {{"link", "Cổng thông tin", "https://example.vn/a"}, {"file", "bao-cao.pdf", "files/ab12"}};
  auto k1 = PW_OK(store_->create_report(r));
  EXPECT_EQ(k1->version, 1);
  auto b = PW_OK(store_->get_report(k1->id));
  EXPECT_EQ(b->evidence.size(), 2u);
  EXPECT_EQ(b->evidence[1].ref, "files/ab12");
  EXPECT_EQ(b->narrative, "Đang triển khai");
  EXPECT_FALSE(b->submitted_at);

  b->percent = 45;
  b->completed_on = Date{2026, 3, 1};
  EXPECT_TRUE(PW_OK(store_->update_report(*b)));
  EXPECT_TRUE(PW_OK(store_->set_report_status(k1->id, ReportStatus::submitted, 1'770'000'000)));
  EXPECT_TRUE(PW_OK(store_->set_report_status(k1->id, ReportStatus::accepted, 1'770'100'000)));
  auto acc = PW_OK(store_->get_report(k1->id));
  EXPECT_EQ(acc->percent, 45);
  EXPECT_EQ(acc->submitted_at, 1'770'000'000);
  EXPECT_EQ(acc->reviewed_at, 1'770'100'000);
  EXPECT_EQ(acc->status, ReportStatus::accepted);

  acc->percent = 99;
  EXPECT_EQ(PW_CODE(store_->update_report(*acc)), "conflict");
  EXPECT_EQ(PW_CODE(store_->set_report_status(k1->id, ReportStatus::returned, 1)), "conflict");
  EXPECT_EQ(store_->get_report(k1->id)->percent, 45);
  EXPECT_EQ(PW_CODE(store_->update_report(make_report(t, s.period, s.skhcn, s.user, ReportStatus::draft,
                                                       Progress::completed, 100))),
            "not_found");  // id 0

  auto amend = *acc;
  amend.percent = 70;
  amend.status = ReportStatus::draft;
  auto k2 = PW_OK(store_->create_report(amend));
  EXPECT_EQ(k2->version, 2);
  EXPECT_NE(k2->id, k1->id);
  EXPECT_EQ(store_->get_current_report(t, s.period, s.skhcn)->id, k2->id);
  auto versions = PW_OK(store_->report_versions(t, s.period, s.skhcn));
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].percent, 45);
  EXPECT_EQ((*versions)[1].percent, 70);

  ReportFilter latest;
  latest.period_id = s.period;
  auto cur = PW_OK(store_->list_reports(latest));
  ASSERT_EQ(cur->size(), 1u);
  EXPECT_EQ((*cur)[0].version, 2);
  latest.latest_only = false;
  EXPECT_EQ(PW_OK(store_->list_reports(latest))->size(), 2u);
  latest.latest_only = true;
  latest.statuses = {ReportStatus::accepted};
  EXPECT_TRUE(PW_OK(store_->list_reports(latest))->empty()) << "the current version is a draft";
  latest.statuses = {ReportStatus::draft};
  latest.agency_id = s.skhcn;
  latest.plan_id = s.plan;
  EXPECT_EQ(PW_OK(store_->list_reports(latest))->size(), 1u);
  latest.agency_id = s.stttt;
  EXPECT_TRUE(PW_OK(store_->list_reports(latest))->empty());
  EXPECT_EQ(PW_CODE(store_->get_current_report(t, s.period, s.stttt)), "not_found");

  // Reviews
  Id d = *PW_OK(store_->add_review_decision({0, k1->id, s.user, Decision::accepted, "Đạt", 1'770'100'000}));
  auto ds = PW_OK(store_->list_review_decisions(k1->id));
  ASSERT_EQ(ds->size(), 1u);
  EXPECT_EQ((*ds)[0].id, d);
  EXPECT_EQ((*ds)[0].comment, "Đạt");
  EXPECT_EQ(PW_CODE(store_->add_review_decision({0, 999999, s.user, Decision::returned, "", 1})), "invalid");
  EXPECT_EQ(PW_CODE(store_->create_report(make_report(t, s.period + 77, s.skhcn, s.user, ReportStatus::draft,
                                                      Progress::in_progress, 1))),
            "invalid");
  auto bad = make_report(t, s.period, s.stttt, s.user, ReportStatus::draft, Progress::in_progress, 101);
  EXPECT_EQ(PW_CODE(store_->create_report(bad)), "invalid");  // percent CHECK
}

// ReportScope::admits (C++) and its SQL twin select the same reports, for every status × scope.
TEST_P(StoreContract, ReportScopeInSqlAgreesWithAdmits) {
  auto s = seed();
  Id t = *PW_OK(store_->create_task(make_task(s.plan, s.group, "1", "A", s.skhcn, {s.stttt})));
  const ReportStatus statuses[] = {ReportStatus::draft, ReportStatus::submitted, ReportStatus::approved,
                                   ReportStatus::returned, ReportStatus::accepted};
  std::vector<TaskReport> all;
  for (Id agency : {s.skhcn, s.stttt})
    for (auto st : statuses) {
      Period per = *store_->get_period(s.period);
      per.id = 0;
      per.label = std::string(to_string(st)) + std::to_string(agency);
      Id pid = *PW_OK(store_->create_period(per));
      auto key = PW_OK(store_->create_report(make_report(t, pid, agency, s.user, st, Progress::in_progress, 10)));
      all.push_back(*store_->get_report(key->id));
    }
  const std::vector<ReportScope> scopes = {{}, {true, std::nullopt}, {false, s.skhcn}, {true, s.stttt}};
  for (const auto& scope : scopes) {
    ReportFilter f;
    f.task_id = t;
    f.scope = scope;
    std::set<Id> in_sql, in_cpp;
    auto rows = PW_OK(store_->list_reports(f));
    for (const auto& r : *rows) in_sql.insert(r.id);
    for (const auto& r : all)
      if (scope.admits(r)) in_cpp.insert(r.id);
    EXPECT_EQ(in_sql, in_cpp) << "sent=" << scope.sent << " agency=" << scope.agency.value_or(0);
    EXPECT_FALSE(in_sql.empty());
  }
}

// An amendment in progress does not hide the accepted version from readers who may not see it.
TEST_P(StoreContract, LatestVersionIsTheLatestTheReaderMaySee) {
  auto s = seed();
  Id t = *PW_OK(store_->create_task(make_task(s.plan, s.group, "1", "A", s.skhcn)));
  auto v1 = PW_OK(store_->create_report(make_report(t, s.period, s.skhcn, s.user, ReportStatus::accepted,
                                                    Progress::in_progress, 40)));
  auto v2 = PW_OK(store_->create_report(make_report(t, s.period, s.skhcn, s.user, ReportStatus::draft,
                                                    Progress::in_progress, 60)));
  auto listed = [&](const ReportScope& scope) {
    ReportFilter f;
    f.task_id = t;
    f.scope = scope;
    auto rows = PW_OK(store_->list_reports(f));
    return rows->size() == 1 ? (*rows)[0].id : Id{0};
  };
  EXPECT_EQ(listed({}), v1->id);
  EXPECT_EQ(listed({true, std::nullopt}), v1->id);   // the office: the draft is not sent yet
  EXPECT_EQ(listed({false, s.skhcn}), v2->id);       // the agency: its draft
  ASSERT_TRUE(PW_OK(store_->set_report_status(v2->id, ReportStatus::submitted, 100)));
  EXPECT_EQ(listed({}), v1->id);
  EXPECT_EQ(listed({true, std::nullopt}), v2->id);
  ASSERT_TRUE(PW_OK(store_->set_report_status(v2->id, ReportStatus::accepted, 200)));
  EXPECT_EQ(listed({}), v2->id);
}

TEST_P(StoreContract, LatestReportPerTaskAndProvinceDashboard) {
  auto s = seed();
  Period q2 = *store_->get_period(s.period);
  q2.label = "2026-Q2";
  q2.start = {2026, 3, 15};
  q2.end = {2026, 6, 14};
  Id p2 = *PW_OK(store_->create_period(q2));
  Id a1 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "1", "A1", s.skhcn)));
  Id a2 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "2", "A2", s.skhcn, {s.stttt})));
  Id a3 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "3", "A3", s.skhcn)));
  Id b1 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "4", "B1", s.stttt)));
  Id n1 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "5", "N1", std::nullopt)));
  // a1: Q1 in_progress 40 then Q2 completed 100 → completed/100
  (void)*PW_OK(store_->create_report(make_report(a1, s.period, s.skhcn, s.user, ReportStatus::accepted, Progress::in_progress, 40)));
  (void)*PW_OK(store_->create_report(make_report(a1, p2, s.skhcn, s.user, ReportStatus::submitted, Progress::completed, 100)));
  // a2: lead reports at_risk 20 (v1 accepted) and amends with v2 in_progress 50; the coordinating
  // agency's report of the same period loses to the lead's.
  (void)*PW_OK(store_->create_report(make_report(a2, s.period, s.skhcn, s.user, ReportStatus::accepted, Progress::at_risk, 20)));
  (void)*PW_OK(store_->create_report(make_report(a2, s.period, s.skhcn, s.user, ReportStatus::approved, Progress::in_progress, 50)));
  (void)*PW_OK(store_->create_report(make_report(a2, s.period, s.stttt, s.user, ReportStatus::submitted, Progress::completed, 100)));
  // a3: only a draft → not reported
  (void)*PW_OK(store_->create_report(make_report(a3, p2, s.skhcn, s.user, ReportStatus::draft, Progress::completed, 100)));
  // b1: not_started 0
  (void)*PW_OK(store_->create_report(make_report(b1, s.period, s.stttt, s.user, ReportStatus::submitted, Progress::not_started, 0)));
  (void)n1;

  // The office's scope (every sent report): each agency's latest on each task.
  auto latest = PW_OK(store_->latest_reports({s.plan, std::nullopt, {true, std::nullopt}}));
  ASSERT_EQ(latest->size(), 4u);
  EXPECT_EQ((*latest)[0].task_id, a1);
  EXPECT_EQ((*latest)[0].period_id, p2);
  EXPECT_EQ((*latest)[1].task_id, a2);
  EXPECT_EQ((*latest)[1].agency_id, s.skhcn);
  EXPECT_EQ((*latest)[1].version, 2);
  EXPECT_EQ((*latest)[2].task_id, a2);
  EXPECT_EQ((*latest)[2].agency_id, s.stttt);
  EXPECT_EQ((*latest)[3].task_id, b1);
  // The science department's scope: its own reports, drafts included, and others' accepted ones.
  latest = PW_OK(store_->latest_reports({s.plan, std::nullopt, {false, s.skhcn}}));
  ASSERT_EQ(latest->size(), 3u);
  EXPECT_EQ((*latest)[2].task_id, a3);
  EXPECT_EQ((*latest)[2].status, ReportStatus::draft);
  // The public's: accepted reports only — a1's Q1 report, a2's first version.
  latest = PW_OK(store_->latest_reports({s.plan, std::nullopt, {}}));
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].period_id, s.period);
  EXPECT_EQ((*latest)[0].percent, 40);
  EXPECT_EQ((*latest)[1].version, 1);
  EXPECT_EQ((*latest)[1].progress, Progress::at_risk);
  // One task: that task's report only.
  latest = PW_OK(store_->latest_reports({s.plan, a2, {true, std::nullopt}}));
  ASSERT_EQ(latest->size(), 2u);
  EXPECT_EQ((*latest)[0].task_id, a2);
  EXPECT_EQ((*latest)[1].task_id, a2);

  // A draft plan does not show by default.
  Plan draft = *store_->get_plan(s.plan);
  draft.id = 0;
  draft.status = PlanStatus::draft;
  Id dp = *PW_OK(store_->create_plan(draft));
  (void)*PW_OK(store_->create_task(make_task(dp, std::nullopt, "1", "x", s.skhcn)));

  DashboardQuery q;
  q.org_id = s.org;
  auto rows = PW_OK(store_->province_dashboard(q));
  ASSERT_EQ(rows->size(), 3u);
  const auto& sk = (*rows)[0];  // ordered by agency name: "Sở Khoa học…" < "Sở Thông tin…", no lead last
  EXPECT_EQ(sk.plan_id, s.plan);
  EXPECT_EQ(sk.lead_agency_id, s.skhcn);
  EXPECT_EQ(sk.lead_agency_name, "Sở Khoa học và Công nghệ");
  // Public figures: accepted reports only (a1's Q1 in_progress 40, a2's v1 at_risk 20).
  EXPECT_EQ(sk.tasks, 3);
  EXPECT_EQ(sk.reported, 2);
  EXPECT_EQ(sk.not_reported, 1);
  EXPECT_EQ(sk.completed, 0);
  EXPECT_EQ(sk.in_progress, 1);
  EXPECT_EQ(sk.at_risk, 1);
  EXPECT_EQ(sk.not_started, 0);
  EXPECT_DOUBLE_EQ(sk.average_percent, 30.0);
  const auto& tt = (*rows)[1];
  EXPECT_EQ(tt.lead_agency_id, s.stttt);
  EXPECT_EQ(tt.tasks, 1);
  EXPECT_EQ(tt.reported, 0);  // b1's report is submitted, not accepted
  EXPECT_EQ(tt.not_reported, 1);
  EXPECT_EQ(tt.not_started, 0);
  const auto& none = (*rows)[2];
  EXPECT_FALSE(none.lead_agency_id);
  EXPECT_EQ(none.tasks, 1);
  EXPECT_EQ(none.reported, 0);
  EXPECT_EQ(none.not_reported, 1);

  q.period_id = s.period;  // Q1 only: a1 in_progress 40, a2 at_risk 20 (the approved v2 is not public)
  rows = PW_OK(store_->province_dashboard(q));
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].in_progress, 1);
  EXPECT_EQ((*rows)[0].at_risk, 1);
  EXPECT_EQ((*rows)[0].completed, 0);
  EXPECT_DOUBLE_EQ((*rows)[0].average_percent, 30.0);

  q.period_id.reset();
  q.plan_statuses = {PlanStatus::draft};
  rows = PW_OK(store_->province_dashboard(q));
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].plan_id, dp);
  q.org_id = s.org + 1;
  EXPECT_TRUE(PW_OK(store_->province_dashboard(q))->empty());
}

TEST_P(StoreContract, AuditLogIsAppendOnly) {
  auto s = seed();
  AuditEntry e;
  e.user_id = s.user;
  e.at = 1'770'000'000;
  e.action = "plan.publish";
  e.entity = "plan";
  e.entity_id = s.plan;
  e.before_json = R"({"status":"draft"})";
  e.after_json = R"({"status":"published"})";
  Id first = *PW_OK(store_->append_audit(e));
  e.user_id.reset();
  e.action = "plan.amend";
  Id second = *PW_OK(store_->append_audit(e));
  EXPECT_GT(second, first);
  auto log = PW_OK(store_->list_audit("plan", s.plan, 10));
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].id, second);  // newest first
  EXPECT_FALSE((*log)[0].user_id);
  EXPECT_EQ((*log)[1].after_json, R"({"status":"published"})");
  EXPECT_EQ(PW_OK(store_->list_audit("plan", s.plan, 1))->size(), 1u);
  e.user_id = 123456;
  EXPECT_EQ(PW_CODE(store_->append_audit(e)), "invalid");
}

TEST_P(StoreContract, SessionsAreSharedAndExpire) {
  auto s = seed();
  Session ses{"sha256:abc", s.user, "csrf-xyz", 1000, 2000};
  EXPECT_TRUE(PW_OK(store_->create_session(ses)));
  EXPECT_EQ(PW_CODE(store_->create_session(ses)), "conflict");
  // Another app server (connection) sees it.
  auto other = db_->open();
  ASSERT_NE(other, nullptr);
  auto got = PW_OK(other->get_session("sha256:abc", 1500));
  EXPECT_EQ(got->user_id, s.user);
  EXPECT_EQ(got->csrf_token, "csrf-xyz");
  EXPECT_EQ(PW_CODE(other->get_session("sha256:abc", 2000)), "not_found");  // expired
  EXPECT_TRUE(PW_OK(store_->extend_session("sha256:abc", 3000)));
  EXPECT_TRUE(PW_OK(other->get_session("sha256:abc", 2500)));
  EXPECT_EQ(PW_CODE(store_->extend_session("nope", 3000)), "not_found");
  EXPECT_TRUE(PW_OK(store_->create_session({"sha256:def", s.user, "c2", 1000, 1100})));
  EXPECT_EQ(*PW_OK(store_->delete_expired_sessions(2000)), 1);
  EXPECT_TRUE(PW_OK(store_->delete_session("sha256:abc")));
  EXPECT_EQ(PW_CODE(store_->get_session("sha256:abc", 0)), "not_found");
  EXPECT_TRUE(PW_OK(store_->create_session({"sha256:ghi", s.user, "c3", 1000, 9000})));
  EXPECT_TRUE(PW_OK(store_->delete_user_sessions(s.user)));
  EXPECT_EQ(PW_CODE(store_->get_session("sha256:ghi", 0)), "not_found");
  EXPECT_EQ(PW_CODE(store_->create_session({"sha256:zzz", 424242, "c", 1, 2})), "invalid");
}

TEST_P(StoreContract, LoginAttemptsCountFailuresInAWindow) {
  for (int k = 0; k < 5; ++k) ASSERT_TRUE(store_->record_login_attempt({"a", "10.0.0.1", 100 + k, false}));
  ASSERT_TRUE(store_->record_login_attempt({"a", "10.0.0.1", 106, true}));
  ASSERT_TRUE(store_->record_login_attempt({"b", "10.0.0.1", 107, false}));
  ASSERT_TRUE(store_->record_login_attempt({"a", "10.0.0.2", 50, false}));
  EXPECT_EQ(*PW_OK(store_->count_failed_logins_by_login("a", 100)), 5);
  EXPECT_EQ(*PW_OK(store_->count_failed_logins_by_login("a", 0)), 6);
  EXPECT_EQ(*PW_OK(store_->count_failed_logins_by_login("a", 103)), 2);
  EXPECT_EQ(*PW_OK(store_->count_failed_logins_by_ip("10.0.0.1", 100)), 6);
  EXPECT_EQ(*PW_OK(store_->count_failed_logins_by_ip("10.9.9.9", 0)), 0);
  EXPECT_EQ(*PW_OK(store_->prune_login_attempts(100)), 1);
  EXPECT_EQ(*PW_OK(store_->count_failed_logins_by_login("a", 0)), 5);
}

TEST_P(StoreContract, ReminderOutbox) {
  auto s = seed();
  Id r1 = *PW_OK(store_->enqueue_reminder({0, s.skhcn, "Nhắc báo cáo quý I", "Hạn nộp 05/4/2026", 10, std::nullopt, std::nullopt}));
  Id r2 = *PW_OK(store_->enqueue_reminder({0, s.stttt, "Nhắc báo cáo", "…", 20, std::nullopt, std::nullopt}));
  auto unsent = PW_OK(store_->list_unsent_reminders(10));
  ASSERT_EQ(unsent->size(), 2u);
  EXPECT_EQ((*unsent)[0].id, r1);
  EXPECT_EQ((*unsent)[0].subject, "Nhắc báo cáo quý I");
  EXPECT_TRUE(PW_OK(store_->mark_reminder_sent(r1, 30)));
  EXPECT_EQ(PW_CODE(store_->mark_reminder_sent(r1, 31)), "conflict");
  EXPECT_EQ(PW_CODE(store_->mark_reminder_sent(r2 + 10, 31)), "not_found");
  unsent = PW_OK(store_->list_unsent_reminders(10));
  ASSERT_EQ(unsent->size(), 1u);
  EXPECT_EQ((*unsent)[0].id, r2);
  EXPECT_EQ(PW_CODE(store_->enqueue_reminder({0, 99999, "x", "y", 1, std::nullopt, std::nullopt})), "invalid");
}

TEST_P(StoreContract, AReminderKeyIsQueuedOnce) {
  auto s = seed();
  const std::string key = "reminder:1:" + std::to_string(s.skhcn) + ":2026-11-23";
  (void)*PW_OK(store_->enqueue_reminder({0, s.skhcn, "Nhắc", "…", 10, std::nullopt, key}));
  // The same key again — inside a transaction, which stays usable (PostgreSQL aborts on errors).
  auto tx = store_->transaction([&](Store& st) -> Result {
    EXPECT_EQ(PW_CODE(st.enqueue_reminder({0, s.skhcn, "Nhắc lần 2", "…", 11, std::nullopt, key})), "conflict");
    auto other = st.enqueue_reminder({0, s.skhcn, "Ngày khác", "…", 12, std::nullopt, key + "x"});
    if (!other) return Unexpected<Error>{other.error()};
    return Done{};
  });
  EXPECT_TRUE(tx) << (tx ? "" : tx.error().detail);
  // Without a key there is no limit.
  (void)*PW_OK(store_->enqueue_reminder({0, s.skhcn, "Buộc gửi", "…", 13, std::nullopt, std::nullopt}));
  (void)*PW_OK(store_->enqueue_reminder({0, s.skhcn, "Buộc gửi", "…", 14, std::nullopt, std::nullopt}));
  EXPECT_EQ(PW_OK(store_->list_reminders(s.skhcn, 10))->size(), 4u);
}

TEST_P(StoreContract, PeriodLockExceptions) {
  auto s = seed();
  Id e1 = *PW_OK(store_->grant_lock_exception({0, s.skhcn, s.period, {2026, 4, 30}, s.user, "Bổ sung số liệu"}));
  auto got = PW_OK(store_->get_lock_exception(s.skhcn, s.period));
  EXPECT_EQ(got->until, (Date{2026, 4, 30}));
  EXPECT_EQ(got->granted_by, s.user);
  EXPECT_EQ(got->reason, "Bổ sung số liệu");
  Id e2 = *PW_OK(store_->grant_lock_exception({0, s.skhcn, s.period, {2026, 5, 10}, std::nullopt, "Gia hạn"}));
  EXPECT_EQ(e1, e2);  // replaced, not duplicated
  got = PW_OK(store_->get_lock_exception(s.skhcn, s.period));
  EXPECT_EQ(got->until, (Date{2026, 5, 10}));
  EXPECT_FALSE(got->granted_by);
  EXPECT_EQ(PW_OK(store_->list_lock_exceptions(s.period))->size(), 1u);
  EXPECT_TRUE(PW_OK(store_->revoke_lock_exception(s.skhcn, s.period)));
  EXPECT_EQ(PW_CODE(store_->revoke_lock_exception(s.skhcn, s.period)), "not_found");
  EXPECT_EQ(PW_CODE(store_->get_lock_exception(s.skhcn, s.period)), "not_found");
  EXPECT_EQ(PW_CODE(store_->grant_lock_exception({0, s.skhcn, s.period + 9, {2026, 5, 10}, std::nullopt, ""})),
            "invalid");
}

TEST_P(StoreContract, FilesRoundTripTheirBytes) {
  auto s = seed();
  // Every byte value (NUL, invalid UTF-8, quotes) and every padding length of the base64 column.
  std::string bytes;
  for (int k = 0; k < 256; ++k) bytes += static_cast<char>(k);
  bytes += "'\";--\r\n";
  const Timestamp at = 1'770'000'000;
  StoredFile f{"f-7Hq2xK", s.org, "bien-ban-hop.pdf", "application/pdf", 0, "", s.user, at, bytes};
  f.size = static_cast<std::int64_t>(bytes.size());
  f.sha256 = std::string(64, 'a');
  EXPECT_TRUE(PW_OK(store_->put_file(f)));

  auto got = PW_OK(store_->get_file("f-7Hq2xK", true));
  EXPECT_EQ(got->key, "f-7Hq2xK");
  EXPECT_EQ(got->org_id, s.org);
  EXPECT_EQ(got->name, "bien-ban-hop.pdf");
  EXPECT_EQ(got->content_type, "application/pdf");
  EXPECT_EQ(got->size, static_cast<std::int64_t>(bytes.size()));
  EXPECT_EQ(got->sha256, std::string(64, 'a'));
  EXPECT_EQ(got->uploaded_by, s.user);
  EXPECT_EQ(got->at, at);
  EXPECT_EQ(got->content, bytes);
  auto meta = PW_OK(store_->get_file("f-7Hq2xK", false));
  EXPECT_EQ(meta->name, "bien-ban-hop.pdf");
  EXPECT_EQ(meta->size, static_cast<std::int64_t>(bytes.size()));
  EXPECT_TRUE(meta->content.empty());

  for (std::size_t n = 0; n < 4; ++n) {  // "", one, two and three bytes: "==", "=", no padding
    StoredFile small = f;
    small.key = "small-" + std::to_string(n);
    small.content = bytes.substr(250, n);
    small.size = static_cast<std::int64_t>(n);
    ASSERT_TRUE(PW_OK(store_->put_file(small)));
    EXPECT_EQ(PW_OK(store_->get_file(small.key, true))->content, small.content) << n;
  }
  StoredFile big = f;  // 1 MiB
  big.key = "big";
  big.content.clear();
  for (int k = 0; k < (1 << 20); ++k) big.content += static_cast<char>((k * 7919) & 0xFF);
  big.size = static_cast<std::int64_t>(big.content.size());
  ASSERT_TRUE(PW_OK(store_->put_file(big)));
  EXPECT_TRUE(PW_OK(store_->get_file("big", true))->content == big.content);

  // The key is the identity: a second put is refused and keeps the first content.
  StoredFile dup = f;
  dup.content = "other";
  EXPECT_EQ(PW_CODE(store_->put_file(dup)), "conflict");
  EXPECT_EQ(PW_OK(store_->get_file("f-7Hq2xK", true))->content, bytes);
  EXPECT_EQ(PW_CODE(store_->get_file("missing", true)), "not_found");
  EXPECT_EQ(PW_CODE(store_->get_file("missing", false)), "not_found");
  StoredFile bad = f;
  bad.key = "bad-org";
  bad.org_id = s.org + 99;
  EXPECT_EQ(PW_CODE(store_->put_file(bad)), "invalid");  // FK organisations
  bad.key = "bad-user";
  bad.org_id = s.org;
  bad.uploaded_by = s.user + 99;
  EXPECT_EQ(PW_CODE(store_->put_file(bad)), "invalid");  // FK users
  EXPECT_EQ(PW_CODE(store_->get_file("bad-user", false)), "not_found");
}

TEST_P(StoreContract, ExplanationsAreAskedListedAndAnsweredOnce) {
  auto s = seed();
  Id t = *PW_OK(store_->create_task(make_task(s.plan, s.group, "1", "Triển khai nền tảng số", s.skhcn)));
  Plan other = *store_->get_plan(s.plan);
  other.id = 0;
  other.title = "Kế hoạch cải cách hành chính năm 2026";
  Id plan2 = *PW_OK(store_->create_plan(other));

  Explanation e;
  e.plan_id = s.plan;
  e.entity = "task";
  e.entity_id = t;
  e.agency_id = s.skhcn;
  e.requested_by = s.user;
  e.question = "Vì sao nhiệm vụ chậm tiến độ?";
  e.asked_at = 100;
  Id e1 = *PW_OK(store_->create_explanation(e));
  e.entity = "indicator";
  e.entity_id = 42;  // not a foreign key: the entity is either table
  e.question = "Chỉ tiêu 3 chưa đạt";
  e.asked_at = 200;
  Id e2 = *PW_OK(store_->create_explanation(e));
  e.plan_id = plan2;
  e.entity = "task";
  e.agency_id = s.stttt;
  e.asked_at = 150;
  Id e3 = *PW_OK(store_->create_explanation(e));

  auto got = PW_OK(store_->get_explanation(e1));
  EXPECT_EQ(got->id, e1);
  EXPECT_EQ(got->plan_id, s.plan);
  EXPECT_EQ(got->entity, "task");
  EXPECT_EQ(got->entity_id, t);
  EXPECT_EQ(got->agency_id, s.skhcn);
  EXPECT_EQ(got->requested_by, s.user);
  EXPECT_EQ(got->question, "Vì sao nhiệm vụ chậm tiến độ?");
  EXPECT_EQ(got->asked_at, 100);
  EXPECT_FALSE(got->answer);
  EXPECT_FALSE(got->answered_by);
  EXPECT_FALSE(got->answered_at);

  auto ids = [](const std::vector<Explanation>& v) {
    std::vector<Id> out;
    for (const auto& x : v) out.push_back(x.id);
    return out;
  };
  EXPECT_EQ(ids(*PW_OK(store_->list_explanations({}))), (std::vector<Id>{e2, e3, e1}));  // newest first
  EXPECT_EQ(ids(*PW_OK(store_->list_explanations({s.skhcn, std::nullopt, std::nullopt}))), (std::vector<Id>{e2, e1}));
  EXPECT_EQ(ids(*PW_OK(store_->list_explanations({std::nullopt, plan2, std::nullopt}))), (std::vector<Id>{e3}));
  EXPECT_EQ(ids(*PW_OK(store_->list_explanations({s.stttt, s.plan, std::nullopt}))), (std::vector<Id>{}));

  EXPECT_TRUE(PW_OK(store_->answer_explanation(e1, "Do thiếu kinh phí; dự kiến hoàn thành quý III.", s.user, 300)));
  got = PW_OK(store_->get_explanation(e1));
  EXPECT_EQ(got->answer, std::optional<std::string>("Do thiếu kinh phí; dự kiến hoàn thành quý III."));
  EXPECT_EQ(got->answered_by, s.user);
  EXPECT_EQ(got->answered_at, std::optional<Timestamp>(300));
  EXPECT_EQ(ids(*PW_OK(store_->list_explanations({std::nullopt, std::nullopt, true}))), (std::vector<Id>{e1}));
  EXPECT_EQ(ids(*PW_OK(store_->list_explanations({s.skhcn, std::nullopt, false}))), (std::vector<Id>{e2}));

  // A second answer is refused and changes nothing.
  EXPECT_EQ(PW_CODE(store_->answer_explanation(e1, "Trả lời khác", s.user, 400)), "conflict");
  EXPECT_EQ(PW_OK(store_->get_explanation(e1))->answered_at, std::optional<Timestamp>(300));
  EXPECT_EQ(PW_CODE(store_->answer_explanation(e3 + 99, "x", s.user, 400)), "not_found");
  // An answer by an unknown user is refused and leaves the request open.
  EXPECT_EQ(PW_CODE(store_->answer_explanation(e2, "x", s.user + 99, 400)), "invalid");
  EXPECT_FALSE(PW_OK(store_->get_explanation(e2))->answer);
  EXPECT_EQ(PW_CODE(store_->get_explanation(e3 + 99)), "not_found");

  Explanation bad = e;
  bad.plan_id = plan2 + 99;
  EXPECT_EQ(PW_CODE(store_->create_explanation(bad)), "invalid");  // FK plans
  bad = e;
  bad.agency_id = s.stttt + 99;
  EXPECT_EQ(PW_CODE(store_->create_explanation(bad)), "invalid");  // FK agencies
  bad = e;
  bad.requested_by = s.user + 99;
  EXPECT_EQ(PW_CODE(store_->create_explanation(bad)), "invalid");  // FK users
  bad = e;
  bad.entity = "plan";
  EXPECT_EQ(PW_CODE(store_->create_explanation(bad)), "invalid");  // CHECK
  EXPECT_EQ(PW_OK(store_->list_explanations({}))->size(), 3u);
}

TEST_P(StoreContract, AgencyMessagesNewestFirstSentOrNot) {
  auto s = seed();
  Id m1 = *PW_OK(store_->enqueue_reminder({0, s.skhcn, "Nhắc báo cáo tháng 1", "…", 10, std::nullopt, std::nullopt}));
  Id m2 = *PW_OK(store_->enqueue_reminder({0, s.skhcn, "Yêu cầu giải trình", "…", 30, std::nullopt, std::nullopt}));
  Id m3 = *PW_OK(store_->enqueue_reminder({0, s.skhcn, "Nhắc báo cáo tháng 2", "…", 20, std::nullopt, std::nullopt}));
  (void)*PW_OK(store_->enqueue_reminder({0, s.stttt, "Nhắc báo cáo", "…", 40, std::nullopt, std::nullopt}));
  ASSERT_TRUE(PW_OK(store_->mark_reminder_sent(m1, 15)));

  auto inbox = PW_OK(store_->list_reminders(s.skhcn, 10));
  ASSERT_EQ(inbox->size(), 3u);
  EXPECT_EQ((*inbox)[0].id, m2);
  EXPECT_EQ((*inbox)[0].subject, "Yêu cầu giải trình");
  EXPECT_FALSE((*inbox)[0].sent_at);
  EXPECT_EQ((*inbox)[1].id, m3);
  EXPECT_EQ((*inbox)[2].id, m1);
  EXPECT_EQ((*inbox)[2].sent_at, std::optional<Timestamp>(15));
  EXPECT_EQ(PW_OK(store_->list_reminders(s.skhcn, 2))->size(), 2u);
  EXPECT_EQ(PW_OK(store_->list_reminders(s.stttt, 10))->size(), 1u);
  EXPECT_TRUE(PW_OK(store_->list_reminders(s.stttt + 99, 10))->empty());
}

TEST_P(StoreContract, NationalRollupPerOrganisation) {
  auto s = seed();  // "UBND thành phố Đà Nẵng": one published plan
  Period q2 = *store_->get_period(s.period);
  q2.label = "2026-Q2";
  q2.start = {2026, 3, 15};
  q2.end = {2026, 6, 14};
  Id p2 = *PW_OK(store_->create_period(q2));
  Id a1 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "1", "A1", s.skhcn)));
  Id a2 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "2", "A2", s.skhcn, {s.stttt})));
  Id a3 = *PW_OK(store_->create_task(make_task(s.plan, s.group, "3", "A3", s.stttt)));
  (void)*PW_OK(store_->create_task(make_task(s.plan, s.group, "4", "A4", std::nullopt)));
  // a1: Q1 in_progress 40, then Q2 completed 100 → completed 100.
  (void)*PW_OK(store_->create_report(
      make_report(a1, s.period, s.skhcn, s.user, ReportStatus::accepted, Progress::in_progress, 40)));
  Id a1q2 =
      PW_OK(store_->create_report(make_report(a1, p2, s.skhcn, s.user, ReportStatus::draft, Progress::completed, 100)))
          ->id;
  // a2: the lead's at_risk 20 counts before the coordinating agency's completed 100 (the roll-up
  // counts accepted reports only: public figures).
  (void)*PW_OK(store_->create_report(
      make_report(a2, s.period, s.skhcn, s.user, ReportStatus::accepted, Progress::at_risk, 20)));
  (void)*PW_OK(store_->create_report(
      make_report(a2, s.period, s.stttt, s.user, ReportStatus::accepted, Progress::completed, 100)));
  // a3: only a draft → not reported.
  (void)*PW_OK(
      store_->create_report(make_report(a3, s.period, s.stttt, s.user, ReportStatus::draft, Progress::completed, 100)));

  // A second province: one published plan (one task, not_started 0), one amended plan (one task, no
  // report) and one draft plan; a third has no plan at all.
  Id org2 = *PW_OK(store_->create_organisation({0, "UBND tỉnh Bắc Ninh", "city"}));
  Id ag2 = *PW_OK(store_->create_agency({0, org2, "Sở Nội vụ", {}, std::nullopt, {}, AgencyKind::named, {}}));
  Id org3 = *PW_OK(store_->create_organisation({0, "UBND tỉnh Lào Cai", "city"}));
  Plan base = *store_->get_plan(s.plan);
  base.id = 0;
  base.org_id = org2;
  Id pub2 = *PW_OK(store_->create_plan(base));
  base.status = PlanStatus::amended;
  Id amd2 = *PW_OK(store_->create_plan(base));
  base.status = PlanStatus::draft;
  Id dr2 = *PW_OK(store_->create_plan(base));
  Period per2 = *store_->get_period(s.period);
  per2.id = 0;
  per2.plan_id = pub2;
  Id pe2 = *PW_OK(store_->create_period(per2));
  Id b1 = *PW_OK(store_->create_task(make_task(pub2, std::nullopt, "1", "B1", ag2)));
  (void)*PW_OK(store_->create_task(make_task(amd2, std::nullopt, "1", "B2", ag2)));
  Id d1 = *PW_OK(store_->create_task(make_task(dr2, std::nullopt, "1", "D1", ag2)));
  (void)*PW_OK(
      store_->create_report(make_report(b1, pe2, ag2, s.user, ReportStatus::accepted, Progress::not_started, 0)));
  (void)*PW_OK(
      store_->create_report(make_report(d1, pe2, ag2, s.user, ReportStatus::accepted, Progress::completed, 100)));

  auto rows = PW_OK(store_->national_rollup({PlanStatus::published, PlanStatus::amended}));
  ASSERT_EQ(rows->size(), 3u);  // every organisation, by name
  const auto& dn = (*rows)[0];
  EXPECT_EQ(dn.org_id, s.org);
  EXPECT_EQ(dn.org_name, "UBND thành phố Đà Nẵng");
  EXPECT_EQ(dn.plans, 1);
  EXPECT_EQ(dn.tasks, 4);
  EXPECT_EQ(dn.reported, 2);
  EXPECT_EQ(dn.in_progress, 1);  // a1's Q2 report is still a draft
  EXPECT_EQ(dn.at_risk, 1);
  EXPECT_EQ(dn.completed, 0);
  EXPECT_EQ(dn.not_started, 0);
  EXPECT_DOUBLE_EQ(dn.average_percent, 30.0);
  const auto& bn = (*rows)[1];
  EXPECT_EQ(bn.org_id, org2);
  EXPECT_EQ(bn.plans, 2);
  EXPECT_EQ(bn.tasks, 2);
  EXPECT_EQ(bn.reported, 1);
  EXPECT_EQ(bn.not_started, 1);
  EXPECT_DOUBLE_EQ(bn.average_percent, 0.0);
  const auto& lc = (*rows)[2];
  EXPECT_EQ(lc.org_id, org3);
  EXPECT_EQ(lc.plans, 0);
  EXPECT_EQ(lc.tasks, 0);
  EXPECT_EQ(lc.reported, 0);
  EXPECT_DOUBLE_EQ(lc.average_percent, 0.0);

  // Follows report changes: a1's Q2 report accepted; a2's lead agency becomes the coordinating one.
  ASSERT_TRUE(PW_OK(store_->set_report_status(a1q2, ReportStatus::accepted, 500)));
  PlanTask t2 = *store_->get_task(a2);
  t2.lead_agency_ids = {s.stttt};
  t2.coordinating_agency_ids = {s.skhcn};
  ASSERT_TRUE(PW_OK(store_->update_task(t2)));
  rows = PW_OK(store_->national_rollup({PlanStatus::published}));
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].completed, 2);
  EXPECT_EQ((*rows)[0].in_progress, 0);
  EXPECT_EQ((*rows)[0].at_risk, 0);
  EXPECT_DOUBLE_EQ((*rows)[0].average_percent, 100.0);
  EXPECT_EQ((*rows)[1].plans, 1);  // published only
  EXPECT_EQ((*rows)[1].tasks, 1);
  // The province dashboard counts the same reports.
  DashboardQuery dq;
  dq.org_id = s.org;
  std::int64_t completed = 0;
  auto dash = PW_OK(store_->province_dashboard(dq));
  ASSERT_TRUE(dash);
  for (const auto& d : *dash) completed += d.completed;
  EXPECT_EQ(completed, 2);

  // No status filter: every plan, drafts included.
  rows = PW_OK(store_->national_rollup({}));
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].plans, 3);
  EXPECT_EQ((*rows)[1].tasks, 3);
  EXPECT_EQ((*rows)[1].completed, 1);
  rows = PW_OK(store_->national_rollup({PlanStatus::replaced}));
  ASSERT_EQ(rows->size(), 3u);
  for (const auto& r : *rows) EXPECT_EQ(r.tasks, 0);
}

}  // namespace planwatch::store::testing
