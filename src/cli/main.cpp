// planwatch command line: import a plan document, initialise a real installation, serve the API, back
// up and restore the database.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>

#include "planwatch/extract/extract.hpp"
#include "planwatch/extract/json.hpp"
#include "planwatch/ingest/reader.hpp"
#include "planwatch/api/server.hpp"
#include "planwatch/service/demo.hpp"
#include "planwatch/service/init.hpp"
#include "planwatch/store/store.hpp"
#include "planwatch/text/strings.hpp"

namespace planwatch::cli {
std::string_view embedded_demo_plan();  // demo_plan.cpp, generated from demo/plan-demo.txt
}

namespace {

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int run_import(const std::string& file, bool as_json) {
  auto doc = planwatch::ingest::read_file(file);
  if (!doc) {
    // One line: the user's message (Vietnamese, names the file and the reason), then the technical detail.
    std::cerr << "planwatch: " << doc.error().message << " [" << doc.error().code << ": " << doc.error().detail << "]\n";
    return 2;
  }
  auto result = planwatch::extract::extract_plan(*doc);
  if (as_json) {
    std::cout << planwatch::extract::to_json(result).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  const auto& p = result.plan;
  fmt::print("{} ({})\n", result.document, result.format);
  fmt::print("  Loại văn bản: {}\n  Số: {}\n  Ngày: {}\n  Cơ quan ban hành: {}\n  Tiêu đề: {}\n", p.doc_type.value_or("?"),
             p.number.value_or("—"), p.date ? planwatch::to_iso(*p.date) : "—", p.issuer.value_or("?"), p.title.value_or("?"));
  for (const auto& b : p.bases) fmt::print("  Căn cứ: {}\n", b);
  fmt::print("  Chỉ tiêu: {}\n  Nhiệm vụ: {}\n  Chế độ báo cáo: {}\n  Cảnh báo: {}\n", result.indicators.size(),
             result.tasks.size(), result.reporting.size(), result.warnings.size());
  for (const auto& t : result.tasks) {
    std::string lead;
    for (const auto& a : t.lead) lead += (lead.empty() ? "" : "; ") + a.name;
    fmt::print("  [{}] {} — {} — {}\n", t.ref, planwatch::text::utf8_prefix(t.text, 80), lead.empty() ? "?" : lead,
               t.timeframe ? t.timeframe->raw : "");
  }
  return 0;
}

struct DbOptions {
  std::string data = "./data";
  std::string database;  // postgres://… overrides --data
  [[nodiscard]] std::string spec() const { return database.empty() ? "sqlite:" + data : database; }
};

void add_db_options(CLI::App* cmd, DbOptions& o) {
  cmd->add_option("--data", o.data, "data directory of the embedded SQLite database")->capture_default_str();
  cmd->add_option("--database", o.database, "PostgreSQL URL (postgres://user@host:port/db) instead of SQLite");
}

// The file's bytes, or nullopt when it cannot be opened (a missing demo plan is named as missing,
// not mistaken for an empty plan).
std::optional<std::string> read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string{std::istreambuf_iterator<char>(in), {}};
}

// Opens the store the way `serve` does and applies the migrations; prints the reason on failure.
std::unique_ptr<planwatch::store::Store> open_migrated(const std::string& spec) {
  auto st = planwatch::store::open_store(spec);
  if (!st) {
    std::cerr << "planwatch: " << st.error().message << " [" << st.error().detail << "]\n";
    return nullptr;
  }
  if (auto m = (*st)->migrate(); !m) {
    std::cerr << "planwatch: " << m.error().message << " [" << m.error().detail << "]\n";
    return nullptr;
  }
  return std::move(*st);
}

int run_serve(planwatch::api::ServerOptions options, const DbOptions& db, bool demo, const std::string& demo_plan) {
  options.app.database = db.spec();
  if (demo) {
    // The plan compiled into the binary, unless --demo-plan names another file.
    std::string plan_name = "plan-demo.txt", plan_text(planwatch::cli::embedded_demo_plan());
    if (!demo_plan.empty()) {
      auto bytes = read_file_bytes(demo_plan);
      if (!bytes) {
        std::cerr << "planwatch: không tìm thấy tệp kế hoạch mẫu " << demo_plan << " (--demo-plan); bỏ tùy chọn này để dùng kế hoạch mẫu có sẵn\n";
        return 1;
      }
      plan_name = std::filesystem::path(demo_plan).filename().string();
      plan_text = std::move(*bytes);
    }
    auto st = open_migrated(options.app.database);
    if (!st) return 1;
    auto logins = planwatch::service::seed_demo(*st, plan_name, plan_text, now_seconds());
    if (!logins) {
      std::cerr << "planwatch: không tạo được dữ liệu mẫu (cơ sở dữ liệu không bị thay đổi): " << logins.error().message
                << " [" << logins.error().detail << "]\n";
      return 1;
    }
    return planwatch::api::serve(options, [&] {
      const std::string host = options.address == "0.0.0.0" ? "localhost" : options.address;
      fmt::print("\nplanwatch đang chạy: http://{}:{}/  (API: /api/…, /healthz, /metrics)\n", host, options.port);
      fmt::print("Cơ sở dữ liệu: {}\nTài khoản mẫu (mật khẩu đều là '{}'):\n",
                 db.database.empty() ? "SQLite trong " + db.data : "PostgreSQL", logins->front().password);
      for (const auto& l : *logins) fmt::print("  {:<16} {}\n", l.login, l.role);
      fmt::print("Dừng: Ctrl+C\n");
      std::fflush(stdout);
    });
  }
  return planwatch::api::serve(options, [&] {
    fmt::print("planwatch đang chạy trên cổng {} ({})\n", options.port, db.database.empty() ? "SQLite " + db.data : "PostgreSQL");
    std::fflush(stdout);
  });
}

// The password from the terminal without echo (asked twice), or the first line of standard input when
// it is not a terminal (`printf 'pw\n' | planwatch init …`).
std::optional<std::string> read_password() {
  auto read_line = [](std::string& out) {
    if (!std::getline(std::cin, out)) return false;
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return true;
  };
  if (isatty(STDIN_FILENO) == 0) {
    std::string pw;
    if (!read_line(pw)) return std::nullopt;
    return pw;
  }
  termios saved{};
  tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  std::string first, second;
  std::cerr << "Mật khẩu quản trị viên (ít nhất 10 ký tự): " << std::flush;
  bool ok = read_line(first);
  std::cerr << "\nNhập lại mật khẩu: " << std::flush;
  ok = ok && read_line(second);
  std::cerr << "\n";
  tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  if (!ok) return std::nullopt;
  if (first != second) {
    std::cerr << "planwatch: hai lần nhập mật khẩu không khớp\n";
    return std::nullopt;
  }
  return first;
}

int run_init(const DbOptions& db, planwatch::service::FirstRun in) {
  auto password = read_password();
  if (!password) {
    std::cerr << "planwatch: chưa có mật khẩu (nhập từ bàn phím, hoặc một dòng qua đầu vào chuẩn)\n";
    return 1;
  }
  in.password = std::move(*password);
  auto st = open_migrated(db.spec());
  if (!st) return 1;
  auto id = planwatch::service::initialise(*st, in, now_seconds());
  if (!id) {
    std::cerr << "planwatch: " << id.error().message << "\n";
    return id.error().code == "conflict" ? 3 : 1;  // 3: already initialised, nothing changed
  }
  auto admin = st->get_user(*id);
  fmt::print("Đã khởi tạo {}: tổ chức \"{}\", quản trị viên \"{}\".\n",
             db.database.empty() ? "SQLite trong " + db.data : "PostgreSQL", in.org_name, admin ? admin->login : in.admin_login);
  fmt::print("Tiếp theo: planwatch serve {}, đăng nhập, tạo cơ quan và người dùng (docs/operations.md).\n",
             db.database.empty() ? "--data " + db.data : "--database URL");
  return 0;
}

int run_backup(const DbOptions& db, const std::string& file, bool restore) {
  auto st = planwatch::store::open_store(db.spec());
  if (!st) {
    std::cerr << "planwatch: " << st.error().message << " [" << st.error().detail << "]\n";
    return 2;
  }
  auto r = restore ? (*st)->restore(file) : (*st)->backup(file);
  if (!r) {
    std::cerr << "planwatch: " << (restore ? "khôi phục" : "sao lưu") << " thất bại: " << r.error().message << " ["
              << r.error().code << ": " << r.error().detail << "]\n";
    return 2;
  }
  std::cout << (restore ? "Đã khôi phục từ " : "Đã sao lưu vào ") << file << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"planwatch — theo dõi kế hoạch KH&CN, ĐMST, CĐS", "planwatch"};
  app.require_subcommand(1);
  app.get_formatter()->column_width(40);  // every option and its default on one line
  std::string file;
  bool as_json = false;
  auto* import = app.add_subcommand("import", "Import a plan document and print its structure");
  import->add_option("FILE", file, "plan document (text, PDF, DOCX, scanned PDF or image)")->required();
  import->add_flag("--json", as_json, "print the JSON contract instead of a summary");

