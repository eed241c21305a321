// The HTTP transport: Boost.Beast (header-only, on the asio of Debian's libboost-dev) feeding api::App.
//
// Why Beast and not RESTinio (0.6.16 in Debian 12): RESTinio reads and buffers a whole request body —
// reserving its announced Content-Length up front — before the handler sees the request, and offers no
// hook once the header is complete; its only guards are a global body size and a connection count. An
// anonymous client could therefore make the server hold ~40 MiB per connection (issue 16, item 2).
// Beast parses the header on its own (request_parser<empty_body>), so each request is
//   1. read up to its header (16 KiB at most, 60 s);
//   2. admitted or refused by App::admit — route and method, the route's size limit, the session and
//      CSRF token of a write, the content type, the in-flight body budget — the same rules App::handle
//      applies, written once in app.cpp;
//   3. refused: the answer goes out with `Connection: close` and the unread body is drained into a small
//      fixed buffer for a few seconds so the client sees the answer (no reset); or admitted: a
//      `100 Continue` when the client asked for one, then the body is read with the route's own limit;
//   4. handled by App::handle on the I/O thread (a pool of `threads`, as RESTinio's was), written back,
//      and the connection kept alive when the client wants it.
// SIGINT/SIGTERM: stop accepting, let the requests being handled finish (10 s at most), stop.
#include "planwatch/api/server.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "log.hpp"
#include "planwatch/service/mailer.hpp"

namespace planwatch::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using detail::log;

constexpr auto kHeaderTimeout = std::chrono::seconds(60);   // idle keep-alive and a slow header
constexpr auto kBodyTimeout = std::chrono::seconds(120);    // the whole body of one request
constexpr auto kWriteTimeout = std::chrono::seconds(60);
constexpr auto kDrainTimeout = std::chrono::seconds(5);     // after a refusal, before closing
constexpr std::uint32_t kHeaderLimit = 16 * 1024;

// What the connections share.
struct Shared {
  App& app;
  std::atomic<bool> stopping{false};
  std::atomic<int> busy{0};  // requests between a complete header and their answer written
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Shared& shared) : stream_(std::move(socket)), shared_(shared) {}

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

 private:
  void read_header() {
    if (shared_.stopping) return close();
    head_.emplace();
    head_->header_limit(kHeaderLimit);
    // The header parser would refuse a big Content-Length itself (and boost::none compares below any length
    // in Beast 1.74); App::admit decides, and the body parser gets the route's limit.
    head_->body_limit(std::numeric_limits<std::uint64_t>::max());
    stream_.expires_after(kHeaderTimeout);
    http::async_read_header(stream_, buffer_, *head_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return close();  // end of stream, timeout, or a header we cannot parse
    ++shared_.busy;
    busy_ = true;
    const auto& h = head_->get();
    request_ = Request{};
    request_.method = std::string(h.method_string());
    const std::string_view target(h.target().data(), h.target().size());
    const auto q = target.find('?');
    request_.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) request_.query = std::string(target.substr(q + 1));
    request_.cookie = std::string(h[http::field::cookie]);
    request_.csrf = std::string(h["X-CSRF-Token"]);
    request_.forwarded_for = std::string(h["X-Forwarded-For"]);
    request_.content_type = std::string(h[http::field::content_type]);
    beast::error_code ep;
    const auto peer = stream_.socket().remote_endpoint(ep);
    request_.ip = ep ? std::string() : peer.address().to_string();
    keep_alive_ = h.keep_alive();

    std::optional<std::uint64_t> length;
    if (head_->content_length()) length = *head_->content_length();
    else if (!head_->chunked()) length = 0;
    admission_ = shared_.app.admit(request_, length);
    if (admission_.refusal) {
      // The body (if any) stays unread: this connection cannot carry another request.
      const bool body_pending = !length || *length > 0;
      return write(std::move(*admission_.refusal), body_pending || !keep_alive_, body_pending);
    }
    body_.emplace(std::move(*head_));
    head_.reset();
    body_->body_limit(admission_.body_limit);
    if (beast::iequals(body_->get()[http::field::expect], "100-continue")) {
      continue_ = std::make_unique<http::response<http::empty_body>>(http::status::continue_, 11);
      stream_.expires_after(kWriteTimeout);
      return http::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code e, std::size_t) {
        self->continue_.reset();
        if (e) return self->close();
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
    stream_.expires_after(kBodyTimeout);
    http::async_read(stream_, buffer_, *body_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::body_limit) {  // a chunked body beyond the route's limit
      Response r;
      r.status = 413;
      r.body = R"({"error":{"code":"too_large","message":"Nội dung gửi lên quá lớn."}})";
      admission_ = {};
      return write(std::move(r), true, true);
    }
    if (ec) return close();
    request_.body = std::move(body_->get().body());
    body_.reset();
    Response out = shared_.app.handle(request_);
    request_.body = std::string();  // the body's memory goes back before its budget does
    admission_ = {};
    write(std::move(out), !keep_alive_ || shared_.stopping, false);
  }

  void write(Response out, bool close_after, bool drain) {
    response_ = std::make_unique<http::response<http::string_body>>(static_cast<http::status>(out.status), 11);
    auto& res = *response_;
    res.set(http::field::content_type, out.content_type);
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");  // once, here, for every answer
    for (auto& [name, value] : out.headers) res.insert(name, value);
    res.body() = std::move(out.body);
    res.keep_alive(!close_after);
    res.prepare_payload();
    stream_.expires_after(kWriteTimeout);
    http::async_write(stream_, res, [self = shared_from_this(), close_after, drain](beast::error_code ec, std::size_t) {
      self->response_.reset();
      self->done();
      if (ec) return self->close();
      if (drain) return self->drain();
      if (close_after) return self->close();
      self->read_header();
    });
  }

  void done() {
    if (busy_) --shared_.busy;
    busy_ = false;
  }

  // After a refusal with the body unread: stop sending, read and discard what the client still sends
  // for a few seconds (fixed buffer), then close — closing at once could reset the connection before
  // the client read the answer.
  void drain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(kDrainTimeout);
    drain_more();
  }
  void drain_more() {
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->drain_more();
    });
  }

  void close() {
    done();
    admission_ = {};
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Shared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::empty_body>> head_;
  std::optional<http::request_parser<http::string_body>> body_;
  std::unique_ptr<http::response<http::empty_body>> continue_;
  std::unique_ptr<http::response<http::string_body>> response_;
  Request request_;
  Admission admission_;
  bool keep_alive_ = true;
  bool busy_ = false;
  std::array<char, 8192> scratch_{};
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, const tcp::endpoint& endpoint, Shared& shared)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), shared_(shared) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }
  void start() { accept(); }
  void stop() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->acceptor_.close(ec);
    });
  }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
      if (!ec) std::make_shared<Connection>(std::move(s), self->shared_)->start();
      self->accept();
    });
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
};

}  // namespace

