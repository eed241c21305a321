#include "planwatch/service/demo.hpp"

#include <tuple>

#include "access.hpp"

namespace planwatch::service {

namespace {
constexpr const char* kOrg = "UBND thành phố Cần Thơ";
constexpr const char* kPassword = "planwatch-demo";
}  // namespace

Expected<std::vector<DemoLogin>> seed_demo(store::Store& st, const std::string& plan_name, const std::string& plan_text,
                                           Timestamp now) {
  const std::vector<std::tuple<const char*, Role, const char*, const char*>> users = {
      {"quantri", Role::admin, nullptr, "Quản trị hệ thống"},
      {"vanphong", Role::office, nullptr, "Văn phòng điều phối (Sở KH&CN)"},
      {"lanhdao", Role::leader, nullptr, "Lãnh đạo UBND thành phố (chỉ xem)"},
      {"baocao.skhcn", Role::reporter, "Sở Khoa học và Công nghệ", "Người báo cáo, Sở KH&CN"},
      {"pheduyet.skhcn", Role::approver, "Sở Khoa học và Công nghệ", "Người phê duyệt, Sở KH&CN"},
      {"baocao.stc", Role::reporter, "Sở Tài chính", "Người báo cáo, Sở Tài chính"},
  };
  std::vector<DemoLogin> logins;
  for (const auto& [login, role, agency, label] : users) logins.push_back({login, kPassword, label});

  auto orgs = st.list_organisations();
  if (!orgs) return detail::pass(orgs.error());
  for (const auto& o : *orgs)
    if (o.name == kOrg) return logins;  // already seeded

  // One transaction for all of it: a plan that cannot be imported leaves no organisation or users
  // behind, so the next start seeds again instead of serving a city without its plan.
  auto seeded = st.transaction([&](store::Store& s) -> store::Result {
    auto org = s.create_organisation({0, kOrg, "city"});
    if (!org) return detail::pass(org.error());
    Id office = 0;
    std::map<std::string, Id> agencies;
    // Addresses under the reserved .example domain (RFC 2606): the demo never mails anyone real.
    const std::vector<std::tuple<const char*, std::vector<std::string>, const char*>> names = {
        {"Sở Khoa học và Công nghệ", {"Sở KH&CN", "SKHCN"}, "skhcn@cantho.example"},
        {"Sở Tài chính", {"STC"}, "stc@cantho.example"},
        {"Sở Tư pháp", {}, "stp@cantho.example"},
        {"Sở Xây dựng", {}, "sxd@cantho.example"},
        {"Sở Nội vụ", {}, "snv@cantho.example"},
        {"Văn phòng Ủy ban nhân dân thành phố", {"Văn phòng UBND thành phố"}, "vp@cantho.example"},
    };
    for (const auto& [name, aliases, email] : names) {
      auto id = s.create_agency({0, *org, name, aliases, {}, std::string(email), AgencyKind::named, {}});
      if (!id) return detail::pass(id.error());
      agencies[name] = *id;
    }
    const std::string hash = hash_password(kPassword);
    for (const auto& [login, role, agency, label] : users) {
      User u;
      u.org_id = *org;
      if (agency != nullptr) u.agency_id = agencies[agency];
      u.login = login;
      u.display_name = label;
      u.role = role;
      u.password_hash = hash;
      auto id = s.create_user(u);
      if (!id) return detail::pass(id.error());
      if (role == Role::office) office = *id;
    }

    Config cfg;
    Service svc(s, cfg, now);
    auto user = s.get_user(office);
    if (!user) return detail::pass(user.error());
    const Actor a = actor_of(*user);
    auto plan = svc.import_plan(a, {plan_name, plan_text});
    if (!plan) return detail::pass(plan.error());
    return svc.publish_plan(a, *plan);
  });
  if (!seeded) return detail::pass(seeded.error());
  return logins;
}

}  // namespace planwatch::service
