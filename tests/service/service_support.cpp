#include "service_support.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <list>

#include "../integration/store_support.hpp"
#include "planwatch/service/service.hpp"

namespace planwatch::service::testing {

Expected<std::unique_ptr<store::Store>> open_fresh(Backend b) {
  // The databases live as long as the test binary (dropped at exit) — tests are short-lived.
  static std::list<store::testing::TestDb> dbs;
  if (b == Backend::postgres && !store::testing::pg_url()) return fail("skipped", store::testing::kPgSkipNotice);
  auto& db = dbs.emplace_back(b == Backend::sqlite ? "sqlite" : "postgres");
  auto st = db.open();
  if (!st) return fail("unavailable", "cannot open " + db.spec());
  auto m = st->migrate();
  if (!m) return fail(m.error().code, m.error().detail);
  return st;
}

Seed seed_city(store::Store& st) {
  // One Argon2id hash for every seeded user keeps the suite fast (the salt is per hash anyway).
  static const std::string hash = hash_password(kPassword);
  Seed s;
  s.org = *st.create_organisation({0, "UBND thành phố Cần Thơ", "city"});
  s.other_org = *st.create_organisation({0, "UBND tỉnh Hậu Giang", "city"});
  s.skhcn = *st.create_agency({0, s.org, "Sở Khoa học và Công nghệ", {"Sở KH&CN", "SKHCN"}, {}, {}, AgencyKind::named, {}});
  s.stc = *st.create_agency({0, s.org, "Sở Tài chính", {}, {}, {}, AgencyKind::named, {}});
  s.other_agency = *st.create_agency({0, s.other_org, "Sở Khoa học và Công nghệ", {}, {}, {}, AgencyKind::named, {}});
  auto user = [&](Id org, std::optional<Id> agency, const char* login, Role role) {
    User u;
    u.org_id = org;
    u.agency_id = agency;
    u.login = login;
    u.display_name = login;
    u.role = role;
    u.password_hash = hash;
    auto id = st.create_user(u);
    EXPECT_TRUE(id);
    return id ? *id : 0;
  };
  s.admin = user(s.org, std::nullopt, "quantri", Role::admin);
  s.office = user(s.org, std::nullopt, "vanphong", Role::office);
  s.leader = user(s.org, std::nullopt, "lanhdao", Role::leader);
  s.reporter = user(s.org, s.skhcn, "baocao.skhcn", Role::reporter);
  s.approver = user(s.org, s.skhcn, "pheduyet.skhcn", Role::approver);
  s.other_reporter = user(s.org, s.stc, "baocao.stc", Role::reporter);
  s.other_office = user(s.other_org, std::nullopt, "vanphong.hg", Role::office);
  return s;
}

std::string demo_plan() {
  std::ifstream in(std::string(PLANWATCH_SOURCE_DIR) + "/demo/plan-demo.txt", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

}  // namespace planwatch::service::testing
