#include <memory>
#include <string>

#include "backends.hpp"
#include "sql_store.hpp"

namespace planwatch::store {

Expected<std::unique_ptr<Store>> open_sqlite(const std::string& data_dir, const SqliteOptions& options) {
  try {
    auto c = detail::connect_sqlite(data_dir, options);
    if (!c) return Unexpected<Error>{c.error()};
    return std::unique_ptr<Store>(std::make_unique<detail::SqlStore>(std::move(*c)));
  } catch (const std::exception& e) {
    return detail::error("internal", std::string("open_sqlite: ") + e.what());
  }
}

Expected<std::unique_ptr<Store>> open_postgres(const std::string& url) {
  try {
    auto c = detail::connect_postgres(url);
    if (!c) return Unexpected<Error>{c.error()};
    return std::unique_ptr<Store>(std::make_unique<detail::SqlStore>(std::move(*c)));
  } catch (const std::exception& e) {
    return detail::error("internal", std::string("open_postgres: ") + e.what());
  }
}

Expected<std::unique_ptr<Store>> open_store(const std::string& spec) {
  auto starts = [&](const char* prefix) { return spec.rfind(prefix, 0) == 0; };
  if (starts("postgres://") || starts("postgresql://")) return open_postgres(spec);
  if (starts("sqlite:")) {
    std::string dir = spec.substr(7);
    if (dir.rfind("//", 0) == 0) dir = dir.substr(2);  // sqlite:///var/lib/planwatch
    if (dir.empty()) return detail::error("invalid", "empty directory in store spec '" + spec + "'");
    return open_sqlite(dir);
  }
  if (spec.empty()) return detail::error("invalid", "empty store spec");
  if (spec.find("://") != std::string::npos)
    return detail::error("invalid", "unknown store spec '" + spec + "' (sqlite:<dir>, <dir> or postgres://…)");
  return open_sqlite(spec);
}

}  // namespace planwatch::store