  planwatch::api::ServerOptions server;
  DbOptions db;
  bool demo = false;
  std::string demo_plan;  // empty: the plan compiled into the binary
  auto* serve = app.add_subcommand("serve", "Serve the JSON API (SQLite in ./data on port 8080 by default)");
  serve->add_option("--port", server.port, "TCP port")->capture_default_str();
  serve->add_option("--address", server.address, "address to listen on")->capture_default_str();
  serve->add_option("--threads", server.threads, "worker threads (0: one per core)")->capture_default_str();
  add_db_options(serve, db);
  serve->add_flag("--demo", demo, "create the demo organisation, users and plan when missing");
  serve->add_option("--demo-plan", demo_plan, "plan document the demo imports (default: the built-in demo plan)");
  serve->add_flag("--secure-cookies", server.app.secure_cookies, "mark the session cookie Secure (behind TLS)");
  bool no_log_reads = false;
  serve->add_flag("--no-log-reads", no_log_reads, "log only writes, errors and slow requests (default: every request)");
  std::int64_t body_budget_mb = server.app.max_body_bytes_in_flight >> 20;
  serve->add_option("--max-body-in-flight-mb", body_budget_mb,
                    "request bodies read at once, in MiB; beyond it 503 + Retry-After")
      ->capture_default_str();
  serve->add_flag("--trust-forwarded-for", server.app.trust_forwarded_for,
                  "behind a reverse proxy: the client address is the last X-Forwarded-For entry");
  serve->add_option("--smtp-url", server.smtp_url, "deliver the outbox by e-mail through this server (smtp://host:port)");
  serve->add_option("--mail-from", server.mail_from, "sender address of the e-mails")->capture_default_str();
  serve->add_option("--mail-interval", server.mail_interval_seconds, "seconds between outbox deliveries")
      ->capture_default_str();

