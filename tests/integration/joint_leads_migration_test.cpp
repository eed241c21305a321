// Migration 0010 (joint lead agencies) on both backends, on a database built by migrations 1–9 and
// filled the way the code before it wrote: one lead per task in tasks.lead_agency_id, a second
// printed lead demoted to the coordinating agencies — recorded, for a name the office resolved at
// review, in the draft's agency-name mentions. After the upgrade the task has both leads back, the
// coordinating agency stays one, and the public figures follow the joint-lead rule.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "store_contract.hpp"

namespace planwatch::store::testing {
namespace {

// The schema as of `version`: the migration files up to it, for this backend, as the store runs them.
std::string schema_up_to(int version, bool sqlite) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(PLANWATCH_SOURCE_DIR) / "src/store/migrations")) {
    const std::string name = e.path().filename().string();
    if (std::stoi(name.substr(0, 4)) > version) continue;
    if (name.find(sqlite ? ".postgres." : ".sqlite.") != std::string::npos) continue;
    files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::string sql;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    std::string body = text.str();
    const std::string id = sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
    for (auto at = body.find("@ID@"); at != std::string::npos; at = body.find("@ID@", at)) body.replace(at, 4, id);
    const std::string stem = f.filename().string().substr(0, 4);
    sql += body + ";\nINSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
           std::to_string(std::stoi(stem)) + ", '" + f.stem().string() + "', 0);\n";
  }
  return "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);\n" +
         sql;
}

}  // namespace

