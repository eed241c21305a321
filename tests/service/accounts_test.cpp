// Accounts and installation over a real store, on SQLite and (with PLANWATCH_TEST_PG_URL) PostgreSQL:
// the first-run initialisation, the demo seed as one transaction, password change and reset with their
// sessions and audit entries, case-insensitive logins, file names with bidi controls.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "planwatch/service/demo.hpp"
#include "planwatch/service/init.hpp"
#include "planwatch/service/service.hpp"
#include "service_support.hpp"

namespace planwatch::service {
namespace {

using testing::Backend;

constexpr Timestamp kNow = 20780LL * 86400 + 3 * 3600;  // 2026-11-23 10:00 in Vietnam

// A fresh, empty (migrated) database; seed() adds the two-city seed of service_support.
class AccountsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    auto st = testing::open_fresh(GetParam());
    if (!st && st.error().code == "skipped") GTEST_SKIP() << st.error().message;
    ASSERT_TRUE(st) << st.error().message;
    store_ = std::move(*st);
  }
  void seed() { seed_ = testing::seed_city(*store_); }
  Service svc() { return Service(*store_, cfg_, kNow); }
  Actor as(Id user_id, const std::string& session = {}) {
    auto u = store_->get_user(user_id);
    EXPECT_TRUE(u);
    Actor a = actor_of(*u);
    a.session = session.empty() ? std::string() : sha256_hex(session);
    return a;
  }
  std::size_t organisations() { return store_->list_organisations()->size(); }
  std::size_t audit_count(Id user, const std::string& action) {
    auto entries = store_->list_audit("user", user, 100);
    EXPECT_TRUE(entries);
    if (!entries) return 0;
    return static_cast<std::size_t>(
        std::count_if(entries->begin(), entries->end(), [&](const AuditEntry& e) { return e.action == action; }));
  }
  bool signed_in(const std::string& token) { return static_cast<bool>(svc().authenticate(token)); }

  Config cfg_;
  std::unique_ptr<store::Store> store_;
  testing::Seed seed_;
};

// ---- item 5: the demo seed is all or nothing ----

TEST_P(AccountsTest, AFailedDemoSeedLeavesTheDatabaseEmpty) {
  // The plan step fails (an empty document, as when demo/plan-demo.txt was missing): the organisation,
  // agencies and users written before it must go too, so the next start seeds again.
  auto r = seed_demo(*store_, "plan-demo.txt", "", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(organisations(), 0u);
  EXPECT_EQ(store_->get_user_by_login("quantri").error().code, "not_found");
  auto again = seed_demo(*store_, "plan-demo.txt", testing::demo_plan(), kNow);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(organisations(), 1u);
  store::PlanFilter all;
  EXPECT_EQ(store_->list_plans(all)->size(), 1u);
}

// ---- item 4: first run ----

TEST_P(AccountsTest, InitCreatesTheOrganisationAndItsAdministratorOnce) {
  FirstRun in{"UBND tỉnh Hậu Giang", "city", "QuanTri.HG", "Quản trị", "mot-mat-khau-dai"};
  auto id = initialise(*store_, in, kNow);
  ASSERT_TRUE(id) << id.error().message;
  auto u = store_->get_user(*id);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->login, "quantri.hg");  // stored normalised
  EXPECT_EQ(u->role, Role::admin);
  EXPECT_EQ(store_->get_organisation(u->org_id)->name, "UBND tỉnh Hậu Giang");
  EXPECT_TRUE(svc().login("quantri.hg", "mot-mat-khau-dai", "10.0.0.1"));
  EXPECT_EQ(audit_count(*id, "install.init"), 1u);

  // A second run refuses and changes nothing.
  FirstRun again{"UBND khác", "city", "khac", "Khác", "mot-mat-khau-dai"};
  auto second = initialise(*store_, again, kNow);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, "conflict");
  EXPECT_NE(second.error().message.find("đã được khởi tạo"), std::string::npos) << second.error().message;
  EXPECT_EQ(organisations(), 1u);
  EXPECT_EQ(store_->get_user_by_login("khac").error().code, "not_found");
}

