#pragma once
// A Store that forwards every call to another one and records the tasks of the reports it handed
// out — to check which reports a use case loads (a task's page must not load the rest of the plan's).
// The forwarding methods were generated from store.hpp; a new Store method fails to compile here.
#include <set>

#include "planwatch/store/store.hpp"

namespace planwatch::store::testing {

class RecordingStore final : public Store {
 public:
  explicit RecordingStore(Store& inner) : inner_(inner) {}
  std::multiset<Id> report_tasks;  // task_id of every report returned, one entry per report

  Result transaction(const std::function<Result(Store&)>& body) override {
    return inner_.transaction([&](Store&) { return body(*this); });
  }
  Expected<TaskReport> get_report(Id id) override { return seen(inner_.get_report(id)); }
  Expected<TaskReport> get_current_report(Id task_id, Id period_id, Id agency_id) override {
    return seen(inner_.get_current_report(task_id, period_id, agency_id));
  }
  Expected<std::vector<TaskReport>> list_reports(const ReportFilter& f) override { return seen(inner_.list_reports(f)); }
  Expected<std::vector<TaskReport>> report_versions(Id task_id, Id period_id, Id agency_id) override {
    return seen(inner_.report_versions(task_id, period_id, agency_id));
  }
  Expected<std::vector<TaskReport>> latest_reports(const LatestReportQuery& q) override {
    return seen(inner_.latest_reports(q));
  }

