#include "store_support.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

namespace planwatch::store::testing {
namespace {

std::atomic<int> counter{0};

void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  ASSERT_EQ(PQstatus(c), CONNECTION_OK) << PQerrorMessage(c);
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);  // "drop cascades to …"
  PGresult* r = PQexec(c, sql.c_str());
  EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
}

}  // namespace

std::optional<std::string> pg_url() {
  const char* url = std::getenv("PLANWATCH_TEST_PG_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::string make_temp_dir(const std::string& tag) {
  std::string templ = (std::filesystem::temp_directory_path() / ("planwatch-" + tag + "-XXXXXX")).string();
  if (mkdtemp(templ.data()) == nullptr) return {};
  return templ;
}

TestDb::TestDb(const std::string& backend) : backend_(backend) {
  if (backend == "sqlite") {
    dir_ = make_temp_dir("store");
    spec_ = "sqlite:" + dir_;
    return;
  }
  const auto url = pg_url();
  if (!url) return;
  schema_ = "t" + std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" +
            std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000);
  pg_exec(*url, "CREATE SCHEMA " + schema_);
  spec_ = *url + (url->find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
}

TestDb::~TestDb() {
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  if (!schema_.empty()) pg_exec(*pg_url(), "DROP SCHEMA " + schema_ + " CASCADE");
}

std::unique_ptr<Store> TestDb::open() const {
  auto s = open_store(spec_);
  EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().code + ": " + s.error().detail);
  if (!s) return nullptr;
  return std::move(*s);
}

std::string raw_exec(const TestDb& db, const std::string& sql) {
  std::string err;
  if (!db.dir().empty()) {  // SQLite
    sqlite3* c = nullptr;
    sqlite3_open((db.dir() + "/planwatch.db").c_str(), &c);
    char* msg = nullptr;
    if (sqlite3_exec(c, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) err = msg != nullptr ? msg : "error";
    sqlite3_free(msg);
    sqlite3_close(c);
    return err;
  }
  PGconn* c = PQconnectdb(db.spec().c_str());
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(c, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK) err = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(c);
  return err;
}

}  // namespace planwatch::store::testing
