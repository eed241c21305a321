// Sign-in, sessions, users and agencies.
#include <algorithm>
#include <set>

#include "access.hpp"
#include "planwatch/domain/calendar.hpp"
#include "planwatch/text/strings.hpp"

namespace planwatch::service {

using detail::Act;

Service::Service(store::Store& store, const Config& config, Timestamp now)
    : st_(store), cfg_(config), now_(now) {}

Date Service::today() const noexcept { return date_of_timestamp(now_); }

Actor actor_of(const User& u) {
  Actor a;
  a.user_id = u.id;
  a.org_id = u.org_id;
  a.role = u.role;
  a.agency_id = u.agency_id;
  a.login = u.login;
  a.display_name = u.display_name;
  return a;
}

namespace {

// Verifying against a fixed hash when the login does not exist keeps the answer time the same, so
// timing does not tell which logins exist.
const std::string& dummy_hash() {
  static const std::string h = hash_password("planwatch-dummy-password");
  return h;
}

}  // namespace

Expected<LoginResult> Service::login(const std::string& typed, const std::string& password, const std::string& ip) {
  // Logins are case-insensitive: stored lower case (migration 0008), looked up and throttled by that form.
  const std::string login = detail::normalise_login(typed);
  if (login.empty() || password.empty()) return detail::invalid("Vui lòng nhập tên đăng nhập và mật khẩu.");
  const Timestamp since = now_ - cfg_.throttle_window_seconds;
  auto by_login = st_.count_failed_logins_by_login(login, since);
  if (!by_login) return detail::pass(by_login.error());
  auto by_ip = st_.count_failed_logins_by_ip(ip, since);
  if (!by_ip) return detail::pass(by_ip.error());
  if (*by_login >= cfg_.max_failed_per_login || *by_ip >= cfg_.max_failed_per_ip)
    return fail("throttled", "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau " +
                                 std::to_string(cfg_.throttle_window_seconds / 60) + " phút.",
                "login throttled: " + login + " from " + ip);

  auto user = st_.get_user_by_login(login);
  bool ok = false;
  if (user) {
    ok = verify_password(password, user->password_hash) && user->active;
  } else {
    if (user.error().code != "not_found") return detail::pass(user.error());
    (void)verify_password(password, dummy_hash());
  }
  if (auto r = st_.record_login_attempt({login, ip, now_, ok}); !r) return detail::pass(r.error());
  if (!ok) return fail("unauthenticated", "Tên đăng nhập hoặc mật khẩu không đúng.", "bad login " + login);

  LoginResult out;
  out.token = random_token();
  out.csrf_token = random_token();
  out.expires_at = now_ + cfg_.session_ttl_seconds;
  out.actor = actor_of(*user);
  store::Session s{sha256_hex(out.token), user->id, out.csrf_token, now_, out.expires_at};
  auto r = st_.transaction([&](store::Store& st) -> store::Result {
    if (auto c = st.create_session(s); !c) return c;
    return detail::audit(st, out.actor, now_, "user.login", "user", user->id, nullptr, {{"ip", ip}});
  });
  if (!r) return detail::pass(r.error());
  return out;
}

Expected<Authenticated> Service::authenticate(const std::string& token) {
  if (token.empty() || token.size() > 256) return detail::unauthenticated();
  const std::string hash = sha256_hex(token);
  auto s = st_.get_session(hash, now_);
  if (!s) {
    if (s.error().code == "not_found") return detail::unauthenticated();
    return detail::pass(s.error());
  }
  auto u = st_.get_user(s->user_id);
  if (!u) return detail::pass(u.error());
  if (!u->active) return detail::unauthenticated();
  // Sliding expiry, written at most once per half-life so reads stay reads.
  if (s->expires_at - now_ < cfg_.session_ttl_seconds / 2)
    if (auto r = st_.extend_session(hash, now_ + cfg_.session_ttl_seconds); !r) return detail::pass(r.error());
  Authenticated out{actor_of(*u), s->csrf_token};
  out.actor.session = hash;
  return out;
}

store::Result Service::logout(const std::string& token) {
  if (token.empty()) return store::Done{};
  return st_.delete_session(sha256_hex(token));
}

Expected<User> Service::me(const Actor& a) {
  if (a.anonymous()) return detail::unauthenticated();
  auto u = st_.get_user(a.user_id);
  if (!u) return detail::pass(u.error());
  u->password_hash.clear();
  return u;
}

namespace {

// A plausible address (something@domain.tld, no spaces or angle brackets): the SMTP server decides the rest.
bool valid_email(const std::string& e) {
  const auto at = e.find('@');
  if (e.size() > 254 || at == std::string::npos || at == 0 || e.find('@', at + 1) != std::string::npos) return false;
  if (e.find_first_of(" \t\r\n<>,;\"") != std::string::npos) return false;
  const auto dot = e.find('.', at);
  return dot != std::string::npos && dot > at + 1 && dot + 1 < e.size();
}

}  // namespace

namespace detail {

store::Result check_password_strength(const std::string& p) {
  if (p.size() < 10) return invalid("Mật khẩu phải có ít nhất 10 ký tự.");
  if (p.size() > 256) return invalid("Mật khẩu quá dài (tối đa 256 ký tự).");
  return store::Done{};
}

std::string normalise_login(std::string_view typed) {
  std::string out(text::trim(typed));
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

store::Result check_login(const std::string& login) {
  if (login.empty() || login.size() > 64 ||
      !std::all_of(login.begin(), login.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      }))
    return invalid("Tên đăng nhập chỉ gồm chữ cái không dấu, số, '.', '_' hoặc '-' (tối đa 64 ký tự).");
  return store::Done{};
}

}  // namespace detail

Expected<Id> Service::create_user(const Actor& a, const NewUser& n) {
  if (auto r = detail::require(a, Act::manage_users); !r) return detail::pass(r.error());
  if (a.role != Role::admin && (n.role == Role::admin)) return detail::forbidden("office cannot create admins");
  const std::string login = detail::normalise_login(n.login);
  if (auto r = detail::check_login(login); !r) return detail::pass(r.error());
  if (text::trim(n.display_name).empty()) return detail::invalid("Vui lòng nhập họ tên.");
  if (auto r = detail::check_password_strength(n.password); !r) return detail::pass(r.error());
  const bool agency_role = n.role == Role::reporter || n.role == Role::approver;
  if (agency_role && !n.agency_id) return detail::invalid("Người báo cáo và người phê duyệt phải thuộc một cơ quan.");
  User u;
  u.org_id = a.org_id;
  if (n.agency_id) {
    auto ag = st_.get_agency(*n.agency_id);
    if (!ag) return ag.error().code == "not_found" ? detail::invalid("Cơ quan không tồn tại.") : detail::pass(ag.error());
    if (a.role != Role::admin && ag->org_id != a.org_id) return detail::forbidden("agency of another org");
    u.org_id = ag->org_id;
  }
  u.agency_id = agency_role ? n.agency_id : std::nullopt;
  u.login = login;
  u.display_name = std::string(text::trim(n.display_name));
  u.role = n.role;
  u.password_hash = hash_password(n.password);
  Id id = 0;
  auto r = st_.transaction([&](store::Store& st) -> store::Result {
    auto created = st.create_user(u);
    if (!created) {
      if (created.error().code == "conflict") return detail::conflict("Tên đăng nhập đã tồn tại.");
      return detail::pass(created.error());
    }
    id = *created;
    u.id = id;
    return detail::audit(st, a, now_, "user.create", "user", id, nullptr, detail::to_audit_json(u));
  });
  if (!r) return detail::pass(r.error());
  return id;
}

Expected<std::vector<User>> Service::list_users(const Actor& a) {
  if (auto r = detail::require(a, Act::manage_users); !r) return detail::pass(r.error());
  std::vector<User> out;
  if (a.role == Role::admin) {
    auto orgs = st_.list_organisations();
    if (!orgs) return detail::pass(orgs.error());
    for (const auto& o : *orgs) {
      auto us = st_.list_users(o.id);
      if (!us) return detail::pass(us.error());
      out.insert(out.end(), us->begin(), us->end());
    }
  } else {
    auto us = st_.list_users(a.org_id);
    if (!us) return detail::pass(us.error());
    out = std::move(*us);
  }
  for (auto& u : out) u.password_hash.clear();
  return out;
}

store::Result Service::change_password(const Actor& a, Id user_id, const std::string& current,
                                       const std::string& password, const std::string& ip) {
  if (a.anonymous()) return detail::unauthenticated();
  // Someone else's password is a reset (reset_password), a separate and separately audited act.
  if (a.user_id != user_id) return detail::forbidden("password of another user: use the reset");
  auto u = st_.get_user(user_id);
  if (!u) return u.error().code == "not_found" ? detail::not_found("người dùng") : detail::pass(u.error());
  // A wrong current password is a failed sign-in: throttled and counted like one, so a stolen session
  // cannot be used to guess the password.
  const Timestamp since = now_ - cfg_.throttle_window_seconds;
  auto failures = st_.count_failed_logins_by_login(u->login, since);
  if (!failures) return detail::pass(failures.error());
  if (*failures >= cfg_.max_failed_per_login)
    return fail("throttled", "Nhập sai mật khẩu quá nhiều lần. Vui lòng thử lại sau " +
                                 std::to_string(cfg_.throttle_window_seconds / 60) + " phút.",
                "password change throttled: " + u->login);
  const bool missing = current.empty();
  if (missing || !verify_password(current, u->password_hash)) {
    auto r = st_.transaction([&](store::Store& st) -> store::Result {
      if (!missing)
        if (auto rec = st.record_login_attempt({u->login, ip, now_, false}); !rec) return rec;
      return detail::audit(st, a, now_, "user.password_failed", "user", user_id, nullptr,
                           {{"reason", missing ? "missing_current" : "wrong_current"}, {"ip", ip}});
    });
    if (!r) return r;
    if (missing) return detail::invalid("Vui lòng nhập mật khẩu hiện tại (current_password).");
    return fail("forbidden", "Mật khẩu hiện tại không đúng.", "wrong current password for " + u->login);
  }
  if (auto r = detail::check_password_strength(password); !r) return r;
  u->password_hash = hash_password(password);
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.update_user(*u); !r) return r;
    // The session that asked stays signed in; every other one (maybe the reason for the change) ends.
    if (auto r = st.delete_other_sessions(user_id, a.session); !r) return r;
    return detail::audit(st, a, now_, "user.password", "user", user_id, nullptr, nullptr);
  });
}

