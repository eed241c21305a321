#include "access.hpp"

#include <utility>

#include "planwatch/domain/plan.hpp"

namespace planwatch::service::detail {
namespace {

struct Grant {
  Act act;
  std::initializer_list<Role> roles;
};

// The permission table. Leaders read everything of their organisation but write nothing except
// explanation requests; the public never appears here (it only reads published data).
const Grant kGrants[] = {
    {Act::manage_users, {Role::admin, Role::office}},
    {Act::manage_agencies, {Role::admin, Role::office}},
    {Act::manage_plans, {Role::admin, Role::office}},
    {Act::view_drafts, {Role::admin, Role::office, Role::leader}},
    {Act::write_report, {Role::reporter, Role::approver}},
    {Act::approve_report, {Role::approver}},
    {Act::review_report, {Role::office}},
    {Act::grant_exception, {Role::office}},
    {Act::ask_explanation, {Role::leader, Role::office}},
    {Act::answer_explanation, {Role::reporter, Role::approver}},
    {Act::view_backlog, {Role::admin, Role::office, Role::leader}},
    {Act::send_reminders, {Role::office}},
    {Act::view_outbox, {Role::admin, Role::office}},
    {Act::view_audit, {Role::admin, Role::office}},
    {Act::upload_file, {Role::admin, Role::office, Role::approver, Role::reporter}},
};

}  // namespace

bool allowed(Role r, Act a) noexcept {
  for (const auto& g : kGrants)
    if (g.act == a)
      for (Role x : g.roles)
        if (x == r) return true;
  return false;
}

Unexpected<Error> unauthenticated() {
  return fail("unauthenticated", "Bạn cần đăng nhập để thực hiện thao tác này.");
}
Unexpected<Error> forbidden(const std::string& detail) {
  return fail("forbidden", "Bạn không có quyền thực hiện thao tác này.", detail);
}
Unexpected<Error> not_found(const std::string& what_vi, const std::string& detail) {
  return fail("not_found", "Không tìm thấy " + what_vi + ".", detail);
}
Unexpected<Error> invalid(const std::string& message_vi, const std::string& detail) {
  return fail("invalid", message_vi, detail);
}
Unexpected<Error> conflict(const std::string& message_vi, const std::string& detail) {
  return fail("conflict", message_vi, detail);
}
Unexpected<Error> pass(const Error& e) { return {e}; }

store::Result require(const Actor& a, Act act) {
  if (a.anonymous()) return unauthenticated();
  if (!allowed(a.role, act)) return forbidden(std::string("role ") + to_string(a.role));
  return store::Done{};
}

store::Result audit(store::Store& st, const Actor& a, Timestamp at, const std::string& action,
                    const std::string& entity, Id entity_id, const nlohmann::json& before,
                    const nlohmann::json& after) {
  AuditEntry e;
  if (!a.anonymous()) e.user_id = a.user_id;
  e.at = at;
  e.action = action;
  e.entity = entity;
  e.entity_id = entity_id;
  // replace: text users typed is valid UTF-8 (the JSON parser checks), but a guard costs nothing here.
  e.before_json = before.is_null() ? "" : before.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  e.after_json = after.is_null() ? "" : after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto id = st.append_audit(e);
  if (!id) return pass(id.error());
  return store::Done{};
}

namespace {
nlohmann::json opt_date(const std::optional<Date>& d) { return d ? nlohmann::json(to_iso(*d)) : nlohmann::json(); }
}  // namespace

nlohmann::json to_audit_json(const TaskReport& r) {
  return {{"id", r.id},
          {"task_id", r.task_id},
          {"period_id", r.period_id},
          {"agency_id", r.agency_id},
          {"version", r.version},
          {"status", to_string(r.status)},
          {"progress", to_string(r.progress)},
          {"percent", r.percent},
          {"completed_on", opt_date(r.completed_on)},
          {"narrative", r.narrative},
          {"difficulties", r.difficulties},
          {"proposals", r.proposals},
          {"evidence", r.evidence.size()}};
}

nlohmann::json to_audit_json(const Plan& p) {
  return {{"id", p.id},         {"title", p.title},           {"status", to_string(p.status)},
          {"version", p.version}, {"start", to_iso(p.start)}, {"end", to_iso(p.end)},
          {"number", p.number ? nlohmann::json(*p.number) : nlohmann::json()}};
}

nlohmann::json to_audit_json(const PlanTask& t) {
  return {{"id", t.id},
          {"ref", t.ref},
          {"text", t.text},
          {"leader", t.leader ? nlohmann::json(*t.leader) : nlohmann::json()},
          {"lead_agency_ids", t.lead_agency_ids},
          {"coordinating_agency_ids", t.coordinating_agency_ids},
          {"consolidating_agency_id",
           t.consolidating_agency_id ? nlohmann::json(*t.consolidating_agency_id) : nlohmann::json()},
          {"timeframe", t.timeframe.raw},
          {"output", t.output ? nlohmann::json(*t.output) : nlohmann::json()}};
}

nlohmann::json to_audit_json(const PlanIndicator& i) {
  return {{"id", i.id},
          {"ref", i.ref},
          {"text", i.text},
          {"lead_agency_ids", i.lead_agency_ids},
          {"coordinating_agency_ids", i.coordinating_agency_ids}};
}

nlohmann::json to_audit_json(const User& u) {
  return {{"id", u.id},
          {"login", u.login},
          {"display_name", u.display_name},
          {"role", to_string(u.role)},
          {"agency_id", u.agency_id ? nlohmann::json(*u.agency_id) : nlohmann::json()},
          {"active", u.active}};
}

}  // namespace planwatch::service::detail
