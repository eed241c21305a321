// SqlStore: a plan's reporting periods and the lock exceptions that let an agency report after a
// period locks.
#include "sql_shared.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kPeriodCols = "id, plan_id, frequency, label, start_on, end_on, due_on, locks_on";
constexpr const char* kLockCols = "id, agency_id, period_id, until_on, granted_by, reason";

Period period_of(const Row& r) {
  Period p;
  p.id = r.i(0);
  p.plan_id = r.i(1);
  p.frequency = frequency_of(r.s(2));
  p.label = r.s(3);
  p.start = date_of(r.s(4));
  p.end = date_of(r.s(5));
  p.due = date_of(r.s(6));
  p.locks_on = date_of(r.s(7));
  return p;
}

LockException lock_of(const Row& r) { return {r.i(0), r.i(1), r.i(2), date_of(r.s(3)), r.oi(4), r.s(5)}; }

}  // namespace

// ---- periods -----------------------------------------------------------------------------------

Expected<Id> SqlStore::create_period(const Period& p) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO periods (plan_id, frequency, label, start_on, end_on, due_on, locks_on) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {p.plan_id, name_of(p.frequency), p.label, iso(p.start), iso(p.end), iso(p.due), iso(p.locks_on)});
  });
}

Expected<Period> SqlStore::get_period(Id id) {
  return guarded([&]() -> Expected<Period> {
    PW_TRY(row, one(std::string("SELECT ") + kPeriodCols + " FROM periods WHERE id = ?", {id}, "period"));
    return period_of(row);
  });
}

Result SqlStore::update_period(const Period& p) {
  return guarded([&]() -> Result {
    return write_one("UPDATE periods SET plan_id = ?, frequency = ?, label = ?, start_on = ?, end_on = ?, due_on = ?, "
                     "locks_on = ? WHERE id = ?",
                     {p.plan_id, name_of(p.frequency), p.label, iso(p.start), iso(p.end), iso(p.due), iso(p.locks_on), p.id},
                     "period");
  });
}

Expected<std::vector<Period>> SqlStore::list_periods(Id plan_id) {
  return guarded([&]() -> Expected<std::vector<Period>> {
    PW_TRY(rows, q(std::string("SELECT ") + kPeriodCols + " FROM periods WHERE plan_id = ? ORDER BY end_on, id", {plan_id}));
    std::vector<Period> out;
    for (const auto& r : rows.rows) out.push_back(period_of(r));
    return out;
  });
}

// ---- lock exceptions ---------------------------------------------------------------------------

Expected<Id> SqlStore::grant_lock_exception(const LockException& e) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO period_lock_exceptions (agency_id, period_id, until_on, granted_by, reason) "
                  "VALUES (?, ?, ?, ?, ?) ON CONFLICT (agency_id, period_id) DO UPDATE SET "
                  "until_on = excluded.until_on, granted_by = excluded.granted_by, reason = excluded.reason RETURNING id",
                  {e.agency_id, e.period_id, iso(e.until), e.granted_by, e.reason});
  });
}

Expected<LockException> SqlStore::get_lock_exception(Id agency_id, Id period_id) {
  return guarded([&]() -> Expected<LockException> {
    PW_TRY(row, one(std::string("SELECT ") + kLockCols +
                        " FROM period_lock_exceptions WHERE agency_id = ? AND period_id = ?",
                    {agency_id, period_id}, "lock exception"));
    return lock_of(row);
  });
}

Expected<std::vector<LockException>> SqlStore::list_lock_exceptions(Id period_id) {
  return guarded([&]() -> Expected<std::vector<LockException>> {
    PW_TRY(rows, q(std::string("SELECT ") + kLockCols + " FROM period_lock_exceptions WHERE period_id = ? ORDER BY agency_id",
                   {period_id}));
    std::vector<LockException> out;
    for (const auto& r : rows.rows) out.push_back(lock_of(r));
    return out;
  });
}

Result SqlStore::revoke_lock_exception(Id agency_id, Id period_id) {
  return guarded([&]() -> Result {
    return write_one("DELETE FROM period_lock_exceptions WHERE agency_id = ? AND period_id = ?", {agency_id, period_id},
                     "lock exception");
  });
}

}  // namespace planwatch::store::detail
