// The API: route table, authentication and CSRF, error mapping, caching, metrics and request logs.
// Handlers are thin: read the request → one Service call → render JSON.
#include "planwatch/api/app.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <cctype>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <unordered_map>

#include "json.hpp"
#include "log.hpp"
#include "planwatch/domain/calendar.hpp"

namespace planwatch::api {

using detail::array_of;
using detail::BadRequest;
using detail::Fields;
using detail::json;
using detail::to_json;

int status_of(const std::string& code) noexcept {
  static const std::pair<const char*, int> kStatuses[] = {
      {"unauthenticated", 401}, {"forbidden", 403}, {"not_found", 404}, {"invalid", 400},   {"too_large", 413},
      {"conflict", 409},        {"locked", 409},    {"throttled", 429}, {"unavailable", 503}, {"unsupported", 501},
      {"unsupported_media_type", 415},
  };
  for (const auto& [c, s] : kStatuses)
    if (code == c) return s;
  return 500;
}

namespace {

using Clock = std::chrono::steady_clock;

// ---- small HTTP helpers (the App is socket-free, so it parses what RESTinio would otherwise) ----

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '+') {
      out += ' ';
    } else if (s[k] == '%' && k + 2 < s.size() && hex(s[k + 1]) >= 0 && hex(s[k + 2]) >= 0) {
      out += static_cast<char>(hex(s[k + 1]) * 16 + hex(s[k + 2]));
      k += 2;
    } else {
      out += s[k];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view q) {
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    const auto amp = q.find('&');
    const std::string_view part = q.substr(0, amp);
    const auto eq = part.find('=');
    if (!part.empty())
      out[percent_decode(part.substr(0, eq))] = eq == std::string_view::npos ? "" : percent_decode(part.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semi = header.find(';');
    std::string_view part = header.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
    if (semi == std::string_view::npos) break;
    header.remove_prefix(semi + 1);
  }
  return {};
}

bool unsafe(const std::string& method) { return method != "GET" && method != "HEAD"; }

Response json_response(int status, const json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

Response error_response(int status, const std::string& code, const std::string& message) {
  return json_response(status, {{"error", {{"code", code}, {"message", message}}}});
}

constexpr const char* kCookie = "pw_session";

// A JSON string literal for logs and metric labels; bytes that are not UTF-8 (a path is whatever the
// client sent) become U+FFFD instead of throwing.
std::string json_quoted(const std::string& s) { return json(s).dump(-1, ' ', false, json::error_handler_t::replace); }

// ---- the route table -----------------------------------------------------------------------------

struct Ctx {
  service::Service& svc;
  const service::Actor& actor;
  const Request& req;
  std::map<std::string, std::string> path;
  std::map<std::string, std::string> query;
  const Options& options;
  std::string csrf;                 // the session's CSRF token ("" when anonymous)
  std::vector<std::pair<std::string, std::string>> set_headers;
  std::string login_attempted;      // for the log line of POST /api/login (never the password)
  Id signed_in = 0;                 // the user a successful sign-in authenticated (the log line's user)

  [[nodiscard]] Id id(const std::string& name = "id") const { return std::stoll(path.at(name)); }
  [[nodiscard]] json body() const { return detail::parse_body(req.body); }
  [[nodiscard]] std::optional<Id> query_id(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty()) return std::nullopt;
    const std::string& s = it->second;
    if (s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos || std::stoll(s) <= 0)
      throw BadRequest("Tham số '" + name + "' phải là một số nguyên dương.");
    return std::stoll(s);
  }
  [[nodiscard]] Id required_query_id(const std::string& name) const {
    auto v = query_id(name);
    if (!v) throw BadRequest("Thiếu tham số '" + name + "'.");
    return *v;
  }
  [[nodiscard]] std::string query_str(const std::string& name) const {
    auto it = query.find(name);
    return it == query.end() ? std::string() : it->second;
  }
};

using Handler = Response (*)(Ctx&);

struct Route {
  RouteInfo info;
  Handler handler;
  bool upload = false;     // raw body up to config.max_file_bytes
  bool cacheable = false;  // actor-independent GET, cached for cache_ttl_ms
  // GET whose answer depends only on the reader's audience — the public, or a (role, organisation,
  // agency) — not on the user: cached for cache_ttl_ms per audience (report visibility follows the
  // audience, service::report_scope). A write through this process clears the cache.
  bool public_cache = false;
};

// A failed use case: the client gets the message; a 5xx also logs its cause (the detail).
Response fail_reply(const Error& e) {
  const int status = status_of(e.code);
  if (status >= 500) detail::log(spdlog::level::err, {{"event", "service_error"}, {"code", e.code}, {"detail", e.detail}});
  return error_response(status, e.code, e.message);
}

template <class T>
Response reply(const Expected<T>& r, int status = 200) {
  if (!r) return fail_reply(r.error());
  if constexpr (std::is_same_v<T, store::Done>) {
    return json_response(status, {{"ok", true}});
  } else if constexpr (std::is_same_v<T, Id>) {
    return json_response(status, {{"id", *r}});
  } else if constexpr (std::is_same_v<T, int>) {
    return json_response(status, {{"count", *r}});
  } else if constexpr (requires { r->begin(); }) {
    return json_response(status, array_of(*r));
  } else {
    return json_response(status, to_json(*r));
  }
}

std::vector<PlanStatus> plan_statuses(const Ctx& c) {
  std::vector<PlanStatus> out;
  const std::string s = c.query_str("status");
  std::string_view rest = s;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    out.push_back(detail::plan_status_field("status", std::string(rest.substr(0, comma))));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

Response h_login(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  c.login_attempted = f.str("login");
  auto r = c.svc.login(c.login_attempted, f.str("password"), c.req.ip);
  if (!r) return fail_reply(r.error());
  c.signed_in = r->actor.user_id;
  std::string cookie = std::string(kCookie) + "=" + r->token + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                       std::to_string(c.options.config.session_ttl_seconds);
  if (c.options.secure_cookies) cookie += "; Secure";
  c.set_headers.emplace_back("Set-Cookie", cookie);
  return json_response(200, {{"user",
                              {{"id", r->actor.user_id},
                               {"login", r->actor.login},
                               {"display_name", r->actor.display_name},
                               {"role", to_string(r->actor.role)},
                               {"org_id", r->actor.org_id},
                               {"agency_id", r->actor.agency_id ? json(*r->actor.agency_id) : json()}}},
                             {"csrf_token", r->csrf_token},
                             {"expires_at", r->expires_at}});
}

Response h_logout(Ctx& c) {
  auto r = c.svc.logout(cookie_value(c.req.cookie, kCookie));
  c.set_headers.emplace_back("Set-Cookie", std::string(kCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
  return reply(r);
}

Response h_me(Ctx& c) {
  auto u = c.svc.me(c.actor);
  if (!u) return reply(u);
  json j = to_json(*u);
  j["csrf_token"] = c.csrf;
  return json_response(200, j);
}

Response h_users(Ctx& c) { return reply(c.svc.list_users(c.actor)); }
Response h_create_user(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::NewUser n{f.str("login"), f.str("display_name"), detail::role_field("role", f.str("role")),
                     f.opt_id("agency_id"), f.str("password")};
  return reply(c.svc.create_user(c.actor, n), 201);
}
Response h_password(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  return reply(c.svc.change_password(c.actor, c.id(), f.opt_str("current_password").value_or(""), f.str("password"),
                                     c.req.ip));
}
Response h_password_reset(Ctx& c) {
  const json j = c.body();
  return reply(c.svc.reset_password(c.actor, c.id(), Fields(j).str("password")));
}
Response h_agencies(Ctx& c) { return reply(c.svc.list_agencies(c.actor, c.query_id("org"))); }
Response h_create_agency(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::NewAgency n{f.str("name"), f.has("aliases") ? f.strings("aliases") : std::vector<std::string>{},
                       f.opt_id("parent_id"), f.opt_str("email"), AgencyKind::named, {}};
  if (auto kind = f.opt_str("kind")) {
    auto k = agency_kind_from_string(*kind);
    if (!k) throw BadRequest("Trường 'kind' phải là 'named' hoặc 'collective'.");
    n.kind = *k;
  }
  if (f.has("members")) n.members = f.ids("members");
  return reply(c.svc.create_agency(c.actor, n), 201);
}
Response h_patch_agency(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::AgencyPatch p;
  p.name = f.opt_str("name");
  if (f.has("aliases")) p.aliases = f.strings("aliases");
  if (f.has("email")) p.email = f.opt_str("email");
  if (f.has("members")) p.members = f.ids("members");
  return reply(c.svc.update_agency(c.actor, c.id(), p));
}
Response h_plans(Ctx& c) {
  return reply(c.svc.list_plans(c.actor, plan_statuses(c), c.query_id("agency"), c.query_str("q")));
}
Response h_import(Ctx& c) {
  const std::string name = c.query_str("filename");
  if (name.empty()) throw BadRequest("Thiếu tham số 'filename' (tên tệp kế hoạch).");
  auto id = c.svc.import_plan(c.actor, {name, c.req.body});
  if (!id) return fail_reply(id.error());
  // The new draft as GET /api/plans/{id} shows it: duplicates and agency names to resolve included.
  return reply(c.svc.get_plan(c.actor, *id), 201);
}
Response h_plan(Ctx& c) { return reply(c.svc.get_plan(c.actor, c.id())); }
Response h_patch_plan(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::PlanPatch p;
  p.title = f.opt_str("title");
  if (f.has("number")) p.number = f.opt_str("number");
  if (f.has("signed_on")) p.signed_on = f.opt_date("signed_on");
  p.start = f.opt_date("start");
  p.end = f.opt_date("end");
  if (f.has("schedule")) p.schedule = detail::schedule_of(f.raw("schedule"));
  if (f.has("parent_plan_ids")) p.parent_plan_ids = f.ids("parent_plan_ids");
  return reply(c.svc.update_plan(c.actor, c.id(), p));
}
Response h_delete_plan(Ctx& c) { return reply(c.svc.delete_plan(c.actor, c.id())); }
Response h_resolve_name(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  return reply(c.svc.resolve_agency_name(c.actor, c.id(), c.id("name_id"), f.str("decision"), f.opt_id("agency_id"),
                                         f.has("members") ? f.ids("members") : std::vector<Id>{}));
}
Response h_publish(Ctx& c) { return reply(c.svc.publish_plan(c.actor, c.id())); }
Response h_amend(Ctx& c) { return reply(c.svc.amend_plan(c.actor, c.id()), 201); }
Response h_periods(Ctx& c) { return reply(c.svc.list_periods(c.actor, c.id())); }
Response h_tasks(Ctx& c) {
  service::TaskQuery q;
  q.plan_id = c.id();
  q.agency_id = c.query_id("agency");
  q.group_id = c.query_id("group");
  q.period_id = c.query_id("period");
  q.status = c.query_str("status");
  q.text = c.query_str("q");
  if (auto l = c.query_id("limit")) q.limit = static_cast<int>(std::min<Id>(*l, 100000));
  if (auto o = c.query_str("offset"); !o.empty()) {
    if (o.find_first_not_of("0123456789") != std::string::npos || o.size() > 9)
      throw BadRequest("Tham số 'offset' phải là một số nguyên không âm.");
    q.offset = std::stoi(o);
  }
  return reply(c.svc.list_tasks(c.actor, q));
}
Response h_indicators(Ctx& c) { return reply(c.svc.list_indicators(c.actor, c.id())); }
Response h_task(Ctx& c) { return reply(c.svc.get_task(c.actor, c.id())); }
// The leads of a task or target, a list since joint leads (issue 10); the single field it replaced is
// refused with the new name rather than ignored, so an old client does not believe its edit landed.
std::optional<std::vector<Id>> lead_ids(const Fields& f) {
  if (f.has("lead_agency_id"))
    throw BadRequest("Trường 'lead_agency_id' đã được thay bằng 'lead_agency_ids' (danh sách cơ quan chủ trì).");
  if (!f.has("lead_agency_ids")) return std::nullopt;
  return f.ids("lead_agency_ids");
}
Response h_patch_task(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::TaskPatch p;
  p.text = f.opt_str("text");
  if (f.has("leader")) p.leader = f.opt_str("leader");
  p.lead_agency_ids = lead_ids(f);
  if (f.has("coordinating_agency_ids")) p.coordinating_agency_ids = f.ids("coordinating_agency_ids");
  if (f.has("consolidating_agency_id")) p.consolidating_agency_id = f.opt_id("consolidating_agency_id");
  if (f.has("timeframe")) p.timeframe = detail::timeframe_of(f.raw("timeframe"));
  if (f.has("output")) p.output = f.opt_str("output");
  return reply(c.svc.update_task(c.actor, c.id(), p));
}
Response h_patch_indicator(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::IndicatorPatch p;
  p.lead_agency_ids = lead_ids(f);
  if (f.has("coordinating_agency_ids")) p.coordinating_agency_ids = f.ids("coordinating_agency_ids");
  return reply(c.svc.update_indicator(c.actor, c.id(), p));
}
Response h_reports(Ctx& c) {
  service::ReportQuery q;
  q.plan_id = c.query_id("plan");
  q.task_id = c.query_id("task");
  q.period_id = c.query_id("period");
  q.agency_id = c.query_id("agency");
  if (auto s = c.query_str("status"); !s.empty()) q.statuses.push_back(detail::report_status_field("status", s));
  return reply(c.svc.list_reports(c.actor, q));
}
Response h_save_report(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::ReportInput in;
  in.task_id = f.id("task_id");
  in.period_id = f.id("period_id");
  in.progress = detail::progress_field("progress", f.str("progress"));
  in.percent = f.integer("percent", 0, 100);
  in.completed_on = f.opt_date("completed_on");
  in.narrative = f.opt_str("narrative").value_or("");
  in.difficulties = f.opt_str("difficulties").value_or("");
  in.proposals = f.opt_str("proposals").value_or("");
  if (f.has("evidence")) {
    const json& ev = f.raw("evidence");
    if (!ev.is_array()) detail::bad_field("evidence", "phải là một mảng");
    for (const auto& e : ev) {
      if (!e.is_object()) detail::bad_field("evidence", "phải là một mảng đối tượng {kind, name, ref}");
      Fields ef(e);
      in.evidence.push_back({ef.str("kind"), ef.opt_str("name").value_or(""), ef.str("ref")});
    }
  }
  return reply(c.svc.save_report(c.actor, in));
}
Response h_report(Ctx& c) { return reply(c.svc.get_report(c.actor, c.id())); }
Response h_submit(Ctx& c) { return reply(c.svc.submit_report(c.actor, c.id())); }
Response h_approve(Ctx& c) { return reply(c.svc.approve_report(c.actor, c.id())); }
Response h_review(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  return reply(c.svc.review_report(c.actor, c.id(), detail::decision_field("decision", f.str("decision")),
                                   f.opt_str("comment").value_or("")));
}
Response h_value(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::IndicatorValueInput in{f.id("indicator_id"), f.id("period_id"), f.number("value"), f.date("measured_on"),
                                  f.opt_str("note").value_or("")};
  return reply(c.svc.submit_indicator_value(c.actor, in));
}
Response h_review_value(Ctx& c) {
  const json j = c.body();
  return reply(c.svc.review_indicator_value(c.actor, c.id(), detail::decision_field("decision", Fields(j).str("decision"))));
}
Response h_exception(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  return reply(c.svc.grant_lock_exception(c.actor, c.id(), {f.id("agency_id"), f.date("until"), f.opt_str("reason").value_or("")}),
               201);
}
Response h_revoke(Ctx& c) { return reply(c.svc.revoke_lock_exception(c.actor, c.id(), c.id("agency"))); }
Response h_explanations(Ctx& c) { return reply(c.svc.list_explanations(c.actor)); }
Response h_ask(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  return reply(c.svc.request_explanation(c.actor, {f.str("entity"), f.id("entity_id"), f.opt_id("agency_id"), f.str("question")}),
               201);
}
Response h_answer(Ctx& c) {
  const json j = c.body();
  return reply(c.svc.answer_explanation(c.actor, c.id(), Fields(j).str("answer")));
}
Response h_inbox(Ctx& c) { return reply(c.svc.inbox(c.actor)); }
Response h_backlog(Ctx& c) { return reply(c.svc.backlog(c.actor, c.id(), c.required_query_id("period"))); }
Response h_remind(Ctx& c) {
  // Optional body {"force": true}: queue again even if today's reminders went out already.
  bool force = false;
  if (!c.req.body.empty()) {
    const json j = c.body();
    if (j.contains("force") && !j.at("force").is_boolean()) detail::bad_field("force", "phải là true hoặc false");
    force = j.value("force", false);
  }
  return reply(c.svc.send_reminders(c.actor, c.id(), c.required_query_id("period"), force));
}
Response h_outbox(Ctx& c) { return reply(c.svc.outbox(c.actor, 200)); }
Response h_status(Ctx& c) { return reply(c.svc.plan_status(c.actor, c.id())); }
Response h_ranking(Ctx& c) { return reply(c.svc.agency_ranking(c.actor, c.id())); }
Response h_dashboard(Ctx& c) { return reply(c.svc.dashboard(c.actor, c.query_id("org"))); }
Response h_national(Ctx& c) { return reply(c.svc.national(c.actor)); }
Response h_upload(Ctx& c) {
  const std::string name = c.query_str("name");
  if (name.empty()) throw BadRequest("Thiếu tham số 'name' (tên tệp).");
  return reply(c.svc.upload_file(c.actor, {name, c.req.body}), 201);
}
Response h_download(Ctx& c) {
  auto f = c.svc.download_file(c.actor, c.path.at("key"));
  if (!f) return fail_reply(f.error());
  Response r;
  r.content_type = f->content_type;
  r.body = std::move(f->content);
  // The stored name is UTF-8 without path parts or control characters; RFC 5987 encoding keeps
  // Vietnamese names intact.
  std::string enc;
  for (unsigned char ch : f->name) {
    if (std::isalnum(ch) || ch == '.' || ch == '-' || ch == '_') {
      enc += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      enc += buf;
    }
  }
  r.headers.emplace_back("Content-Disposition", "attachment; filename*=UTF-8''" + enc);
  return r;  // X-Content-Type-Options: nosniff is on every response (server.cpp)
}
Response h_audit(Ctx& c) {
  const std::string entity = c.query_str("entity");
  return reply(c.svc.audit(c.actor, entity, c.required_query_id("id")));
}

const std::vector<Route>& table() {
  static const std::vector<Route> kRoutes = {
      {{"POST", "/api/login", false, "Đăng nhập"}, h_login},
      {{"POST", "/api/logout", true, "Đăng xuất"}, h_logout},
      {{"GET", "/api/me", true, "Người dùng hiện tại và mã CSRF"}, h_me},
      {{"GET", "/api/users", true, "Danh sách người dùng"}, h_users},
      {{"POST", "/api/users", true, "Tạo người dùng"}, h_create_user},
      {{"POST", "/api/users/{id}/password", true, "Đổi mật khẩu của chính mình (cần mật khẩu hiện tại)"}, h_password},
      {{"POST", "/api/users/{id}/password-reset", true, "Quản trị viên đặt lại mật khẩu người khác"}, h_password_reset},
      {{"GET", "/api/agencies", false, "Danh sách cơ quan"}, h_agencies},
      {{"POST", "/api/agencies", true, "Tạo cơ quan"}, h_create_agency},
      {{"PATCH", "/api/agencies/{id}", true, "Sửa cơ quan (tên, tên gọi khác, thư điện tử)"}, h_patch_agency},
      {{"GET", "/api/plans", false, "Danh sách kế hoạch"}, h_plans},
      {{"POST", "/api/plans/import", true, "Nhập kế hoạch từ tệp"}, h_import, true},
      {{"GET", "/api/plans/{id}", false, "Chi tiết kế hoạch"}, h_plan},
      {{"PATCH", "/api/plans/{id}", true, "Sửa kế hoạch dự thảo"}, h_patch_plan},
      {{"DELETE", "/api/plans/{id}", true, "Xóa kế hoạch dự thảo"}, h_delete_plan},
      {{"PATCH", "/api/plans/{id}/agency-names/{name_id}", true, "Xử lý tên cơ quan chưa khớp của dự thảo"}, h_resolve_name},
      {{"POST", "/api/plans/{id}/publish", true, "Ban hành kế hoạch"}, h_publish},
      {{"POST", "/api/plans/{id}/amend", true, "Tạo bản sửa đổi của kế hoạch đã ban hành"}, h_amend},
      {{"GET", "/api/plans/{id}/periods", false, "Kỳ báo cáo"}, h_periods},
      {{"GET", "/api/plans/{id}/tasks", false, "Nhiệm vụ (lọc)"}, h_tasks},
      {{"GET", "/api/plans/{id}/indicators", false, "Chỉ tiêu"}, h_indicators},
      {{"GET", "/api/plans/{id}/status", false, "Tình trạng nhiệm vụ và chỉ tiêu"}, h_status, false, false, true},
      {{"GET", "/api/plans/{id}/ranking", false, "Xếp hạng cơ quan"}, h_ranking},
      {{"GET", "/api/plans/{id}/backlog", true, "Báo cáo còn thiếu / nộp muộn"}, h_backlog},
      {{"POST", "/api/plans/{id}/reminders", true, "Gửi nhắc nhở (đôn đốc)"}, h_remind},
      {{"GET", "/api/tasks/{id}", false, "Chi tiết nhiệm vụ"}, h_task},
      {{"PATCH", "/api/tasks/{id}", true, "Sửa nhiệm vụ (kế hoạch dự thảo)"}, h_patch_task},
      {{"PATCH", "/api/indicators/{id}", true, "Sửa cơ quan chủ trì / phối hợp của chỉ tiêu (kế hoạch dự thảo)"},
       h_patch_indicator},
      {{"GET", "/api/reports", false, "Danh sách báo cáo"}, h_reports},
      {{"POST", "/api/reports", true, "Lưu báo cáo (nháp)"}, h_save_report},
      {{"GET", "/api/reports/{id}", false, "Chi tiết báo cáo"}, h_report},
      {{"POST", "/api/reports/{id}/submit", true, "Gửi báo cáo"}, h_submit},
      {{"POST", "/api/reports/{id}/approve", true, "Lãnh đạo cơ quan phê duyệt"}, h_approve},
      {{"POST", "/api/reports/{id}/review", true, "Văn phòng chấp nhận / trả lại"}, h_review},
      {{"POST", "/api/indicator-values", true, "Báo cáo giá trị chỉ tiêu"}, h_value},
      {{"POST", "/api/indicator-values/{id}/review", true, "Xem xét giá trị chỉ tiêu"}, h_review_value},
      {{"POST", "/api/periods/{id}/exceptions", true, "Gia hạn kỳ đã khóa"}, h_exception},
      {{"DELETE", "/api/periods/{id}/exceptions/{agency}", true, "Thu hồi gia hạn"}, h_revoke},
      {{"GET", "/api/explanations", true, "Yêu cầu giải trình"}, h_explanations},
      {{"POST", "/api/explanations", true, "Yêu cầu giải trình"}, h_ask},
      {{"POST", "/api/explanations/{id}/answer", true, "Giải trình"}, h_answer},
      {{"GET", "/api/inbox", true, "Thông báo của cơ quan"}, h_inbox},
      {{"GET", "/api/outbox", true, "Hộp thư đi (nhắc nhở)"}, h_outbox},
      {{"GET", "/api/dashboard", false, "Bảng điều khiển tỉnh/thành"}, h_dashboard, false, true},
      {{"GET", "/api/national", false, "Tổng hợp toàn quốc"}, h_national, false, true},
      {{"POST", "/api/files", true, "Tải lên tệp minh chứng"}, h_upload, true},
      {{"GET", "/api/files/{key}", true, "Tải tệp"}, h_download},
      {{"GET", "/api/audit", true, "Nhật ký thay đổi"}, h_audit},
  };
  return kRoutes;
}

// Matches "/api/plans/{id}" against a path; {key} takes any segment, other {names} digits only
// (`loose`: any segment, to tell a malformed id — 400 — from an unknown path — 404).
bool match(const std::string& pattern, std::string_view path, std::map<std::string, std::string>& out,
           bool loose = false) {
  std::string_view p = pattern;
  out.clear();
  while (!p.empty() || !path.empty()) {
    if (p.empty() || path.empty() || p.front() != '/' || path.front() != '/') return false;
    p.remove_prefix(1);
    path.remove_prefix(1);
    const auto pe = p.find('/');
    const auto se = path.find('/');
    const std::string_view pseg = p.substr(0, pe);
    const std::string_view sseg = path.substr(0, se);
    if (pseg.size() > 2 && pseg.front() == '{') {
      const std::string name(pseg.substr(1, pseg.size() - 2));
      if (sseg.empty() || sseg.size() > 64) return false;
      if (!loose && name != "key" &&
          (sseg.size() > 18 || sseg.find_first_not_of("0123456789") != std::string_view::npos))
        return false;
      out[name] = std::string(sseg);
    } else if (pseg != sseg) {
      return false;
    }
    p = pe == std::string_view::npos ? std::string_view() : p.substr(pe);
    path = se == std::string_view::npos ? std::string_view() : path.substr(se);
  }
  return true;
}

// ---- the checks that need no body: App::admit runs them on the header, dispatch again on the request ----

// "application/json" in any case, with or without parameters ("; charset=utf-8").
bool is_json(std::string_view type) {
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  constexpr std::string_view kJson = "application/json";
  if (type.size() != kJson.size()) return false;
  for (std::size_t k = 0; k < type.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(type[k])) != kJson[k]) return false;
  return true;
}

// The route a method and path name, or the answer when none does (400 malformed id, 404, 405).
struct Resolution {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::string name;  // the route pattern, or why none matched (metric label)
  Response refusal;
};

Resolution resolve(const std::string& method, const std::string& path) {
  Resolution out;
  bool path_known = false;
  for (const auto& r : table()) {
    if (!match(r.info.pattern, path, out.params)) continue;
    path_known = true;
    if (r.info.method == method) {
      out.route = &r;
      out.name = r.info.pattern;
      return out;
    }
  }
  if (!path_known) {
    // "/api/reports/abc": the path of a route whose id is not a positive integer.
    for (const auto& r : table()) {
      if (!match(r.info.pattern, path, out.params, true)) continue;
      for (const auto& [name, value] : out.params)
        if (name != "key" && (value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)) {
          out.name = "bad_path";
          out.refusal = error_response(
              400, "invalid",
              "Tham số '" + name + "' trong đường dẫn phải là một số nguyên dương, không phải '" + value + "'.");
          return out;
        }
    }
  }
  out.name = path_known ? "method_not_allowed" : "not_found";
  out.refusal = path_known
                    ? error_response(405, "method_not_allowed", "Phương thức không được hỗ trợ cho đường dẫn này.")
                    : error_response(404, "not_found", "Không tìm thấy đường dẫn " + path + ".");
  return out;
}

std::int64_t body_limit(const Route& r, const Options& o) {
  return r.upload ? o.config.max_file_bytes : o.max_json_bytes;
}

std::optional<Response> size_refusal(std::int64_t limit, std::uint64_t length) {
  if (length <= static_cast<std::uint64_t>(limit)) return std::nullopt;
  return error_response(413, "too_large", "Nội dung gửi lên quá lớn (tối đa " + std::to_string(limit / 1024) + " KB).");
}

// Writes need a signed-in user and that session's CSRF token; signing in is the one exception.
std::optional<Response> access_refusal(const Route& r, const Request& req, const service::Actor& actor,
                                       const std::string& csrf) {
  if (!unsafe(req.method) || r.info.pattern == "/api/login") return std::nullopt;
  if (actor.anonymous()) return error_response(401, "unauthenticated", "Bạn cần đăng nhập để thực hiện thao tác này.");
  if (req.csrf.empty() || req.csrf != csrf)
    return error_response(403, "csrf", "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token).");
  return std::nullopt;
}

// A write route that reads JSON refuses a body declared as something else; upload routes take any type,
// and a body without a Content-Type is read as JSON.
std::optional<Response> type_refusal(const Route& r, const Request& req, bool has_body) {
  if (r.upload || !unsafe(req.method) || !has_body || req.content_type.empty() || is_json(req.content_type))
    return std::nullopt;
  return error_response(415, "unsupported_media_type",
                        "Nội dung gửi lên phải là JSON (Content-Type: application/json).");
}

bool builtin(const Request& req) { return req.method == "GET" && (req.path == "/healthz" || req.path == "/metrics"); }

// ---- metrics ------------------------------------------------------------------------------------

constexpr std::array<double, 9> kBuckets = {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0};

struct Histogram {
  std::array<std::uint64_t, kBuckets.size() + 1> buckets{};  // last = +Inf
  double sum = 0;
  std::uint64_t count = 0;
  void add(double seconds) {
    std::size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
    ++buckets[b];
    sum += seconds;
    ++count;
  }
};

struct Metrics {
  mutable std::mutex mu;
  std::map<std::pair<std::string, int>, std::uint64_t> requests;  // (route, status)
  std::map<std::string, Histogram> latency;                       // by route pattern
  std::map<std::string, std::uint64_t> login_failures;            // by reason
  std::atomic<std::int64_t> in_flight{0};
  std::atomic<std::uint64_t> db_errors{0};
  std::atomic<std::uint64_t> cache_hits{0};

  void record(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mu);
    ++requests[{route, status}];
    latency[route].add(seconds);
    if (route == "/api/login" && (status == 401 || status == 429))
      ++login_failures[status == 401 ? "invalid_credentials" : "throttled"];
  }
};

// Whether writes succeed: a write answered 503 (the store could not write: full disk, read-only or lost
// database) marks them failing, the next write that succeeds clears it. /healthz reports it for a minute
// after the last failure, so that a server nobody writes to comes back by itself.
struct WriteHealth {
  std::mutex mu;
  bool failing = false;
  std::int64_t since = 0;  // Unix seconds of the first failure in a row
  Clock::time_point last_failure;
  std::string route;
};
constexpr auto kDegradedFor = std::chrono::seconds(60);

}  // namespace

const std::vector<RouteInfo>& routes() {
  static const std::vector<RouteInfo> kInfo = [] {
    std::vector<RouteInfo> v;
    for (const auto& r : table()) v.push_back(r.info);
    v.push_back({"GET", "/healthz", false, "Tình trạng máy chủ"});
    v.push_back({"GET", "/metrics", false, "Số liệu Prometheus"});
    return v;
  }();
  return kInfo;
}

// ---- the App ------------------------------------------------------------------------------------

struct App::Impl {
  Options options;
  Metrics metrics;
  WriteHealth writes;
  std::atomic<std::int64_t> body_bytes_in_flight{0};

