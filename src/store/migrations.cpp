#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include "backends.hpp"

namespace planwatch::store::detail {

std::vector<Migration> migrations_for(Dialect dialect) {
  const std::string mine = dialect == Dialect::sqlite ? "sqlite" : "postgres";
  std::map<int, Migration> by_version;
  for (std::size_t k = 0; k < kMigrationFileCount; ++k) {
    std::string file = kMigrationFiles[k].name;  // 0001_init.sql, 0002_guards.sqlite.sql
    std::string stem = file.substr(0, file.size() - 4);
    std::string target;
    if (auto dot = stem.rfind('.'); dot != std::string::npos) {
      target = stem.substr(dot + 1);
      stem = stem.substr(0, dot);
    }
    if (!target.empty() && target != mine) continue;
    Migration m;
    m.version = std::atoi(stem.c_str());
    m.name = stem;
    m.sql = kMigrationFiles[k].sql;
    const std::string id = dialect == Dialect::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY";
    for (std::size_t at = m.sql.find("@ID@"); at != std::string::npos; at = m.sql.find("@ID@", at))
      m.sql.replace(at, 4, id);
    by_version[m.version] = std::move(m);
  }
  std::vector<Migration> out;
  for (auto& [v, m] : by_version) out.push_back(std::move(m));
  return out;
}

}  // namespace planwatch::store::detail
