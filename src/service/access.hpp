#pragma once
// Internal: who may do what (one table), the error values the service returns, and the audit-log
// helper. Visibility rules that depend on data (own agency, own organisation, published plans) live
// beside the use cases that need them.
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "planwatch/service/service.hpp"

namespace planwatch::service::detail {

enum class Act {
  manage_users,
  manage_agencies,
  manage_plans,       // import, edit a draft, publish
  view_drafts,        // see draft plans and every agency's reports of the organisation
  write_report,       // draft and submit a task report / indicator value for the own agency
  approve_report,     // agency approver signs off
  review_report,      // coordinating office accepts or returns
  grant_exception,    // period-lock exceptions
  ask_explanation,
  answer_explanation,
  view_backlog,
  send_reminders,
  view_outbox,
  view_audit,
  upload_file,
};

bool allowed(Role r, Act a) noexcept;

Unexpected<Error> unauthenticated();
Unexpected<Error> forbidden(const std::string& detail = {});
Unexpected<Error> not_found(const std::string& what_vi, const std::string& detail = {});
Unexpected<Error> invalid(const std::string& message_vi, const std::string& detail = {});
Unexpected<Error> conflict(const std::string& message_vi, const std::string& detail = {});
// Store errors pass through with their code; the message is kept (already Vietnamese-safe).
Unexpected<Error> pass(const Error& e);

// Accounts: the password policy; logins are trimmed and lower-cased (ASCII) before use and checked
// against the login alphabet.
store::Result check_password_strength(const std::string& password);
std::string normalise_login(std::string_view typed);
store::Result check_login(const std::string& normalised);

// Requires a signed-in actor allowed to `act`.
store::Result require(const Actor& a, Act act);

// Appends one audit entry (inside the caller's transaction).
store::Result audit(store::Store& st, const Actor& a, Timestamp at, const std::string& action,
                    const std::string& entity, Id entity_id, const nlohmann::json& before,
                    const nlohmann::json& after);

nlohmann::json to_audit_json(const TaskReport& r);
nlohmann::json to_audit_json(const Plan& p);
nlohmann::json to_audit_json(const PlanTask& t);
nlohmann::json to_audit_json(const PlanIndicator& i);
nlohmann::json to_audit_json(const User& u);  // never the password hash

}  // namespace planwatch::service::detail
