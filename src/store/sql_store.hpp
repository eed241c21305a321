#pragma once
// Internal: the Store implementation shared by the SQLite and PostgreSQL backends. Defined in
// sql_store.cpp and one store_<concept>.cpp per concept (sql_store.cpp lists them); the member
// templates atomic and guarded, with what else the files share, in sql_shared.hpp.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "db.hpp"
#include "planwatch/store/store.hpp"

namespace planwatch::store::detail {

class SqlStore final : public Store {
 public:
  explicit SqlStore(std::unique_ptr<Connection> connection);
  ~SqlStore() override;

  [[nodiscard]] std::string backend() const override;
  Expected<int> migrate() override;
  Expected<int> schema_version() override;
  Result transaction(const std::function<Result(Store&)>& body) override;
  Expected<Id> create_organisation(const Organisation& o) override;
  Expected<Organisation> get_organisation(Id id) override;
  Expected<std::vector<Organisation>> list_organisations() override;
  Result update_organisation(const Organisation& o) override;
  Expected<Id> create_agency(const Agency& a) override;
  Expected<Agency> get_agency(Id id) override;
  Expected<std::vector<Agency>> list_agencies(Id org_id) override;
  Result update_agency(const Agency& a) override;
  Expected<std::vector<Agency>> find_agencies(Id org_id, const std::string& name_or_alias) override;
  Expected<Id> create_user(const User& u) override;
  Expected<User> get_user(Id id) override;
  Expected<User> get_user_by_login(const std::string& login) override;
  Expected<std::vector<User>> list_users(Id org_id) override;
  Result update_user(const User& u) override;
  Expected<Id> create_plan(const Plan& p) override;
  Expected<Plan> get_plan(Id id) override;
  Result update_plan(const Plan& p) override;
  Result set_plan_status(Id id, PlanStatus s) override;
  Expected<std::vector<Plan>> list_plans(const PlanFilter& f) override;
  Result delete_plan(Id id) override;
  Expected<Id> create_agency_name(const PlanAgencyName& n) override;
  Expected<std::vector<PlanAgencyName>> list_agency_names(Id plan_id) override;
  Result update_agency_name(const PlanAgencyName& n) override;
  Expected<Id> create_task_group(const TaskGroup& g) override;
  Expected<TaskGroup> get_task_group(Id id) override;
  Result update_task_group(const TaskGroup& g) override;
  Expected<std::vector<TaskGroup>> list_task_groups(Id plan_id) override;
  Expected<Id> create_task(const PlanTask& t) override;
  Expected<PlanTask> get_task(Id id) override;
  Result update_task(const PlanTask& t) override;
  Expected<std::vector<TaskRow>> list_tasks(const TaskFilter& f) override;
  Expected<Id> create_indicator(const PlanIndicator& i) override;
  Expected<PlanIndicator> get_indicator(Id id) override;
  Result update_indicator(const PlanIndicator& i) override;
  Expected<std::vector<PlanIndicator>> list_indicators(Id plan_id) override;
  Expected<Id> create_period(const Period& p) override;
  Expected<Period> get_period(Id id) override;
  Result update_period(const Period& p) override;
  Expected<std::vector<Period>> list_periods(Id plan_id) override;
  Expected<ReportKey> create_report(const TaskReport& r) override;
  Expected<TaskReport> get_report(Id id) override;
  Expected<TaskReport> get_current_report(Id task_id, Id period_id, Id agency_id) override;
  Result update_report(const TaskReport& r) override;
  Result set_report_status(Id id, ReportStatus s, Timestamp at) override;
  Expected<std::vector<TaskReport>> list_reports(const ReportFilter& f) override;
  Expected<std::vector<TaskReport>> report_versions(Id task_id, Id period_id, Id agency_id) override;
  Expected<std::vector<TaskReport>> latest_reports(const LatestReportQuery& q) override;
  Expected<Id> create_indicator_value(const IndicatorValue& v) override;
  Expected<IndicatorValue> get_indicator_value(Id id) override;
  Result update_indicator_value(const IndicatorValue& v) override;
  Expected<std::vector<IndicatorValue>> list_indicator_values(const IndicatorValueFilter& f) override;
  Expected<Id> add_review_decision(const ReviewDecision& d) override;
  Expected<std::vector<ReviewDecision>> list_review_decisions(Id report_id) override;
  Expected<Id> append_audit(const AuditEntry& e) override;
  Expected<std::vector<AuditEntry>> list_audit(const std::string& entity, Id entity_id, int limit) override;
  Result create_session(const Session& s) override;
  Expected<Session> get_session(const std::string& token_hash, Timestamp now) override;
  Result extend_session(const std::string& token_hash, Timestamp expires_at) override;
  Result delete_session(const std::string& token_hash) override;
  Result delete_user_sessions(Id user_id) override;
  Result delete_other_sessions(Id user_id, const std::string& keep_token_hash) override;
  Expected<std::int64_t> delete_expired_sessions(Timestamp now) override;
  Result record_login_attempt(const LoginAttempt& a) override;
  Expected<std::int64_t> count_failed_logins_by_login(const std::string& login, Timestamp since) override;
  Expected<std::int64_t> count_failed_logins_by_ip(const std::string& ip, Timestamp since) override;
  Expected<std::vector<std::pair<ReportStatus, std::int64_t>>> count_reports_by_status() override;
  Expected<std::int64_t> prune_login_attempts(Timestamp before) override;
  Expected<Id> enqueue_reminder(const Reminder& r) override;
  Expected<std::vector<Reminder>> list_unsent_reminders(int limit) override;
  Result mark_reminder_sent(Id id, Timestamp at) override;
  Expected<Id> grant_lock_exception(const LockException& e) override;
  Expected<LockException> get_lock_exception(Id agency_id, Id period_id) override;
  Expected<std::vector<LockException>> list_lock_exceptions(Id period_id) override;
  Result revoke_lock_exception(Id agency_id, Id period_id) override;
  Expected<std::vector<DashboardRow>> province_dashboard(const DashboardQuery& q) override;
  Expected<std::vector<RollupRow>> national_rollup(const std::vector<PlanStatus>& plan_statuses) override;
  Result put_file(const StoredFile& f) override;
  Expected<StoredFile> get_file(const std::string& key, bool with_content) override;
  Expected<Id> create_explanation(const Explanation& e) override;
  Expected<Explanation> get_explanation(Id id) override;
  Expected<std::vector<Explanation>> list_explanations(const ExplanationFilter& f) override;
  Result answer_explanation(Id id, const std::string& answer, Id by, Timestamp at) override;
  Expected<std::vector<Reminder>> list_reminders(Id agency_id, int limit) override;
  Result backup(const std::string& path) override;
  Result restore(const std::string& path) override;

