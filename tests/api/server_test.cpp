// The real server over real sockets: api::serve (RESTinio) in a thread of this process on a free port,
// a temporary SQLite directory seeded with the demo, and a small HTTP/1.1 client over POSIX sockets.
// Checks what only the wire shows: the Set-Cookie flags, CSRF, a report's round trip through four
// users, 4xx for bad input with nothing stored, body limits (413, or a closed connection far beyond),
// /healthz and /metrics, and a graceful stop on SIGTERM.
#include "planwatch/api/server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "planwatch/service/demo.hpp"
#include "planwatch/store/store.hpp"

namespace planwatch::api {
namespace {

using nlohmann::json;

struct HttpResponse {
  int status = 0;                                   // 0: the connection closed without an answer
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string body;
  [[nodiscard]] std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  [[nodiscard]] json js() const { return json::parse(body, nullptr, false); }
};

// One request per connection (Connection: close); the answer read up to its Content-Length.
HttpResponse http(std::uint16_t port, const std::string& method, const std::string& target,
                  const std::string& body = "", const std::map<std::string, std::string>& headers = {}) {
  HttpResponse out;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return out;
  timeval tv{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return out;
  }
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
  if (!body.empty() || method == "POST" || method == "PATCH")
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  req += "\r\n" + body;
  for (std::size_t sent = 0; sent < req.size();) {
    const auto n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (body far beyond its limit)
    sent += static_cast<std::size_t>(n);
  }
  std::string raw;
  char buf[65536];
  std::size_t want = std::string::npos;
  for (;;) {
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    raw.append(buf, static_cast<std::size_t>(n));
    const auto end = raw.find("\r\n\r\n");
    if (want == std::string::npos && end != std::string::npos) {
      const std::regex len(R"(\r\n[Cc]ontent-[Ll]ength:\s*(\d+))");
      std::smatch m;
      const std::string head = raw.substr(0, end + 2);
      if (std::regex_search(head, m, len)) want = end + 4 + std::stoul(m[1].str());
    }
    if (want != std::string::npos && raw.size() >= want) break;
  }
  ::close(fd);
  const auto end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.1 ", 0) != 0 || end == std::string::npos) return out;
  out.status = std::stoi(raw.substr(9, 3));
  std::istringstream lines(raw.substr(0, end));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    out.headers.emplace(name, value);
  }
  out.body = raw.substr(end + 4);
  return out;
}

// A connection the test drives step by step: send the header now, the body later (or never).
struct Conn {
  int fd = -1;
  std::string pending;  // bytes read past the last response
  explicit Conn(std::uint16_t port, int timeout_seconds = 5) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{timeout_seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ~Conn() {
    if (fd >= 0) ::close(fd);
  }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  bool send(const std::string& bytes) const {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }
  // The next response (an interim 1xx too); status 0 when nothing complete came before the timeout.
  HttpResponse read() {
    HttpResponse out;
    char buf[65536];
    for (;;) {
      const auto end = pending.find("\r\n\r\n");
      if (end != std::string::npos) {
        const std::string head = pending.substr(0, end + 2);
        std::size_t length = 0;
        const std::regex len(R"(\r\n[Cc]ontent-[Ll]ength:\s*(\d+))");
        std::smatch m;
        if (std::regex_search(head, m, len)) length = std::stoul(m[1].str());
        if (pending.size() >= end + 4 + length) {
          if (pending.rfind("HTTP/1.1 ", 0) != 0) return out;
          out.status = std::stoi(pending.substr(9, 3));
          std::istringstream lines(head);
          std::string line;
          std::getline(lines, line);
          while (std::getline(lines, line)) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            const auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string name = line.substr(0, colon);
            for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            out.headers.emplace(name, value);
          }
          out.body = pending.substr(end + 4, length);
          pending.erase(0, end + 4 + length);
          return out;
        }
      }
      const auto n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return out;
      pending.append(buf, static_cast<std::size_t>(n));
    }
  }
};

std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

struct User {
  std::string cookie;  // "pw_session=…"
  std::string csrf;
  json me;
};

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    dir_ = std::filesystem::temp_directory_path() /
           ("planwatch-server-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::time(nullptr)));
    std::filesystem::create_directories(dir_);
    ServerOptions o;
    o.address = "127.0.0.1";
    o.port = port_ = free_port();
    o.threads = 2;
    o.app.database = "sqlite:" + dir_.string();
    o.app.config.max_file_bytes = 64 * 1024;  // small, so that the limits are cheap to cross
    o.app.cache_ttl_ms = 0;
    o.app.max_body_bytes_in_flight = 100 * 1024;  // one 60 KiB upload at a time
    {
      auto st = store::open_store(o.app.database);
      ASSERT_TRUE(st) << st.error().detail;
      ASSERT_TRUE((*st)->migrate());
      std::ifstream in(std::string(PLANWATCH_SOURCE_DIR) + "/demo/plan-demo.txt", std::ios::binary);
      const std::string text{std::istreambuf_iterator<char>(in), {}};
      const auto now =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      auto logins = service::seed_demo(**st, "plan-demo.txt", text, now);
      ASSERT_TRUE(logins) << logins.error().message << " " << logins.error().detail;
      password_ = logins->front().password;
      auto again = service::seed_demo(**st, "plan-demo.txt", text, now);  // idempotent
      ASSERT_TRUE(again) << again.error().detail;
    }
    auto ready = std::make_shared<std::promise<void>>();
    auto listening = ready->get_future();
    auto done = std::make_shared<std::promise<int>>();
    exit_ = done->get_future();
    server_ = std::thread([o, ready, done] { done->set_value(serve(o, [ready] { ready->set_value(); })); });
    ASSERT_EQ(listening.wait_for(std::chrono::seconds(60)), std::future_status::ready);
  }

