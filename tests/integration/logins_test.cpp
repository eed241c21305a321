// Migration 0008 (logins stored in lower case) on both backends: a database from before it has its
// mixed-case logins lower-cased; two logins that differ only in case stop the upgrade with a message
// and leave everything as it was; afterwards the database itself refuses a login that is not lower case.
#include "store_contract.hpp"

namespace planwatch::store::testing {
namespace {

// Takes 0008 out of a migrated database (its triggers and its row; later migrations stay applied) so it can
// hold mixed-case logins and the next migrate() applies 0008 alone.
void before_migration_8(const TestDb& db, bool sqlite) {
  const std::string undo = sqlite ? "DROP TRIGGER users_login_lower_insert; DROP TRIGGER users_login_lower_update;"
                                  : "DROP TRIGGER users_login_lower ON users;";
  ASSERT_EQ(raw_exec(db, undo + " DELETE FROM schema_migrations WHERE version = 8;"), "");
}

User user(Id org, const std::string& login) {
  User u;
  u.org_id = org;
  u.login = login;
  u.display_name = login;
  u.role = Role::leader;
  u.password_hash = "x";
  return u;
}

}  // namespace

TEST_P(StoreContract, MigrationLowerCasesExistingLogins) {
  const bool sqlite = GetParam() == "sqlite";
  const Id org = *PW_OK(store_->create_organisation({0, "UBND tỉnh A", "city"}));
  before_migration_8(*db_, sqlite);
  const Id mixed = *PW_OK(store_->create_user(user(org, "BaoCao.SKHCN")));
  const Id lower = *PW_OK(store_->create_user(user(org, "vanphong")));
  EXPECT_EQ(*PW_OK(store_->migrate()), 1);
  EXPECT_EQ(PW_OK(store_->get_user(mixed))->login, "baocao.skhcn");
  EXPECT_EQ(PW_OK(store_->get_user(lower))->login, "vanphong");
  EXPECT_EQ(PW_OK(store_->get_user_by_login("baocao.skhcn"))->id, mixed);
  // From now on the database refuses logins that are not stored normalised.
  EXPECT_EQ(PW_CODE(store_->create_user(user(org, "LanhDao"))), "conflict");
  auto u = *PW_OK(store_->get_user(lower));
  u.login = "VanPhong";
  EXPECT_EQ(PW_CODE(store_->update_user(u)), "conflict");
}

TEST_P(StoreContract, MigrationRefusesLoginsThatDifferOnlyInCase) {
  const bool sqlite = GetParam() == "sqlite";
  const Id org = *PW_OK(store_->create_organisation({0, "UBND tỉnh A", "city"}));
  before_migration_8(*db_, sqlite);
  const Id a = *PW_OK(store_->create_user(user(org, "Trung.NV")));
  const Id b = *PW_OK(store_->create_user(user(org, "trung.nv")));
  auto m = store_->migrate();
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().detail.find("differ only in case"), std::string::npos) << m.error().detail;
  EXPECT_TRUE(store_->create_user(user(org, "Chua.Nang.Cap")));  // 0008's triggers are still absent
  EXPECT_EQ(PW_OK(store_->get_user(a))->login, "Trung.NV");  // nothing changed
  EXPECT_EQ(PW_OK(store_->get_user(b))->login, "trung.nv");
  // Renaming one (as the message says) lets the upgrade through.
  auto renamed = *PW_OK(store_->get_user(a));
  renamed.login = "trung.nv2";
  EXPECT_TRUE(PW_OK(store_->update_user(renamed)));
  EXPECT_EQ(*PW_OK(store_->migrate()), 1);
}

}  // namespace planwatch::store::testing
