#pragma once
// First run of a real installation (`planwatch init`): the organisation and its first administrator,
// in one transaction, on a database that has neither organisations nor users yet.
#include <string>

#include "planwatch/service/service.hpp"

namespace planwatch::service {

struct FirstRun {
  std::string org_name;            // "UBND tỉnh Hậu Giang"
  std::string org_kind = "city";   // "city" | "ministry"
  std::string admin_login;         // normalised like every login (lower case)
  std::string admin_name;          // display name
  std::string password;            // the service's password policy applies
};

// The administrator's id; "conflict" when the database already has an organisation or a user
// (nothing is changed), "invalid" for a bad field.
Expected<Id> initialise(store::Store& st, const FirstRun& in, Timestamp now);

}  // namespace planwatch::service