int serve(const ServerOptions& options, const std::function<void()>& ready) {
  detail::use_json_log();
  App app(options.app);
  if (auto m = app.migrate(); !m) {
    log(spdlog::level::critical, {{"event", "database_unusable"},
                                  {"message", m.error().message},
                                  {"detail", m.error().detail}});
    return 1;
  }
  const std::size_t threads = options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());

  // Block the stop signals in every thread (the I/O threads inherit the mask); this thread waits for
  // them with sigwait.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  Shared shared{app};
  net::io_context ioc(static_cast<int>(threads));
  std::shared_ptr<Listener> listener;
  try {
    listener = std::make_shared<Listener>(ioc, tcp::endpoint(net::ip::make_address(options.address), options.port),
                                          shared);
  } catch (const std::exception& e) {
    log(spdlog::level::critical,
        {{"event", "listen_failed"}, {"address", options.address}, {"port", options.port}, {"detail", e.what()}});
    return 1;
  }
  listener->start();
  std::vector<std::thread> pool;
  for (std::size_t k = 0; k < threads; ++k) pool.emplace_back([&ioc] { ioc.run(); });
  log(spdlog::level::info, {{"event", "listening"},
                            {"address", options.address},
                            {"port", options.port},
                            {"threads", threads},
                            {"max_body_bytes_in_flight", options.app.max_body_bytes_in_flight},
                            {"database", options.app.database.rfind("postgres", 0) == 0 ? "postgres" : options.app.database}});

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
            log(spdlog::level::err, {{"event", "mail_failed"}, {"detail", d.error().detail}});
            st.reset();  // reconnect next round
          } else if (d->sent + d->failed + d->no_address > 0) {
            log(spdlog::level::info,
                {{"event", "mail"}, {"sent", d->sent}, {"failed", d->failed}, {"no_address", d->no_address}});
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
  log(spdlog::level::info, {{"event", "stopping"}, {"signal", sig}});
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  wake.notify_all();
  if (mailer.joinable()) mailer.join();
  shared.stopping = true;
  listener->stop();
  for (int k = 0; k < 1000 && shared.busy.load() > 0; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ioc.stop();
  for (auto& t : pool) t.join();
  return 0;
}

}  // namespace planwatch::api
