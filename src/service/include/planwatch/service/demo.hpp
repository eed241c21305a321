#pragma once
// The demo data `planwatch serve --demo` starts with: the city of the demo plan, its agencies, one
// user per role, and the demo plan imported through the service and published. Idempotent: a
// database that already holds the demo organisation is left as it is.
#include <string>
#include <vector>

#include "planwatch/service/service.hpp"

namespace planwatch::service {

struct DemoLogin {
  std::string login;
  std::string password;
  std::string role;        // Vietnamese description
};

Expected<std::vector<DemoLogin>> seed_demo(store::Store& st, const std::string& plan_name, const std::string& plan_text,
                                           Timestamp now);

}  // namespace planwatch::service