  // A pool of store connections: a Store is one connection and not thread-safe, so each request
  // leases one; a connection that failed with "unavailable" is dropped rather than reused.
  std::mutex pool_mu;
  std::vector<std::unique_ptr<store::Store>> idle;

  std::mutex cache_mu;
  struct Cached {
    Clock::time_point expires;
    Response response;
  };
  std::unordered_map<std::string, Cached> cache;

  explicit Impl(Options o) : options(std::move(o)) {}

  std::int64_t now() const {
    if (options.clock) return options.clock();
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  }

  Expected<std::unique_ptr<store::Store>> lease() {
    {
      std::lock_guard lock(pool_mu);
      if (!idle.empty()) {
        auto s = std::move(idle.back());
        idle.pop_back();
        return s;
      }
    }
    return store::open_store(options.database);
  }
  void give_back(std::unique_ptr<store::Store> s) {
    std::lock_guard lock(pool_mu);
    idle.push_back(std::move(s));
  }

  std::optional<Response> cached(const std::string& key) {
    std::lock_guard lock(cache_mu);
    auto it = cache.find(key);
    if (it == cache.end() || it->second.expires < Clock::now()) return std::nullopt;
    return it->second.response;
  }
  void remember(const std::string& key, const Response& r) {
    std::lock_guard lock(cache_mu);
    cache[key] = {Clock::now() + std::chrono::milliseconds(options.cache_ttl_ms), r};
  }
  void invalidate() {
    std::lock_guard lock(cache_mu);
    cache.clear();
  }