TEST_P(AccountsTest, InitAppliesThePasswordAndLoginPolicy) {
  auto weak = initialise(*store_, {"UBND tỉnh A", "city", "quantri", "Quản trị", "ngan"}, kNow);
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, "invalid");
  auto bad_login = initialise(*store_, {"UBND tỉnh A", "city", "quản trị", "Quản trị", "mot-mat-khau-dai"}, kNow);
  ASSERT_FALSE(bad_login);
  EXPECT_EQ(bad_login.error().code, "invalid");
  auto no_org = initialise(*store_, {"  ", "city", "quantri", "Quản trị", "mot-mat-khau-dai"}, kNow);
  ASSERT_FALSE(no_org);
  EXPECT_EQ(no_org.error().code, "invalid");
  auto bad_kind = initialise(*store_, {"UBND tỉnh A", "huyen", "quantri", "Quản trị", "mot-mat-khau-dai"}, kNow);
  ASSERT_FALSE(bad_kind);
  EXPECT_EQ(bad_kind.error().code, "invalid");
  EXPECT_EQ(organisations(), 0u);
}

TEST_P(AccountsTest, InitRefusesADatabaseThatAlreadyHasUsers) {
  seed();
  auto r = initialise(*store_, {"UBND tỉnh Mới", "city", "quantri.moi", "Quản trị", "mot-mat-khau-dai"}, kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "conflict");
  EXPECT_EQ(organisations(), 2u);
}

// ---- item 7: password change (own, with the current password) and reset (admin) ----

TEST_P(AccountsTest, ChangingOwnPasswordNeedsTheCurrentOne) {
  seed();
  auto s = svc();
  auto mine = s.login("baocao.skhcn", testing::kPassword, "10.0.0.1");
  ASSERT_TRUE(mine);
  const Actor me = as(seed_.reporter, mine->token);
  EXPECT_EQ(s.change_password(me, seed_.reporter, "", "mat-khau-moi-dai", "10.0.0.1").error().code, "invalid");
  EXPECT_EQ(s.change_password(me, seed_.reporter, "sai-mat-khau-cu", "mat-khau-moi-dai", "10.0.0.1").error().code,
            "forbidden");
  EXPECT_EQ(audit_count(seed_.reporter, "user.password_failed"), 2u);
  EXPECT_EQ(audit_count(seed_.reporter, "user.password"), 0u);
  // Still the old password.
  EXPECT_TRUE(verify_password(testing::kPassword, store_->get_user(seed_.reporter)->password_hash));
  // A wrong current password counts as a failed sign-in of that login (throttled like one).
  EXPECT_EQ(*store_->count_failed_logins_by_login("baocao.skhcn", 0), 1);
}

