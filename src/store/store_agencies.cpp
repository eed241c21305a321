// SqlStore: organisations, agencies (aliases, a collective agency's members) and users.
#include "sql_shared.hpp"

#include <algorithm>
#include <map>

#include "planwatch/text/unicode.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kOrgCols = "id, name, kind";
constexpr const char* kAgencyCols = "id, org_id, name, parent_id, email, kind";
constexpr const char* kUserCols = "id, org_id, agency_id, login, display_name, role, password_hash, active";

Organisation org_of(const Row& r) { return {r.i(0), r.s(1), r.s(2)}; }

User user_of(const Row& r) {
  User u;
  u.id = r.i(0);
  u.org_id = r.i(1);
  u.agency_id = r.oi(2);
  u.login = r.s(3);
  u.display_name = r.s(4);
  u.role = role_of(r.s(5));
  u.password_hash = r.s(6);
  u.active = r.i(7) != 0;
  return u;
}

}  // namespace

// ---- organisations, agencies, users ------------------------------------------------------------

Expected<Id> SqlStore::create_organisation(const Organisation& o) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO organisations (name, kind) VALUES (?, ?) RETURNING id", {o.name, o.kind});
  });
}

Expected<Organisation> SqlStore::get_organisation(Id id) {
  return guarded([&]() -> Expected<Organisation> {
    PW_TRY(row, one(std::string("SELECT ") + kOrgCols + " FROM organisations WHERE id = ?", {id}, "organisation"));
    return org_of(row);
  });
}

Expected<std::vector<Organisation>> SqlStore::list_organisations() {
  return guarded([&]() -> Expected<std::vector<Organisation>> {
    PW_TRY(rows, q(std::string("SELECT ") + kOrgCols + " FROM organisations ORDER BY id", {}));
    std::vector<Organisation> out;
    for (const auto& r : rows.rows) out.push_back(org_of(r));
    return out;
  });
}

Result SqlStore::update_organisation(const Organisation& o) {
  return guarded([&]() -> Result {
    return write_one("UPDATE organisations SET name = ?, kind = ? WHERE id = ?", {o.name, o.kind, o.id}, "organisation");
  });
}

Expected<std::vector<Agency>> SqlStore::agencies_where(const std::string& where, const Params& params) {
  PW_TRY(rows, q(std::string("SELECT ") + kAgencyCols + " FROM agencies WHERE " + where + " ORDER BY id", params));
  std::vector<Agency> out;
  std::vector<Id> ids;
  for (const auto& r : rows.rows) {
    Agency a{r.i(0), r.i(1), r.s(2), {}, r.oi(3), r.os(4), agency_kind_of(r.s(5)), {}};
    out.push_back(std::move(a));
    ids.push_back(r.i(0));
  }
  if (ids.empty()) return out;
  std::map<Id, std::vector<std::string>> aliases;
  for (std::size_t from = 0; from < ids.size(); from += 500) {
    const std::size_t n = std::min<std::size_t>(500, ids.size() - from);
    Params p(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(from + n));
    PW_TRY(arows, q("SELECT agency_id, alias FROM agency_aliases WHERE agency_id IN (" + placeholders(n) +
                        ") ORDER BY agency_id, position",
                    p));
    for (const auto& r : arows.rows) aliases[r.i(0)].push_back(r.s(1));
  }
  PW_TRY(members, links("agency_members", "agency_id", "member_id", ids));
  for (auto& a : out) {
    a.aliases = std::move(aliases[a.id]);
    a.members = std::move(members[a.id]);
  }
  return out;
}

Result SqlStore::write_aliases(Id agency_id, const std::vector<std::string>& aliases) {
  PW_CHECK(q("DELETE FROM agency_aliases WHERE agency_id = ?", {agency_id}));
  int position = 0;
  for (const auto& alias : aliases)
    PW_CHECK(q("INSERT INTO agency_aliases (agency_id, position, alias, alias_folded) VALUES (?, ?, ?, ?)",
               {agency_id, position++, alias, text::fold(alias)}));
  return Done{};
}

