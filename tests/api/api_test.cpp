// The HTTP API in-process (api::App: request → response, the same code RESTinio calls), on SQLite and
// — with PLANWATCH_TEST_PG_URL — PostgreSQL: sign-in, cookies and CSRF; a report's round trip; bad
// input answered 4xx with nothing stored; and the authorization matrix: every route called as every
// role and as users of another agency and another organisation, failing on any leak.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <list>
#include <map>
#include <regex>
#include <nlohmann/json.hpp>
#include <set>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <string>
#include <sstream>
#include <thread>
#include <future>

#include "../integration/store_support.hpp"
#include "../service/service_support.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/api/app.hpp"
#include "planwatch/domain/calendar.hpp"
#include "planwatch/service/service.hpp"

namespace planwatch::api {
namespace {

using nlohmann::json;
using service::testing::Backend;

constexpr std::int64_t kNow = 20780LL * 86400 + 3 * 3600;  // 2026-11-23 10:00 in Vietnam

struct Session {
  std::string cookie;  // "pw_session=…"
  std::string csrf;
};

// A fresh database with two organisations, a published and a draft plan, reports in every state,
// an explanation, an exception and a file — and a session per actor.
struct World {
  std::unique_ptr<store::testing::TestDb> db;
  std::unique_ptr<App> app;
  service::testing::Seed seed;
  Id plan = 0, draft = 0, task = 0, joint_task = 0, draft_task = 0, draft_indicator = 0, draft_name = 0, indicator = 0, value = 0, explanation = 0;
  Id r_draft = 0, r_submitted = 0, r_approved = 0, r_accepted = 0;
  std::vector<Period> periods;
  std::string file_key;
  std::string evidence_submitted, evidence_approved;  // file keys in the evidence of those two reports
  std::map<std::string, Session> sessions;  // actor name → session ("anon" has none)
};

std::unique_ptr<World> make_world(Backend b) {
  spdlog::set_level(spdlog::level::warn);  // request logs are not what these tests look at
  auto w = std::make_unique<World>();
  if (b == Backend::postgres && !store::testing::pg_url()) return nullptr;
  w->db = std::make_unique<store::testing::TestDb>(b == Backend::sqlite ? "sqlite" : "postgres");
  auto st = w->db->open();
  if (!st || !st->migrate()) return nullptr;
  w->seed = service::testing::seed_city(*st);
  auto& s = w->seed;
  service::Config cfg;
  service::Service svc(*st, cfg, kNow - 200 * 86400);  // imported in May
  auto actor = [&](Id id) { return service::actor_of(*st->get_user(id)); };
  const std::string text = service::testing::demo_plan();
  w->plan = *svc.import_plan(actor(s.office), {"plan.txt", text});
  EXPECT_TRUE(svc.publish_plan(actor(s.office), w->plan));
  std::string secret = text;
  secret.replace(secret.find("Phát triển hệ sinh thái"), std::string("Phát triển").size(), "DỰ THẢO BÍ MẬT");
  // An agency only the draft names: it must not show anywhere public (GET /api/agencies).
  secret.replace(secret.find("Sở Tư pháp"), std::string("Sở Tư pháp").size(), "Sở Ngoại vụ");
  w->draft = *svc.import_plan(actor(s.office), {"draft.txt", secret});
  w->periods = *st->list_periods(w->plan);
  service::TaskQuery q;
  q.plan_id = w->plan;
  q.agency_id = s.skhcn;
  const auto tasks = svc.list_tasks(actor(s.office), q);
  EXPECT_TRUE(tasks);
  if (!tasks) return nullptr;
  // The science department's task the finance department has no part in, and the one they lead jointly.
  for (const auto& t : *tasks) {
    if (!w->task && t.task.lead_agency_ids == std::vector<Id>{s.skhcn} && !takes_part(t.task, s.stc)) w->task = t.task.id;
    if (!w->joint_task && t.task.lead_agency_ids == std::vector<Id>{s.skhcn, s.stc}) w->joint_task = t.task.id;
  }
  EXPECT_NE(w->task, 0);
  EXPECT_NE(w->joint_task, 0) << "the demo plan's task 1.a is led by Sở Khoa học và Công nghệ and Sở Tài chính";
  q.plan_id = w->draft;
  const auto draft_tasks = svc.list_tasks(actor(s.office), q);
  if (!draft_tasks || draft_tasks->empty()) return nullptr;
  w->draft_task = draft_tasks->front().task.id;
  w->draft_indicator = st->list_indicators(w->draft)->front().id;
  const auto draft_names = st->list_agency_names(w->draft);
  EXPECT_TRUE(draft_names);
  if (!draft_names) return nullptr;
  for (const auto& n : *draft_names)
    if (n.name == "Sở Ngoại vụ") w->draft_name = n.id;
  EXPECT_NE(w->draft_name, 0);
  auto ind = st->list_indicators(w->plan)->front();
  ind.lead_agency_ids = {s.skhcn};
  EXPECT_TRUE(st->update_indicator(ind));
  w->indicator = ind.id;

  // Reports of the science department in four states, on four later (still open) periods; the
  // accepted one is the oldest, so a reader counting unaccepted reports would see another latest
  // report (percent 37 or 63, evidence keys of their own).
  service::Service now_svc(*st, cfg, kNow);
  w->evidence_submitted = now_svc.upload_file(actor(s.reporter), {"gui.pdf", "%PDF-1.4 GỬI"})->key;
  w->evidence_approved = now_svc.upload_file(actor(s.reporter), {"duyet.pdf", "%PDF-1.4 DUYỆT"})->key;
  auto report = [&](std::size_t period, const char* narrative, int percent, const std::string& evidence) {
    service::ReportInput in{w->task, w->periods.at(period).id, Progress::in_progress, percent, std::nullopt, narrative, "", "", {}};
    if (!evidence.empty()) in.evidence = {{"file", "Minh chứng", evidence}};
    return now_svc.save_report(actor(s.reporter), in)->report.id;
  };
  const std::size_t first_open = w->periods.size() - 6;  // periods still open in 2026-11
  w->r_accepted = report(first_open, "CÔNG-KHAI", 30, "");
  EXPECT_TRUE(now_svc.submit_report(actor(s.reporter), w->r_accepted));
  EXPECT_TRUE(now_svc.approve_report(actor(s.approver), w->r_accepted));
  EXPECT_TRUE(now_svc.review_report(actor(s.office), w->r_accepted, Decision::accepted, "ok"));
  w->r_draft = report(first_open + 1, "NHÁP-BÍ-MẬT", 30, "");
  w->r_submitted = report(first_open + 2, "ĐÃ-GỬI", 37, w->evidence_submitted);
  EXPECT_TRUE(now_svc.submit_report(actor(s.reporter), w->r_submitted));
  w->r_approved = report(first_open + 3, "ĐÃ-DUYỆT", 63, w->evidence_approved);
  EXPECT_TRUE(now_svc.submit_report(actor(s.reporter), w->r_approved));
  EXPECT_TRUE(now_svc.approve_report(actor(s.approver), w->r_approved));
  auto v = now_svc.submit_indicator_value(actor(s.reporter), {w->indicator, w->periods.at(first_open).id, 12, Date{2026, 11, 1}, ""});
  EXPECT_TRUE(v) << (v ? "" : v.error().message);
  w->value = v ? v->id : 0;
  w->explanation = *now_svc.request_explanation(actor(s.leader), {"task", w->task, std::nullopt, "GIẢI-TRÌNH-X"});
  EXPECT_TRUE(now_svc.grant_lock_exception(actor(s.office), w->periods.front().id, {s.skhcn, Date{2026, 12, 31}, ""}));
  w->file_key = now_svc.upload_file(actor(s.reporter), {"minh-chung.pdf", "%PDF-1.4 TỆP-RIÊNG"})->key;

  const std::map<std::string, Id> users = {{"admin", s.admin},       {"office", s.office},
                                           {"leader", s.leader},     {"approver", s.approver},
                                           {"reporter", s.reporter}, {"reporter_other_agency", s.other_reporter},
                                           {"office_other_org", s.other_office}};
  for (const auto& [name, id] : users) {
    const std::string token = "token-" + name, csrf = "csrf-" + name;
    EXPECT_TRUE(st->create_session({service::sha256_hex(token), id, csrf, kNow, kNow + 3600}));
    w->sessions[name] = {"pw_session=" + token, csrf};
  }
  Options o;
  o.database = w->db->spec();
  o.clock = [] { return kNow; };
  o.cache_ttl_ms = 0;
  w->app = std::make_unique<App>(o);
  return w;
}

Response call(World& w, const std::string& actor, const std::string& method, const std::string& target,
              const std::string& body = "", bool with_csrf = true) {
  Request r;
  r.method = method;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  r.query = q == std::string::npos ? "" : target.substr(q + 1);
  r.body = body;
  r.ip = "10.1.1.1";
  if (auto it = w.sessions.find(actor); it != w.sessions.end()) {
    r.cookie = it->second.cookie;
    if (with_csrf) r.csrf = it->second.csrf;
  }
  return w.app->handle(r);
}

class ApiTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::postgres && !store::testing::pg_url()) GTEST_SKIP() << store::testing::kPgSkipNotice;
    w_ = make_world(GetParam());
    ASSERT_TRUE(w_);
  }
  std::unique_ptr<World> w_;
};