 private:
  Expected<Rows> q(const std::string& sql, const Params& params);
  Expected<Id> insert(const std::string& sql, const Params& params);
  Result write_one(const std::string& sql, const Params& params, const std::string& what);
  Expected<Row> one(const std::string& sql, const Params& params, const std::string& what);
  template <class F>
  auto atomic(F&& f) -> decltype(f());
  template <class F>
  static auto guarded(F&& f) noexcept -> decltype(f());
  Expected<std::map<Id, std::vector<Id>>> links(const std::string& table, const std::string& key,
                                                const std::string& value, const std::vector<Id>& ids);
  Result replace_links(const std::string& table, const std::string& key, const std::string& value, Id id,
                       const std::vector<Id>& values);
  struct Roles {
    std::vector<Id> lead, coordinating;
  };
  Expected<std::map<Id, Roles>> role_links(const std::string& table, const std::string& key, const std::vector<Id>& ids);
  Result replace_roles(const std::string& table, const std::string& key, Id id, const std::vector<Id>& leads,
                       const std::vector<Id>& coordinating, const PlanTask* task = nullptr);
  Expected<std::vector<Agency>> agencies_where(const std::string& where, const Params& params);
  Result write_aliases(Id agency_id, const std::vector<std::string>& aliases);
  Expected<std::vector<Plan>> plans_where(const std::string& where, const Params& params);
  Expected<std::vector<TaskRow>> tasks_where(const std::string& where, const Params& params, const std::string& tail);
  Result write_targets(Id indicator_id, const std::vector<PhaseTarget>& targets);
  Expected<std::vector<PlanIndicator>> indicators_where(const std::string& where, const Params& params);
  static Expected<std::vector<TaskReport>> reports_of(const Rows& rows);
  Result explain_report_refusal(Id id);
  Result refresh_latest(Id report_id);
  Result refresh_task_latest(Id task_id);
  static std::vector<DashboardRow> dashboard_rows(const Rows& rows);

  std::unique_ptr<Connection> c_;
  int depth_ = 0;  // open transaction / savepoint nesting
};

}  // namespace planwatch::store::detail
