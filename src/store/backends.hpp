#pragma once
// Internal: backend connections and the embedded migrations.
#include <memory>
#include <string>
#include <vector>

#include "db.hpp"

namespace planwatch::store::detail {

Expected<std::unique_ptr<Connection>> connect_sqlite(const std::string& data_dir, const SqliteOptions& options);
Expected<std::unique_ptr<Connection>> connect_postgres(const std::string& url);

// One embedded file of src/store/migrations: "0001_init.sql" (both dialects, @ID@ expands to the
// dialect's auto-increment key) or "0002_guards.sqlite.sql" / "0002_guards.postgres.sql".
struct MigrationFile {
  const char* name;
  const char* sql;
};
extern const MigrationFile kMigrationFiles[];
extern const std::size_t kMigrationFileCount;

struct Migration {
  int version = 0;
  std::string name;
  std::string sql;
};
// The migrations for `dialect`, in version order, placeholders expanded.
std::vector<Migration> migrations_for(Dialect dialect);

}  // namespace planwatch::store::detail
