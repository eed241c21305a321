#pragma once
// Internal: what the files of SqlStore share (sql_store.cpp lists the files): propagating errors out
// of Expected, the transaction and exception guards (member templates, so defined here) and the SQL
// fragments more than one file uses. Column lists and row mappers stay in the file of their concept.
#include <exception>
#include <optional>
#include <string>

#include "codec.hpp"
#include "sql_store.hpp"

// Propagate an error out of a function returning any Expected.
#define PW_TRY(var, expr)                                                \
  auto var##_result = (expr);                                            \
  if (!var##_result) return Unexpected<Error>{var##_result.error()};     \
  auto& var = *var##_result  // NOLINT(bugprone-macro-parentheses)
#define PW_CHECK(expr)                                                   \
  do {                                                                   \
    auto pw_check_result_ = (expr);                                      \
    if (!pw_check_result_) return Unexpected<Error>{pw_check_result_.error()}; \
  } while (false)

namespace planwatch::store::detail {

// "?, ?, …": n placeholders.
std::string placeholders(std::size_t n);

// LIKE pattern for a folded substring, with the wildcards of the needle escaped.
std::string like_pattern(const std::string& folded);

// Which of an agency's reports on a task is its latest: latest period end, then the highest version
// (needs r and p = its period). Over every agency of a task, the same order picks the task's latest
// report when it has no lead agency (domain/joint_leads.hpp: with leads, their parts combine).
inline constexpr const char* kLatestOrder = "p.end_on DESC, r.version DESC, r.id DESC";

// The visibility rule of ReportScope::admits (store.hpp) as a condition on the report alias `r`.
std::string scope_sql(const ReportScope& s, const std::string& r, Params& params);

template <class F>
auto SqlStore::atomic(F&& f) -> decltype(f()) {
  using R = decltype(f());
  std::string savepoint;
  if (depth_ == 0) {
    PW_CHECK(c_->begin());
  } else {
    savepoint = "planwatch_sp" + std::to_string(depth_);
    PW_CHECK(c_->script("SAVEPOINT " + savepoint));
  }
  ++depth_;
  std::optional<R> result;
  try {
    result.emplace(f());
  } catch (const std::exception& e) {
    result.emplace(error("internal", std::string("exception in a transaction: ") + e.what()));
  } catch (...) {
    result.emplace(error("internal", "exception in a transaction"));
  }
  --depth_;
  if (result->has_value()) {
    auto done = savepoint.empty() ? c_->script("COMMIT") : c_->script("RELEASE SAVEPOINT " + savepoint);
    if (!done) {
      if (savepoint.empty() && c_->in_transaction()) (void)c_->script("ROLLBACK");
      return Unexpected<Error>{done.error()};
    }
  } else if (savepoint.empty()) {
    if (c_->in_transaction()) (void)c_->script("ROLLBACK");
  } else if (c_->in_transaction()) {
    (void)c_->script("ROLLBACK TO SAVEPOINT " + savepoint);
    (void)c_->script("RELEASE SAVEPOINT " + savepoint);
  }
  return std::move(*result);
}

template <class F>
auto SqlStore::guarded(F&& f) noexcept -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return error("internal", std::string("exception: ") + e.what());
  } catch (...) {
    return error("internal", "unknown exception");
  }
}

}  // namespace planwatch::store::detail