  // What a request's log line and metrics need besides the request and the response.
  struct Trace {
    std::string route = "unknown";
    Id user = 0;
    std::string login;  // the login a sign-in attempted
  };
  Response dispatch(const Request& req, Trace& t);
  Response health();
  void note_write(const Request& req, const Trace& t, int status);
  void finish(const Request& req, const Trace& t, const Response& out, Clock::time_point start);
  Response store_unavailable(const Error& e, const char* event);
};

App::App(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
App::~App() = default;

Expected<int> App::migrate() {
  auto s = impl_->lease();
  if (!s) return Unexpected<Error>{s.error()};
  auto n = (*s)->migrate();
  if (n) impl_->give_back(std::move(*s));
  return n;
}

Response App::Impl::store_unavailable(const Error& e, const char* event) {
  detail::log(spdlog::level::err, {{"event", event}, {"code", e.code}, {"detail", e.detail}});
  return error_response(503, "unavailable", "Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại.");
}

Response App::Impl::health() {
  auto s = lease();
  if (!s) {
    detail::log(spdlog::level::err, {{"event", "health_unavailable"}, {"detail", s.error().detail}});
    return json_response(503, {{"status", "unavailable"}, {"detail", s.error().message}});
  }
  auto h = service::Service(**s, options.config, now()).health();
  if (h.ok) give_back(std::move(*s));
  json body = {{"status", h.ok ? "ok" : "unavailable"}, {"backend", h.backend}, {"schema_version", h.schema_version}};
  if (!h.ok) {
    detail::log(spdlog::level::err, {{"event", "health_unavailable"}, {"backend", h.backend}});
    return json_response(503, body);
  }
  std::lock_guard lock(writes.mu);
  if (writes.failing && Clock::now() - writes.last_failure < kDegradedFor) {
    body["status"] = "degraded";
    body["writes"] = "failing";
    body["writes_failing_since"] = writes.since;
    detail::log(spdlog::level::warn, {{"event", "health_degraded"}, {"writes", "failing"}, {"since", writes.since},
                              {"last_route", writes.route}});
    return json_response(503, body);
  }
  body["writes"] = "ok";
  return json_response(200, body);
}

void App::Impl::note_write(const Request& req, const Trace& t, int status) {
  if (!unsafe(req.method) || t.route.empty() || t.route.front() != '/') return;
  if (status != 503 && status >= 300) return;  // a refusal says nothing about the disk
  std::lock_guard lock(writes.mu);
  if (status == 503) {
    if (!writes.failing) writes.since = now();
    writes.failing = true;
    writes.last_failure = Clock::now();
    writes.route = t.route;
  } else {
    writes.failing = false;
  }
}

Response App::Impl::dispatch(const Request& req, Trace& t) {
  if (req.path == "/healthz" && req.method == "GET") {
    t.route = "/healthz";
    return health();
  }
  Resolution res = resolve(req.method, req.path);
  t.route = res.name;
  if (res.route == nullptr) return res.refusal;
  const Route* route = res.route;
  if (auto r = size_refusal(body_limit(*route, options), req.body.size())) return *r;
  // Cacheable routes are one answer for everyone; public_cache routes one per audience: the public's
  // (no session) is looked up here, a signed-in audience's once the session is known (below).
  const std::string token = cookie_value(req.cookie, kCookie);
  const bool no_session = token.empty();
  bool use_cache = route->cacheable || (route->public_cache && no_session);
  std::string cache_key = use_cache ? (route->cacheable ? "" : "public:") + req.path + "?" + req.query : std::string();
  if (use_cache)
    if (auto hit = cached(cache_key)) {
      metrics.cache_hits.fetch_add(1, std::memory_order_relaxed);
      return *hit;
    }

  auto leased = lease();
  if (!leased) return store_unavailable(leased.error(), "db_open_failed");
  std::unique_ptr<store::Store> st = std::move(*leased);
  bool healthy = true;
  bool from_cache = false;
  Response out;
  {
    service::Service svc(*st, options.config, now());
    service::Actor actor;
    std::string csrf;
    bool stale_cookie = false;
    if (!token.empty()) {
      auto who = svc.authenticate(token);
      if (who) {
        actor = who->actor;
        csrf = who->csrf_token;
      } else if (who.error().code == "unauthenticated") {
        stale_cookie = true;
      } else {
        healthy = false;
        out = fail_reply(who.error());
      }
    }
    t.user = actor.user_id;
    std::optional<Response> audience_hit;
    if (healthy && route->public_cache && !actor.anonymous()) {
      use_cache = true;
      cache_key = "audience:" + std::string(to_string(actor.role)) + ":" + std::to_string(actor.org_id) + ":" +
                  (actor.agency_id ? std::to_string(*actor.agency_id) : std::string("-")) + ":" + req.path + "?" +
                  req.query;
      audience_hit = cached(cache_key);
      if (audience_hit) metrics.cache_hits.fetch_add(1, std::memory_order_relaxed);
    }
    if (audience_hit) {
      from_cache = true;
      out = std::move(*audience_hit);
    } else if (healthy) {
      if (auto r = access_refusal(*route, req, actor, csrf))
        out = *r;
      else if (auto ty = type_refusal(*route, req, !req.body.empty()))
        out = *ty;
      if (out.body.empty()) {
        Request effective = req;
        if (options.trust_forwarded_for && !req.forwarded_for.empty()) {
          std::string_view last = req.forwarded_for;
          if (const auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
          while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
          while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
          if (!last.empty() && last.size() <= 64) effective.ip = std::string(last);
        }
        Ctx ctx{svc, actor, effective, res.params, parse_query(req.query), options, csrf, {}, {}};
        try {
          out = route->handler(ctx);
        } catch (const BadRequest& e) {
          out = error_response(400, "invalid", e.what());
        } catch (const std::exception& e) {
          detail::log(spdlog::level::err, {{"event", "handler_exception"}, {"route", t.route}, {"what", e.what()}});
          out = error_response(500, "internal", "Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị.");
        }
        for (auto& h : ctx.set_headers) out.headers.push_back(std::move(h));
        t.login = std::move(ctx.login_attempted);
        if (ctx.signed_in != 0) t.user = ctx.signed_in;
      }
      if (stale_cookie && route->info.pattern != "/api/login")
        out.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    }
  }
  if (out.status == 503) healthy = false;
  if (healthy) give_back(std::move(st));
  if (out.status >= 500) metrics.db_errors.fetch_add(out.status == 503 ? 1 : 0, std::memory_order_relaxed);
  if (unsafe(req.method) && out.status < 400) invalidate();
  if (use_cache && out.status == 200 && !from_cache) remember(cache_key, out);
  return out;
}

void App::Impl::finish(const Request& req, const Trace& t, const Response& out, Clock::time_point start) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  metrics.record(t.route, out.status, seconds);
  if (!(options.log_reads || unsafe(req.method) || out.status >= 500 || seconds > 1.0)) return;
  json line = {{"method", req.method}, {"path", req.path},   {"route", t.route}, {"status", out.status},
               {"ms", std::round(seconds * 100000) / 100}, {"user", t.user}, {"ip", req.ip}};
  if (!t.login.empty()) line["login"] = t.login;
  detail::log(spdlog::level::info, std::move(line));
}

Response App::handle(const Request& req) {
  const auto start = Clock::now();
  impl_->metrics.in_flight.fetch_add(1, std::memory_order_relaxed);
  Impl::Trace t;
  Response out;
  if (req.path == "/metrics" && req.method == "GET") {
    t.route = "/metrics";
    out.content_type = "text/plain; version=0.0.4; charset=utf-8";
    out.body = metrics_text();
  } else {
    try {
      out = impl_->dispatch(req, t);
    } catch (const std::exception& e) {  // a fault outside any handler (allocation, pool)
      detail::log(spdlog::level::err, {{"event", "request_fault"}, {"what", e.what()}});
      out = error_response(500, "internal", "Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị.");
    }
  }
  impl_->metrics.in_flight.fetch_sub(1, std::memory_order_relaxed);
  impl_->note_write(req, t, out.status);
  impl_->finish(req, t, out, start);
  return out;
}

Admission App::admit(const Request& head, std::optional<std::uint64_t> content_length) {
  auto& I = *impl_;
  const auto start = Clock::now();
  Admission a;
  Impl::Trace t;
  auto refuse = [&](Response r) {
    I.finish(head, t, r, start);
    a.refusal = std::move(r);
    return std::move(a);
  };
  const bool has_body = !content_length || *content_length > 0;
  if (builtin(head)) {
    t.route = head.path;
    if (content_length)
      if (auto r = size_refusal(I.options.max_json_bytes, *content_length)) return refuse(std::move(*r));
    a.body_limit = static_cast<std::uint64_t>(I.options.max_json_bytes);
  } else {
    Resolution res = resolve(head.method, head.path);
    t.route = res.name;
    if (res.route == nullptr) return refuse(std::move(res.refusal));
    if (content_length)
      if (auto r = size_refusal(body_limit(*res.route, I.options), *content_length)) return refuse(std::move(*r));
    if (unsafe(head.method) && res.route->info.pattern != "/api/login") {
      service::Actor actor;
      std::string csrf;
      if (const std::string token = cookie_value(head.cookie, kCookie); !token.empty()) {
        auto leased = I.lease();
        if (!leased) return refuse(I.store_unavailable(leased.error(), "db_open_failed"));
        auto who = service::Service(**leased, I.options.config, I.now()).authenticate(token);
        if (who) {
          actor = who->actor;
          csrf = who->csrf_token;
        } else if (who.error().code != "unauthenticated") {
          return refuse(fail_reply(who.error()));  // the connection is dropped with the lease
        }
        I.give_back(std::move(*leased));
      }
      t.user = actor.user_id;
      if (auto r = access_refusal(*res.route, head, actor, csrf)) return refuse(std::move(*r));
    }
    if (auto r = type_refusal(*res.route, head, has_body)) return refuse(std::move(*r));
    a.body_limit = static_cast<std::uint64_t>(body_limit(*res.route, I.options));
  }
  // The budget: what the body may take once read (its length, or the route's limit when chunked). One
  // body alone is always admitted, so a budget below a route's limit does not shut that route.
  const auto want = static_cast<std::int64_t>(content_length ? *content_length : a.body_limit);
  if (has_body && want > 0) {
    auto& used = I.body_bytes_in_flight;
    const std::int64_t before = used.fetch_add(want);
    if (before > 0 && before + want > I.options.max_body_bytes_in_flight) {
      used.fetch_sub(want);
      detail::log(spdlog::level::warn, {{"event", "body_budget_exhausted"}, {"route", t.route}, {"in_flight_bytes", before},
                                {"wanted_bytes", want}, {"budget_bytes", I.options.max_body_bytes_in_flight}});
      Response r = error_response(503, "unavailable", "Máy chủ đang nhận nhiều dữ liệu. Vui lòng thử lại sau giây lát.");
      r.headers.emplace_back("Retry-After", "2");
      return refuse(std::move(r));
    }
    a.reservation = std::shared_ptr<void>(nullptr, [&used, want](auto) { used.fetch_sub(want); });
  }
  return a;
}

std::string App::metrics_text() const {
  const auto& m = impl_->metrics;
  // Reports by status, from the store (every version; one GROUP BY per scrape), before taking the
  // metrics lock.
  std::ostringstream rep;
  {
    if (auto st = impl_->lease()) {
      if (auto counts = (*st)->count_reports_by_status()) {
        rep << "# HELP planwatch_reports Task reports in the database by status.\n# TYPE planwatch_reports gauge\n";
        for (const auto status : {ReportStatus::draft, ReportStatus::submitted, ReportStatus::approved,
                                  ReportStatus::accepted, ReportStatus::returned}) {
          std::int64_t n = 0;
          for (const auto& [s, count] : *counts)
            if (s == status) n = count;
          rep << "planwatch_reports{status=\"" << to_string(status) << "\"} " << n << "\n";
        }
        impl_->give_back(std::move(*st));
      } else {
        detail::log(spdlog::level::err, {{"event", "metrics_reports_failed"}, {"detail", counts.error().detail}});
      }
    }
  }
  std::ostringstream o;
  o << "# HELP planwatch_http_requests_total HTTP requests by route and status.\n"
       "# TYPE planwatch_http_requests_total counter\n";
  std::lock_guard lock(m.mu);
  for (const auto& [key, n] : m.requests)
    o << "planwatch_http_requests_total{route=" << json_quoted(key.first) << ",status=\"" << key.second << "\"} " << n
      << "\n";
  o << "# HELP planwatch_http_request_duration_seconds Request latency by route pattern.\n"
       "# TYPE planwatch_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : m.latency) {
    const std::string label = "route=" + json_quoted(route);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += h.buckets[b];
      o << "planwatch_http_request_duration_seconds_bucket{" << label << ",le=\"" << kBuckets[b] << "\"} " << cumulative
        << "\n";
    }
    cumulative += h.buckets[kBuckets.size()];
    o << "planwatch_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << cumulative << "\n";
    o << "planwatch_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n";
    o << "planwatch_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
  }
  o << "# HELP planwatch_http_in_flight Requests being handled.\n# TYPE planwatch_http_in_flight gauge\n"
    << "planwatch_http_in_flight " << m.in_flight.load() << "\n";
  o << "# HELP planwatch_http_body_bytes_in_flight Request bodies admitted and not yet handled.\n"
       "# TYPE planwatch_http_body_bytes_in_flight gauge\n"
    << "planwatch_http_body_bytes_in_flight " << impl_->body_bytes_in_flight.load() << "\n";
  o << "# HELP planwatch_login_failures_total Failed sign-ins (wrong login or password; throttled).\n"
       "# TYPE planwatch_login_failures_total counter\n";
  for (const char* reason : {"invalid_credentials", "throttled"}) {
    auto it = m.login_failures.find(reason);
    o << "planwatch_login_failures_total{reason=\"" << reason << "\"} " << (it == m.login_failures.end() ? 0 : it->second)
      << "\n";
  }
  o << rep.str();
  o << "# HELP planwatch_db_unavailable_total Requests answered 503 because the database was unavailable.\n"
       "# TYPE planwatch_db_unavailable_total counter\n"
    << "planwatch_db_unavailable_total " << m.db_errors.load() << "\n";
  o << "# HELP planwatch_cache_hits_total Dashboard responses served from the cache.\n"
       "# TYPE planwatch_cache_hits_total counter\n"
    << "planwatch_cache_hits_total " << m.cache_hits.load() << "\n";
  return o.str();
}

}  // namespace planwatch::api
