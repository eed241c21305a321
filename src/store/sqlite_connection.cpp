// SQLite backend: sqlite3 C API, one connection, prepared statements cached by SQL text.
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "backends.hpp"
#include "db.hpp"

namespace planwatch::store::detail {
namespace {

std::string code_for(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_TRIGGER:  // guards: accepted report, append-only audit log
      return "conflict";
    case SQLITE_CONSTRAINT_FOREIGNKEY:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
    case SQLITE_RANGE:
      return "invalid";
    default: break;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return "invalid";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL:
      return "unavailable";
    default: return "internal";
  }
}

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  [[nodiscard]] Dialect dialect() const override { return Dialect::sqlite; }

  Unexpected<Error> fail_rc(int rc, const std::string& what) {
    std::string detail = what + ": " + sqlite3_errstr(rc);
    const char* msg = sqlite3_errmsg(db_);
    if (msg != nullptr) detail += " (" + std::string(msg) + ")";
    return error(code_for(rc), detail);
  }

  Expected<Rows> query(const std::string& sql, const Params& params) override {
    sqlite3_stmt* stmt = nullptr;
    if (auto it = cache_.find(sql); it != cache_.end()) {
      stmt = it->second;
    } else {
      int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                                  nullptr);
      if (rc != SQLITE_OK) return fail_rc(sqlite3_extended_errcode(db_), "prepare [" + sql + "]");
      cache_.emplace(sql, stmt);
    }
    // Reset and unbind whatever happens (bound text points into `params`).
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};

    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt))
      return error("internal", "parameter count mismatch [" + sql + "]");
    for (std::size_t k = 0; k < params.size(); ++k) {
      const int pos = static_cast<int>(k) + 1;
      int rc = SQLITE_OK;
      const auto& v = params[k].v;
      if (std::holds_alternative<std::nullptr_t>(v)) rc = sqlite3_bind_null(stmt, pos);
      else if (const auto* i = std::get_if<std::int64_t>(&v)) rc = sqlite3_bind_int64(stmt, pos, *i);
      else if (const auto* d = std::get_if<double>(&v)) rc = sqlite3_bind_double(stmt, pos, *d);
      else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, pos, s.data(), s.size(), nullptr, SQLITE_UTF8);  // nullptr = SQLITE_STATIC
      }
      if (rc != SQLITE_OK) return fail_rc(rc, "bind");
    }

    Rows out;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return fail_rc(sqlite3_extended_errcode(db_), "step [" + sql + "]");
      const int n = sqlite3_column_count(stmt);
      Row row;
      row.cells.reserve(static_cast<std::size_t>(n));
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL: row.cells.emplace_back(std::monostate{}); break;
          case SQLITE_INTEGER: row.cells.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))); break;
          case SQLITE_FLOAT: row.cells.emplace_back(sqlite3_column_double(stmt, c)); break;
          default: {
            const auto* text = sqlite3_column_text(stmt, c);
            const int len = sqlite3_column_bytes(stmt, c);
            row.cells.emplace_back(std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(len)));
          }
        }
      }
      out.rows.push_back(std::move(row));
    }
    out.changes = sqlite3_changes64(db_);
    return out;
  }

  Result script(const std::string& sql) override {
    char* msg = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
      std::string detail = msg != nullptr ? msg : sqlite3_errstr(rc);
      sqlite3_free(msg);
      return error(code_for(sqlite3_extended_errcode(db_)), "script: " + detail);
    }
    return Done{};
  }

  Result begin() override { return script("BEGIN IMMEDIATE"); }
  [[nodiscard]] bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }

  // Online backup: pages are copied while other connections keep reading and writing.
  static Result copy(sqlite3* from, sqlite3* to, const std::string& what) {
    sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
    if (b == nullptr) return error(code_for(sqlite3_extended_errcode(to)), what + ": " + sqlite3_errmsg(to));
    int rc = SQLITE_OK;
    do {
      rc = sqlite3_backup_step(b, 256);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) return error(code_for(rc), what + ": " + sqlite3_errstr(rc));
    return Done{};
  }

  Result backup_to(const std::string& path) override {
    if (in_transaction()) return error("invalid", "backup inside a transaction");
    sqlite3* dest = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      std::string detail = "backup open " + path + ": " + sqlite3_errstr(rc);
      sqlite3_close_v2(dest);
      return error("unavailable", detail);
    }
    auto r = copy(db_, dest, "backup to " + path);
    if (r) {  // the copy keeps WAL mode from the source; fold it into one self-contained file
      sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    }
    sqlite3_close_v2(dest);
    return r;
  }

  Result restore_from(const std::string& path) override {
    if (in_transaction()) return error("invalid", "restore inside a transaction");
    if (!std::filesystem::is_regular_file(path)) return error("not_found", "backup file " + path);
    sqlite3* src = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_close_v2(src);
      return error("unavailable", "restore open " + path + ": " + sqlite3_errstr(rc));
    }
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
    auto r = copy(src, db_, "restore from " + path);
    sqlite3_close_v2(src);
    return r;
  }

 private:
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

Expected<std::unique_ptr<Connection>> connect_sqlite(const std::string& data_dir, const SqliteOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return error("unavailable", "cannot create data directory " + data_dir + ": " + ec.message());
  if (!std::filesystem::is_directory(data_dir)) return error("unavailable", data_dir + " is not a directory");
  const std::string path = (std::filesystem::path(data_dir) / "planwatch.db").string();

  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = "open " + path + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    return error("unavailable", detail);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto conn = std::make_unique<SqliteConnection>(db);
  // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable (fsync of
  // the WAL at each commit), not only the checkpoints.
  std::string pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
  if (options.max_page_count > 0) pragmas += " PRAGMA max_page_count=" + std::to_string(options.max_page_count) + ";";
  if (auto r = conn->script(pragmas); !r) return Unexpected<Error>{r.error()};
  // journal_mode answers with the mode it got: "delete" on a read-only or odd file system, and also
  // while another process holds the new file's lock (switching a fresh database to WAL needs it
  // exclusively, and SQLite does not wait on the busy handler for that) — so retry within the busy
  // timeout before giving up: processes opening a new database at once all get WAL.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
  for (;;) {
    auto mode = conn->query("PRAGMA journal_mode=WAL", {});
    const bool busy = !mode && mode.error().code == "unavailable";
    if (!mode && !busy) return Unexpected<Error>{mode.error()};
    if (mode && !mode->rows.empty() && mode->rows[0].s(0) == "wal") break;
    if (std::chrono::steady_clock::now() >= deadline)
      return error("unavailable", "cannot switch " + path + " to WAL mode");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace planwatch::store::detail
