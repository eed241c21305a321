#pragma once
// The backend-independent contract of planwatch::store::Store, a value-parameterised suite over
// backend names. store_contract.cpp defines the tests; sqlite_store_test.cpp and
// pg_store_pgtest.cpp instantiate them for "sqlite" and "postgres" (the latter skipped with a
// notice when PLANWATCH_TEST_PG_URL is unset).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "planwatch/store/store.hpp"
#include "store_support.hpp"

namespace planwatch::store::testing {

class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A small city with two agencies, one user, one published plan with a group and one period.
  struct Seed {
    Id org = 0, skhcn = 0, stttt = 0, user = 0, plan = 0, group = 0, period = 0;
  };
  Seed seed();

  std::unique_ptr<TestDb> db_;
  std::unique_ptr<Store> store_;
};

}  // namespace planwatch::store::testing

// Unwraps an Expected in a test (fails the test with the error's code and detail).
#define PW_OK(expr)                                                                              \
  ([&]() {                                                                                       \
    auto pw_ok_r_ = (expr);                                                                      \
    EXPECT_TRUE(pw_ok_r_.has_value()) << #expr << ": "                                           \
                                      << (pw_ok_r_ ? "" : pw_ok_r_.error().code + " " + pw_ok_r_.error().detail); \
    return pw_ok_r_;                                                                             \
  }())
#define PW_CODE(expr) ([&]() { auto pw_r_ = (expr); return pw_r_ ? std::string("ok") : pw_r_.error().code; }())