Expected<Id> SqlStore::create_agency(const Agency& a) {
  return guarded([&]() -> Expected<Id> {
    return atomic([&]() -> Expected<Id> {
      PW_TRY(id, insert("INSERT INTO agencies (org_id, name, name_folded, parent_id, email, kind) "
                        "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                        {a.org_id, a.name, text::fold(a.name), a.parent_id, a.email, name_of(a.kind)}));
      PW_CHECK(write_aliases(id, a.aliases));
      PW_CHECK(replace_links("agency_members", "agency_id", "member_id", id, a.members));
      return id;
    });
  });
}

Expected<Agency> SqlStore::get_agency(Id id) {
  return guarded([&]() -> Expected<Agency> {
    PW_TRY(list, agencies_where("id = ?", {id}));
    if (list.empty()) return error("not_found", "agency");
    return std::move(list[0]);
  });
}

Expected<std::vector<Agency>> SqlStore::list_agencies(Id org_id) {
  return guarded([&]() { return agencies_where("org_id = ?", {org_id}); });
}

Result SqlStore::update_agency(const Agency& a) {
  return guarded([&]() -> Result {
    return atomic([&]() -> Result {
      PW_CHECK(write_one("UPDATE agencies SET org_id = ?, name = ?, name_folded = ?, parent_id = ?, email = ?, kind = ? "
                         "WHERE id = ?",
                         {a.org_id, a.name, text::fold(a.name), a.parent_id, a.email, name_of(a.kind), a.id}, "agency"));
      PW_CHECK(replace_links("agency_members", "agency_id", "member_id", a.id, a.members));
      return write_aliases(a.id, a.aliases);
    });
  });
}

Expected<std::vector<Agency>> SqlStore::find_agencies(Id org_id, const std::string& name_or_alias) {
  return guarded([&]() {
    const std::string folded = text::fold(name_or_alias);
    return agencies_where(
        "org_id = ? AND (name_folded = ? OR id IN (SELECT agency_id FROM agency_aliases WHERE alias_folded = ?))",
        {org_id, folded, folded});
  });
}

Expected<Id> SqlStore::create_user(const User& u) {
  return guarded([&]() -> Expected<Id> {
    return insert(
        "INSERT INTO users (org_id, agency_id, login, display_name, role, password_hash, active) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {u.org_id, u.agency_id, u.login, u.display_name, name_of(u.role), u.password_hash, u.active});
  });
}

Expected<User> SqlStore::get_user(Id id) {
  return guarded([&]() -> Expected<User> {
    PW_TRY(row, one(std::string("SELECT ") + kUserCols + " FROM users WHERE id = ?", {id}, "user"));
    return user_of(row);
  });
}

Expected<User> SqlStore::get_user_by_login(const std::string& login) {
  return guarded([&]() -> Expected<User> {
    PW_TRY(row, one(std::string("SELECT ") + kUserCols + " FROM users WHERE login = ?", {login}, "user"));
    return user_of(row);
  });
}

Expected<std::vector<User>> SqlStore::list_users(Id org_id) {
  return guarded([&]() -> Expected<std::vector<User>> {
    PW_TRY(rows, q(std::string("SELECT ") + kUserCols + " FROM users WHERE org_id = ? ORDER BY id", {org_id}));
    std::vector<User> out;
    for (const auto& r : rows.rows) out.push_back(user_of(r));
    return out;
  });
}

Result SqlStore::update_user(const User& u) {
  return guarded([&]() -> Result {
    return write_one(
        "UPDATE users SET org_id = ?, agency_id = ?, login = ?, display_name = ?, role = ?, password_hash = ?, "
        "active = ? WHERE id = ?",
        {u.org_id, u.agency_id, u.login, u.display_name, name_of(u.role), u.password_hash, u.active, u.id}, "user");
  });
}

}  // namespace planwatch::store::detail