  static void TearDownTestSuite() {
    if (server_.joinable()) {
      ::pthread_kill(server_.native_handle(), SIGTERM);  // serve() waits for it with sigwait
      server_.join();
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static User login(const std::string& name) {
    auto r = http(port_, "POST", "/api/login", json{{"login", name}, {"password", password_}}.dump(),
                  {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 200) << r.body;
    User u;
    const std::string set = r.header("set-cookie");
    u.cookie = set.substr(0, set.find(';'));
    u.csrf = r.js().value("csrf_token", "");
    u.me = r.js()["user"];
    return u;
  }

  static HttpResponse as(const User& u, const std::string& method, const std::string& target,
                         const std::string& body = "", bool csrf = true) {
    std::map<std::string, std::string> h{{"Cookie", u.cookie}};
    if (csrf) h["X-CSRF-Token"] = u.csrf;
    if (!body.empty()) h["Content-Type"] = "application/json";
    return http(port_, method, target, body, h);
  }

  static inline std::filesystem::path dir_;
  static inline std::uint16_t port_ = 0;
  static inline std::string password_;
  static inline std::thread server_;
  static inline std::future<int> exit_;
};

TEST_F(ServerTest, HealthzAnswersOkAsJson) {
  auto h = http(port_, "GET", "/healthz");
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_NE(h.header("content-type").find("application/json"), std::string::npos);
  EXPECT_EQ(h.js()["status"], "ok");
  EXPECT_EQ(h.js()["backend"], "sqlite");
  EXPECT_GT(h.js()["schema_version"].get<int>(), 0);
  EXPECT_EQ(h.header("cache-control"), "no-store");
}

TEST_F(ServerTest, LoginSetsAStrictHttpOnlyCookieAndLogoutClearsIt) {
  auto bad = http(port_, "POST", "/api/login", R"({"login":"vanphong","password":"sai-mat-khau"})");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.js()["error"]["code"], "unauthenticated");
  EXPECT_TRUE(bad.header("set-cookie").empty());

  auto r = http(port_, "POST", "/api/login", json{{"login", "vanphong"}, {"password", password_}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string cookie = r.header("set-cookie");
  EXPECT_EQ(cookie.rfind("pw_session=", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // not configured here
  EXPECT_EQ(r.js()["user"]["role"], "office");
  const User u{cookie.substr(0, cookie.find(';')), r.js()["csrf_token"].get<std::string>(), r.js()["user"]};
  EXPECT_FALSE(u.csrf.empty());

  auto me = as(u, "GET", "/api/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.js()["login"], "vanphong");
  EXPECT_EQ(me.js()["csrf_token"], u.csrf);

  EXPECT_EQ(as(u, "POST", "/api/logout", "", false).status, 403);  // no CSRF header
  auto wrong = as(User{u.cookie, "not-the-token", {}}, "POST", "/api/logout");
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(wrong.js()["error"]["code"], "csrf");
  EXPECT_EQ(as(u, "GET", "/api/me").status, 200);  // still signed in

  auto out = as(u, "POST", "/api/logout");
  EXPECT_EQ(out.status, 200);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(as(u, "GET", "/api/me").status, 401);
  EXPECT_EQ(http(port_, "POST", "/api/reports", "{}").status, 401);  // anonymous write
}

TEST_F(ServerTest, AReportGoesFromDraftToAcceptedThroughFourUsers) {
  const User reporter = login("baocao.skhcn"), approver = login("pheduyet.skhcn"), office = login("vanphong");
  const auto plans = http(port_, "GET", "/api/plans").js();
  ASSERT_TRUE(plans.is_array());
  ASSERT_EQ(plans.size(), 1u);  // the demo plan, seeded twice, imported once
  const std::string plan = std::to_string(plans[0]["id"].get<Id>());
  const auto periods = http(port_, "GET", "/api/plans/" + plan + "/periods").js();
  const auto tasks =
      as(reporter, "GET", "/api/plans/" + plan + "/tasks?agency=" + std::to_string(reporter.me["agency_id"].get<Id>()))
          .js();
  ASSERT_TRUE(periods.is_array());
  ASSERT_TRUE(tasks.is_array());
  ASSERT_FALSE(tasks.empty());
  char today[11];
  const std::time_t t = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&t, &local);
  std::strftime(today, sizeof today, "%Y-%m-%d", &local);

  // The first (task, open period) the reporter may report on.
  Id report = 0;
  for (const auto& p : periods) {
    if (p["locks_on"].get<std::string>() < today) continue;
    const auto r = as(reporter, "POST", "/api/reports",
                      json{{"task_id", tasks[0]["id"]},
                           {"period_id", p["id"]},
                           {"progress", "in_progress"},
                           {"percent", 40},
                           {"narrative", "Đã tổ chức 2 hội thảo"}}
                          .dump());
    if (r.status == 200) {
      report = r.js()["id"].get<Id>();
      EXPECT_EQ(r.js()["status"], "draft");
      break;
    }
  }
  ASSERT_NE(report, 0) << "no open period accepted a draft";
  const std::string id = std::to_string(report);
  EXPECT_EQ(as(reporter, "POST", "/api/reports/" + id + "/approve").status, 403);  // not the approver
  auto submitted = as(reporter, "POST", "/api/reports/" + id + "/submit");
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(submitted.js()["status"], "submitted");
  auto approved = as(approver, "POST", "/api/reports/" + id + "/approve");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.js()["status"], "approved");
  auto bad = as(office, "POST", "/api/reports/" + id + "/review", R"({"decision":"maybe"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.js()["error"]["message"].get<std::string>().find("decision"), std::string::npos);
  auto accepted = as(office, "POST", "/api/reports/" + id + "/review", R"({"decision":"accepted","comment":"Đạt"})");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.js()["status"], "accepted");
  auto seen = http(port_, "GET", "/api/reports/" + id);  // accepted reports are public
  EXPECT_EQ(seen.status, 200) << seen.body;
}

TEST_F(ServerTest, BadInputIs4xxWithAMessageAndNothingIsStored) {
  const User u = login("baocao.skhcn");
  const std::string plan = std::to_string(http(port_, "GET", "/api/plans").js()[0]["id"].get<Id>());
  auto count = [&] { return as(u, "GET", "/api/reports?plan=" + plan).js().size(); };
  const auto before = count();
  struct Bad {
    std::string method, target, body;
    int status;
    std::string mentions;
  };
  const std::vector<Bad> bad = {
      {"POST", "/api/reports", "{\"task_id\": 1,", 400, "JSON"},
      {"POST", "/api/reports", R"({"task_id":"1","period_id":1,"progress":"in_progress","percent":1})", 400, "task_id"},
      {"POST", "/api/reports", R"({"task_id":1,"period_id":1,"progress":"in_progress","percent":"40"})", 400,
       "percent"},
      {"POST", "/api/reports", R"({"period_id":1,"progress":"in_progress","percent":1})", 400, "task_id"},
      {"POST", "/api/reports", R"({"task_id":1,"period_id":1,"progress":"xong roi","percent":1})", 400, "progress"},
      {"POST", "/api/reports", R"({"task_id":987654,"period_id":1,"progress":"in_progress","percent":1})", 404, ""},
      {"GET", "/api/reports/abc", "", 400, "'id'"},
      {"GET", "/api/reports/987654", "", 404, ""},
      {"GET", "/api/plans/1/tasks?limit=abc", "", 400, "limit"},
      {"POST", "/api/files?name=..%2F..%2Fetc%2Fpasswd", "abc", 400, ""},
      {"POST", "/api/files?name=a%5Cb.pdf", "abc", 400, ""},
      {"POST", "/api/files?name=%2Fetc%2Fpasswd", "abc", 400, ""},
      {"POST", "/api/files?name=a%00.pdf", "abc", 400, ""},
      {"POST", "/api/files?name=x.pdf", std::string(100 * 1024, 'x'), 413, ""},                    // > max_file_bytes
      {"POST", "/api/reports", "{\"narrative\":\"" + std::string(3 << 19, 'x') + "\"}", 413, ""},  // > 1 MiB JSON
      {"GET", "/api/khong-co-duong-dan", "", 404, ""},
      {"PUT", "/api/reports", "{}", 405, ""},
  };
  for (const auto& b : bad) {
    SCOPED_TRACE(b.method + " " + b.target);
    auto r = as(u, b.method, b.target, b.body);
    EXPECT_EQ(r.status, b.status) << r.body.substr(0, 300);
    const auto j = r.js();
    ASSERT_TRUE(j.contains("error")) << r.body.substr(0, 300);
    const std::string message = j["error"]["message"].get<std::string>();
    EXPECT_FALSE(message.empty());
    EXPECT_NE(message.find(b.mentions), std::string::npos) << message;
    EXPECT_TRUE(j["error"]["code"].is_string());
  }
  // Far beyond every limit the server drops the connection instead of reading on; it stays up.
  auto huge = as(u, "POST", "/api/files?name=x.pdf", std::string(8 << 20, 'x'));
  EXPECT_TRUE(huge.status == 0 || huge.status == 413) << huge.status;
  EXPECT_EQ(http(port_, "GET", "/healthz").status, 200);
  EXPECT_EQ(count(), before);
}

TEST_F(ServerTest, MetricsArePrometheusText) {
  (void)http(port_, "GET", "/healthz");
  (void)http(port_, "GET", "/api/plans");
  (void)http(port_, "GET", "/api/plans/1");
  (void)http(port_, "POST", "/api/login", R"({"login":"vanphong","password":"sai"})");
  auto m = http(port_, "GET", "/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_EQ(m.header("content-type").rfind("text/plain; version=0.0.4", 0), 0u) << m.header("content-type");
  EXPECT_NE(m.body.find("# TYPE planwatch_http_requests_total counter"), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      m.body, std::regex(R"(planwatch_http_requests_total\{route="/api/plans",status="200"\} [1-9])")));
  EXPECT_TRUE(
      std::regex_search(m.body, std::regex(R"(planwatch_http_requests_total\{route="/healthz",status="200"\} [1-9])")));
  EXPECT_NE(m.body.find("# TYPE planwatch_http_request_duration_seconds histogram"), std::string::npos);
  EXPECT_NE(m.body.find("planwatch_http_in_flight "), std::string::npos);
  EXPECT_NE(m.body.find("planwatch_db_unavailable_total "), std::string::npos);
  // Item 8 of issue 16: latency per route pattern (not per raw path), failed sign-ins, reports by state.
  EXPECT_TRUE(std::regex_search(
      m.body, std::regex(R"(planwatch_http_request_duration_seconds_count\{route="/api/plans/\{id\}"\} [1-9])")))
      << m.body;
  EXPECT_EQ(m.body.find("route=\"/api/plans/1\""), std::string::npos);
  EXPECT_TRUE(std::regex_search(
      m.body, std::regex(R"(planwatch_login_failures_total\{reason="invalid_credentials"\} [1-9])")));
  EXPECT_NE(m.body.find("# TYPE planwatch_reports gauge"), std::string::npos);
  for (const char* state : {"draft", "submitted", "approved", "accepted", "returned"})
    EXPECT_NE(m.body.find("planwatch_reports{status=\"" + std::string(state) + "\"} "), std::string::npos) << state;
  // Every sample line is `name{labels} value` or `name value`; each route's buckets are cumulative and
  // its +Inf bucket equals its count.
  std::istringstream lines(m.body);
  std::string line;
  std::map<std::string, double> last_bucket, inf, count;
  const std::regex sample(R"(^[a-z_]+(\{([a-z_]+="[^"]*",?)+\})? [0-9.e+-]+$)");
  const std::regex route_label(R"re(route="([^"]*)")re");
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    const double v = std::stod(line.substr(line.rfind(' ') + 1));
    std::smatch rm;
    const std::string route = std::regex_search(line, rm, route_label) ? rm[1].str() : "";
    if (line.rfind("planwatch_http_request_duration_seconds_bucket", 0) == 0) {
      EXPECT_GE(v, last_bucket.count(route) ? last_bucket[route] : 0) << line;
      last_bucket[route] = v;
      if (line.find("le=\"+Inf\"") != std::string::npos) inf[route] = v;
    }
    if (line.rfind("planwatch_http_request_duration_seconds_count", 0) == 0) count[route] = v;
  }
  EXPECT_FALSE(count.empty());
  EXPECT_EQ(inf, count);
}

// Item 2 of issue 16: refusals come from the header, before any byte of the body is read (the client here
// never sends it); a body is read only up to the route's limit and within the in-flight budget.
TEST_F(ServerTest, AnonymousBigPostsAreRefusedFromTheHeaderWithoutSendingTheBody) {
  const std::string big = std::to_string(39u << 20);  // 39 MiB announced, never sent
  struct Case {
    std::string head;
    int status;
  };
  const User u = login("baocao.skhcn");
  const std::vector<Case> cases = {
      // Anonymous, beyond the route's limit (the limits are public) or within it (no session).
      {"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " + big, 413},
      {"POST /api/files?name=a.pdf HTTP/1.1\r\nHost: x\r\nContent-Length: " + big, 413},
      {"POST /api/plans/import?filename=a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: " + big, 413},
      {"POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 900000", 401},
      {"POST /api/files?name=a.pdf HTTP/1.1\r\nHost: x\r\nContent-Length: 60000", 401},
      {"POST /api/reports HTTP/1.1\r\nHost: x\r\nCookie: pw_session=forged\r\nContent-Length: 900000", 401},
      {"POST /api/khong-co HTTP/1.1\r\nHost: x\r\nContent-Length: " + big, 404},
      {"PUT /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: " + big, 405},
      // Signed in, but beyond the route's limit: 413 from the header as well.
      {"POST /api/files?name=a.pdf HTTP/1.1\r\nHost: x\r\nCookie: " + u.cookie + "\r\nX-CSRF-Token: " + u.csrf +
           "\r\nContent-Length: " + big,
       413},
      {"POST /api/reports HTTP/1.1\r\nHost: x\r\nCookie: " + u.cookie + "\r\nX-CSRF-Token: " + u.csrf +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(2 << 20),
       413},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.head.substr(0, c.head.find('\r')));
    Conn conn(port_);
    ASSERT_GE(conn.fd, 0);
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(conn.send(c.head + "\r\n\r\n"));
    const auto r = conn.read();
    EXPECT_EQ(r.status, c.status) << r.body;
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    EXPECT_TRUE(r.js().contains("error")) << r.body;
    EXPECT_EQ(r.header("connection"), "close");  // the unread body ends the connection
  }
  EXPECT_EQ(http(port_, "GET", "/healthz").status, 200);
}

TEST_F(ServerTest, ExpectContinueIsAnsweredOnlyAfterTheHeaderCheck) {
  const User u = login("baocao.skhcn");
  const std::string body = "%PDF-1.4 minh chung";
  {  // signed in: 100 Continue at once, then the final answer once the body came
    Conn conn(port_);
    ASSERT_TRUE(conn.send("POST /api/files?name=a.pdf HTTP/1.1\r\nHost: x\r\nCookie: " + u.cookie +
                          "\r\nX-CSRF-Token: " + u.csrf + "\r\nExpect: 100-continue\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n"));
    const auto start = std::chrono::steady_clock::now();
    const auto interim = conn.read();
    EXPECT_EQ(interim.status, 100);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
    ASSERT_TRUE(conn.send(body));
    const auto r = conn.read();
    EXPECT_EQ(r.status, 201) << r.body;
    EXPECT_FALSE(r.js().value("key", "").empty()) << r.body;
  }
  {  // anonymous: the refusal instead of 100 Continue
    Conn conn(port_);
    ASSERT_TRUE(conn.send("POST /api/files?name=a.pdf HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                          "Content-Length: 40000\r\n\r\n"));
    const auto r = conn.read();
    EXPECT_EQ(r.status, 401) << r.body;
  }
}

TEST_F(ServerTest, TheInFlightBodyBudgetAnswers503WithRetryAfter) {
  const User u = login("baocao.skhcn");
  const std::string body(60 * 1024, 'x');  // within the 64 KiB upload limit; two exceed the 100 KiB budget
  const std::string head = "POST /api/files?name=a.pdf HTTP/1.1\r\nHost: x\r\nCookie: " + u.cookie +
                           "\r\nX-CSRF-Token: " + u.csrf + "\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n";
  Conn slow(port_);
  ASSERT_TRUE(slow.send(head + body.substr(0, 1000)));  // admitted, its body still coming
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    Conn second(port_);
    ASSERT_TRUE(second.send(head));
    const auto r = second.read();
    EXPECT_EQ(r.status, 503) << r.body;
    EXPECT_EQ(r.js()["error"]["code"], "unavailable");
    EXPECT_FALSE(r.header("retry-after").empty());
  }
  ASSERT_TRUE(slow.send(body.substr(1000)));
  EXPECT_EQ(slow.read().status, 201);
  // The budget is free again.
  Conn third(port_);
  ASSERT_TRUE(third.send(head + body));
  EXPECT_EQ(third.read().status, 201);
}

// Item 9 of issue 16.
TEST_F(ServerTest, NosniffIsSentExactlyOnce) {
  const User u = login("baocao.skhcn");
  auto up = http(port_, "POST", "/api/files?name=a.pdf", "%PDF-1.4 x", {{"Cookie", u.cookie}, {"X-CSRF-Token", u.csrf}});
  ASSERT_EQ(up.status, 201) << up.body;
  for (const std::string& target : {"/api/files/" + up.js()["key"].get<std::string>(), std::string("/api/plans"),
                                   std::string("/api/khong-co")}) {
    SCOPED_TRACE(target);
    auto r = as(u, "GET", target);
    EXPECT_EQ(r.headers.count("x-content-type-options"), 1u);
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  }
}

TEST_F(ServerTest, AJsonWriteWithAnotherContentTypeIs415) {
  const User u = login("baocao.skhcn");
  const std::map<std::string, std::string> h = {
      {"Cookie", u.cookie}, {"X-CSRF-Token", u.csrf}, {"Content-Type", "application/x-www-form-urlencoded"}};
  auto r = http(port_, "POST", "/api/reports", R"({"task_id":1})", h);
  EXPECT_EQ(r.status, 415) << r.body;
  EXPECT_EQ(r.js()["error"]["code"], "unsupported_media_type");
  // Uploads take any type; JSON with a charset is JSON.
  EXPECT_EQ(http(port_, "POST", "/api/files?name=a.pdf", "%PDF-1.4 x",
                 {{"Cookie", u.cookie}, {"X-CSRF-Token", u.csrf}, {"Content-Type", "application/pdf"}})
                .status,
            201);
  auto ok = http(port_, "POST", "/api/reports", R"({"task_id":"1"})",
                 {{"Cookie", u.cookie}, {"X-CSRF-Token", u.csrf}, {"Content-Type", "application/json; charset=utf-8"}});
  EXPECT_EQ(ok.status, 400) << ok.body;  // read, and refused for its content
}

// Last (gtest runs a suite's tests in order of definition): SIGTERM stops the server cleanly.
TEST_F(ServerTest, StopsGracefullyOnSigterm) {
  ASSERT_TRUE(server_.joinable());
  ::pthread_kill(server_.native_handle(), SIGTERM);
  server_.join();
  EXPECT_EQ(exit_.get(), 0);
  EXPECT_EQ(http(port_, "GET", "/healthz").status, 0);  // nobody listens any more
}

}  // namespace
}  // namespace planwatch::api
