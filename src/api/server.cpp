// RESTinio adapter: each request is copied into an api::Request, handled by the App on a worker of
// RESTinio's thread pool, and the Response written back. Stops on SIGINT or SIGTERM.
#include "planwatch/api/server.hpp"

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

#include "planwatch/service/mailer.hpp"

namespace planwatch::api {
namespace {

// The reason phrases of the statuses the App answers with.
restinio::http_status_line_t status_line(int status) {
  static const std::pair<int, const char*> kReasons[] = {
      {200, "OK"},           {201, "Created"},          {400, "Bad Request"},       {401, "Unauthorized"},
      {403, "Forbidden"},    {404, "Not Found"},        {405, "Method Not Allowed"}, {409, "Conflict"},
      {413, "Payload Too Large"}, {429, "Too Many Requests"}, {500, "Internal Server Error"},
      {501, "Not Implemented"}, {503, "Service Unavailable"}};
  const char* reason = "Unknown";
  for (const auto& [code, text] : kReasons)
    if (code == status) reason = text;
  return restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(status)}, reason};
}

}  // namespace

int serve(const ServerOptions& options, const std::function<void()>& ready) {
  App app(options.app);
  if (auto m = app.migrate(); !m) {
    spdlog::critical("không mở được cơ sở dữ liệu {}: {} ({})", options.app.database, m.error().message, m.error().detail);
    return 1;
  }
  const std::size_t threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());

  // Block the stop signals in every thread (RESTinio's workers inherit the mask); this thread
  // waits for them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Uploads may reach max_file_bytes; JSON bodies are checked again per route in the App. The
  // transport accepts up to twice the largest limit so that an oversized body is answered 413 with a
  // message by the App; beyond that RESTinio closes the connection without an answer.
  const auto body_limit =
      2 * static_cast<std::uint64_t>(std::max(options.app.config.max_file_bytes, options.app.max_json_bytes)) +
      (1u << 20);
  auto handler = [&app](restinio::request_handle_t req) {
    Request r;
    r.method = req->header().method().c_str();
    r.path = std::string(req->header().path());
    r.query = std::string(req->header().query());
    r.body = req->body();
    r.cookie = req->header().get_field_or(restinio::http_field::cookie, "");
    r.csrf = req->header().get_field_or("X-CSRF-Token", "");
    r.ip = req->remote_endpoint().address().to_string();
    r.forwarded_for = req->header().get_field_or("X-Forwarded-For", "");
    Response out = app.handle(r);
    auto resp = req->create_response(status_line(out.status));
    resp.append_header(restinio::http_field::content_type, out.content_type);
    resp.append_header("X-Content-Type-Options", "nosniff");
    resp.append_header(restinio::http_field::cache_control, "no-store");
    for (const auto& [k, v] : out.headers) resp.append_header(k, v);
    resp.set_body(std::move(out.body));
    return resp.done();
  };
  using Settings = restinio::run_on_thread_pool_settings_t<restinio::default_traits_t>;
  try {
    auto server = restinio::run_async(restinio::own_io_context(),
                                      restinio::server_settings_t<>{}
                                          .address(options.address)
                                          .port(options.port)
                                          .max_pipelined_requests(16)
                                          .incoming_http_msg_limits(
                                              restinio::incoming_http_msg_limits_t{}.max_body_size(body_limit))
                                          .handle_request_timeout(std::chrono::seconds(120))
                                          .read_next_http_message_timelimit(std::chrono::seconds(60))
                                          .request_handler(handler),
                                      threads);
    (void)sizeof(Settings);
    spdlog::info(R"({{"event":"listening","address":"{}","port":{},"threads":{},"database":"{}"}})", options.address,
                 options.port, threads, options.app.database.rfind("postgres", 0) == 0 ? "postgres" : options.app.database);
    // The mailer: one thread, its own database connection, delivering the outbox every interval.
    std::mutex mu;
    std::condition_variable wake;
    bool stopping = false;
    std::thread mailer;
    if (!options.smtp_url.empty()) {
      mailer = std::thread([&] {
        auto smtp = service::smtp_mailer(options.smtp_url, options.mail_from);
        std::unique_ptr<store::Store> st;
        std::unique_lock lock(mu);
        while (!stopping) {
          lock.unlock();
          if (!st)
            if (auto opened = store::open_store(options.app.database)) st = std::move(*opened);
          if (st) {
            const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
            auto d = service::deliver_outbox(*st, *smtp, now);
            if (!d) {
              spdlog::error(R"({{"event":"mail_failed","detail":"{}"}})", d.error().detail);
              st.reset();  // reconnect next round
            } else if (d->sent + d->failed + d->no_address > 0) {
              spdlog::info(R"({{"event":"mail","sent":{},"failed":{},"no_address":{}}})", d->sent, d->failed,
                           d->no_address);
            }
          }
          lock.lock();
          wake.wait_for(lock, std::chrono::seconds(std::max(1, options.mail_interval_seconds)), [&] { return stopping; });
        }
      });
    }
    if (ready) ready();
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info(R"({{"event":"stopping","signal":{}}})", sig);
    {
      std::lock_guard lock(mu);
      stopping = true;
    }
    wake.notify_all();
    if (mailer.joinable()) mailer.join();
    server->stop();
    server->wait();
  } catch (const std::exception& e) {
    spdlog::critical("không khởi động được máy chủ trên {}:{}: {}", options.address, options.port, e.what());
    return 1;
  }
  return 0;
}

}  // namespace planwatch::api
