#pragma once
// What the importer extracts from a plan document: the reviewable draft of a plan.
#include <compare>
#include <optional>
#include <string>
#include <vector>

namespace planwatch {

struct SourceSpan {
  int first = 0;  // 1-based line numbers of the input text
  int last = 0;
  int page = 0;   // 0 when unknown
};

struct AgencyRef {
  std::string name;                      // as printed
  std::optional<std::string> canonical;  // resolved gazetteer name
};

enum class TimeframeKind { ongoing, annual, by_date, range, conditional, unknown };
const char* to_string(TimeframeKind k) noexcept;

struct Date {
  int year = 0, month = 0, day = 0;
  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;  // chronological (year, month, day)
};
std::string to_iso(const Date& d);

struct Timeframe {
  std::string raw;
  TimeframeKind kind = TimeframeKind::unknown;
  std::optional<Date> start;
  std::optional<Date> due;
};

enum class TargetOp { ge, le, eq, range, none };
const char* to_string(TargetOp op) noexcept;  // ">=", "<=", "=", "range", "none"

struct Target {
  TargetOp op = TargetOp::none;
  std::optional<double> value;
  std::optional<double> value_max;
  std::string unit;
};

struct Indicator {
  std::string ref;
  std::string phase;
  std::string text;
  std::vector<Target> targets;
  std::optional<double> baseline;       // current value stated beside the target, when a table gives one
  std::optional<std::string> baseline_label;  // its column: "Năm 2024 (hiện trạng)"
  std::vector<AgencyRef> lead;
  std::vector<AgencyRef> coordinating;
  SourceSpan source;
  double confidence = 0.0;
};

struct Task {
  std::string ref;
  std::string group;
  std::optional<std::string> parent_ref;
  std::string text;
  std::optional<std::string> leader;
  std::vector<AgencyRef> lead;
  std::vector<AgencyRef> coordinating;
  std::optional<Timeframe> timeframe;
  std::optional<std::string> output;
  SourceSpan source;
  double confidence = 0.0;
};

enum class Frequency { monthly, quarterly, semiannual, annual, adhoc };
const char* to_string(Frequency f) noexcept;

struct ReportingDuty {
  std::string who;
  std::optional<std::string> to;
  Frequency frequency = Frequency::adhoc;
  std::optional<std::string> due;
  SourceSpan source;
};

struct ImportWarning {
  std::string message;
  SourceSpan source;
};

struct PlanMeta {
  std::optional<std::string> doc_type;
  std::optional<std::string> issuer;
  std::optional<std::string> number;
  std::optional<Date> date;
  std::optional<std::string> title;
  std::vector<std::string> bases;
  SourceSpan source;
};

struct ImportResult {
  std::string document;
  std::string format;
  PlanMeta plan;
  std::vector<Indicator> indicators;
  std::vector<Task> tasks;
  std::vector<ReportingDuty> reporting;
  std::vector<ImportWarning> warnings;
};

}  // namespace planwatch
