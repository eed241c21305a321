// First run: one organisation and its administrator, or nothing. The emptiness check runs inside the
// same transaction as the writes, so two `planwatch init` racing on one database cannot both succeed
// (the organisations' unique name and the users' unique login settle the rest).
#include "planwatch/service/init.hpp"

#include "access.hpp"
#include "planwatch/text/strings.hpp"

namespace planwatch::service {

Expected<Id> initialise(store::Store& st, const FirstRun& in, Timestamp now) {
  const std::string org(text::trim(in.org_name));
  if (org.empty() || org.size() > 300) return detail::invalid("Vui lòng nhập tên tổ chức (1–300 ký tự), ví dụ \"UBND tỉnh Hậu Giang\".");
  if (in.org_kind != "city" && in.org_kind != "ministry")
    return detail::invalid("Loại tổ chức phải là 'city' (tỉnh/thành phố) hoặc 'ministry' (bộ, ngành).");
  const std::string login = detail::normalise_login(in.admin_login);
  if (auto r = detail::check_login(login); !r) return detail::pass(r.error());
  const std::string name(text::trim(in.admin_name));
  if (name.empty()) return detail::invalid("Vui lòng nhập họ tên của quản trị viên.");
  if (auto r = detail::check_password_strength(in.password); !r) return detail::pass(r.error());

  User u;
  u.login = login;
  u.display_name = name;
  u.role = Role::admin;
  u.password_hash = hash_password(in.password);
  auto done = st.transaction([&](store::Store& s) -> store::Result {
    auto orgs = s.list_organisations();
    if (!orgs) return detail::pass(orgs.error());
    bool any_user = false;
    for (const auto& o : *orgs) {
      auto users = s.list_users(o.id);
      if (!users) return detail::pass(users.error());
      any_user = any_user || !users->empty();
    }
    if (!orgs->empty() || any_user)
      return detail::conflict("Cơ sở dữ liệu đã được khởi tạo (đã có tổ chức hoặc người dùng); không thay đổi gì. "
                              "Tạo thêm người dùng qua API (POST /api/users) với tài khoản quản trị.",
                              "init refused: " + std::to_string(orgs->size()) + " organisation(s)");
    auto org_id = s.create_organisation({0, org, in.org_kind});
    if (!org_id) return detail::pass(org_id.error());
    u.org_id = *org_id;
    auto id = s.create_user(u);
    if (!id) return detail::pass(id.error());
    u.id = *id;
    const Actor self = actor_of(u);
    nlohmann::json after = detail::to_audit_json(u);
    after["organisation"] = org;
    return detail::audit(s, self, now, "install.init", "user", u.id, nullptr, after);
  });
  if (!done) return detail::pass(done.error());
  return u.id;
}

}  // namespace planwatch::service