std::string str(Id id) { return std::to_string(id); }

TEST_P(ApiTest, LoginSetsAStrictHttpOnlyCookieAndTheCsrfToken) {
  auto r = call(*w_, "anon", "POST", "/api/login", R"({"login":"vanphong","password":")" +
                                                      std::string(service::testing::kPassword) + "\"}");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string cookie;
  for (const auto& [k, v] : r.headers)
    if (k == "Set-Cookie") cookie = v;
  EXPECT_NE(cookie.find("pw_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  auto j = json::parse(r.body);
  EXPECT_EQ(j["user"]["role"], "office");
  EXPECT_FALSE(j["csrf_token"].get<std::string>().empty());
  auto bad = call(*w_, "anon", "POST", "/api/login", R"({"login":"vanphong","password":"sai-mat-khau"})");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(json::parse(bad.body)["error"]["code"], "unauthenticated");
}

TEST_P(ApiTest, UnsafeRequestsNeedTheSessionsCsrfToken) {
  const std::string body = R"({"entity":"task","entity_id":)" + str(w_->task) + R"(,"question":"?"})";
  EXPECT_EQ(call(*w_, "leader", "POST", "/api/explanations", body, false).status, 403);
  auto other = w_->sessions["leader"];
  w_->sessions["leader_wrong_csrf"] = {other.cookie, "csrf-office"};
  EXPECT_EQ(call(*w_, "leader_wrong_csrf", "POST", "/api/explanations", body).status, 403);
  EXPECT_EQ(call(*w_, "anon", "POST", "/api/explanations", body).status, 401);
  EXPECT_EQ(call(*w_, "leader", "POST", "/api/explanations", body).status, 201);
}

TEST_P(ApiTest, BehindATrustedProxyThrottlingCountsTheForwardedAddress) {
  Options o;
  o.database = w_->db->spec();
  o.clock = [] { return kNow; };
  o.trust_forwarded_for = true;
  App app(o);
  auto attempt = [&](const std::string& forwarded) {
    Request r;
    r.method = "POST";
    r.path = "/api/login";
    r.body = R"({"login":"lanhdao","password":"sai-mat-khau-roi"})";
    r.ip = "10.0.0.1";  // the proxy
    r.forwarded_for = forwarded;
    return app.handle(r).status;
  };
  // 5 failures for the login from one client lock that login (per-login throttle) …
  for (int k = 0; k < 5; ++k) EXPECT_EQ(attempt("203.0.113.7, 10.9.9.9"), 401);
  EXPECT_EQ(attempt("198.51.100.1"), 429);
  // … and the per-address counter saw the forwarded addresses, not the proxy's.
  auto st = w_->db->open();
  EXPECT_EQ(*st->count_failed_logins_by_ip("10.9.9.9", 0), 5);
  EXPECT_EQ(*st->count_failed_logins_by_ip("10.0.0.1", 0), 0);
}

TEST_P(ApiTest, AnExpiredOrForgedCookieIsAnonymousAndCleared) {
  w_->sessions["forged"] = {"pw_session=not-a-token", "x"};
  auto r = call(*w_, "forged", "GET", "/api/me");
  EXPECT_EQ(r.status, 401);
  bool cleared = false;
  for (const auto& [k, v] : r.headers) cleared |= k == "Set-Cookie" && v.find("Max-Age=0") != std::string::npos;
  EXPECT_TRUE(cleared);
}

TEST_P(ApiTest, ReportRoundTripOverHttp) {
  const Period& p = w_->periods.back();
  auto saved = call(*w_, "reporter", "POST", "/api/reports",
                    R"({"task_id":)" + str(w_->task) + R"(,"period_id":)" + str(p.id) +
                        R"(,"progress":"in_progress","percent":45,"narrative":"Đang triển khai","evidence":[{"kind":"file","name":"Biên bản","ref":")" +
                        w_->file_key + R"("}]})");
  ASSERT_EQ(saved.status, 200) << saved.body;
  const Id id = json::parse(saved.body)["id"].get<Id>();
  EXPECT_EQ(call(*w_, "reporter", "POST", "/api/reports/" + str(id) + "/submit").status, 200);
  EXPECT_EQ(call(*w_, "approver", "POST", "/api/reports/" + str(id) + "/approve").status, 200);
  auto ret = call(*w_, "office", "POST", "/api/reports/" + str(id) + "/review", R"({"decision":"returned"})");
  EXPECT_EQ(ret.status, 400);  // a return needs its reason
  auto acc = call(*w_, "office", "POST", "/api/reports/" + str(id) + "/review", R"({"decision":"accepted","comment":"Tốt"})");
  ASSERT_EQ(acc.status, 200) << acc.body;
  auto j = json::parse(acc.body);
  EXPECT_EQ(j["status"], "accepted");
  EXPECT_EQ(j["decisions"].size(), 1u);
  auto pub = call(*w_, "anon", "GET", "/api/reports/" + str(id));
  EXPECT_EQ(pub.status, 200);
  auto status = json::parse(call(*w_, "anon", "GET", "/api/plans/" + str(w_->plan) + "/status").body);
  EXPECT_EQ(status["tasks"].size(), 7u);
  auto search = call(*w_, "anon", "GET", "/api/plans/" + str(w_->plan) + "/tasks?q=ngay+hoi+khoi+nghiep");
  ASSERT_EQ(search.status, 200);
  EXPECT_EQ(json::parse(search.body).size(), 1u);
}

