// SqlStore: messages to agencies — the reminder outbox the mailer drains, explanation requests and
// their answers, and an agency's own list of messages.
#include "sql_shared.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kReminderCols = "id, agency_id, subject, body, created_at, sent_at";

Reminder reminder_of(const Row& r) { return {r.i(0), r.i(1), r.s(2), r.s(3), r.i(4), r.oi(5), std::nullopt}; }

constexpr const char* kExplanationCols =
    "id, plan_id, entity, entity_id, agency_id, requested_by, question, asked_at, answer, answered_by, answered_at";
Explanation explanation_of(const Row& r) {
  return {r.i(0), r.i(1), r.s(2), r.i(3), r.i(4), r.i(5), r.s(6), r.i(7), r.os(8), r.oi(9), r.oi(10)};
}

}  // namespace

// ---- reminders ---------------------------------------------------------------------------------

Expected<Id> SqlStore::enqueue_reminder(const Reminder& r) {
  return guarded([&]() -> Expected<Id> {
    // A key already queued inserts nothing (no error, so an enclosing PostgreSQL transaction carries on).
    PW_TRY(rows, q("INSERT INTO reminder_outbox (agency_id, subject, body, created_at, sent_at, dedupe_key) "
                   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id",
                   {r.agency_id, r.subject, r.body, r.created_at, r.sent_at, r.dedupe_key}));
    if (rows.rows.empty()) return error("conflict", "reminder " + r.dedupe_key.value_or("") + " already queued");
    return rows.rows[0].i(0);
  });
}

Expected<std::vector<Reminder>> SqlStore::list_unsent_reminders(int limit) {
  return guarded([&]() -> Expected<std::vector<Reminder>> {
    PW_TRY(rows, q(std::string("SELECT ") + kReminderCols +
                       " FROM reminder_outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ?",
                   {limit > 0 ? limit : 100}));
    std::vector<Reminder> out;
    for (const auto& r : rows.rows) out.push_back(reminder_of(r));
    return out;
  });
}

Result SqlStore::mark_reminder_sent(Id id, Timestamp at) {
  return guarded([&]() -> Result {
    // Conditional on sent_at IS NULL: with several mailers, exactly one marks (claims) a message.
    PW_TRY(rows, q("UPDATE reminder_outbox SET sent_at = ? WHERE id = ? AND sent_at IS NULL", {at, id}));
    if (rows.changes > 0) return Done{};
    PW_CHECK(one("SELECT id FROM reminder_outbox WHERE id = ?", {id}, "reminder"));
    return error("conflict", "reminder " + std::to_string(id) + " already sent");
  });
}

// ---- explanations, agency messages -------------------------------------------------------------

Expected<Id> SqlStore::create_explanation(const Explanation& e) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO explanations (plan_id, entity, entity_id, agency_id, requested_by, question, asked_at, "
                  "answer, answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {e.plan_id, e.entity, e.entity_id, e.agency_id, e.requested_by, e.question, e.asked_at, e.answer,
                   e.answered_by, e.answered_at});
  });
}

Expected<Explanation> SqlStore::get_explanation(Id id) {
  return guarded([&]() -> Expected<Explanation> {
    PW_TRY(row, one(std::string("SELECT ") + kExplanationCols + " FROM explanations WHERE id = ?", {id}, "explanation"));
    return explanation_of(row);
  });
}

Expected<std::vector<Explanation>> SqlStore::list_explanations(const ExplanationFilter& f) {
  return guarded([&]() -> Expected<std::vector<Explanation>> {
    std::string where = "1 = 1";
    Params params;
    if (f.agency_id) {
      where += " AND agency_id = ?";
      params.emplace_back(*f.agency_id);
    }
    if (f.plan_id) {
      where += " AND plan_id = ?";
      params.emplace_back(*f.plan_id);
    }
    if (f.answered) where += *f.answered ? " AND answered_at IS NOT NULL" : " AND answered_at IS NULL";
    PW_TRY(rows, q(std::string("SELECT ") + kExplanationCols + " FROM explanations WHERE " + where +
                       " ORDER BY asked_at DESC, id DESC",
                   params));
    std::vector<Explanation> out;
    for (const auto& r : rows.rows) out.push_back(explanation_of(r));
    return out;
  });
}

Result SqlStore::answer_explanation(Id id, const std::string& answer, Id by, Timestamp at) {
  return guarded([&]() -> Result {
    PW_TRY(rows, q("UPDATE explanations SET answer = ?, answered_by = ?, answered_at = ? "
                   "WHERE id = ? AND answered_at IS NULL",
                   {answer, by, at, id}));
    if (rows.changes > 0) return Done{};
    PW_CHECK(one("SELECT id FROM explanations WHERE id = ?", {id}, "explanation"));
    return error("conflict", "explanation " + std::to_string(id) + " already answered");
  });
}

Expected<std::vector<Reminder>> SqlStore::list_reminders(Id agency_id, int limit) {
  return guarded([&]() -> Expected<std::vector<Reminder>> {
    PW_TRY(rows, q(std::string("SELECT ") + kReminderCols +
                       " FROM reminder_outbox WHERE agency_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                   {agency_id, limit > 0 ? limit : 100}));
    std::vector<Reminder> out;
    for (const auto& r : rows.rows) out.push_back(reminder_of(r));
    return out;
  });
}

}  // namespace planwatch::store::detail