store::Result Service::reset_password(const Actor& a, Id user_id, const std::string& password) {
  if (a.anonymous()) return detail::unauthenticated();
  if (a.role != Role::admin) return detail::forbidden("password reset needs an administrator");
  if (a.user_id == user_id)
    return detail::invalid("Đổi mật khẩu của chính mình cần mật khẩu hiện tại: POST /api/users/{id}/password.");
  auto u = st_.get_user(user_id);
  if (!u) return u.error().code == "not_found" ? detail::not_found("người dùng") : detail::pass(u.error());
  if (auto r = detail::check_password_strength(password); !r) return r;
  u->password_hash = hash_password(password);
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.update_user(*u); !r) return r;
    if (auto r = st.delete_user_sessions(user_id); !r) return r;  // whoever held the account is signed out
    return detail::audit(st, a, now_, "user.password_reset", "user", user_id, nullptr, {{"by", a.login}});
  });
}

Expected<std::vector<Agency>> Service::list_agencies(const Actor& a, std::optional<Id> org_id) {
  Id org = org_id.value_or(a.org_id);
  if (org == 0) {
    auto orgs = st_.list_organisations();
    if (!orgs) return detail::pass(orgs.error());
    std::vector<Agency> all;
    for (const auto& o : *orgs) {
      auto ags = st_.list_agencies(o.id);
      if (!ags) return detail::pass(ags.error());
      all.insert(all.end(), ags->begin(), ags->end());
    }
    return all;
  }
  auto ags = st_.list_agencies(org);
  if (!ags) return detail::pass(ags.error());
  return ags;
}

