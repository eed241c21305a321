#pragma once
// Delivery of the outbox (reminders, explanation requests) by e-mail. The SMTP client is libcurl's;
// tests and other transports implement Mailer.
#include <memory>
#include <string>

#include "planwatch/domain/expected.hpp"
#include "planwatch/store/store.hpp"

namespace planwatch::service {

struct MailMessage {
  std::string to;
  std::string subject;  // UTF-8; encoded per RFC 2047 by the SMTP mailer
  std::string body;     // UTF-8 plain text
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  virtual store::Result send(const MailMessage& m) = 0;
};

// smtp://host:port or smtps://host:port (libcurl; STARTTLS when the server offers it).
std::unique_ptr<Mailer> smtp_mailer(std::string url, std::string from);

struct Delivery {
  int sent = 0;
  int failed = 0;       // left in the outbox, retried next round
  int no_address = 0;   // the agency has no e-mail address: left in the outbox (the office sees it there)
};

// Sends up to `limit` unsent messages to their agencies' addresses and marks each sent after the
// SMTP server accepted it (at-least-once: run the mailer on one app server — `--smtp-url` on one).
Expected<Delivery> deliver_outbox(store::Store& st, Mailer& mailer, Timestamp now, int limit = 100);

}  // namespace planwatch::service
