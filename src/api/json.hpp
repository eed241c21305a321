#pragma once
// Internal: JSON ⇄ domain values for the API, and the request-body reader whose errors name the
// field (thrown as BadRequest, mapped to 400 in one place).
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "planwatch/service/service.hpp"

namespace planwatch::api::detail {

using nlohmann::json;

struct BadRequest : std::runtime_error {
  using std::runtime_error::runtime_error;  // what() is the Vietnamese message
};

json parse_body(const std::string& body);  // an object, else BadRequest

// Typed access to a JSON object's fields; every failure names the field.
class Fields {
 public:
  explicit Fields(const json& j) : j_(j) {}
  [[nodiscard]] bool has(const char* name) const;
  [[nodiscard]] bool is_null(const char* name) const;
  [[nodiscard]] Id id(const char* name) const;
  [[nodiscard]] std::optional<Id> opt_id(const char* name) const;
  [[nodiscard]] std::string str(const char* name) const;
  [[nodiscard]] std::optional<std::string> opt_str(const char* name) const;
  [[nodiscard]] int integer(const char* name, int min, int max) const;
  [[nodiscard]] std::optional<int> opt_integer(const char* name, int min, int max) const;
  [[nodiscard]] double number(const char* name) const;
  [[nodiscard]] Date date(const char* name) const;
  [[nodiscard]] std::optional<Date> opt_date(const char* name) const;
  [[nodiscard]] std::vector<Id> ids(const char* name) const;
  [[nodiscard]] std::vector<std::string> strings(const char* name) const;
  [[nodiscard]] const json& raw(const char* name) const;

 private:
  const json& j_;
};

[[noreturn]] void bad_field(const std::string& name, const std::string& expected);

// Enums from request text: BadRequest naming the field and the accepted values.
Role role_field(const std::string& field, const std::string& s);
Progress progress_field(const std::string& field, const std::string& s);
Decision decision_field(const std::string& field, const std::string& s);
PlanStatus plan_status_field(const std::string& field, const std::string& s);
ReportStatus report_status_field(const std::string& field, const std::string& s);
service::SchedulePatch schedule_of(const json& j);  // only the fields present; null refused
Timeframe timeframe_of(const json& j);

json to_json(const Date& d);
json to_json(const Plan& p);
json to_json(const service::PlanView& v);
json to_json(const service::AgencyNameView& v);
json to_json(const service::DuplicatePlan& d);
json to_json(const TaskGroup& g);
json to_json(const Period& p);
json to_json(const PlanTask& t);
json to_json(const service::TaskView& v);
json to_json(const TaskReport& r);
json to_json(const service::ReportView& v);
json to_json(const PlanIndicator& i);
json to_json(const service::IndicatorView& v);
json to_json(const IndicatorValue& v);
json to_json(const Agency& a);
json to_json(const User& u);
json to_json(const store::Explanation& e);
json to_json(const store::Reminder& r);
json to_json(const store::DashboardRow& r);
json to_json(const store::RollupRow& r);
json to_json(const AgencyMetrics& m);
json to_json(const AuditEntry& e);
json to_json(const service::FileMeta& f);
json to_json(const service::PlanStatusView& v);
json to_json(const service::AgencyBacklog& b);
json to_json(const service::RemindersSent& r);
json to_json(const ReportingSchedule& s);
json to_json(const Timeframe& t);

template <class T>
json array_of(const std::vector<T>& xs) {
  json a = json::array();
  for (const auto& x : xs) a.push_back(to_json(x));
  return a;
}

}  // namespace planwatch::api::detail