TEST_P(StoreContract, MigrationRestoresDemotedLeadsAndCombinesTheirFigures) {
  const bool sqlite = GetParam() == "sqlite";
  TestDb old(GetParam());
  ASSERT_EQ(raw_exec(old, schema_up_to(9, sqlite)), "");
  // Agencies 1 (Sở KH&CN), 2 (Sở Tài chính), 3 (Sở Nội vụ). Task 1 was printed "Sở KH&CN; Sở Tài chính"
  // with "Sở Nội vụ" coordinating: stored with lead 1 and coordinating 2 (demoted; the mention says
  // lead) and 3. Task 2 had no lead agency. Target 1 likewise had lead 1 and a demoted lead 2.
  // Reports on task 1, accepted: agency 1 completed, agency 2 in progress 40 % (the old figures: the
  // lead's report, completed).
  ASSERT_EQ(raw_exec(old, R"SQL(
INSERT INTO organisations (name, kind) VALUES ('UBND thành phố Cần Thơ', 'city');
INSERT INTO agencies (org_id, name, name_folded) VALUES (1, 'Sở Khoa học và Công nghệ', 'so khoa hoc va cong nghe');
INSERT INTO agencies (org_id, name, name_folded) VALUES (1, 'Sở Tài chính', 'so tai chinh');
INSERT INTO agencies (org_id, name, name_folded) VALUES (1, 'Sở Nội vụ', 'so noi vu');
INSERT INTO users (org_id, agency_id, login, display_name, role, password_hash) VALUES (1, 1, 'u', 'u', 'reporter', 'x');
INSERT INTO plans (org_id, title, title_folded, doc_type, status, start_on, end_on, schedule_json)
  VALUES (1, 'Kế hoạch', 'ke hoach', 'Kế hoạch', 'published', '2026-01-01', '2026-12-31', '{"frequencies":["quarterly"]}');
INSERT INTO tasks (plan_id, ref, text, text_folded, lead_agency_id, latest_progress, latest_percent)
  VALUES (1, '1', 'Nhiệm vụ chung', 'nhiem vu chung', 1, 'completed', 100);
INSERT INTO tasks (plan_id, ref, text, text_folded) VALUES (1, '2', 'Không chủ trì', 'khong chu tri');
INSERT INTO task_agencies (task_id, agency_id, position) VALUES (1, 2, 0);
INSERT INTO task_agencies (task_id, agency_id, position) VALUES (1, 3, 1);
INSERT INTO task_agencies (task_id, agency_id, position) VALUES (2, 3, 0);
INSERT INTO indicators (plan_id, ref, text, text_folded, direction, lead_agency_id) VALUES (1, 'CT1', 'Chỉ tiêu', 'chi tieu', 'increase', 1);
INSERT INTO indicator_agencies (indicator_id, agency_id, position) VALUES (1, 2, 0);
INSERT INTO plan_agency_names (plan_id, name, kind, decision, agency_id) VALUES (1, 'Sở Tài chính', 'named', 'agency', 2);
INSERT INTO plan_agency_mentions (name_id, position, task_id, indicator_id, lead) VALUES (1, 0, 1, NULL, 1);
INSERT INTO plan_agency_mentions (name_id, position, task_id, indicator_id, lead) VALUES (1, 1, NULL, 1, 1);
INSERT INTO periods (plan_id, frequency, label, start_on, end_on, due_on, locks_on)
  VALUES (1, 'quarterly', '2026-Q1', '2025-12-15', '2026-03-14', '2026-04-05', '2026-04-15');
INSERT INTO task_reports (task_id, period_id, agency_id, version, status, progress, percent, author_id)
  VALUES (1, 1, 1, 1, 'accepted', 'completed', 100, 1);
INSERT INTO task_reports (task_id, period_id, agency_id, version, status, progress, percent, author_id)
  VALUES (1, 1, 2, 1, 'accepted', 'in_progress', 40, 1);
)SQL"),
            "");
  auto st = old.open();
  ASSERT_TRUE(st);
  EXPECT_EQ(*PW_OK(st->schema_version()), 9);
  EXPECT_GE(*PW_OK(st->migrate()), 1);

  auto t1 = PW_OK(st->get_task(1));
  EXPECT_EQ(t1->lead_agency_ids, (std::vector<Id>{1, 2}));
  EXPECT_EQ(t1->coordinating_agency_ids, (std::vector<Id>{3}));
  EXPECT_FALSE(t1->consolidating_agency_id);
  auto t2 = PW_OK(st->get_task(2));
  EXPECT_TRUE(t2->lead_agency_ids.empty());
  EXPECT_EQ(t2->coordinating_agency_ids, (std::vector<Id>{3}));
  auto i1 = PW_OK(st->get_indicator(1));
  EXPECT_EQ(i1->lead_agency_ids, (std::vector<Id>{1, 2}));
  EXPECT_TRUE(i1->coordinating_agency_ids.empty());
  EXPECT_EQ(PW_OK(st->get_agency(1))->kind, AgencyKind::named);

  // Public figures: one row per lead with its own part, the task without a lead in the last row; the
  // national figure combines the parts (completed + 40 % → in progress, (100 + 40) / 2 = 70 %).
  DashboardQuery q;
  q.org_id = 1;
  auto rows = PW_OK(st->province_dashboard(q));
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].lead_agency_id, 1);  // "Sở Khoa học…" < "Sở Tài chính"
  EXPECT_EQ((*rows)[0].completed, 1);
  EXPECT_EQ((*rows)[1].lead_agency_id, 2);
  EXPECT_EQ((*rows)[1].in_progress, 1);
  EXPECT_DOUBLE_EQ((*rows)[1].average_percent, 40.0);
  EXPECT_FALSE((*rows)[2].lead_agency_id);
  EXPECT_EQ((*rows)[2].not_reported, 1);
  auto national = PW_OK(st->national_rollup({PlanStatus::published}));
  ASSERT_EQ(national->size(), 1u);
  EXPECT_EQ((*national)[0].tasks, 2);
  EXPECT_EQ((*national)[0].in_progress, 1);
  EXPECT_EQ((*national)[0].completed, 0);
  EXPECT_DOUBLE_EQ((*national)[0].average_percent, 70.0);
  // Nothing else moved: the reports are all there, and a second migrate() is a no-op.
  ReportFilter all;
  all.latest_only = false;
  EXPECT_EQ(PW_OK(st->list_reports(all))->size(), 2u);
  EXPECT_EQ(*PW_OK(st->migrate()), 0);
}

}  // namespace planwatch::store::testing