namespace detail {
// A collective agency's members: named agencies of its organisation, each once, never itself.
store::Result check_members(store::Store& st, Id org_id, AgencyKind kind, const std::vector<Id>& members,
                            std::optional<Id> self) {
  if (members.empty()) return store::Done{};
  if (kind != AgencyKind::collective)
    return detail::invalid("Chỉ cơ quan loại 'collective' (chỉ nhiều cơ quan) mới có cơ quan thành viên.");
  std::set<Id> seen;
  for (Id m : members) {
    auto ag = st.get_agency(m);
    if (!ag || ag->org_id != org_id || m == self) return detail::invalid("Cơ quan thành viên không hợp lệ: " + std::to_string(m));
    if (ag->kind == AgencyKind::collective)
      return detail::invalid("Cơ quan thành viên phải là một cơ quan cụ thể, không phải '" + ag->name + "'.");
    if (!seen.insert(m).second) return detail::invalid("Cơ quan thành viên bị lặp: " + std::to_string(m));
  }
  return store::Done{};
}
}  // namespace detail

Expected<Id> Service::create_agency(const Actor& a, const NewAgency& n) {
  if (auto r = detail::require(a, Act::manage_agencies); !r) return detail::pass(r.error());
  const std::string name(text::trim(n.name));
  if (name.empty() || name.size() > 300) return detail::invalid("Tên cơ quan không hợp lệ (1–300 ký tự).");
  if (a.org_id == 0) return detail::invalid("Tài khoản chưa thuộc tổ chức nào.");
  if (n.parent_id) {
    auto p = st_.get_agency(*n.parent_id);
    if (!p || p->org_id != a.org_id) return detail::invalid("Cơ quan cấp trên không tồn tại.");
  }
  if (n.email && !valid_email(*n.email)) return detail::invalid("Địa chỉ thư điện tử không hợp lệ: " + *n.email);
  if (auto r = detail::check_members(st_, a.org_id, n.kind, n.members, std::nullopt); !r) return detail::pass(r.error());
  Agency ag{0, a.org_id, name, n.aliases, n.parent_id, n.email, n.kind, n.members};
  Id id = 0;
  auto r = st_.transaction([&](store::Store& st) -> store::Result {
    auto created = st.create_agency(ag);
    if (!created) {
      if (created.error().code == "conflict") return detail::conflict("Cơ quan đã tồn tại.");
      return detail::pass(created.error());
    }
    id = *created;
    return detail::audit(st, a, now_, "agency.create", "agency", id, nullptr,
                         {{"name", name}, {"aliases", n.aliases}, {"kind", to_string(n.kind)}, {"members", n.members}});
  });
  if (!r) return detail::pass(r.error());
  return id;
}