  planwatch::service::FirstRun first;
  first.admin_name = "Quản trị hệ thống";
  auto* init = app.add_subcommand(
      "init", "First run of a real installation: the organisation and its administrator (password from the "
              "terminal, or one line on standard input); refuses a database that already has them");
  add_db_options(init, db);
  init->add_option("--org", first.org_name, "the organisation, e.g. \"UBND tỉnh Hậu Giang\"")->required();
  init->add_option("--admin", first.admin_login, "the administrator's login (letters, digits, . _ -)")->required();
  init->add_option("--name", first.admin_name, "the administrator's display name")->capture_default_str();
  init->add_option("--kind", first.org_kind, "city (province or city) or ministry")
      ->check(CLI::IsMember({"city", "ministry"}))
      ->capture_default_str();

  std::string backup_file;
  auto* backup = app.add_subcommand("backup", "Online, consistent copy of the SQLite database (PostgreSQL: pg_dump)");
  backup->add_option("FILE", backup_file, "backup file to write")->required();
  add_db_options(backup, db);
  auto* restore = app.add_subcommand("restore", "Replace the database's content by a backup (stop the servers first)");
  restore->add_option("FILE", backup_file, "backup file to read")->required();
  add_db_options(restore, db);

  auto* list_routes = app.add_subcommand("routes", "Print the API's routes (METHOD PATH), one per line");

  CLI11_PARSE(app, argc, argv);
  if (*list_routes) {
    for (const auto& r : planwatch::api::routes()) fmt::print("{} {}\n", r.method, r.pattern);
    return 0;
  }
  if (*import) return run_import(file, as_json);
  if (*init) return run_init(db, first);
  if (*serve) {
    server.app.log_reads = !no_log_reads;
    server.app.max_body_bytes_in_flight = std::clamp<std::int64_t>(body_budget_mb, 1, 1 << 20) << 20;
    return run_serve(server, db, demo, demo_plan);
  }
  if (*backup) return run_backup(db, backup_file, false);
  if (*restore) return run_backup(db, backup_file, true);
  return 0;
}
