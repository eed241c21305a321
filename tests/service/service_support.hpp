#pragma once
// Service-test support: a fresh database (tests/integration/store_support.hpp) seeded with two
// organisations, their agencies and one user per role.
#include <memory>
#include <string>

#include "planwatch/domain/expected.hpp"
#include "planwatch/store/store.hpp"

namespace planwatch::service::testing {

enum class Backend { sqlite, postgres };

inline constexpr const char* kPassword = "mat-khau-thu-nghiem";

struct Seed {
  Id org = 0, other_org = 0;
  Id skhcn = 0, stc = 0, other_agency = 0;  // Sở KH&CN, Sở Tài chính (org); an agency of other_org
  Id admin = 0, office = 0, leader = 0, reporter = 0, approver = 0;
  Id other_reporter = 0;  // reporter of Sở Tài chính (same org, other agency)
  Id other_office = 0;    // office of other_org
};

// A store on a fresh database, migrated; "skipped" error when the backend is not available.
Expected<std::unique_ptr<store::Store>> open_fresh(Backend b);
Seed seed_city(store::Store& st);
std::string demo_plan();  // demo/plan-demo.txt

}  // namespace planwatch::service::testing