store::Result Service::update_agency(const Actor& a, Id agency_id, const AgencyPatch& p) {
  if (auto r = detail::require(a, Act::manage_agencies); !r) return r;
  auto ag = st_.get_agency(agency_id);
  if (!ag) return ag.error().code == "not_found" ? detail::not_found("cơ quan") : detail::pass(ag.error());
  if (a.role != Role::admin && ag->org_id != a.org_id) return detail::not_found("cơ quan");
  auto json_of = [](const Agency& x) {
    return nlohmann::json{
        {"name", x.name}, {"aliases", x.aliases}, {"email", x.email ? *x.email : ""}, {"members", x.members}};
  };
  const nlohmann::json before = json_of(*ag);
  if (p.name) {
    const std::string name(text::trim(*p.name));
    if (name.empty() || name.size() > 300) return detail::invalid("Tên cơ quan không hợp lệ (1–300 ký tự).");
    ag->name = name;
  }
  if (p.aliases) ag->aliases = *p.aliases;
  if (p.email) {
    if (*p.email && !valid_email(**p.email)) return detail::invalid("Địa chỉ thư điện tử không hợp lệ: " + **p.email);
    ag->email = *p.email;
  }
  if (p.members) {
    if (auto r = detail::check_members(st_, ag->org_id, ag->kind, *p.members, ag->id); !r) return r;
    ag->members = *p.members;
  }
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.update_agency(*ag); !r)
      return r.error().code == "conflict" ? detail::conflict("Đã có cơ quan trùng tên.") : r;
    return detail::audit(st, a, now_, "agency.update", "agency", agency_id, before, json_of(*ag));
  });
}

Expected<std::vector<AuditEntry>> Service::audit(const Actor& a, const std::string& entity, Id entity_id) {
  if (auto r = detail::require(a, Act::view_audit); !r) return detail::pass(r.error());
  if (entity.empty()) return detail::invalid("Thiếu loại đối tượng (entity).");
  if (a.role != Role::admin) {
    // The office reads the audit trail of its own organisation's objects only.
    std::optional<Id> org;
    if (entity == "plan") {
      if (auto p = st_.get_plan(entity_id)) {
        org = p->org_id;
      } else if (auto trail = st_.list_audit(entity, entity_id, 500)) {
        // A deleted draft: its organisation is in the plan.delete entry.
        for (const auto& e : *trail)
          if (e.action == "plan.delete") {
            auto before = nlohmann::json::parse(e.before_json, nullptr, false);
            if (before.is_object() && before.contains("org_id") && before["org_id"].is_number_integer())
              org = before["org_id"].get<Id>();
          }
      }
    } else if (entity == "task") {
      if (auto t = st_.get_task(entity_id))
        if (auto p = st_.get_plan(t->plan_id)) org = p->org_id;
    } else if (entity == "indicator") {
      if (auto i = st_.get_indicator(entity_id))
        if (auto p = st_.get_plan(i->plan_id)) org = p->org_id;
    } else if (entity == "task_report") {
      if (auto r = st_.get_report(entity_id))
        if (auto t = st_.get_task(r->task_id))
          if (auto p = st_.get_plan(t->plan_id)) org = p->org_id;
    } else if (entity == "user") {
      if (auto u = st_.get_user(entity_id)) org = u->org_id;
    } else if (entity == "agency") {
      if (auto ag = st_.get_agency(entity_id)) org = ag->org_id;
    } else if (entity == "period") {
      if (auto per = st_.get_period(entity_id))
        if (auto p = st_.get_plan(per->plan_id)) org = p->org_id;
    } else if (entity == "explanation") {
      if (auto e = st_.get_explanation(entity_id))
        if (auto p = st_.get_plan(e->plan_id)) org = p->org_id;
    }
    if (org != a.org_id) return detail::not_found("đối tượng");
  }
  auto rows = st_.list_audit(entity, entity_id, 500);
  if (!rows) return detail::pass(rows.error());
  return rows;
}

Health Service::health() {
  Health h;
  h.backend = st_.backend();
  auto v = st_.schema_version();
  if (!v) {
    h.detail = v.error().detail.empty() ? v.error().message : v.error().detail;
    return h;
  }
  h.schema_version = *v;
  h.ok = true;
  return h;
}

}  // namespace planwatch::service
