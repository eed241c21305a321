#pragma once
// Internal: the little a backend has to provide — run one parameterised statement (SQL written with
// `?` placeholders; the PostgreSQL side rewrites them to $n) and run a parameterless script.
// Values are bound, never spliced into SQL text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "planwatch/domain/expected.hpp"
#include "planwatch/store/store.hpp"

namespace planwatch::store::detail {

enum class Dialect { sqlite, postgres };

struct Param {
  std::variant<std::nullptr_t, std::int64_t, double, std::string> v;
  Param(std::nullptr_t) : v(nullptr) {}                           // NOLINT(google-explicit-constructor)
  Param(std::int64_t x) : v(x) {}                                  // NOLINT(google-explicit-constructor)
  Param(int x) : v(static_cast<std::int64_t>(x)) {}                // NOLINT(google-explicit-constructor)
  Param(bool x) : v(static_cast<std::int64_t>(x ? 1 : 0)) {}       // NOLINT(google-explicit-constructor)
  Param(double x) : v(x) {}                                        // NOLINT(google-explicit-constructor)
  Param(std::string x) : v(std::move(x)) {}                        // NOLINT(google-explicit-constructor)
  Param(const char* x) : v(std::string(x)) {}                      // NOLINT(google-explicit-constructor)
  template <class T>
  Param(const std::optional<T>& x) : v(nullptr) {                  // NOLINT(google-explicit-constructor)
    if (x) *this = Param(*x);
  }
};
using Params = std::vector<Param>;

// A result cell: SQLite gives typed values, PostgreSQL text; accessors convert.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

class Row {
 public:
  std::vector<Cell> cells;
  [[nodiscard]] bool null(std::size_t k) const { return std::holds_alternative<std::monostate>(cells.at(k)); }
  [[nodiscard]] std::int64_t i(std::size_t k) const;
  [[nodiscard]] int i32(std::size_t k) const { return static_cast<int>(i(k)); }
  [[nodiscard]] double d(std::size_t k) const;
  [[nodiscard]] std::string s(std::size_t k) const;
  [[nodiscard]] std::optional<std::int64_t> oi(std::size_t k) const {
    return null(k) ? std::nullopt : std::optional<std::int64_t>(i(k));
  }
  [[nodiscard]] std::optional<double> od(std::size_t k) const {
    return null(k) ? std::nullopt : std::optional<double>(d(k));
  }
  [[nodiscard]] std::optional<std::string> os(std::size_t k) const {
    return null(k) ? std::nullopt : std::optional<std::string>(s(k));
  }
};

struct Rows {
  std::vector<Row> rows;
  std::int64_t changes = 0;  // rows written by an INSERT/UPDATE/DELETE
};

class Connection {
 public:
  virtual ~Connection() = default;
  [[nodiscard]] virtual Dialect dialect() const = 0;
  virtual Expected<Rows> query(const std::string& sql, const Params& params) = 0;
  virtual Result script(const std::string& sql) = 0;
  // Opens a write transaction (SQLite: BEGIN IMMEDIATE, so a reader never has to upgrade).
  virtual Result begin() = 0;
  // True while a transaction is open (SQLite may roll back by itself on I/O errors).
  [[nodiscard]] virtual bool in_transaction() const = 0;
  virtual Result backup_to(const std::string& path) = 0;
  virtual Result restore_from(const std::string& path) = 0;
};

// Error helpers shared by the backends.
Unexpected<Error> error(std::string code, std::string detail);

}  // namespace planwatch::store::detail
