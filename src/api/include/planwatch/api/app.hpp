#pragma once
// The HTTP API as a function from request to response, independent of the socket layer: the
// RESTinio adapter (server.hpp) feeds it, and tests call it directly for every route × role.
//
// Error policy: handlers throw nothing for expected failures — service errors come back as Error
// values and are mapped here, once, to HTTP statuses (status_of). A malformed request (bad JSON,
// wrong type, missing field) throws BadRequest, mapped to 400 centrally; any other exception is a
// fault: 500 with a generic Vietnamese message, the detail only in the log.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "planwatch/service/service.hpp"
#include "planwatch/store/store.hpp"

namespace planwatch::api {

struct Options {
  std::string database = "sqlite:./data";  // store spec (store::open_store)
  service::Config config;
  bool secure_cookies = false;             // add `Secure` (behind TLS)
  std::int64_t max_json_bytes = 1 << 20;   // JSON bodies; uploads: config.max_file_bytes
  int cache_ttl_ms = 2000;                 // dashboards and the national roll-up
  bool log_reads = true;                   // one log line per GET too (writes, errors and slow requests always)
  // Behind a reverse proxy every connection comes from the proxy: take the client address from the last
  // X-Forwarded-For entry (the one the proxy appended) — only when the proxy is trusted to set it.
  bool trust_forwarded_for = false;
  std::function<std::int64_t()> clock;     // Unix seconds; the system clock when empty (tests set it)
  // Request bodies admitted and not yet handled, all connections together (admit); beyond it 503 + Retry-After.
  std::int64_t max_body_bytes_in_flight = std::int64_t{128} << 20;
};

struct Request {
  std::string method;   // "GET", "POST", …
  std::string path;     // "/api/plans/3"
  std::string query;    // "status=published&q=chuyen+doi+so" (undecoded)
  std::string body;
  std::string cookie;   // the Cookie header
  std::string csrf;     // the X-CSRF-Token header
  std::string ip;             // the peer address
  std::string forwarded_for;  // the X-Forwarded-For header
  std::string content_type;   // the Content-Type header
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One row of the route table.
struct RouteInfo {
  std::string method;
  std::string pattern;  // "/api/plans/{id}/tasks"
  bool session = false; // needs a signed-in user (the service still decides per role)
  std::string summary;
};
const std::vector<RouteInfo>& routes();

// Error.code → HTTP status.
int status_of(const std::string& code) noexcept;

// What the request line and header decide, before the body is read (App::admit).
struct Admission {
  std::optional<Response> refusal;    // answer this and do not read the body
  std::uint64_t body_limit = 0;       // else read at most this many bytes
  std::shared_ptr<void> reservation;  // the body's share of the in-flight budget; released when dropped
};

class App {
 public:
  explicit App(Options options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // Opens one connection and applies the migrations; the error says why when the database is
  // unusable.
  Expected<int> migrate();
  Response handle(const Request& r);
  // The checks of handle that need no body — route and method, the route's size limit, the session and
  // CSRF token of a write, the content type — and the in-flight body budget. `head` has no body;
  // content_length is empty when the body is chunked (the route's limit is reserved then).
  Admission admit(const Request& head, std::optional<std::uint64_t> content_length);
  std::string metrics_text() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace planwatch::api
