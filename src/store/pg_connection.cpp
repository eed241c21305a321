// PostgreSQL backend: libpq, one connection, statements prepared once per connection (PQprepare)
// and executed with text parameters (PQexecPrepared) — values never enter the SQL text.
#include <libpq-fe.h>

#include <cstdio>
#include <memory>
#include <string>
#include <unordered_map>

#include "backends.hpp"
#include "db.hpp"

namespace planwatch::store::detail {
namespace {

constexpr const char* kSessionSettings = "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'";

void ignore_notice(void*, const char*) {}

std::string code_for_state(const std::string& state) {
  if (state == "23505") return "conflict";                      // unique_violation
  if (state == "23001" || state == "P0001") return "conflict";  // guards (restrict_violation / raise)
  if (state.rfind("23", 0) == 0) return "invalid";              // FK, NOT NULL, CHECK
  if (state.rfind("22", 0) == 0) return "invalid";              // data exceptions (bad number, too long)
  if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") return "unavailable";
  if (state.rfind("08", 0) == 0 || state.rfind("53", 0) == 0 || state.rfind("57P", 0) == 0) return "unavailable";
  if (state.rfind("58", 0) == 0) return "unavailable";  // system error (I/O)
  if (state == "25006") return "unavailable";  // read-only (a standby; like SQLITE_READONLY): writes cannot succeed
  return "internal";
}

// `?` → `$n` outside quotes (the SQL of this module never has a `?` inside a literal, but be safe).
std::string to_dollar(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') quoted = !quoted;
    if (c == '?' && !quoted) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PgConnection final : public Connection {
 public:
  explicit PgConnection(PGconn* c) : conn_(c) {}
  ~PgConnection() override { PQfinish(conn_); }
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  [[nodiscard]] Dialect dialect() const override { return Dialect::postgres; }

  Unexpected<Error> fail_res(PGresult* res, const std::string& what) {
    std::string state;
    std::string detail = what + ": ";
    if (res != nullptr) {
      const char* s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      if (s != nullptr) state = s;
      detail += PQresultErrorMessage(res);
    } else {
      detail += PQerrorMessage(conn_);
    }
    if (PQstatus(conn_) != CONNECTION_OK) return error("unavailable", detail);
    return error(state.empty() ? "unavailable" : code_for_state(state), detail);
  }

  // A dropped connection is re-established between transactions (prepared statements are lost).
  Result ensure_connected() {
    if (PQstatus(conn_) == CONNECTION_OK) return Done{};
    if (in_tx_) return error("unavailable", std::string("connection lost in a transaction: ") + PQerrorMessage(conn_));
    PQreset(conn_);
    prepared_.clear();
    if (PQstatus(conn_) != CONNECTION_OK)
      return error("unavailable", std::string("reconnect: ") + PQerrorMessage(conn_));
    PGresult* res = PQexec(conn_, kSessionSettings);
    PQclear(res);
    return Done{};
  }

  Expected<Rows> query(const std::string& sql, const Params& params) override {
    if (auto r = ensure_connected(); !r) return Unexpected<Error>{r.error()};
    std::string name;
    if (auto it = prepared_.find(sql); it != prepared_.end()) {
      name = it->second;
    } else {
      name = "s" + std::to_string(next_++);
      PGresult* res = PQprepare(conn_, name.c_str(), to_dollar(sql).c_str(), 0, nullptr);
      if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        auto e = fail_res(res, "prepare [" + sql + "]");
        PQclear(res);
        return e;
      }
      PQclear(res);
      prepared_.emplace(sql, name);
    }
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t k = 0; k < params.size(); ++k) {
      const auto& v = params[k].v;
      if (std::holds_alternative<std::nullptr_t>(v)) continue;
      if (const auto* i = std::get_if<std::int64_t>(&v)) text[k] = std::to_string(*i);
      else if (const auto* d = std::get_if<double>(&v)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        text[k] = buf;
      } else text[k] = std::get<std::string>(v);
      values[k] = text[k].c_str();
    }
    PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(), nullptr,
                                   nullptr, 0);
    const auto st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      auto e = fail_res(res, "exec [" + sql + "]");
      PQclear(res);
      return e;
    }
    Rows out;
    const int nrows = PQntuples(res);
    const int ncols = PQnfields(res);
    out.rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      Row row;
      row.cells.reserve(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res, r, c) != 0) row.cells.emplace_back(std::monostate{});
        else row.cells.emplace_back(std::string(PQgetvalue(res, r, c), static_cast<std::size_t>(PQgetlength(res, r, c))));
      }
      out.rows.push_back(std::move(row));
    }
    const char* tuples = PQcmdTuples(res);
    out.changes = (tuples != nullptr && *tuples != '\0') ? std::stoll(tuples) : 0;
    PQclear(res);
    return out;
  }

  Result script(const std::string& sql) override {
    if (sql == "BEGIN" || sql.rfind("BEGIN", 0) == 0) {
      if (auto r = ensure_connected(); !r) return r;
    }
    PGresult* res = PQexec(conn_, sql.c_str());
    const auto st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
      auto e = fail_res(res, "script");
      PQclear(res);
      track();
      return e;
    }
    PQclear(res);
    track();
    return Done{};
  }

  Result begin() override { return script("BEGIN"); }
  [[nodiscard]] bool in_transaction() const override {
    const auto s = PQtransactionStatus(conn_);
    return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
  }

  Result backup_to(const std::string&) override {
    return error("unsupported", "PostgreSQL backups are taken with pg_dump -Fc (docs/store.md)");
  }
  Result restore_from(const std::string&) override {
    return error("unsupported", "PostgreSQL restores use pg_restore (docs/store.md)");
  }

 private:
  void track() { in_tx_ = in_transaction(); }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> prepared_;
  long next_ = 0;
  bool in_tx_ = false;
};

}  // namespace

Expected<std::unique_ptr<Connection>> connect_postgres(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (c == nullptr) return error("unavailable", "PQconnectdb: out of memory");
  if (PQstatus(c) != CONNECTION_OK) {
    std::string detail = std::string("connect: ") + PQerrorMessage(c);
    PQfinish(c);
    return error("unavailable", detail);
  }
  // "relation … already exists, skipping" and friends are not for stderr.
  PQsetNoticeProcessor(c, ignore_notice, nullptr);
  auto conn = std::make_unique<PgConnection>(c);
  if (auto r = conn->script(kSessionSettings); !r) return Unexpected<Error>{r.error()};
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace planwatch::store::detail
