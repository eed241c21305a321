// The API: route table, authentication and CSRF, error mapping, caching, metrics and request logs.
// Handlers are thin: read the request → one Service call → render JSON.
#include "planwatch/api/app.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <unordered_map>

#include "json.hpp"
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
};

Response fail_reply(const Error& e) { return error_response(status_of(e.code), e.code, e.message); }

template <class T>
Response reply(const Expected<T>& r, int status = 200) {
  if (!r) return error_response(status_of(r.error().code), r.error().code, r.error().message);
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
  auto r = c.svc.login(f.str("login"), f.str("password"), c.req.ip);
  if (!r) return fail_reply(r.error());
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
  return reply(c.svc.set_password(c.actor, c.id(), Fields(j).str("password")));
}
Response h_agencies(Ctx& c) { return reply(c.svc.list_agencies(c.actor, c.query_id("org"))); }
Response h_create_agency(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::NewAgency n{f.str("name"), f.has("aliases") ? f.strings("aliases") : std::vector<std::string>{},
                       f.opt_id("parent_id"), f.opt_str("email")};
  return reply(c.svc.create_agency(c.actor, n), 201);
}
Response h_patch_agency(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::AgencyPatch p;
  p.name = f.opt_str("name");
  if (f.has("aliases")) p.aliases = f.strings("aliases");
  if (f.has("email")) p.email = f.opt_str("email");
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
  return reply(c.svc.resolve_agency_name(c.actor, c.id(), c.id("name_id"), f.str("decision"), f.opt_id("agency_id")));
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
Response h_patch_task(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::TaskPatch p;
  p.text = f.opt_str("text");
  if (f.has("leader")) p.leader = f.opt_str("leader");
  if (f.has("lead_agency_id")) p.lead_agency_id = f.opt_id("lead_agency_id");
  if (f.has("coordinating_agency_ids")) p.coordinating_agency_ids = f.ids("coordinating_agency_ids");
  if (f.has("timeframe")) p.timeframe = detail::timeframe_of(f.raw("timeframe"));
  if (f.has("output")) p.output = f.opt_str("output");
  return reply(c.svc.update_task(c.actor, c.id(), p));
}
Response h_patch_indicator(Ctx& c) {
  const json j = c.body();
  Fields f(j);
  service::IndicatorPatch p;
  if (f.has("lead_agency_id")) p.lead_agency_id = f.opt_id("lead_agency_id");
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
Response h_remind(Ctx& c) { return reply(c.svc.send_reminders(c.actor, c.id(), c.required_query_id("period"))); }
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
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
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
      {{"POST", "/api/users/{id}/password", true, "Đổi mật khẩu"}, h_password},
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
      {{"GET", "/api/plans/{id}/status", false, "Tình trạng nhiệm vụ và chỉ tiêu"}, h_status},
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

// ---- metrics ------------------------------------------------------------------------------------

constexpr std::array<double, 9> kBuckets = {0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0};

struct Metrics {
  mutable std::mutex mu;
  std::map<std::pair<std::string, int>, std::uint64_t> requests;  // (route, status)
  std::array<std::uint64_t, kBuckets.size() + 1> latency{};        // last = +Inf
  double latency_sum = 0;
  std::uint64_t latency_count = 0;
  std::atomic<std::int64_t> in_flight{0};
  std::atomic<std::uint64_t> db_errors{0};
  std::atomic<std::uint64_t> cache_hits{0};

  void record(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mu);
    ++requests[{route, status}];
    std::size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
    ++latency[b];
    latency_sum += seconds;
    ++latency_count;
  }
};

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

  Response dispatch(const Request& req, std::string& route_name, Id& user_id);
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

Response App::Impl::dispatch(const Request& req, std::string& route_name, Id& user_id) {
  if (req.path == "/healthz" && req.method == "GET") {
    route_name = "/healthz";
    auto s = lease();
    if (!s) return json_response(503, {{"status", "unavailable"}, {"detail", s.error().message}});
    auto h = service::Service(**s, options.config, now()).health();
    if (h.ok) give_back(std::move(*s));
    return json_response(h.ok ? 200 : 503, {{"status", h.ok ? "ok" : "unavailable"},
                                            {"backend", h.backend},
                                            {"schema_version", h.schema_version}});
  }
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  bool path_known = false;
  for (const auto& r : table()) {
    if (!match(r.info.pattern, req.path, params)) continue;
    path_known = true;
    if (r.info.method == req.method) {
      route = &r;
      break;
    }
  }
  if (route == nullptr && !path_known) {
    // "/api/reports/abc": the path of a route whose id is not a positive integer.
    for (const auto& r : table()) {
      if (!match(r.info.pattern, req.path, params, true)) continue;
      for (const auto& [name, value] : params)
        if (name != "key" && (value.size() > 18 || value.find_first_not_of("0123456789") != std::string::npos)) {
          route_name = "bad_path";
          return error_response(
              400, "invalid",
              "Tham số '" + name + "' trong đường dẫn phải là một số nguyên dương, không phải '" + value + "'.");
        }
    }
  }
  if (route == nullptr) {
    route_name = path_known ? "method_not_allowed" : "not_found";
    if (path_known) return error_response(405, "method_not_allowed", "Phương thức không được hỗ trợ cho đường dẫn này.");
    return error_response(404, "not_found", "Không tìm thấy đường dẫn " + req.path + ".");
  }
  route_name = route->info.pattern;
  const std::int64_t limit = route->upload ? options.config.max_file_bytes : options.max_json_bytes;
  if (static_cast<std::int64_t>(req.body.size()) > limit)
    return error_response(413, "too_large",
                          "Nội dung gửi lên quá lớn (tối đa " + std::to_string(limit / 1024) + " KB).");
  const std::string cache_key = route->cacheable ? req.path + "?" + req.query : std::string();
  if (route->cacheable)
    if (auto hit = cached(cache_key)) {
      metrics.cache_hits.fetch_add(1, std::memory_order_relaxed);
      return *hit;
    }

  auto leased = lease();
  if (!leased) {
    spdlog::error(R"({{"event":"db_open_failed","detail":{}}})", json_quoted(leased.error().detail));
    return error_response(503, "unavailable", "Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại.");
  }
  std::unique_ptr<store::Store> st = std::move(*leased);
  bool healthy = true;
  Response out;
  {
    service::Service svc(*st, options.config, now());
    service::Actor actor;
    std::string csrf;
    bool stale_cookie = false;
    const std::string token = cookie_value(req.cookie, kCookie);
    if (!token.empty()) {
      auto who = svc.authenticate(token);
      if (who) {
        actor = who->actor;
        csrf = who->csrf_token;
      } else if (who.error().code == "unauthenticated") {
        stale_cookie = true;
      } else {
        healthy = false;
        out = error_response(status_of(who.error().code), who.error().code, who.error().message);
      }
    }
    user_id = actor.user_id;
    if (healthy) {
      if (unsafe(req.method) && route->info.pattern != "/api/login") {
        if (actor.anonymous())
          out = error_response(401, "unauthenticated", "Bạn cần đăng nhập để thực hiện thao tác này.");
        else if (req.csrf.empty() || req.csrf != csrf)
          out = error_response(403, "csrf", "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token).");
      }
      if (out.body.empty()) {
        Request effective = req;
        if (options.trust_forwarded_for && !req.forwarded_for.empty()) {
          std::string_view last = req.forwarded_for;
          if (const auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
          while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
          while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
          if (!last.empty() && last.size() <= 64) effective.ip = std::string(last);
        }
        Ctx ctx{svc, actor, effective, params, parse_query(req.query), options, csrf, {}};
        try {
          out = route->handler(ctx);
        } catch (const BadRequest& e) {
          out = error_response(400, "invalid", e.what());
        } catch (const std::exception& e) {
          spdlog::error(R"({{"event":"handler_exception","route":{},"what":{}}})", json_quoted(route_name),
                        json_quoted(e.what()));
          out = error_response(500, "internal", "Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị.");
        }
        for (auto& h : ctx.set_headers) out.headers.push_back(std::move(h));
      }
      if (stale_cookie && route->info.pattern != "/api/login")
        out.headers.emplace_back("Set-Cookie", std::string(kCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    }
  }
  if (out.status == 503) healthy = false;
  if (healthy) give_back(std::move(st));
  if (out.status >= 500) metrics.db_errors.fetch_add(out.status == 503 ? 1 : 0, std::memory_order_relaxed);
  if (unsafe(req.method) && out.status < 400) invalidate();
  if (route->cacheable && out.status == 200) remember(cache_key, out);
  return out;
}

Response App::handle(const Request& req) {
  const auto start = Clock::now();
  impl_->metrics.in_flight.fetch_add(1, std::memory_order_relaxed);
  std::string route = "unknown";
  Id user = 0;
  Response out;
  if (req.path == "/metrics" && req.method == "GET") {
    route = "/metrics";
    out.content_type = "text/plain; version=0.0.4; charset=utf-8";
    out.body = metrics_text();
  } else {
    try {
      out = impl_->dispatch(req, route, user);
    } catch (const std::exception& e) {  // a fault outside any handler (allocation, pool)
      spdlog::error(R"({{"event":"request_fault","what":{}}})", json_quoted(e.what()));
      out = error_response(500, "internal", "Lỗi hệ thống. Vui lòng thử lại hoặc liên hệ quản trị.");
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  impl_->metrics.in_flight.fetch_sub(1, std::memory_order_relaxed);
  impl_->metrics.record(route, out.status, seconds);
  if (impl_->options.log_reads || unsafe(req.method) || out.status >= 500 || seconds > 1.0)
    spdlog::info(R"({{"method":{},"path":{},"route":{},"status":{},"ms":{:.2f},"user":{},"ip":{}}})", json_quoted(req.method),
                 json_quoted(req.path), json_quoted(route), out.status, seconds * 1000, user, json_quoted(req.ip));
  return out;
}

std::string App::metrics_text() const {
  const auto& m = impl_->metrics;
  std::ostringstream o;
  o << "# HELP planwatch_http_requests_total HTTP requests by route and status.\n"
       "# TYPE planwatch_http_requests_total counter\n";
  std::lock_guard lock(m.mu);
  for (const auto& [key, n] : m.requests)
    o << "planwatch_http_requests_total{route=" << json_quoted(key.first) << ",status=\"" << key.second << "\"} " << n
      << "\n";
  o << "# HELP planwatch_http_request_duration_seconds Request latency.\n"
       "# TYPE planwatch_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < kBuckets.size(); ++b) {
    cumulative += m.latency[b];
    o << "planwatch_http_request_duration_seconds_bucket{le=\"" << kBuckets[b] << "\"} " << cumulative << "\n";
  }
  cumulative += m.latency[kBuckets.size()];
  o << "planwatch_http_request_duration_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n";
  o << "planwatch_http_request_duration_seconds_sum " << m.latency_sum << "\n";
  o << "planwatch_http_request_duration_seconds_count " << m.latency_count << "\n";
  o << "# HELP planwatch_http_in_flight Requests being handled.\n# TYPE planwatch_http_in_flight gauge\n"
    << "planwatch_http_in_flight " << m.in_flight.load() << "\n";
  o << "# HELP planwatch_db_unavailable_total Requests answered 503 because the database was unavailable.\n"
       "# TYPE planwatch_db_unavailable_total counter\n"
    << "planwatch_db_unavailable_total " << m.db_errors.load() << "\n";
  o << "# HELP planwatch_cache_hits_total Dashboard responses served from the cache.\n"
       "# TYPE planwatch_cache_hits_total counter\n"
    << "planwatch_cache_hits_total " << m.cache_hits.load() << "\n";
  return o.str();
}

}  // namespace planwatch::api
