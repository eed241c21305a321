#pragma once
// `planwatch serve`: the App behind RESTinio on a thread pool, until SIGINT or SIGTERM.
#include <cstdint>
#include <string>

#include "planwatch/api/app.hpp"

namespace planwatch::api {

struct ServerOptions {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8080;
  std::size_t threads = 0;  // 0: hardware threads
  Options app;
  // Outbox delivery by e-mail: on when smtp_url is set (smtp://host:port); every mail_interval_seconds.
  std::string smtp_url;
  std::string mail_from = "planwatch@localhost";
  int mail_interval_seconds = 30;
};

// Blocks until a stop signal; returns the process exit status. `ready` runs once listening.
int serve(const ServerOptions& options, const std::function<void()>& ready = {});

}  // namespace planwatch::api
