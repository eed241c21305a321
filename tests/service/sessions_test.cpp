// Sign-in, sessions, throttling, password storage and who creates users, over a real store.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "planwatch/domain/calendar.hpp"
#include "planwatch/service/service.hpp"
#include "planwatch/store/store.hpp"
#include "service_fixture.hpp"
#include "service_support.hpp"

namespace planwatch::service {
namespace {

TEST_P(ServiceTest, LoginCreatesASessionAndLogoutEndsIt) {
  auto s = svc({2026, 4, 1});
  auto r = s.login("vanphong", testing::kPassword, "10.0.0.1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->actor.role, Role::office);
  EXPECT_GE(r->token.size(), 40u);
  EXPECT_NE(r->token, r->csrf_token);
  auto who = s.authenticate(r->token);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->actor.user_id, seed_.office);
  EXPECT_EQ(who->csrf_token, r->csrf_token);
  ASSERT_TRUE(s.logout(r->token));
  auto gone = s.authenticate(r->token);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, "unauthenticated");
}

TEST_P(ServiceTest, SessionExpiresAfterItsTimeToLive) {
  auto r = svc({2026, 4, 1}).login("vanphong", testing::kPassword, "10.0.0.1");
  ASSERT_TRUE(r);
  auto later = Service(*store_, cfg_, at({2026, 4, 1}) + cfg_.session_ttl_seconds + 1);
  EXPECT_EQ(later.authenticate(r->token).error().code, "unauthenticated");
}

TEST_P(ServiceTest, WrongPasswordsAreThrottledPerLogin) {
  auto s = svc({2026, 4, 1});
  for (int k = 0; k < cfg_.max_failed_per_login; ++k)
    EXPECT_EQ(s.login("vanphong", "wrong-password", "10.0.0.2").error().code, "unauthenticated");
  // Even the right password is refused while throttled …
  EXPECT_EQ(s.login("vanphong", testing::kPassword, "10.0.0.3").error().code, "throttled");
  // … until the window has passed.
  auto later = Service(*store_, cfg_, at({2026, 4, 1}) + cfg_.throttle_window_seconds + 1);
  EXPECT_TRUE(later.login("vanphong", testing::kPassword, "10.0.0.3"));
}

TEST_P(ServiceTest, UnknownLoginAndWrongPasswordGiveTheSameAnswer) {
  auto s = svc({2026, 4, 1});
  auto a = s.login("khong-ton-tai", "whatever-password", "10.0.0.4");
  auto b = s.login("vanphong", "whatever-password", "10.0.0.4");
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().code, b.error().code);
  EXPECT_EQ(a.error().message, b.error().message);
}

TEST_P(ServiceTest, PasswordsAreStoredAsArgon2id) {
  auto u = store_->get_user(seed_.office);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(testing::kPassword, u->password_hash));
  EXPECT_FALSE(verify_password("other", u->password_hash));
}

TEST_P(ServiceTest, OnlyAdminsAndTheOfficeCreateUsers) {
  auto s = svc({2026, 4, 1});
  NewUser n{"moi.nguoi", "Người mới", Role::reporter, seed_.stc, "mat-khau-du-dai"};
  EXPECT_EQ(s.create_user(as(seed_.reporter), n).error().code, "forbidden");
  EXPECT_EQ(s.create_user(Actor{}, n).error().code, "unauthenticated");
  auto id = s.create_user(as(seed_.office), n);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(s.create_user(as(seed_.office), n).error().code, "conflict");
  NewUser admin{"quan.tri2", "Quản trị", Role::admin, std::nullopt, "mat-khau-du-dai"};
  EXPECT_EQ(s.create_user(as(seed_.office), admin).error().code, "forbidden");
  NewUser weak{"yeu", "Yếu", Role::leader, std::nullopt, "short"};
  EXPECT_EQ(s.create_user(as(seed_.office), weak).error().code, "invalid");
}

}  // namespace
}  // namespace planwatch::service