TEST_P(AccountsTest, ChangingOwnPasswordKeepsThisSessionAndEndsTheOthers) {
  seed();
  auto s = svc();
  auto here = s.login("baocao.skhcn", testing::kPassword, "10.0.0.1");
  auto there = s.login("baocao.skhcn", testing::kPassword, "10.0.0.2");
  auto someone_else = s.login("vanphong", testing::kPassword, "10.0.0.3");
  ASSERT_TRUE(here && there && someone_else);
  auto r = s.change_password(as(seed_.reporter, here->token), seed_.reporter, testing::kPassword, "mat-khau-moi-dai",
                             "10.0.0.1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(signed_in(here->token));
  EXPECT_FALSE(signed_in(there->token));
  EXPECT_TRUE(signed_in(someone_else->token));
  EXPECT_TRUE(s.login("baocao.skhcn", "mat-khau-moi-dai", "10.0.0.1"));
  EXPECT_EQ(audit_count(seed_.reporter, "user.password"), 1u);
  // The policy applies to the new password.
  EXPECT_EQ(s.change_password(as(seed_.reporter, here->token), seed_.reporter, "mat-khau-moi-dai", "ngan", "10.0.0.1")
                .error()
                .code,
            "invalid");
}

TEST_P(AccountsTest, OnlyAnAdministratorResetsSomeoneElsesPassword) {
  seed();
  auto s = svc();
  auto victim = s.login("baocao.skhcn", testing::kPassword, "10.0.0.1");
  auto admin = s.login("quantri", testing::kPassword, "10.0.0.9");
  ASSERT_TRUE(victim && admin);
  // Not through the own-password route, even knowing the password; not by the office or a colleague.
  EXPECT_EQ(s.change_password(as(seed_.admin, admin->token), seed_.reporter, testing::kPassword, "mat-khau-moi-dai", "")
                .error()
                .code,
            "forbidden");
  EXPECT_EQ(s.reset_password(as(seed_.office), seed_.reporter, "mat-khau-moi-dai").error().code, "forbidden");
  EXPECT_EQ(s.reset_password(as(seed_.approver), seed_.reporter, "mat-khau-moi-dai").error().code, "forbidden");
  EXPECT_EQ(s.reset_password(Actor{}, seed_.reporter, "mat-khau-moi-dai").error().code, "unauthenticated");
  // An administrator's own password goes through the change (with the current password), not a reset.
  EXPECT_EQ(s.reset_password(as(seed_.admin, admin->token), seed_.admin, "mat-khau-moi-dai").error().code, "invalid");
  EXPECT_EQ(s.reset_password(as(seed_.admin, admin->token), 999999, "mat-khau-moi-dai").error().code, "not_found");
  auto r = s.reset_password(as(seed_.admin, admin->token), seed_.reporter, "mat-khau-dat-lai");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(signed_in(victim->token));  // every session of that user ends
  EXPECT_TRUE(signed_in(admin->token));
  EXPECT_TRUE(s.login("baocao.skhcn", "mat-khau-dat-lai", "10.0.0.1"));
  EXPECT_EQ(audit_count(seed_.reporter, "user.password_reset"), 1u);
  EXPECT_EQ(audit_count(seed_.reporter, "user.password"), 0u);
}

// ---- item 8: logins are case-insensitive ----

TEST_P(AccountsTest, LoginsAreCaseInsensitive) {
  seed();
  auto s = svc();
  auto r = s.login("  BaoCao.SKHCN ", testing::kPassword, "10.0.0.1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->actor.user_id, seed_.reporter);
  // New users are stored normalised, and a login differing only in case is the same login.
  NewUser n{"Nguoi.Moi", "Người mới", Role::leader, std::nullopt, "mat-khau-du-dai"};
  auto id = s.create_user(as(seed_.office), n);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(store_->get_user(*id)->login, "nguoi.moi");
  n.login = "NGUOI.MOI";
  EXPECT_EQ(s.create_user(as(seed_.office), n).error().code, "conflict");
  // Throttling counts the normalised login: changing the case does not buy more attempts.
  for (int k = 0; k < cfg_.max_failed_per_login; ++k)
    EXPECT_EQ(s.login(k % 2 ? "VanPhong" : "vanphong", "sai-mat-khau", "10.0.0.2").error().code, "unauthenticated");
  EXPECT_EQ(s.login("VANPHONG", testing::kPassword, "10.0.0.3").error().code, "throttled");
}

// ---- item 9: bidi controls in file names ----

TEST_P(AccountsTest, FileNamesWithBidiControlsAreRefused) {
  seed();
  auto s = svc();
  const std::vector<std::string> controls = {"\u202E", "\u202A", "\u202B", "\u202C", "\u202D", "\u2066",
                                             "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"};
  for (const auto& c : controls) {
    // "bao-cao<RLO>fdp.exe" shows as "bao-caoexe.pdf".
    auto r = s.upload_file(as(seed_.reporter), {"bao-cao" + c + "fdp.exe", "%PDF-1.4 x"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "invalid");
    EXPECT_NE(r.error().message.find("U+"), std::string::npos) << r.error().message;
    EXPECT_EQ(r.error().message.find(c), std::string::npos) << "the message repeats the control";
  }
  EXPECT_EQ(s.import_plan(as(seed_.office), {"ke-hoach\u202Etxt.exe", testing::demo_plan()}).error().code, "invalid");
  // Vietnamese names are fine.
  EXPECT_TRUE(s.upload_file(as(seed_.reporter), {"Biên bản họp (đợt 2).pdf", "%PDF-1.4 x"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const ::testing::TestParamInfo<Backend>& p) {
                           return p.param == Backend::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace planwatch::service