TEST_P(ApiTest, BadInputIsRefusedWithAReasonAndNothingIsStored) {
  const auto before = json::parse(call(*w_, "reporter", "GET", "/api/reports?plan=" + str(w_->plan)).body).size();
  struct Bad {
    std::string method, target, body;
    int status;
    std::string mentions;  // part of the message
  };
  const std::string task = str(w_->task), period = str(w_->periods.back().id);
  const std::vector<Bad> bad = {
      {"POST", "/api/reports", "{not json", 400, "JSON"},
      {"POST", "/api/reports", "[1,2]", 400, "đối tượng"},
      {"POST", "/api/reports", R"({"task_id":"abc","period_id":)" + period + R"(,"progress":"in_progress","percent":1})", 400, "task_id"},
      {"POST", "/api/reports", R"({"task_id":)" + task + R"(,"period_id":)" + period + R"(,"progress":"xong","percent":1})", 400, "progress"},
      {"POST", "/api/reports", R"({"task_id":)" + task + R"(,"period_id":)" + period + R"(,"progress":"in_progress","percent":101})", 400, "percent"},
      {"POST", "/api/reports", R"({"task_id":)" + task + R"(,"period_id":)" + period + R"(,"progress":"in_progress"})", 400, "percent"},
      {"POST", "/api/reports", R"({"task_id":)" + task + R"(,"period_id":)" + period + R"(,"progress":"completed","percent":10})", 400,
       "'percent' phải là 100 khi 'progress' là 'completed'"},
      {"POST", "/api/reports", R"({"task_id":999999,"period_id":)" + period + R"(,"progress":"in_progress","percent":1})", 404, "nhiệm vụ"},
      {"POST", "/api/reports", R"({"task_id":)" + task + R"(,"period_id":)" + period + R"(,"progress":"in_progress","percent":1,"narrative":")" +
                                   std::string(2 << 20, 'x') + "\"}", 413, "quá lớn"},
      {"POST", "/api/files?name=..%2F..%2Fetc%2Fpasswd", "abc", 400, "đường dẫn"},
      {"POST", "/api/files?name=a%00b.pdf", "abc", 400, "đường dẫn"},
      {"POST", "/api/files", "abc", 400, "name"},
      {"GET", "/api/reports/abc", "", 400, "'id'"},
      {"POST", "/api/reports/1x/submit", "", 400, "'id'"},
      {"DELETE", "/api/periods/1/exceptions/a%2F..", "", 400, "'agency'"},
      {"GET", "/api/reports/999999", "", 404, "báo cáo"},
      {"GET", "/api/plans/" + str(w_->plan) + "/tasks?agency=-1", "", 400, "agency"},
      {"GET", "/api/plans/" + str(w_->plan) + "/tasks?status=xong", "", 400, "xong"},
      {"DELETE", "/api/reports", "", 405, ""},
      {"GET", "/api/\xff\xfe/plans", "", 404, ""},  // not UTF-8: answered and logged, not thrown (fuzz_api)
      {"GET", "/api/khong-co", "", 404, ""},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.method + " " + b.target.substr(0, 120));
    auto r = call(*w_, "reporter", b.method, b.target, b.body);
    EXPECT_EQ(r.status, b.status) << r.body.substr(0, 300);
    auto j = json::parse(r.body, nullptr, false);
    ASSERT_FALSE(j.is_discarded());
    EXPECT_TRUE(j["error"]["message"].is_string());
    EXPECT_NE(j["error"]["message"].get<std::string>().find(b.mentions), std::string::npos) << j["error"]["message"];
  }
  EXPECT_EQ(json::parse(call(*w_, "reporter", "GET", "/api/reports?plan=" + str(w_->plan)).body).size(), before);
}