  std::string backend() const override { return inner_.backend(); }
  Expected<int> migrate() override { return inner_.migrate(); }
  Expected<int> schema_version() override { return inner_.schema_version(); }
  Expected<Id> create_organisation(const Organisation& o) override { return inner_.create_organisation(o); }
  Expected<Organisation> get_organisation(Id id) override { return inner_.get_organisation(id); }
  Expected<std::vector<Organisation>> list_organisations() override { return inner_.list_organisations(); }
  Result update_organisation(const Organisation& o) override { return inner_.update_organisation(o); }
  Expected<Id> create_agency(const Agency& a) override { return inner_.create_agency(a); }
  Expected<Agency> get_agency(Id id) override { return inner_.get_agency(id); }
  Expected<std::vector<Agency>> list_agencies(Id org_id) override { return inner_.list_agencies(org_id); }
  Result update_agency(const Agency& a) override { return inner_.update_agency(a); }
  Expected<std::vector<Agency>> find_agencies(Id org_id, const std::string& name_or_alias) override { return inner_.find_agencies(org_id, name_or_alias); }
  Expected<Id> create_user(const User& u) override { return inner_.create_user(u); }
  Expected<User> get_user(Id id) override { return inner_.get_user(id); }
  Expected<User> get_user_by_login(const std::string& login) override { return inner_.get_user_by_login(login); }
  Expected<std::vector<User>> list_users(Id org_id) override { return inner_.list_users(org_id); }
  Result update_user(const User& u) override { return inner_.update_user(u); }
  Expected<Id> create_plan(const Plan& p) override { return inner_.create_plan(p); }
  Expected<Plan> get_plan(Id id) override { return inner_.get_plan(id); }
  Result update_plan(const Plan& p) override { return inner_.update_plan(p); }
  Result delete_plan(Id id) override { return inner_.delete_plan(id); }
  Expected<Id> create_agency_name(const PlanAgencyName& n) override { return inner_.create_agency_name(n); }
  Expected<std::vector<PlanAgencyName>> list_agency_names(Id plan_id) override { return inner_.list_agency_names(plan_id); }
  Result update_agency_name(const PlanAgencyName& n) override { return inner_.update_agency_name(n); }
  Result set_plan_status(Id id, PlanStatus s) override { return inner_.set_plan_status(id, s); }
  Expected<std::vector<Plan>> list_plans(const PlanFilter& f) override { return inner_.list_plans(f); }
  Expected<Id> create_task_group(const TaskGroup& g) override { return inner_.create_task_group(g); }
  Expected<TaskGroup> get_task_group(Id id) override { return inner_.get_task_group(id); }
  Result update_task_group(const TaskGroup& g) override { return inner_.update_task_group(g); }
  Expected<std::vector<TaskGroup>> list_task_groups(Id plan_id) override { return inner_.list_task_groups(plan_id); }
  Expected<Id> create_task(const PlanTask& t) override { return inner_.create_task(t); }
  Expected<PlanTask> get_task(Id id) override { return inner_.get_task(id); }
  Result update_task(const PlanTask& t) override { return inner_.update_task(t); }
  Expected<std::vector<TaskRow>> list_tasks(const TaskFilter& f) override { return inner_.list_tasks(f); }
  Expected<Id> create_indicator(const PlanIndicator& i) override { return inner_.create_indicator(i); }
  Expected<PlanIndicator> get_indicator(Id id) override { return inner_.get_indicator(id); }
  Result update_indicator(const PlanIndicator& i) override { return inner_.update_indicator(i); }
  Expected<std::vector<PlanIndicator>> list_indicators(Id plan_id) override { return inner_.list_indicators(plan_id); }
  Expected<Id> create_period(const Period& p) override { return inner_.create_period(p); }
  Expected<Period> get_period(Id id) override { return inner_.get_period(id); }
  Result update_period(const Period& p) override { return inner_.update_period(p); }
  Expected<std::vector<Period>> list_periods(Id plan_id) override { return inner_.list_periods(plan_id); }
  Expected<ReportKey> create_report(const TaskReport& r) override { return inner_.create_report(r); }
  Result update_report(const TaskReport& r) override { return inner_.update_report(r); }
  Result set_report_status(Id id, ReportStatus s, Timestamp at) override { return inner_.set_report_status(id, s, at); }
  Expected<Id> create_indicator_value(const IndicatorValue& v) override { return inner_.create_indicator_value(v); }
  Expected<IndicatorValue> get_indicator_value(Id id) override { return inner_.get_indicator_value(id); }
  Result update_indicator_value(const IndicatorValue& v) override { return inner_.update_indicator_value(v); }
  Expected<std::vector<IndicatorValue>> list_indicator_values(const IndicatorValueFilter& f) override { return inner_.list_indicator_values(f); }
  Expected<Id> add_review_decision(const ReviewDecision& d) override { return inner_.add_review_decision(d); }
  Expected<std::vector<ReviewDecision>> list_review_decisions(Id report_id) override { return inner_.list_review_decisions(report_id); }
  Expected<Id> append_audit(const AuditEntry& e) override { return inner_.append_audit(e); }
  Expected<std::vector<AuditEntry>> list_audit(const std::string& entity, Id entity_id, int limit) override { return inner_.list_audit(entity, entity_id, limit); }
  Result create_session(const Session& s) override { return inner_.create_session(s); }
  Expected<Session> get_session(const std::string& token_hash, Timestamp now) override { return inner_.get_session(token_hash, now); }
  Result extend_session(const std::string& token_hash, Timestamp expires_at) override { return inner_.extend_session(token_hash, expires_at); }
  Result delete_session(const std::string& token_hash) override { return inner_.delete_session(token_hash); }
  Result delete_other_sessions(Id user_id, const std::string& keep_token_hash) override {
    return inner_.delete_other_sessions(user_id, keep_token_hash);
  }
  Result delete_user_sessions(Id user_id) override { return inner_.delete_user_sessions(user_id); }
  Expected<std::int64_t> delete_expired_sessions(Timestamp now) override { return inner_.delete_expired_sessions(now); }
  Result record_login_attempt(const LoginAttempt& a) override { return inner_.record_login_attempt(a); }
  Expected<std::int64_t> count_failed_logins_by_login(const std::string& login, Timestamp since) override { return inner_.count_failed_logins_by_login(login, since); }
  Expected<std::int64_t> count_failed_logins_by_ip(const std::string& ip, Timestamp since) override { return inner_.count_failed_logins_by_ip(ip, since); }
  Expected<std::vector<std::pair<ReportStatus, std::int64_t>>> count_reports_by_status() override {
    return inner_.count_reports_by_status();
  }
  Expected<std::int64_t> prune_login_attempts(Timestamp before) override { return inner_.prune_login_attempts(before); }
  Expected<Id> enqueue_reminder(const Reminder& r) override { return inner_.enqueue_reminder(r); }
  Expected<std::vector<Reminder>> list_unsent_reminders(int limit) override { return inner_.list_unsent_reminders(limit); }
  Result mark_reminder_sent(Id id, Timestamp at) override { return inner_.mark_reminder_sent(id, at); }
  Expected<Id> grant_lock_exception(const LockException& e) override { return inner_.grant_lock_exception(e); }
  Expected<LockException> get_lock_exception(Id agency_id, Id period_id) override { return inner_.get_lock_exception(agency_id, period_id); }
  Expected<std::vector<LockException>> list_lock_exceptions(Id period_id) override { return inner_.list_lock_exceptions(period_id); }
  Result revoke_lock_exception(Id agency_id, Id period_id) override { return inner_.revoke_lock_exception(agency_id, period_id); }
  Result put_file(const StoredFile& f) override { return inner_.put_file(f); }
  Expected<StoredFile> get_file(const std::string& key, bool with_content) override { return inner_.get_file(key, with_content); }
  Expected<Id> create_explanation(const Explanation& e) override { return inner_.create_explanation(e); }
  Expected<Explanation> get_explanation(Id id) override { return inner_.get_explanation(id); }
  Expected<std::vector<Explanation>> list_explanations(const ExplanationFilter& f) override { return inner_.list_explanations(f); }
  Result answer_explanation(Id id, const std::string& answer, Id by, Timestamp at) override { return inner_.answer_explanation(id, answer, by, at); }
  Expected<std::vector<Reminder>> list_reminders(Id agency_id, int limit) override { return inner_.list_reminders(agency_id, limit); }
  Expected<std::vector<RollupRow>> national_rollup(const std::vector<PlanStatus>& plan_statuses) override { return inner_.national_rollup(plan_statuses); }
  Expected<std::vector<DashboardRow>> province_dashboard(const DashboardQuery& q) override { return inner_.province_dashboard(q); }
  Result backup(const std::string& path) override { return inner_.backup(path); }
  Result restore(const std::string& path) override { return inner_.restore(path); }

 private:
  Expected<TaskReport> seen(Expected<TaskReport> r) {
    if (r) report_tasks.insert(r->task_id);
    return r;
  }
  Expected<std::vector<TaskReport>> seen(Expected<std::vector<TaskReport>> rs) {
    if (rs)
      for (const auto& r : *rs) report_tasks.insert(r.task_id);
    return rs;
  }
  Store& inner_;
};

}  // namespace planwatch::store::testing
