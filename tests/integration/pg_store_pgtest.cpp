// The Store contract on PostgreSQL (skipped with a notice unless PLANWATCH_TEST_PG_URL is set),
// and what only the PostgreSQL backend has.
#include <libpq-fe.h>

#include "store_contract.hpp"

namespace planwatch::store::testing {

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContract, ::testing::Values(std::string("postgres")));

TEST(PgOnly, UnreachableServerIsUnavailable) {
  auto s = open_store("postgres://postgres@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "unavailable");
  EXPECT_FALSE(s.error().message.empty());
}

TEST(PgOnly, BackupIsDelegatedToPgDump) {
  if (!pg_url()) GTEST_SKIP() << kPgSkipNotice;
  TestDb db("postgres");
  auto s = db.open();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->backend(), "postgres");
  auto b = s->backup("/tmp/x.db");
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, "unsupported");
  EXPECT_NE(b.error().detail.find("pg_dump"), std::string::npos);
}

TEST(PgOnly, GuardsHoldAgainstRawSql) {
  if (!pg_url()) GTEST_SKIP() << kPgSkipNotice;
  TestDb db("postgres");
  auto s = db.open();
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->migrate());
  ASSERT_TRUE(s->append_audit({0, std::nullopt, 1, "x", "plan", 1, "", ""}));
  PGconn* c = PQconnectdb(db.spec().c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK);
  for (const char* sql : {"UPDATE audit_log SET action = 'y'", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
    PGresult* r = PQexec(c, sql);
    EXPECT_EQ(PQresultStatus(r), PGRES_FATAL_ERROR) << sql;
    EXPECT_STREQ(PQresultErrorField(r, PG_DIAG_SQLSTATE), "23001") << sql;
    PQclear(r);
  }
  PQfinish(c);
}

}  // namespace planwatch::store::testing
