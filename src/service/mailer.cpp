#include "planwatch/service/mailer.hpp"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <ctime>
#include <mutex>

namespace planwatch::service {
namespace {

std::string b64(const std::string& s) {
  std::string out(4 * ((s.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(s.data()), static_cast<int>(s.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Text lines end with CRLF on the wire.
std::string crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += "\r\n";
    else if (c != '\r') out += c;
  }
  return out;
}

struct Upload {
  std::string data;
  std::size_t at = 0;
};

std::size_t read_payload(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  const std::size_t take = std::min(size * n, u->data.size() - u->at);
  std::copy_n(u->data.data() + u->at, take, buf);
  u->at += take;
  return take;
}

class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(std::string url, std::string from) : url_(std::move(url)), from_(std::move(from)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  store::Result send(const MailMessage& m) override {
    char date[64];
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    Upload u;
    u.data = std::string("Date: ") + date + "\r\nTo: <" + m.to + ">\r\nFrom: planwatch <" + from_ +
             ">\r\nSubject: =?UTF-8?B?" + b64(m.subject) +
             "?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
             "Content-Transfer-Encoding: base64\r\n\r\n";
    const std::string body = b64(crlf(m.body));
    for (std::size_t k = 0; k < body.size(); k += 76) u.data += body.substr(k, 76) + "\r\n";
    CURL* c = curl_easy_init();
    if (c == nullptr) return fail("unavailable", "Không gửi được thư.", "curl_easy_init failed");
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + m.to + ">").c_str());
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, ("<" + from_ + ">").c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_payload);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    if (rc != CURLE_OK)
      return fail("unavailable", "Không gửi được thư tới " + m.to + ".", std::string("smtp: ") + curl_easy_strerror(rc));
    return store::Done{};
  }

 private:
  std::string url_, from_;
};

}  // namespace

std::unique_ptr<Mailer> smtp_mailer(std::string url, std::string from) {
  return std::make_unique<SmtpMailer>(std::move(url), std::move(from));
}

Expected<Delivery> deliver_outbox(store::Store& st, Mailer& mailer, Timestamp now, int limit) {
  auto pending = st.list_unsent_reminders(limit);
  if (!pending) return Unexpected<Error>{pending.error()};
  Delivery d;
  for (const auto& m : *pending) {
    auto agency = st.get_agency(m.agency_id);
    if (!agency) return Unexpected<Error>{agency.error()};
    if (!agency->email || agency->email->empty()) {
      ++d.no_address;
      continue;
    }
    if (!mailer.send({*agency->email, m.subject, m.body})) {
      ++d.failed;
      continue;
    }
    // "conflict": another mailer marked it meanwhile — it went out, which is what counts.
    if (auto r = st.mark_reminder_sent(m.id, now); !r && r.error().code != "conflict") return Unexpected<Error>{r.error()};
    ++d.sent;
  }
  return d;
}

}  // namespace planwatch::service
