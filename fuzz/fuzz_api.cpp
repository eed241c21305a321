// Fuzzes the HTTP API as the network sees it: method, path, query, headers and body from the input,
// handled by the same api::App the server runs, on a SQLite database seeded with the demo (so ids
// exist and writes really happen), signed in as a reporter or the office. Any crash, sanitizer report
// or non-JSON error body is a finding.
//   input: "<method byte><actor byte><path>\n<query>\n<body…>"
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "planwatch/api/app.hpp"
#include "planwatch/service/demo.hpp"
#include "planwatch/service/service.hpp"
#include "planwatch/store/store.hpp"

namespace {

struct World {
  std::unique_ptr<planwatch::api::App> app;
  std::string cookies[3];  // public, reporter, office
  std::string csrf[3];
};

World& world() {
  static World w = [] {
    World x;
    char dir[] = "/tmp/planwatch-fuzz-api-XXXXXX";
    if (mkdtemp(dir) == nullptr) std::abort();
    const std::string spec = std::string("sqlite:") + dir;
    auto st = planwatch::store::open_store(spec);
    if (!st || !(*st)->migrate()) std::abort();
    std::ifstream in(std::string(PLANWATCH_SOURCE_DIR) + "/demo/plan-demo.txt", std::ios::binary);
    const std::string plan{std::istreambuf_iterator<char>(in), {}};
    if (!planwatch::service::seed_demo(**st, "plan-demo.txt", plan, 1795400000)) std::abort();
    const char* logins[] = {"baocao.skhcn", "vanphong"};
    for (int k = 0; k < 2; ++k) {
      auto u = (*st)->get_user_by_login(logins[k]);
      const std::string token = std::string("fuzz-token-") + logins[k];
      x.csrf[k + 1] = std::string("fuzz-csrf-") + logins[k];
      if (!u || !(*st)->create_session({planwatch::service::sha256_hex(token), u->id, x.csrf[k + 1], 0, 4000000000}))
        std::abort();
      x.cookies[k + 1] = "pw_session=" + token;
    }
    planwatch::api::Options o;
    o.database = spec;
    o.clock = [] { return std::int64_t{1795400000}; };
    o.max_json_bytes = 64 * 1024;
    o.config.max_file_bytes = 256 * 1024;
    x.app = std::make_unique<planwatch::api::App>(o);
    return x;
  }();
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);  // request logs would drown the fuzzer output
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 3) return 0;
  static const char* kMethods[] = {"GET", "POST", "PATCH", "DELETE"};
  World& w = world();
  planwatch::api::Request r;
  r.method = kMethods[data[0] % 4];
  const int actor = data[1] % 3;
  std::string rest(reinterpret_cast<const char*>(data + 2), size - 2);
  const auto nl = rest.find('\n');
  r.path = rest.substr(0, nl);
  if (r.path.empty() || r.path[0] != '/') r.path = "/api/" + r.path;
  if (nl != std::string::npos) {
    rest.erase(0, nl + 1);
    const auto nl2 = rest.find('\n');
    r.query = rest.substr(0, nl2);
    r.body = nl2 == std::string::npos ? "" : rest.substr(nl2 + 1);
  }
  r.cookie = w.cookies[actor];
  r.csrf = w.csrf[actor];
  r.ip = "127.0.0.1";
  const auto out = w.app->handle(r);
  if (out.status < 100 || out.status > 599) std::abort();
  if (out.status >= 400 && out.body.find("\"error\"") == std::string::npos) std::abort();
  return 0;
}
