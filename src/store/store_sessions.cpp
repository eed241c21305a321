// SqlStore: sessions and the login attempts that throttle logins.
#include "sql_shared.hpp"

namespace planwatch::store::detail {

// ---- sessions and login throttling -------------------------------------------------------------

Result SqlStore::create_session(const Session& s) {
  return guarded([&]() -> Result {
    PW_CHECK(q("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
               {s.token_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at}));
    return Done{};
  });
}

Expected<Session> SqlStore::get_session(const std::string& token_hash, Timestamp now) {
  return guarded([&]() -> Expected<Session> {
    PW_TRY(row, one("SELECT token_hash, user_id, csrf_token, created_at, expires_at FROM sessions "
                    "WHERE token_hash = ? AND expires_at > ?",
                    {token_hash, now}, "session"));
    return Session{row.s(0), row.i(1), row.s(2), row.i(3), row.i(4)};
  });
}

Result SqlStore::extend_session(const std::string& token_hash, Timestamp expires_at) {
  return guarded([&]() -> Result {
    return write_one("UPDATE sessions SET expires_at = ? WHERE token_hash = ?", {expires_at, token_hash}, "session");
  });
}

Result SqlStore::delete_session(const std::string& token_hash) {
  return guarded([&]() -> Result {
    PW_CHECK(q("DELETE FROM sessions WHERE token_hash = ?", {token_hash}));
    return Done{};
  });
}

Result SqlStore::delete_user_sessions(Id user_id) {
  return guarded([&]() -> Result {
    PW_CHECK(q("DELETE FROM sessions WHERE user_id = ?", {user_id}));
    return Done{};
  });
}

Result SqlStore::delete_other_sessions(Id user_id, const std::string& keep_token_hash) {
  return guarded([&]() -> Result {
    PW_CHECK(q("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", {user_id, keep_token_hash}));
    return Done{};
  });
}

Expected<std::int64_t> SqlStore::delete_expired_sessions(Timestamp now) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(rows, q("DELETE FROM sessions WHERE expires_at <= ?", {now}));
    return rows.changes;
  });
}

Result SqlStore::record_login_attempt(const LoginAttempt& a) {
  return guarded([&]() -> Result {
    PW_CHECK(q("INSERT INTO login_attempts (login, ip, at, success) VALUES (?, ?, ?, ?)", {a.login, a.ip, a.at, a.success}));
    return Done{};
  });
}

Expected<std::int64_t> SqlStore::count_failed_logins_by_login(const std::string& login, Timestamp since) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(row, one("SELECT COUNT(*) FROM login_attempts WHERE login = ? AND success = 0 AND at >= ?", {login, since},
                    "login attempts"));
    return row.i(0);
  });
}

Expected<std::int64_t> SqlStore::count_failed_logins_by_ip(const std::string& ip, Timestamp since) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(row, one("SELECT COUNT(*) FROM login_attempts WHERE ip = ? AND success = 0 AND at >= ?", {ip, since},
                    "login attempts"));
    return row.i(0);
  });
}

Expected<std::int64_t> SqlStore::prune_login_attempts(Timestamp before) {
  return guarded([&]() -> Expected<std::int64_t> {
    PW_TRY(rows, q("DELETE FROM login_attempts WHERE at < ?", {before}));
    return rows.changes;
  });
}

}  // namespace planwatch::store::detail
