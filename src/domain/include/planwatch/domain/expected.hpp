#pragma once
// A minimal expected<T, Error>. C++23's std::expected is not available in our C++20 toolchain
// and Debian 12 packages no tl-expected; this covers exactly what the error policy needs.
#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace planwatch {

// Expected failures (bad input) travel as values. `message` is safe to show to a user (Vietnamese
// in the UI); `detail` is for logs only.
struct Error {
  std::string code;     // stable machine code, e.g. "unsupported_format"
  std::string message;  // for the user
  std::string detail;   // for the log
};

template <class E>
struct Unexpected {
  E error;
};

inline Unexpected<Error> fail(std::string code, std::string message, std::string detail = {}) {
  return {Error{std::move(code), std::move(message), std::move(detail)}};
}

template <class T, class E = Error>
class Expected {
 public:
  Expected(T value) : v_(std::in_place_index<0>, std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Expected(Unexpected<E> u) : v_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { assert(!has_value()); return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

}  // namespace planwatch
