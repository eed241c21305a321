// SqlStore: the audit log (append-only; migration 0002's triggers refuse changes).
#include "sql_shared.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kAuditCols = "id, user_id, at, action, entity, entity_id, before_json, after_json";

AuditEntry audit_of(const Row& r) {
  AuditEntry e;
  e.id = r.i(0);
  e.user_id = r.oi(1);
  e.at = r.i(2);
  e.action = r.s(3);
  e.entity = r.s(4);
  e.entity_id = r.i(5);
  e.before_json = r.s(6);
  e.after_json = r.s(7);
  return e;
}

}  // namespace

Expected<Id> SqlStore::append_audit(const AuditEntry& e) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO audit_log (user_id, at, action, entity, entity_id, before_json, after_json) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {e.user_id, e.at, e.action, e.entity, e.entity_id, e.before_json, e.after_json});
  });
}

Expected<std::vector<AuditEntry>> SqlStore::list_audit(const std::string& entity, Id entity_id, int limit) {
  return guarded([&]() -> Expected<std::vector<AuditEntry>> {
    PW_TRY(rows, q(std::string("SELECT ") + kAuditCols +
                       " FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT ?",
                   {entity, entity_id, limit > 0 ? limit : 1000}));
    std::vector<AuditEntry> out;
    for (const auto& r : rows.rows) out.push_back(audit_of(r));
    return out;
  });
}

}  // namespace planwatch::store::detail
