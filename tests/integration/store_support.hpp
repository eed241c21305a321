#pragma once
// Integration-test support: a fresh, private database location per test for either backend.
//   sqlite   a new temporary directory (spec "sqlite:<dir>")
//   postgres a new schema in the database of $PLANWATCH_TEST_PG_URL (search_path set through the
//            URL's options), so tests can run in parallel against one cluster; dropped afterwards.
#include <memory>
#include <optional>
#include <string>

#include "planwatch/store/store.hpp"

namespace planwatch::store::testing {

// The PostgreSQL URL from the environment, or nullopt when unset or empty.
std::optional<std::string> pg_url();
inline constexpr const char* kPgSkipNotice =
    "PLANWATCH_TEST_PG_URL is not set: PostgreSQL instance skipped "
    "(export PLANWATCH_TEST_PG_URL=$(scripts/pg-test-cluster.sh start))";

class TestDb {
 public:
  explicit TestDb(const std::string& backend);  // "sqlite" | "postgres" (needs pg_url())
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  [[nodiscard]] const std::string& spec() const { return spec_; }
  [[nodiscard]] const std::string& dir() const { return dir_; }  // sqlite only
  [[nodiscard]] std::unique_ptr<Store> open() const;            // asserts success (returns null on failure)

 private:
  std::string backend_, spec_, dir_, schema_;
};

// Runs SQL on the test database through a raw connection, beside the store (a database shaped by an
// older schema, say); "" on success, else the database's message.
std::string raw_exec(const TestDb& db, const std::string& sql);

// A fresh temporary directory (removed by the caller).
std::string make_temp_dir(const std::string& tag);

}  // namespace planwatch::store::testing