TEST_P(ApiTest, OwnPasswordNeedsTheCurrentOneAndAResetIsTheAdministrators) {
  const std::string me = "/api/users/" + str(w_->seed.reporter);
  auto missing = call(*w_, "reporter", "POST", me + "/password", R"({"password":"mat-khau-moi-dai"})");
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_NE(missing.body.find("current_password"), std::string::npos) << missing.body;
  auto wrong = call(*w_, "reporter", "POST", me + "/password",
                    R"({"current_password":"sai-mat-khau","password":"mat-khau-moi-dai"})");
  EXPECT_EQ(wrong.status, 403) << wrong.body;
  // The admin does not go through the own-password route for someone else …
  EXPECT_EQ(call(*w_, "admin", "POST", me + "/password", R"({"password":"mat-khau-moi-dai"})").status, 403);
  // … the reporter keeps this session and loses the other one.
  {
    auto st = w_->db->open();
    ASSERT_TRUE(st->create_session({service::sha256_hex("token-elsewhere"), w_->seed.reporter, "csrf-e", kNow, kNow + 3600}));
    w_->sessions["reporter_elsewhere"] = {"pw_session=token-elsewhere", "csrf-e"};
  }
  auto ok = call(*w_, "reporter", "POST", me + "/password",
                 std::string(R"({"current_password":")") + service::testing::kPassword + R"(","password":"mat-khau-moi-dai"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(call(*w_, "reporter", "GET", "/api/me").status, 200);
  EXPECT_EQ(call(*w_, "reporter_elsewhere", "GET", "/api/me").status, 401);
  // A reset by the admin ends every session of that user.
  auto reset = call(*w_, "admin", "POST", me + "/password-reset", R"({"password":"mat-khau-dat-lai"})");
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(call(*w_, "reporter", "GET", "/api/me").status, 401);
  auto audit = json::parse(call(*w_, "admin", "GET", "/api/audit?entity=user&id=" + str(w_->seed.reporter)).body);
  std::multiset<std::string> actions;
  for (const auto& e : audit) actions.insert(e["action"].get<std::string>());
  EXPECT_EQ(actions.count("user.password_failed"), 2u);
  EXPECT_EQ(actions.count("user.password"), 1u);
  EXPECT_EQ(actions.count("user.password_reset"), 1u);
  auto relogin = call(*w_, "anon", "POST", "/api/login", R"({"login":"BaoCao.SKHCN","password":"mat-khau-dat-lai"})");
  EXPECT_EQ(relogin.status, 200) << relogin.body;
}

TEST_P(ApiTest, HealthAndMetrics) {
  auto h = call(*w_, "anon", "GET", "/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(json::parse(h.body)["status"], "ok");
  EXPECT_EQ(json::parse(h.body)["schema_version"].get<int>(), *w_->db->open()->schema_version());
  (void)call(*w_, "anon", "GET", "/api/plans");
  auto m = call(*w_, "anon", "GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.content_type.find("text/plain"), std::string::npos);
  EXPECT_NE(m.body.find("planwatch_http_requests_total{route=\"/api/plans\",status=\"200\"} 1"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("planwatch_http_request_duration_seconds_bucket{route=\"/api/plans\",le=\"+Inf\"} 1"),
            std::string::npos);
  for (const char* state : {"draft", "submitted", "approved", "accepted"})  // the world has one of each at least
    EXPECT_TRUE(std::regex_search(m.body, std::regex("planwatch_reports\\{status=\"" + std::string(state) + "\"\\} [1-9]")))
        << state;
}

// Item 8 of issue 16: /healthz says when writes fail (the disk is full, the database read-only or
// locked) instead of answering 200 while every write fails. Failing writes are made here the way the
// backend allows: SQLite — another connection holds the write lock past the busy timeout; PostgreSQL —
// the App's connections are read-only (default_transaction_read_only, as on a standby).
TEST_P(ApiTest, HealthzReportsDegradedWritesWhileWritesFail) {
  const std::string submit = "/api/reports/" + str(w_->r_draft) + "/submit";
  ASSERT_EQ(call(*w_, "anon", "GET", "/healthz").status, 200);
  std::promise<void> locked, release;
  std::thread holder;
  if (GetParam() == Backend::sqlite) {
    holder = std::thread([&] {
      auto side = w_->db->open();
      (void)side->transaction([&](store::Store&) -> store::Result {
        locked.set_value();
        release.get_future().wait();
        return store::Done{};
      });
    });
    locked.get_future().wait();
  } else {
    Options o;
    o.database = w_->db->spec() + "%20-cdefault_transaction_read_only%3Don";
    o.clock = [] { return kNow; };
    w_->app = std::make_unique<App>(o);
  }
  auto failed = call(*w_, "reporter", "POST", submit);
  EXPECT_EQ(failed.status, 503) << failed.body;
  auto h = call(*w_, "anon", "GET", "/healthz");
  EXPECT_EQ(h.status, 503) << h.body;
  EXPECT_EQ(json::parse(h.body)["status"], "degraded");
  EXPECT_EQ(json::parse(h.body)["writes"], "failing");
  EXPECT_EQ(call(*w_, "anon", "GET", "/api/plans").status, 200);  // reads still work
  if (GetParam() == Backend::sqlite) {
    release.set_value();
    holder.join();
    auto ok = call(*w_, "reporter", "POST", submit);
    EXPECT_EQ(ok.status, 200) << ok.body;
    auto back = call(*w_, "anon", "GET", "/healthz");
    EXPECT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(json::parse(back.body)["writes"], "ok");
  }
}

// Item 8 of issue 16: every log line is one JSON object and nothing else; a sign-in's line names the
// login attempted and never the password.
TEST_P(ApiTest, LogLinesArePureJsonAndNameTheLoginAttempted) {
  std::ostringstream captured;
  auto previous = spdlog::default_logger();
  auto logger = std::make_shared<spdlog::logger>("capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(captured));
  logger->set_pattern("%v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::info);
  (void)call(*w_, "anon", "POST", "/api/login", R"({"login":"ai-do","password":"mat-khau-bi-mat"})");
  (void)call(*w_, "anon", "GET", "/api/plans/abc\xff");
  (void)call(*w_, "anon", "POST", "/api/login",
             std::string(R"({"login":"VanPhong","password":")") + service::testing::kPassword + "\"}");
  spdlog::set_default_logger(previous);
  spdlog::set_level(spdlog::level::warn);
  std::istringstream lines(captured.str());
  std::string line;
  int n = 0;
  bool named = false, signed_in = false;
  while (std::getline(lines, line)) {
    ++n;
    const json j = json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    EXPECT_TRUE(j.contains("time") && j.contains("level")) << line;
    EXPECT_EQ(line.find("mat-khau-bi-mat"), std::string::npos) << line;
    if (j.value("route", "") == "/api/login" && j.value("status", 0) == 401) {
      EXPECT_EQ(j.value("login", ""), "ai-do") << line;
      EXPECT_EQ(j.value("user", -1), 0) << line;
      named = true;
    }
    if (j.value("route", "") == "/api/login" && j.value("status", 0) == 200) {
      EXPECT_EQ(j.value("login", ""), "VanPhong") << line;  // as typed
      EXPECT_EQ(j.value("user", Id{0}), w_->seed.office) << "a sign-in's line names who signed in: " << line;
      signed_in = true;
    }
  }
  EXPECT_GE(n, 3);
  EXPECT_TRUE(named) << captured.str();
  EXPECT_TRUE(signed_in) << captured.str();
}

TEST_P(ApiTest, SendingRemindersTwiceQueuesThemOnceUnlessForced) {
  const std::string url = "/api/plans/" + str(w_->plan) + "/reminders?period=" + str(w_->periods.front().id);
  auto first = call(*w_, "office", "POST", url);
  ASSERT_EQ(first.status, 200) << first.body;
  const int queued = json::parse(first.body)["count"].get<int>();
  ASSERT_GE(queued, 1);
  auto second = call(*w_, "office", "POST", url);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(json::parse(second.body)["count"], 0);
  EXPECT_EQ(json::parse(second.body)["skipped"], queued);
  EXPECT_EQ(json::parse(call(*w_, "office", "GET", "/api/outbox").body).size(), static_cast<std::size_t>(queued) + 1);  // + the explanation
  auto forced = call(*w_, "office", "POST", url, R"({"force":true})");
  ASSERT_EQ(forced.status, 200) << forced.body;
  EXPECT_EQ(json::parse(forced.body)["count"], queued);
  auto bad = call(*w_, "office", "POST", url, R"({"force":"yes"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("force"), std::string::npos);
}

// Every count row partitions its tasks: not_reported + not_started + in_progress + completed +
// at_risk = tasks, on data with every kind of task (accepted reports of each progress value, reports
// not accepted yet, no report, a row per lead agency).
TEST_P(ApiTest, DashboardAndNationalRowsAddUpToTheirTasks) {
  auto st = w_->db->open();
  service::Config cfg;
  service::Service svc(*st, cfg, kNow);
  auto actor = [&](Id id) { return service::actor_of(*st->get_user(id)); };
  service::TaskQuery q;
  q.plan_id = w_->plan;
  q.agency_id = w_->seed.skhcn;
  auto tasks = svc.list_tasks(actor(w_->seed.office), q);
  ASSERT_TRUE(tasks);
  // Tasks the department leads (a coordinating agency's report does not set a led task's figures),
  // the jointly led task 1.a first: its part at risk makes it at risk (the other lead silent), while
  // a completed part alone would leave a joint task in progress — completed goes to a task led alone.
  const std::vector<std::pair<Progress, int>> kinds = {{Progress::at_risk, 20}, {Progress::completed, 100}, {Progress::not_started, 0}};
  std::size_t k = 0;
  for (const auto& t : *tasks) {
    if (t.task.id == w_->task || k == kinds.size() || !leads(t.task, w_->seed.skhcn)) continue;
    if (k == 0) {
      EXPECT_EQ(t.task.id, w_->joint_task);
    }
    if (kinds[k].first == Progress::completed) {
      EXPECT_EQ(t.task.lead_agency_ids.size(), 1u);
    }
    service::ReportInput in{t.task.id, w_->periods.front().id, kinds[k].first, kinds[k].second, std::nullopt, "x", "", "", {}};
    if (kinds[k].first == Progress::completed) in.completed_on = Date{2026, 11, 1};
    auto r = svc.save_report(actor(w_->seed.reporter), in);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_TRUE(svc.submit_report(actor(w_->seed.reporter), r->report.id));
    ASSERT_TRUE(svc.approve_report(actor(w_->seed.approver), r->report.id));
    ASSERT_TRUE(svc.review_report(actor(w_->seed.office), r->report.id, Decision::accepted, ""));
    ++k;
  }
  ASSERT_EQ(k, kinds.size()) << "the demo plan has too few tasks of the science department";
  const char* categories[] = {"not_reported", "not_started", "in_progress", "completed", "at_risk"};
  for (const std::string& route : {"/api/dashboard?org=" + str(w_->seed.org), std::string("/api/national")}) {
    auto r = call(*w_, "anon", "GET", route);
    ASSERT_EQ(r.status, 200) << r.body;
    std::map<std::string, std::int64_t> seen;
    for (const auto& row : json::parse(r.body)) {
      std::int64_t sum = 0;
      for (const char* c : categories) {
        ASSERT_TRUE(row.contains(c) && row[c].is_number_integer()) << route << " row without '" << c << "': " << row.dump();
        sum += row[c].get<std::int64_t>();
        seen[c] += row[c].get<std::int64_t>();
      }
      EXPECT_EQ(sum, row["tasks"].get<std::int64_t>()) << route << ": " << row.dump();
      EXPECT_EQ(row["reported"].get<std::int64_t>(), row["tasks"].get<std::int64_t>() - row["not_reported"].get<std::int64_t>());
    }
    for (const char* c : categories) EXPECT_GT(seen[c], 0) << route << ": no task counted as " << c;
  }
}

// A jointly led task over HTTP: every lead, each lead's part with its own status; the leads edited
// as a list; collective agencies with the bodies they stand for.
TEST_P(ApiTest, JointLeadsAndCollectiveAgenciesOverHttp) {
  const std::string SK = str(w_->seed.skhcn), TC = str(w_->seed.stc);
  auto got = call(*w_, "anon", "GET", "/api/tasks/" + str(w_->joint_task));
  ASSERT_EQ(got.status, 200) << got.body;
  const json t = json::parse(got.body);
  EXPECT_EQ(t["lead_agency_ids"], json::parse("[" + SK + "," + TC + "]"));
  EXPECT_TRUE(t["consolidating_agency_id"].is_null());
  EXPECT_FALSE(t.contains("lead_agency_id"));
  ASSERT_EQ(t["parts"].size(), 2u) << t.dump();
  for (const auto& p : t["parts"])
    for (const char* k : {"agency_id", "owes_report", "percent", "status", "status_label", "warning", "latest_report"})
      EXPECT_TRUE(p.contains(k)) << k << " missing in " << p.dump();
  EXPECT_EQ(t["parts"][1]["agency_id"], w_->seed.stc);
  EXPECT_TRUE(t["percent"].is_number_integer());

  // Editing a draft task's leads: a list; one agency in both lists is refused, naming it.
  const std::string task = "/api/tasks/" + str(w_->draft_task);
  auto both = call(*w_, "office", "PATCH", task, R"({"lead_agency_ids":[)" + SK + R"(],"coordinating_agency_ids":[)" + SK + "]}");
  EXPECT_EQ(both.status, 400);
  EXPECT_NE(both.body.find("vừa chủ trì vừa phối hợp"), std::string::npos) << both.body;
  auto old = call(*w_, "office", "PATCH", task, R"({"lead_agency_id":)" + SK + "}");  // the single field it replaced
  EXPECT_EQ(old.status, 400);
  EXPECT_NE(old.body.find("lead_agency_ids"), std::string::npos) << old.body;
  ASSERT_EQ(call(*w_, "office", "PATCH", task, R"({"lead_agency_ids":[)" + TC + "," + SK + "]}").status, 200);
  EXPECT_EQ(json::parse(call(*w_, "office", "GET", task).body)["lead_agency_ids"], json::parse("[" + TC + "," + SK + "]"));
  auto not_lead = call(*w_, "office", "PATCH", task, R"({"consolidating_agency_id":999999})");
  EXPECT_EQ(not_lead.status, 400) << not_lead.body;

  // A collective agency and its members.
  auto bad_kind = call(*w_, "office", "POST", "/api/agencies", R"({"name":"Các sở, ngành","kind":"nhiều"})");
  EXPECT_EQ(bad_kind.status, 400);
  EXPECT_NE(bad_kind.body.find("kind"), std::string::npos);
  EXPECT_EQ(call(*w_, "office", "POST", "/api/agencies", R"({"name":"Sở Y tế","members":[)" + SK + "]}").status, 400);
  auto made = call(*w_, "office", "POST", "/api/agencies",
                   R"({"name":"Các sở, ngành","kind":"collective","members":[)" + SK + "," + TC + "]}");
  ASSERT_EQ(made.status, 201) << made.body;
  const Id id = json::parse(made.body)["id"].get<Id>();
  bool listed = false;
  for (const auto& a : json::parse(call(*w_, "anon", "GET", "/api/agencies").body))
    if (a["id"] == id) {
      listed = true;
      EXPECT_EQ(a["kind"], "collective");
      EXPECT_EQ(a["members"], json::parse("[" + SK + "," + TC + "]"));
    }
  EXPECT_TRUE(listed);
  EXPECT_EQ(call(*w_, "office", "PATCH", "/api/agencies/" + str(id), R"({"members":[)" + str(id) + "]}").status, 400);
  EXPECT_EQ(call(*w_, "office", "PATCH", "/api/agencies/" + SK, R"({"members":[)" + TC + "]}").status, 400);
  // Naming it as a lead names the bodies it stands for.
  ASSERT_EQ(call(*w_, "office", "PATCH", task, R"({"lead_agency_ids":[)" + str(id) + "]}").status, 200);
  EXPECT_EQ(json::parse(call(*w_, "office", "GET", task).body)["lead_agency_ids"], json::parse("[" + SK + "," + TC + "]"));
}

TEST_P(ApiTest, PatchingPartOfTheScheduleKeepsTheRest) {
  const std::string target = "/api/plans/" + str(w_->draft);
  auto set = call(*w_, "office", "PATCH", target,
                  R"({"schedule":{"frequencies":["quarterly","annual"],"monthly_due_day":7,"quarterly_due_day":18,)"
                  R"("semiannual_due_day":9,"annual_due_month":12,"annual_due_day":3,"cutoff_day":12,"lock_after_days":15}})");
  ASSERT_EQ(set.status, 200) << set.body;
  const json before = json::parse(call(*w_, "office", "GET", target).body)["schedule"];
  auto r = call(*w_, "office", "PATCH", target, R"({"schedule":{"frequencies":["monthly"]}})");
  ASSERT_EQ(r.status, 200) << r.body;
  json after = json::parse(call(*w_, "office", "GET", target).body)["schedule"];
  EXPECT_EQ(after["frequencies"], json::array({"monthly"}));
  after["frequencies"] = before["frequencies"];
  EXPECT_EQ(after, before);  // every field it did not name is unchanged
  // A null or out-of-range field is refused, naming it, and changes nothing.
  for (const std::string bad : {R"({"schedule":{"annual_due_day":null}})", R"({"schedule":{"annual_due_month":13}})",
                                R"({"schedule":null})", R"({"schedule":{"frequencies":["weekly"]}})"}) {
    SCOPED_TRACE(bad);
    auto refused = call(*w_, "office", "PATCH", target, bad);
    ASSERT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(json::parse(refused.body)["error"]["message"].get<std::string>().find("schedule"), std::string::npos);
  }
  json last = json::parse(call(*w_, "office", "GET", target).body)["schedule"];
  EXPECT_EQ(last["frequencies"], json::array({"monthly"}));
  last["frequencies"] = before["frequencies"];
  EXPECT_EQ(last, before);
}

TEST_P(ApiTest, ImportedTargetsHaveALeadAgencyAndTheOfficeEditsThem) {
  auto imported = call(*w_, "office", "POST", "/api/plans/import?filename=ke-hoach-chi-tieu.txt", service::testing::demo_plan());
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::string plan = str(json::parse(imported.body)["id"].get<Id>());
  // The demo plan's targets print no agency: they go to the agency leading most of its tasks.
  const json inds = json::parse(call(*w_, "office", "GET", "/api/plans/" + plan + "/indicators").body);
  ASSERT_EQ(inds.size(), 3u);
  for (const auto& i : inds) EXPECT_EQ(i["lead_agency_ids"], json::array({w_->seed.skhcn})) << i.dump();
  const std::string first = str(inds[0]["id"].get<Id>()), second = str(inds[1]["id"].get<Id>());
  const std::string patch = R"({"lead_agency_ids":[)" + str(w_->seed.stc) + R"(],"coordinating_agency_ids":[)" + str(w_->seed.skhcn) + "]}";
  EXPECT_EQ(call(*w_, "leader", "PATCH", "/api/indicators/" + first, patch).status, 403);
  EXPECT_EQ(call(*w_, "office", "PATCH", "/api/indicators/" + first, R"({"lead_agency_ids":[999999]})").status, 400);
  auto patched = call(*w_, "office", "PATCH", "/api/indicators/" + first, patch);
  ASSERT_EQ(patched.status, 200) << patched.body;
  const json after = json::parse(call(*w_, "office", "GET", "/api/plans/" + plan + "/indicators").body);
  EXPECT_EQ(after[0]["lead_agency_ids"], json::array({w_->seed.stc}));
  EXPECT_EQ(after[0]["coordinating_agency_ids"], json::array({w_->seed.skhcn}));
  EXPECT_EQ(json::parse(call(*w_, "office", "GET", "/api/audit?entity=indicator&id=" + first).body).size(), 1u);
  ASSERT_EQ(call(*w_, "office", "POST", "/api/plans/" + plan + "/publish").status, 200);
  EXPECT_EQ(call(*w_, "office", "PATCH", "/api/indicators/" + first, patch).status, 409);  // published: amend instead
  const json periods = json::parse(call(*w_, "anon", "GET", "/api/plans/" + plan + "/periods").body);
  const std::string period = str(periods.back()["id"].get<Id>());
  auto value = [&](const std::string& actor, const std::string& ind) {
    return call(*w_, actor, "POST", "/api/indicator-values",
                R"({"indicator_id":)" + ind + R"(,"period_id":)" + period + R"(,"value":4,"measured_on":"2026-11-20"})");
  };
  auto by_lead = value("reporter", second);  // the science department leads the second target
  EXPECT_EQ(by_lead.status, 200) << by_lead.body;
  auto by_new_lead = value("reporter_other_agency", first);  // finance leads the first since the PATCH
  EXPECT_EQ(by_new_lead.status, 200) << by_new_lead.body;
  EXPECT_EQ(value("reporter_other_agency", second).status, 403);  // not its target
}

// A plan with unknown and collective agency names, as imports meet them.
std::string plan_with_new_agencies() {
  std::string text = service::testing::demo_plan();
  auto swap = [&](const std::string& from, const std::string& to) { text.replace(text.find(from), from.size(), to); };
  swap("\tSở Tư pháp\t", "\tSở Ngoại vụ, các Sở, ngành liên quan\t");
  swap("Sở Xây dựng, UBND quận Ninh Kiều", "UBND các quận, huyện, các đơn vị có liên quan");
  return text;
}

TEST_P(ApiTest, ImportedAgencyNamesWaitForTheOfficeAndCollectivePhrasesNeverBecomeAgencies) {
  const auto agencies_before = json::parse(call(*w_, "anon", "GET", "/api/agencies").body).size();
  auto imported = call(*w_, "office", "POST", "/api/plans/import?filename=moi.txt", plan_with_new_agencies());
  ASSERT_EQ(imported.status, 201) << imported.body;
  const json draft = json::parse(imported.body);
  const std::string plan = str(draft["id"].get<Id>());
  // Nothing was created: the public agency list is unchanged while the plan is a draft.
  const json listed = json::parse(call(*w_, "anon", "GET", "/api/agencies").body);
  EXPECT_EQ(listed.size(), agencies_before);
  EXPECT_EQ(listed.dump().find("Ngoại vụ"), std::string::npos);
  std::map<std::string, json> names;
  for (const auto& n : draft["agency_names"]) names[n["name"].get<std::string>()] = n;
  ASSERT_TRUE(names.count("Sở Ngoại vụ")) << draft["agency_names"].dump();
  EXPECT_EQ(names["Sở Ngoại vụ"]["decision"], "pending");
  EXPECT_FALSE(names["Sở Ngoại vụ"]["tasks"].empty());
  for (const auto& [name, n] : names)
    if (name.find("liên quan") != std::string::npos || name.find("các quận") != std::string::npos) {
      EXPECT_EQ(n["kind"], "collective") << name;
      EXPECT_EQ(n["decision"], "text") << name;
      EXPECT_EQ(call(*w_, "office", "PATCH", "/api/plans/" + plan + "/agency-names/" + str(n["id"].get<Id>()),
                     R"({"decision":"create"})").status, 400) << name;
    }
  // "Sở KHCN" printed in a plan is the seeded Sở KH&CN (alias): matched, not listed.
  EXPECT_FALSE(names.count("Sở Khoa học và Công nghệ"));
  // Suggestions by similarity: "Sở Ngoại vụ" ~ no seeded agency; "Phòng Tài chính" ~ Sở Tài chính.
  std::string typo = plan_with_new_agencies();
  typo.replace(typo.find("Sở Tài chính\tCác sở, ban, ngành"), std::string("Sở Tài chính").size(), "Phòng Tài chính");
  const json second = json::parse(call(*w_, "office", "POST", "/api/plans/import?filename=moi2.txt", typo).body);
  bool suggested = false;
  for (const auto& n : second["agency_names"])
    if (n["name"] == "Phòng Tài chính")
      for (const auto& sug : n["suggestions"]) suggested |= sug["agency_id"] == w_->seed.stc;
  EXPECT_TRUE(suggested) << second["agency_names"].dump();
  // The office decides; publishing creates only the named body, once, and puts it on its task.
  const Id ngoai_vu = names["Sở Ngoại vụ"]["id"].get<Id>();
  EXPECT_EQ(call(*w_, "leader", "PATCH", "/api/plans/" + plan + "/agency-names/" + str(ngoai_vu), R"({"decision":"create"})").status, 403);
  ASSERT_EQ(call(*w_, "office", "PATCH", "/api/plans/" + plan + "/agency-names/" + str(ngoai_vu), R"({"decision":"create"})").status, 200);
  EXPECT_EQ(json::parse(call(*w_, "anon", "GET", "/api/agencies").body).size(), agencies_before);
  ASSERT_EQ(call(*w_, "office", "POST", "/api/plans/" + plan + "/publish").status, 200);
  const json after = json::parse(call(*w_, "anon", "GET", "/api/agencies").body);
  Id created = 0;
  for (const auto& a : after) {
    const std::string name = a["name"];
    EXPECT_EQ(name.find("liên quan"), std::string::npos) << name;
    EXPECT_EQ(name.find("các quận"), std::string::npos) << name;
    if (name == "Sở Ngoại vụ") created = a["id"].get<Id>();
  }
  ASSERT_NE(created, 0) << after.dump();
  const Id task = names["Sở Ngoại vụ"]["tasks"][0]["task_id"].get<Id>();
  const json t = json::parse(call(*w_, "anon", "GET", "/api/tasks/" + str(task)).body);
  EXPECT_NE(t["coordinating_agency_ids"].dump().find(str(created)), std::string::npos) << t.dump();
}

TEST_P(ApiTest, ReimportingTheSameDocumentWarnsAndDraftsCanBeDeleted) {
  const std::string text = service::testing::demo_plan();
  auto again = call(*w_, "office", "POST", "/api/plans/import?filename=lan-hai.txt", text);
  ASSERT_EQ(again.status, 201) << again.body;
  const json dup = json::parse(again.body);
  std::map<Id, std::string> reasons;
  for (const auto& d : dup["duplicates"]) reasons[d["plan_id"].get<Id>()] = d["reason"];
  EXPECT_EQ(reasons[w_->plan], "same_file") << dup["duplicates"].dump();
  // Other bytes, same number and date: still flagged; and the warning stays on the draft.
  auto edited = call(*w_, "office", "POST", "/api/plans/import?filename=lan-ba.txt", text + "\nGhi chú thêm.\n");
  ASSERT_EQ(edited.status, 201);
  const std::string third = str(json::parse(edited.body)["id"].get<Id>());
  const json shown = json::parse(call(*w_, "office", "GET", "/api/plans/" + third).body);
  bool by_number = false;
  for (const auto& d : shown["duplicates"]) by_number |= d["plan_id"] == w_->plan && d["reason"] == "same_number_date";
  EXPECT_TRUE(by_number) << shown["duplicates"].dump();
  // Deleting: drafts only, by the office, audited.
  const std::string second = str(dup["id"].get<Id>());
  EXPECT_EQ(call(*w_, "reporter", "DELETE", "/api/plans/" + second).status, 403);
  auto refused = call(*w_, "office", "DELETE", "/api/plans/" + str(w_->plan));
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("dự thảo"), std::string::npos) << refused.body;
  ASSERT_EQ(call(*w_, "office", "DELETE", "/api/plans/" + second).status, 200);
  EXPECT_EQ(call(*w_, "office", "GET", "/api/plans/" + second).status, 404);
  EXPECT_EQ(call(*w_, "office", "DELETE", "/api/plans/" + second).status, 404);
  const json audit = json::parse(call(*w_, "office", "GET", "/api/audit?entity=plan&id=" + second).body);
  EXPECT_EQ(call(*w_, "office_other_org", "GET", "/api/audit?entity=plan&id=" + second).status, 404);
  EXPECT_NE(audit.dump().find("plan.delete"), std::string::npos) << audit.dump();
  EXPECT_EQ(call(*w_, "anon", "GET", "/api/plans/" + str(w_->plan)).status, 200);  // the published plan stays
}

// A plan's status is cached per audience (role, organisation, agency): a second read by the office is
// the cached answer even when the database changed behind the App's back, another audience never gets
// it, and a write through the App clears it.
TEST_P(ApiTest, PlanStatusIsCachedPerAudienceAndAWriteClearsIt) {
  Options o;
  o.database = w_->db->spec();
  o.clock = [] { return kNow; };
  o.cache_ttl_ms = 600000;
  w_->app = std::make_unique<App>(o);
  const std::string route = "/api/plans/" + str(w_->plan) + "/status";
  const auto first = call(*w_, "office", "GET", route);
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_NE(first.body.find("ĐÃ-DUYỆT"), std::string::npos);  // the office sees the approved report
  const auto other = call(*w_, "reporter_other_agency", "GET", route);
  ASSERT_EQ(other.status, 200);
  EXPECT_EQ(other.body.find("ĐÃ-DUYỆT"), std::string::npos) << "another audience got the office's answer";
  EXPECT_EQ(call(*w_, "anon", "GET", route).body.find("ĐÃ-DUYỆT"), std::string::npos);
  // The office accepts the approved report outside this App: its cached answer stays …
  {
    auto st = w_->db->open();
    service::Service svc(*st, service::Config{}, kNow);
    ASSERT_TRUE(svc.review_report(service::actor_of(*st->get_user(w_->seed.office)), w_->r_approved,
                                  Decision::accepted, "ok"));
  }
  EXPECT_EQ(call(*w_, "office", "GET", route).body, first.body);
  // … the public, whose answer was cached before the change too, …
  EXPECT_EQ(call(*w_, "anon", "GET", route).body.find("ĐÃ-DUYỆT"), std::string::npos);
  // … until a write through this App clears the cache.
  const std::string ask = R"({"entity":"task","entity_id":)" + str(w_->task) + R"(,"question":"?"})";
  ASSERT_EQ(call(*w_, "leader", "POST", "/api/explanations", ask).status, 201);
  EXPECT_NE(call(*w_, "office", "GET", route).body, first.body);
  EXPECT_NE(call(*w_, "anon", "GET", route).body.find("ĐÃ-DUYỆT"), std::string::npos);  // now accepted: public
}

// ---- the authorization matrix ----------------------------------------------------------------------

const std::vector<std::string> kActors = {"anon",     "admin",    "office",   "leader",
                                          "approver", "reporter", "reporter_other_agency", "office_other_org"};

struct Case {
  std::string method, target, body;
  std::set<std::string> allowed;                    // may do it (2xx, or 409 once someone did)
  std::map<std::string, std::string> must_not_see;  // actor → text its answer must not contain
  bool once = false;  // a delete: after one permitted actor did it, the others find nothing (404)
};

std::vector<Case> cases(const World& w) {
  const std::set<std::string> everyone(kActors.begin(), kActors.end());
  const std::set<std::string> signed_in(kActors.begin() + 1, kActors.end());
  const std::set<std::string> org_a = {"admin", "office", "leader", "approver", "reporter", "reporter_other_agency"};
  const std::set<std::string> org_a_readers = {"admin", "office", "leader"};
  const std::set<std::string> sci = {"approver", "reporter"};
  const std::string P = str(w.plan), DR = str(w.draft), T = str(w.task), DT = str(w.draft_task);
  const std::string Q = str(w.periods.front().id), QL = str(w.periods.back().id);
  const std::string SK = str(w.seed.skhcn);
  std::map<std::string, std::string> hide_draft_plan;
  for (const auto& a : {"anon", "approver", "reporter", "reporter_other_agency", "office_other_org"})
    hide_draft_plan[a] = "BÍ MẬT";
  std::map<std::string, std::string> hide_draft_report;
  for (const auto& a : {"anon", "admin", "office", "leader", "reporter_other_agency", "office_other_org"})
    hide_draft_report[a] = "NHÁP-BÍ-MẬT";
  std::map<std::string, std::string> hide_question = {{"reporter_other_agency", "GIẢI-TRÌNH-X"},
                                                      {"office_other_org", "GIẢI-TRÌNH-X"}};
  return {
      {"POST", "/api/login", std::string(R"({"login":"lanhdao","password":")") + service::testing::kPassword + "\"}",
       everyone, {}},
      {"POST", "/api/logout", "", signed_in, {}},
      {"GET", "/api/me", "", signed_in, {}},
      {"GET", "/api/users", "", {"admin", "office", "office_other_org"}, {{"office_other_org", "baocao.skhcn"}}},
      {"POST", "/api/users", R"({"login":"nguoi.moi","display_name":"Người mới","role":"leader","password":"mat-khau-dai-du"})",
       {"admin", "office", "office_other_org"}, {}},
      {"POST", "/api/users/" + str(w.seed.reporter) + "/password",
       std::string(R"({"current_password":")") + service::testing::kPassword + R"(","password":"mat-khau-moi-dai"})",
       {"reporter"}, {}},
      {"POST", "/api/users/" + str(w.seed.reporter) + "/password-reset", R"({"password":"mat-khau-dat-lai"})", {"admin"}, {}},
      {"GET", "/api/agencies", "", everyone, std::map<std::string, std::string>{{"anon", "Ngoại vụ"}, {"admin", "Ngoại vụ"}, {"office", "Ngoại vụ"}, {"leader", "Ngoại vụ"}, {"approver", "Ngoại vụ"},
        {"reporter", "Ngoại vụ"}, {"reporter_other_agency", "Ngoại vụ"}, {"office_other_org", "Ngoại vụ"}}},  // only a draft names it
      {"POST", "/api/agencies", R"({"name":"Sở Mới"})", {"admin", "office", "office_other_org"}, {}},
      {"PATCH", "/api/agencies/" + SK, R"({"email":"moi@cantho.example"})", {"admin", "office"}, {}},
      {"GET", "/api/plans", "", everyone, hide_draft_plan},
      {"POST", "/api/plans/import?filename=ke-hoach.txt", service::testing::demo_plan(), {"admin", "office", "office_other_org"}, {}},
      {"GET", "/api/plans/" + P, "", everyone, {}},
      {"GET", "/api/plans/" + DR, "", org_a_readers, {}},
      {"PATCH", "/api/plans/" + DR, R"({"title":"Tên mới"})", {"admin", "office"}, {}},
      {"POST", "/api/plans/" + DR + "/publish", "", {"admin", "office"}, {}},
      {"DELETE", "/api/plans/" + DR, "", {"admin", "office"}, {}, true},
      {"PATCH", "/api/plans/" + DR + "/agency-names/" + str(w.draft_name), R"({"decision":"create"})", {"admin", "office"}, {}},
      {"POST", "/api/plans/" + P + "/amend", "", {"admin", "office"}, {}},
      {"GET", "/api/plans/" + P + "/periods", "", everyone, {}},
      {"GET", "/api/plans/" + P + "/tasks", "", everyone, {}},
      {"GET", "/api/plans/" + DR + "/tasks", "", org_a_readers, {}},
      {"GET", "/api/plans/" + P + "/indicators", "", everyone, {}},
      {"GET", "/api/plans/" + P + "/status", "", everyone, hide_draft_report},
      {"GET", "/api/plans/" + DR + "/status", "", org_a_readers, {}},
      {"GET", "/api/plans/" + P + "/ranking", "", everyone, {}},
      {"GET", "/api/plans/" + P + "/backlog?period=" + Q, "", org_a_readers, {}},
      {"POST", "/api/plans/" + P + "/reminders?period=" + Q, "", {"office"}, {}},
      {"GET", "/api/tasks/" + T, "", everyone, hide_draft_report},
      {"GET", "/api/tasks/" + DT, "", org_a_readers, {}},
      {"PATCH", "/api/tasks/" + DT, R"({"text":"Sửa"})", {"admin", "office"}, {}},
      {"PATCH", "/api/indicators/" + str(w.draft_indicator), R"({"lead_agency_ids":[)" + SK + "]}", {"admin", "office"}, {}},
      {"GET", "/api/reports?plan=" + P, "", everyone, hide_draft_report},
      {"POST", "/api/reports", R"({"task_id":)" + T + R"(,"period_id":)" + QL + R"(,"progress":"in_progress","percent":5})", sci, {}},
      // A task two departments lead: the reporters of either report their part.
      {"POST", "/api/reports", R"({"task_id":)" + str(w.joint_task) + R"(,"period_id":)" + QL + R"(,"progress":"in_progress","percent":5})",
       {"approver", "reporter", "reporter_other_agency"}, {}},
      // The đầu mối is named while the plan is in force, by the office of its organisation.
      {"PATCH", "/api/tasks/" + str(w.joint_task), R"({"consolidating_agency_id":)" + SK + "}", {"admin", "office"}, {}},
      {"GET", "/api/reports/" + str(w.r_draft), "", sci, {}},
      {"GET", "/api/reports/" + str(w.r_submitted), "", {"admin", "office", "leader", "approver", "reporter"}, {}},
      {"GET", "/api/reports/" + str(w.r_accepted), "", everyone, hide_draft_report},
      {"POST", "/api/reports/" + str(w.r_draft) + "/submit", "", sci, {}},
      {"POST", "/api/reports/" + str(w.r_submitted) + "/approve", "", {"approver"}, {}},
      {"POST", "/api/reports/" + str(w.r_approved) + "/review", R"({"decision":"accepted"})", {"office"}, {}},
      {"POST", "/api/indicator-values",
       R"({"indicator_id":)" + str(w.indicator) + R"(,"period_id":)" + QL + R"(,"value":3,"measured_on":"2026-11-20"})", sci, {}},
      {"POST", "/api/indicator-values/" + str(w.value) + "/review", R"({"decision":"accepted"})", {"office"}, {}},
      {"POST", "/api/periods/" + Q + "/exceptions", R"({"agency_id":)" + SK + R"(,"until":"2026-12-20"})", {"office"}, {}},
      {"DELETE", "/api/periods/" + Q + "/exceptions/" + SK, "", {"office"}, {}},
      {"GET", "/api/explanations", "", {"admin", "office", "leader", "approver", "reporter", "reporter_other_agency", "office_other_org"}, hide_question},
      {"POST", "/api/explanations", R"({"entity":"task","entity_id":)" + T + R"(,"question":"Vì sao?"})", {"office", "leader"}, {}},
      {"POST", "/api/explanations/" + str(w.explanation) + "/answer", R"({"answer":"Vì…"})", sci, {}},
      {"GET", "/api/inbox", "", {"approver", "reporter", "reporter_other_agency"}, {{"reporter_other_agency", "GIẢI-TRÌNH-X"}}},
      {"GET", "/api/outbox", "", {"admin", "office", "office_other_org"}, {{"office_other_org", "GIẢI-TRÌNH-X"}}},
      {"GET", "/api/dashboard?org=" + str(w.seed.org), "", everyone, hide_draft_plan},
      {"GET", "/api/national", "", everyone, hide_draft_plan},
      {"POST", "/api/files?name=bien-ban.pdf", "%PDF-1.4 x",
       {"admin", "office", "approver", "reporter", "reporter_other_agency", "office_other_org"}, {}},
      {"GET", "/api/files/" + w.file_key, "", org_a, {}},
      {"GET", "/api/audit?entity=plan&id=" + P, "", {"admin", "office"}, {}},
      {"GET", "/healthz", "", everyone, {}},
      {"GET", "/metrics", "", everyone, {}},
  };
}

// A trace of a report the office has not accepted (submitted or approved): its narrative, its
// evidence keys, its percent (37, 63) as a report's or an average's, or any report or indicator value
// in a state before acceptance. Empty when there is none.
std::string unaccepted_leak(const World& w, const std::string& body) {
  for (const std::string& s : {std::string("ĐÃ-GỬI"), std::string("ĐÃ-DUYỆT"), std::string("NHÁP-BÍ-MẬT"),
                               w.evidence_submitted, w.evidence_approved})
    if (body.find(s) != std::string::npos) return "text '" + s + "'";
  std::string found;
  std::function<void(const json&)> walk = [&](const json& x) {
    if (x.is_object()) {
      for (const char* k : {"percent", "average_percent"})
        if (x.contains(k) && x[k].is_number() && (x[k] == 37 || x[k] == 63)) found = std::string(k) + " " + x[k].dump();
      if (x.contains("status") && (x["status"] == "submitted" || x["status"] == "approved" || x["status"] == "returned"))
        found = "an object in status " + x["status"].dump();
      for (const auto& [k, v] : x.items()) walk(v);
    } else if (x.is_array()) {
      for (const auto& v : x) walk(v);
    }
  };
  walk(json::parse(body, nullptr, false));
  return found;
}

// Who must see no trace of an unaccepted report on a route (docs/monitoring.md, "Who sees which
// report"): on the reads that carry reports or statuses, the public, other agencies and other
// organisations; on the dashboards — public figures — everyone.
std::set<std::string> unaccepted_hidden_from(const World& w, const Case& c) {
  if (c.method != "GET") return {};
  const std::string path = c.target.substr(0, c.target.find('?'));
  const std::string P = "/api/plans/" + str(w.plan);
  if (path == "/api/dashboard" || path == "/api/national") return {kActors.begin(), kActors.end()};
  if (path == P + "/status" || path == P + "/tasks" || path == P + "/indicators" || path == P + "/ranking" ||
      path == "/api/tasks/" + str(w.task) || path == "/api/reports" || path == "/api/reports/" + str(w.r_accepted))
    return {"anon", "reporter_other_agency", "office_other_org"};
  return {};
}

TEST_P(ApiTest, EveryRouteAsEveryRole) {
  // Every route of the table is covered (a new route without a row here fails the test).
  std::set<std::string> covered;
  for (const auto& c : cases(*w_)) {
    for (const auto& r : routes()) {
      std::map<std::string, std::string> unused;
      std::string path = c.target.substr(0, c.target.find('?'));
      // Same shape: same method and same number of segments with literal segments equal.
      if (r.method != c.method) continue;
      std::vector<std::string> a, b;
      for (std::size_t i = 0, j; i <= r.pattern.size(); i = j + 1) {
        j = r.pattern.find('/', i);
        if (j == std::string::npos) j = r.pattern.size();
        a.push_back(r.pattern.substr(i, j - i));
      }
      for (std::size_t i = 0, j; i <= path.size(); i = j + 1) {
        j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        b.push_back(path.substr(i, j - i));
      }
      if (a.size() != b.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < a.size(); ++k) same &= a[k] == b[k] || (!a[k].empty() && a[k].front() == '{');
      if (same) covered.insert(r.method + " " + r.pattern);
    }
  }
  for (const auto& r : routes()) EXPECT_TRUE(covered.count(r.method + " " + r.pattern)) << "no case for " << r.method << " " << r.pattern;

  for (std::size_t k = 0; k < cases(*w_).size(); ++k) {
    auto world = make_world(GetParam());  // each route on fresh data: a permitted write must not hide a leak
    ASSERT_TRUE(world);
    const Case c = cases(*world)[k];
    // Outsiders first, so the permitted actors' writes come last.
    std::vector<std::string> order;
    for (const auto& a : kActors)
      if (!c.allowed.count(a)) order.push_back(a);
    for (auto a = kActors.rbegin(); a != kActors.rend(); ++a)  // the admin last: its writes (a password) end sessions
      if (c.allowed.count(*a)) order.push_back(*a);
    for (const auto& actor : order) {
      SCOPED_TRACE(c.method + " " + c.target.substr(0, 100) + " as " + actor);
      const auto r = call(*world, actor, c.method, c.target, c.body);
      if (c.allowed.count(actor)) {
        EXPECT_TRUE((r.status >= 200 && r.status < 300) || r.status == 409 || (c.once && r.status == 404))
            << r.status << " " << r.body.substr(0, 300);
      } else {
        EXPECT_TRUE(r.status == 401 || r.status == 403 || r.status == 404) << r.status << " " << r.body.substr(0, 300);
        if (actor == "anon" && r.status != 404) {
          EXPECT_EQ(r.status, 401);
        }
      }
      if (auto it = c.must_not_see.find(actor); it != c.must_not_see.end()) {
        EXPECT_EQ(r.body.find(it->second), std::string::npos) << "leak of '" << it->second << "'";
      }
      if (unaccepted_hidden_from(*world, c).count(actor)) {
        EXPECT_EQ(unaccepted_leak(*world, r.body), "") << "a report not accepted leaked";
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ApiTest, ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const ::testing::TestParamInfo<Backend>& p) {
                           return p.param == Backend::sqlite ? "sqlite" : "postgres";
                         });

}  // namespace
}  // namespace planwatch::api
