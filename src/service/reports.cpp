// Period reports and their review, indicator values, lock exceptions, explanation requests,
// reminders.
#include <algorithm>
#include <cmath>
#include <map>

#include "access.hpp"
#include "internal.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/domain/calendar.hpp"
#include "planwatch/domain/cycles.hpp"
#include "planwatch/text/strings.hpp"

namespace planwatch::service {

using detail::Act;

namespace {

constexpr std::size_t kMaxText = 20000;

bool agency_staff_of(const Actor& a, Id agency_id) noexcept {
  return !a.anonymous() && (a.role == Role::reporter || a.role == Role::approver) && a.agency_id == agency_id;
}

// The percent each progress value allows: a completed task is at 100 %; a contradiction is refused
// rather than silently corrected. (not_started with a percent above 0 is read as started by the
// status engine — domain/status.cpp — so it stays allowed.)
struct PercentRule {
  Progress progress;
  int min, max;
};
constexpr PercentRule kPercentRules[] = {
    {Progress::not_started, 0, 100},
    {Progress::in_progress, 0, 100},
    {Progress::at_risk, 0, 100},
    {Progress::completed, 100, 100},
};

store::Result check_percent(Progress progress, int percent) {
  for (const auto& r : kPercentRules) {
    if (r.progress != progress || (percent >= r.min && percent <= r.max)) continue;
    const std::string allowed = r.min == r.max ? "phải là " + std::to_string(r.min)
                                               : "phải từ " + std::to_string(r.min) + " đến " + std::to_string(r.max);
    return detail::invalid("Trường 'percent' " + allowed + " khi 'progress' là '" + to_string(progress) + "' (nhận " +
                               std::to_string(percent) + ").",
                           "percent contradicts progress");
  }
  return store::Done{};
}

// Who may read a report: the one rule of detail::report_scope, in a plan the actor may see.
bool may_read(const Actor& a, const Plan& p, const TaskReport& r) {
  if (!detail::is_public_status(p.status) && !detail::sees_whole_org(a, p.org_id)) return false;
  return detail::report_scope(a, p.org_id).admits(r);
}

struct Loaded {
  TaskReport report;
  PlanTask task;
  Plan plan;
  Period period;
};

Expected<Loaded> load_report(store::Store& st, Id report_id) {
  auto r = st.get_report(report_id);
  if (!r) return r.error().code == "not_found" ? detail::not_found("báo cáo") : detail::pass(r.error());
  auto t = st.get_task(r->task_id);
  if (!t) return detail::pass(t.error());
  auto p = st.get_plan(t->plan_id);
  if (!p) return detail::pass(p.error());
  auto per = st.get_period(r->period_id);
  if (!per) return detail::pass(per.error());
  return Loaded{std::move(*r), std::move(*t), std::move(*p), std::move(*per)};
}

store::Result check_lock(store::Store& st, const Period& per, Id agency, Date today) {
  std::optional<Date> until;
  auto ex = st.get_lock_exception(agency, per.id);
  if (ex) until = ex->until;
  else if (ex.error().code != "not_found") return detail::pass(ex.error());
  if (submission_open(per, today, until)) return store::Done{};
  return fail("locked",
              "Kỳ báo cáo " + per.label + " đã khóa từ ngày " + to_iso(per.locks_on) +
                  "; đề nghị Văn phòng điều phối mở gia hạn cho cơ quan.",
              "period " + std::to_string(per.id) + " locked");
}

Expected<std::vector<Evidence>> clean_evidence(store::Store& st, const Actor& a, const std::vector<Evidence>& in) {
  if (in.size() > 50) return detail::invalid("Tối đa 50 minh chứng cho một báo cáo.");
  for (const auto& e : in) {
    if (e.kind == "link") {
      if (!(e.ref.rfind("https://", 0) == 0 || e.ref.rfind("http://", 0) == 0) || e.ref.size() > 2000)
        return detail::invalid("Liên kết minh chứng phải bắt đầu bằng http:// hoặc https://: " + e.ref);
    } else if (e.kind == "file") {
      auto f = st.get_file(e.ref, false);
      if (!f || f->org_id != a.org_id) return detail::invalid("Tệp minh chứng không tồn tại: " + e.ref);
    } else {
      return detail::invalid("Loại minh chứng phải là 'file' hoặc 'link'.");
    }
  }
  return in;
}

}  // namespace

Expected<ReportView> Service::save_report(const Actor& a, const ReportInput& in) {
  if (auto r = detail::require(a, Act::write_report); !r) return detail::pass(r.error());
  if (!a.agency_id) return detail::forbidden("reporter without agency");
  auto t = st_.get_task(in.task_id);
  if (!t) return t.error().code == "not_found" ? detail::not_found("nhiệm vụ") : detail::pass(t.error());
  auto p = detail::visible_plan(st_, a, t->plan_id);
  if (!p) return detail::not_found("nhiệm vụ");
  if (p->status != PlanStatus::published && p->status != PlanStatus::amended)
    return detail::conflict("Kế hoạch không còn nhận báo cáo (chưa ban hành hoặc đã được thay thế).");
  if (!takes_part(*t, *a.agency_id)) return detail::forbidden("agency not on task");
  auto per = st_.get_period(in.period_id);
  if (!per || per->plan_id != t->plan_id) return detail::invalid("Kỳ báo cáo không thuộc kế hoạch của nhiệm vụ.");
  if (in.percent < 0 || in.percent > 100) return detail::invalid("Tiến độ (%) phải từ 0 đến 100.");
  if (auto r = check_percent(in.progress, in.percent); !r) return detail::pass(r.error());
  if (in.narrative.size() > kMaxText || in.difficulties.size() > kMaxText || in.proposals.size() > kMaxText)
    return detail::invalid("Nội dung báo cáo quá dài (tối đa 20.000 byte mỗi mục).");
  std::optional<Date> completed_on = in.completed_on;
  if (in.progress == Progress::completed) {
    if (!completed_on) completed_on = today();
    if (today() < *completed_on) return detail::invalid("Ngày hoàn thành không được sau ngày hôm nay.");
  } else if (completed_on) {
    return detail::invalid("Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành.");
  }
  auto evidence = clean_evidence(st_, a, in.evidence);
  if (!evidence) return detail::pass(evidence.error());

  TaskReport r;
  r.task_id = in.task_id;
  r.period_id = in.period_id;
  r.agency_id = *a.agency_id;
  r.progress = in.progress;
  r.percent = in.percent;
  r.completed_on = completed_on;
  r.narrative = in.narrative;
  r.difficulties = in.difficulties;
  r.proposals = in.proposals;
  r.evidence = std::move(*evidence);
  r.author_id = a.user_id;
  r.status = ReportStatus::draft;
  Id id = 0;
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    auto cur = st.get_current_report(in.task_id, in.period_id, *a.agency_id);
    if (!cur && cur.error().code != "not_found") return detail::pass(cur.error());
    if (cur && (cur->status == ReportStatus::draft || cur->status == ReportStatus::returned)) {
      const auto before = detail::to_audit_json(*cur);
      r.id = id = cur->id;
      r.version = cur->version;
      if (auto u = st.update_report(r); !u) return u;
      if (cur->status == ReportStatus::returned)
        if (auto s = st.set_report_status(id, ReportStatus::draft, now_); !s) return s;
      return detail::audit(st, a, now_, "report.edit", "task_report", id, before, detail::to_audit_json(r));
    }
    if (cur && cur->status != ReportStatus::accepted)
      return detail::conflict("Báo cáo đã gửi và đang chờ duyệt; không sửa được lúc này.");
    // None yet, or an amendment of an accepted report: a new version.
    auto key = st.create_report(r);
    if (!key) return detail::pass(key.error());
    id = key->id;
    r.id = id;
    r.version = key->version;
    return detail::audit(st, a, now_, r.version > 1 ? "report.amend" : "report.create", "task_report", id, nullptr,
                         detail::to_audit_json(r));
  });
  if (!tx) return detail::pass(tx.error());
  return get_report(a, id);
}

Expected<ReportView> Service::submit_report(const Actor& a, Id report_id) {
  if (auto r = detail::require(a, Act::write_report); !r) return detail::pass(r.error());
  auto l = load_report(st_, report_id);
  if (!l) return detail::pass(l.error());
  if (!agency_staff_of(a, l->report.agency_id)) return detail::not_found("báo cáo");
  if (l->report.status != ReportStatus::draft && l->report.status != ReportStatus::returned)
    return detail::conflict("Chỉ gửi được báo cáo nháp hoặc báo cáo bị trả lại.");
  if (auto r = check_lock(st_, l->period, l->report.agency_id, today()); !r) return detail::pass(r.error());
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    const auto before = detail::to_audit_json(l->report);
    if (auto s = st.set_report_status(report_id, ReportStatus::submitted, now_); !s) return s;
    auto after = before;
    after["status"] = "submitted";
    return detail::audit(st, a, now_, "report.submit", "task_report", report_id, before, after);
  });
  if (!tx) return detail::pass(tx.error());
  return get_report(a, report_id);
}

Expected<ReportView> Service::approve_report(const Actor& a, Id report_id) {
  if (auto r = detail::require(a, Act::approve_report); !r) return detail::pass(r.error());
  auto l = load_report(st_, report_id);
  if (!l) return detail::pass(l.error());
  if (!agency_staff_of(a, l->report.agency_id)) return detail::not_found("báo cáo");
  if (l->report.status != ReportStatus::submitted) return detail::conflict("Chỉ phê duyệt được báo cáo đã gửi.");
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    const auto before = detail::to_audit_json(l->report);
    if (auto s = st.set_report_status(report_id, ReportStatus::approved, now_); !s) return s;
    auto after = before;
    after["status"] = "approved";
    return detail::audit(st, a, now_, "report.approve", "task_report", report_id, before, after);
  });
  if (!tx) return detail::pass(tx.error());
  return get_report(a, report_id);
}

Expected<ReportView> Service::review_report(const Actor& a, Id report_id, Decision d, const std::string& comment) {
  if (auto r = detail::require(a, Act::review_report); !r) return detail::pass(r.error());
  auto l = load_report(st_, report_id);
  if (!l) return detail::pass(l.error());
  if (!detail::sees_whole_org(a, l->plan.org_id)) return detail::not_found("báo cáo");
  if (l->report.status != ReportStatus::approved)
    return detail::conflict("Chỉ xem xét được báo cáo đã được lãnh đạo cơ quan phê duyệt.");
  if (d == Decision::returned && text::trim(comment).empty())
    return detail::invalid("Khi trả lại báo cáo cần ghi rõ lý do.");
  if (comment.size() > kMaxText) return detail::invalid("Nhận xét quá dài.");
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    const auto before = detail::to_audit_json(l->report);
    const auto status = d == Decision::accepted ? ReportStatus::accepted : ReportStatus::returned;
    if (auto s = st.set_report_status(report_id, status, now_); !s) return s;
    if (auto dec = st.add_review_decision({0, report_id, a.user_id, d, comment, now_}); !dec)
      return detail::pass(dec.error());
    auto after = before;
    after["status"] = to_string(status);
    after["comment"] = comment;
    return detail::audit(st, a, now_, d == Decision::accepted ? "report.accept" : "report.return", "task_report",
                         report_id, before, after);
  });
  if (!tx) return detail::pass(tx.error());
  return get_report(a, report_id);
}

Expected<ReportView> Service::get_report(const Actor& a, Id report_id) {
  auto l = load_report(st_, report_id);
  if (!l) return detail::pass(l.error());
  if (!may_read(a, l->plan, l->report)) return detail::not_found("báo cáo");
  ReportView v;
  v.report = l->report;
  auto versions = st_.report_versions(l->report.task_id, l->report.period_id, l->report.agency_id);
  if (!versions) return detail::pass(versions.error());
  for (auto& r : *versions)
    if (may_read(a, l->plan, r)) v.versions.push_back(std::move(r));
  auto decisions = st_.list_review_decisions(report_id);
  if (!decisions) return detail::pass(decisions.error());
  v.decisions = std::move(*decisions);
  if (v.report.submitted_at) v.late = !submitted_on_time(l->period, date_of_timestamp(*v.report.submitted_at));
  return v;
}

Expected<std::vector<TaskReport>> Service::list_reports(const Actor& a, const ReportQuery& q) {
  store::ReportFilter f;
  f.plan_id = q.plan_id;
  f.task_id = q.task_id;
  f.period_id = q.period_id;
  f.agency_id = q.agency_id;
  f.statuses = q.statuses;
  const bool staff = !a.anonymous() && (a.role == Role::reporter || a.role == Role::approver);
  if (staff) {
    if (q.agency_id && q.agency_id != a.agency_id) return std::vector<TaskReport>{};
    f.agency_id = a.agency_id;
  }
  if (!f.plan_id && !f.task_id && !f.period_id && !f.agency_id)
    return detail::invalid("Cần lọc theo kế hoạch, nhiệm vụ, kỳ hoặc cơ quan.");
  // Every filter names one organisation (a plan's, or the agency's): the reader's scope there goes
  // into the query, so "latest version" means the latest version this reader may see.
  std::optional<Id> plan_id = f.plan_id;
  if (!plan_id && f.task_id)
    if (auto t = st_.get_task(*f.task_id)) plan_id = t->plan_id;
  if (!plan_id && f.period_id)
    if (auto per = st_.get_period(*f.period_id)) plan_id = per->plan_id;
  std::optional<Id> org;
  if (plan_id) {
    auto p = st_.get_plan(*plan_id);
    if (!p) return std::vector<TaskReport>{};
    if (!detail::is_public_status(p->status) && !detail::sees_whole_org(a, p->org_id)) return std::vector<TaskReport>{};
    org = p->org_id;
  } else if (f.task_id || f.period_id) {
    return std::vector<TaskReport>{};  // a task or period that does not exist
  } else if (auto ag = st_.get_agency(*f.agency_id)) {
    org = ag->org_id;
  } else {
    return std::vector<TaskReport>{};
  }
  f.scope = detail::report_scope(a, *org);
  return st_.list_reports(f);
}

Expected<IndicatorValue> Service::submit_indicator_value(const Actor& a, const IndicatorValueInput& in) {
  if (auto r = detail::require(a, Act::write_report); !r) return detail::pass(r.error());
  if (!a.agency_id) return detail::forbidden("reporter without agency");
  auto ind = st_.get_indicator(in.indicator_id);
  if (!ind) return ind.error().code == "not_found" ? detail::not_found("chỉ tiêu") : detail::pass(ind.error());
  auto p = detail::visible_plan(st_, a, ind->plan_id);
  if (!p) return detail::not_found("chỉ tiêu");
  if (p->status != PlanStatus::published && p->status != PlanStatus::amended)
    return detail::conflict("Kế hoạch không còn nhận báo cáo.");
  if (!takes_part(*ind, *a.agency_id)) return detail::forbidden("agency not on indicator");
  auto per = st_.get_period(in.period_id);
  if (!per || per->plan_id != ind->plan_id) return detail::invalid("Kỳ báo cáo không thuộc kế hoạch của chỉ tiêu.");
  if (!std::isfinite(in.value)) return detail::invalid("Giá trị chỉ tiêu phải là một số.");
  if (!is_valid(in.measured_on) || today() < in.measured_on)
    return detail::invalid("Ngày đo không hợp lệ hoặc sau ngày hôm nay.");
  if (in.note.size() > kMaxText) return detail::invalid("Ghi chú quá dài.");
  if (auto r = check_lock(st_, *per, *a.agency_id, today()); !r) return detail::pass(r.error());
  IndicatorValue v{0, in.indicator_id, in.period_id, *a.agency_id, in.value, in.measured_on, in.note, ReportStatus::submitted};
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    store::IndicatorValueFilter f{in.indicator_id, in.period_id, *a.agency_id};
    auto existing = st.list_indicator_values(f);
    if (!existing) return detail::pass(existing.error());
    if (!existing->empty()) {
      const auto& old = existing->front();
      if (old.status == ReportStatus::accepted) return detail::conflict("Giá trị kỳ này đã được chấp nhận, không sửa được.");
      v.id = old.id;
      if (auto u = st.update_indicator_value(v); !u) return u;
    } else {
      auto id = st.create_indicator_value(v);
      if (!id) return detail::pass(id.error());
      v.id = *id;
    }
    return detail::audit(st, a, now_, "indicator_value.submit", "indicator_value", v.id, nullptr,
                         {{"indicator_id", v.indicator_id}, {"period_id", v.period_id}, {"value", v.value},
                          {"measured_on", to_iso(v.measured_on)}});
  });
  if (!tx) return detail::pass(tx.error());
  return v;
}

Expected<IndicatorValue> Service::review_indicator_value(const Actor& a, Id value_id, Decision d) {
  if (auto r = detail::require(a, Act::review_report); !r) return detail::pass(r.error());
  auto v = st_.get_indicator_value(value_id);
  if (!v) return v.error().code == "not_found" ? detail::not_found("giá trị chỉ tiêu") : detail::pass(v.error());
  auto ind = st_.get_indicator(v->indicator_id);
  if (!ind) return detail::pass(ind.error());
  auto p = st_.get_plan(ind->plan_id);
  if (!p) return detail::pass(p.error());
  if (!detail::sees_whole_org(a, p->org_id)) return detail::not_found("giá trị chỉ tiêu");
  if (v->status != ReportStatus::submitted && v->status != ReportStatus::approved)
    return detail::conflict("Chỉ xem xét được giá trị đã gửi.");
  const auto before = v->status;
  v->status = d == Decision::accepted ? ReportStatus::accepted : ReportStatus::returned;
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    if (auto u = st.update_indicator_value(*v); !u) return u;
    return detail::audit(st, a, now_, "indicator_value.review", "indicator_value", value_id,
                         {{"status", to_string(before)}}, {{"status", to_string(v->status)}});
  });
  if (!tx) return detail::pass(tx.error());
  return v;
}

Expected<Id> Service::grant_lock_exception(const Actor& a, Id period_id, const LockExceptionInput& in) {
  if (auto r = detail::require(a, Act::grant_exception); !r) return detail::pass(r.error());
  auto per = st_.get_period(period_id);
  if (!per) return per.error().code == "not_found" ? detail::not_found("kỳ báo cáo") : detail::pass(per.error());
  auto p = st_.get_plan(per->plan_id);
  if (!p) return detail::pass(p.error());
  if (!detail::sees_whole_org(a, p->org_id)) return detail::not_found("kỳ báo cáo");
  auto ag = st_.get_agency(in.agency_id);
  if (!ag || ag->org_id != p->org_id) return detail::invalid("Cơ quan không tồn tại.");
  if (!is_valid(in.until) || in.until < today()) return detail::invalid("Hạn gia hạn phải là một ngày từ hôm nay trở đi.");
  Id id = 0;
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    auto g = st.grant_lock_exception({0, in.agency_id, period_id, in.until, a.user_id, in.reason});
    if (!g) return detail::pass(g.error());
    id = *g;
    return detail::audit(st, a, now_, "period.exception", "period", period_id, nullptr,
                         {{"agency_id", in.agency_id}, {"until", to_iso(in.until)}, {"reason", in.reason}});
  });
  if (!tx) return detail::pass(tx.error());
  return id;
}

store::Result Service::revoke_lock_exception(const Actor& a, Id period_id, Id agency_id) {
  if (auto r = detail::require(a, Act::grant_exception); !r) return r;
  auto per = st_.get_period(period_id);
  if (!per) return per.error().code == "not_found" ? detail::not_found("kỳ báo cáo") : detail::pass(per.error());
  auto p = st_.get_plan(per->plan_id);
  if (!p) return detail::pass(p.error());
  if (!detail::sees_whole_org(a, p->org_id)) return detail::not_found("kỳ báo cáo");
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.revoke_lock_exception(agency_id, period_id); !r)
      return r.error().code == "not_found" ? detail::not_found("gia hạn") : r;
    return detail::audit(st, a, now_, "period.exception_revoke", "period", period_id, {{"agency_id", agency_id}},
                         nullptr);
  });
}

Expected<Id> Service::request_explanation(const Actor& a, const ExplanationInput& in) {
  if (auto r = detail::require(a, Act::ask_explanation); !r) return detail::pass(r.error());
  const std::string question(text::trim(in.question));
  if (question.empty() || question.size() > kMaxText) return detail::invalid("Nội dung yêu cầu giải trình không hợp lệ.");
  Id plan_id = 0;
  std::optional<Id> lead;
  std::string subject_text;
  if (in.entity == "task") {
    auto t = st_.get_task(in.entity_id);
    if (!t) return detail::not_found("nhiệm vụ");
    plan_id = t->plan_id;
    // The agency asked by default: the one that owes the task's report (the first lead, or the đầu mối).
    if (const auto owing = owing_agencies(*t); !owing.empty()) lead = owing.front();
    subject_text = t->ref + " " + t->text;
  } else if (in.entity == "indicator") {
    auto i = st_.get_indicator(in.entity_id);
    if (!i) return detail::not_found("chỉ tiêu");
    plan_id = i->plan_id;
    if (!i->lead_agency_ids.empty()) lead = i->lead_agency_ids.front();
    subject_text = i->ref + " " + i->text;
  } else {
    return detail::invalid("Đối tượng giải trình phải là 'task' hoặc 'indicator'.");
  }
  auto p = st_.get_plan(plan_id);
  if (!p) return detail::pass(p.error());
  if (!detail::sees_whole_org(a, p->org_id)) return detail::not_found(in.entity == "task" ? "nhiệm vụ" : "chỉ tiêu");
  const std::optional<Id> agency = in.agency_id ? in.agency_id : lead;
  if (!agency) return detail::invalid("Nhiệm vụ chưa có cơ quan chủ trì; hãy chọn cơ quan cần giải trình.");
  auto ag = st_.get_agency(*agency);
  if (!ag || ag->org_id != p->org_id) return detail::invalid("Cơ quan không tồn tại.");
  Id id = 0;
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    store::Explanation e;
    e.plan_id = plan_id;
    e.entity = in.entity;
    e.entity_id = in.entity_id;
    e.agency_id = *agency;
    e.requested_by = a.user_id;
    e.question = question;
    e.asked_at = now_;
    auto created = st.create_explanation(e);
    if (!created) return detail::pass(created.error());
    id = *created;
    store::Reminder m;
    m.agency_id = *agency;
    m.subject = "Yêu cầu giải trình: " + std::string(text::utf8_prefix(subject_text, 120));
    m.body = a.display_name + " đề nghị " + ag->name + " giải trình về " +
             (in.entity == "task" ? "nhiệm vụ " : "chỉ tiêu ") + subject_text + ":\n" + question;
    m.created_at = now_;
    if (auto q = st.enqueue_reminder(m); !q) return detail::pass(q.error());
    return detail::audit(st, a, now_, "explanation.request", "explanation", id, nullptr,
                         {{"entity", in.entity}, {"entity_id", in.entity_id}, {"agency_id", *agency}, {"question", question}});
  });
  if (!tx) return detail::pass(tx.error());
  return id;
}

store::Result Service::answer_explanation(const Actor& a, Id explanation_id, const std::string& answer) {
  if (auto r = detail::require(a, Act::answer_explanation); !r) return r;
  auto e = st_.get_explanation(explanation_id);
  if (!e) return e.error().code == "not_found" ? detail::not_found("yêu cầu giải trình") : detail::pass(e.error());
  if (!agency_staff_of(a, e->agency_id)) return detail::not_found("yêu cầu giải trình");
  const std::string text_answer(text::trim(answer));
  if (text_answer.empty() || text_answer.size() > kMaxText) return detail::invalid("Nội dung giải trình không hợp lệ.");
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.answer_explanation(explanation_id, text_answer, a.user_id, now_); !r)
      return r.error().code == "conflict" ? detail::conflict("Yêu cầu này đã được giải trình.") : r;
    return detail::audit(st, a, now_, "explanation.answer", "explanation", explanation_id, nullptr,
                         {{"answer", text_answer}});
  });
}

Expected<std::vector<store::Explanation>> Service::list_explanations(const Actor& a) {
  if (a.anonymous()) return detail::unauthenticated();
  store::ExplanationFilter f;
  if (a.role == Role::reporter || a.role == Role::approver) {
    if (!a.agency_id) return std::vector<store::Explanation>{};
    f.agency_id = a.agency_id;
  } else if (!detail::allowed(a.role, Act::view_backlog)) {
    return detail::forbidden();
  }
  auto rows = st_.list_explanations(f);
  if (!rows) return detail::pass(rows.error());
  std::vector<store::Explanation> out;
  std::map<Id, Id> plan_org;
  for (auto& e : *rows) {
    auto it = plan_org.find(e.plan_id);
    if (it == plan_org.end()) {
      auto p = st_.get_plan(e.plan_id);
      it = plan_org.emplace(e.plan_id, p ? p->org_id : 0).first;
    }
    if (f.agency_id || a.role == Role::admin || it->second == a.org_id) out.push_back(std::move(e));
  }
  return out;
}

Expected<std::vector<store::Reminder>> Service::inbox(const Actor& a) {
  if (a.anonymous()) return detail::unauthenticated();
  if (!a.agency_id || (a.role != Role::reporter && a.role != Role::approver)) return detail::forbidden();
  return st_.list_reminders(*a.agency_id, 200);
}

Expected<std::vector<AgencyBacklog>> Service::backlog(const Actor& a, Id plan_id, Id period_id) {
  if (auto r = detail::require(a, Act::view_backlog); !r) return detail::pass(r.error());
  auto p = detail::visible_plan(st_, a, plan_id);
  if (!p) return detail::pass(p.error());
  if (!detail::sees_whole_org(a, p->org_id)) return detail::not_found("kế hoạch");
  auto per = st_.get_period(period_id);
  if (!per || per->plan_id != plan_id) return detail::not_found("kỳ báo cáo");
  store::TaskFilter tf;
  tf.plan_id = plan_id;
  auto tasks = st_.list_tasks(tf);
  if (!tasks) return detail::pass(tasks.error());
  store::ReportFilter rf;
  rf.plan_id = plan_id;
  rf.period_id = period_id;
  auto reports = st_.list_reports(rf);
  if (!reports) return detail::pass(reports.error());
  auto agencies = st_.list_agencies(p->org_id);
  if (!agencies) return detail::pass(agencies.error());
  std::map<Id, std::string> names;
  for (const auto& ag : *agencies) names[ag.id] = ag.name;
  std::map<std::pair<Id, Id>, Date> sent;  // (task, agency) → last submission of its current report
  for (const auto& r : *reports)
    if (detail::is_sent(r.status) && r.submitted_at) sent[{r.task_id, r.agency_id}] = date_of_timestamp(*r.submitted_at);
  std::map<Id, AgencyBacklog> by_agency;
  for (const auto& row : *tasks) {
    const auto& t = row.task;
    // Every lead owes its part (the đầu mối alone when named): docs/monitoring.md, "Joint lead agencies".
    for (Id ag : owing_agencies(t)) {
      std::optional<Date> sent_on;
      if (auto it = sent.find({t.id, ag}); it != sent.end()) sent_on = it->second;
      MissingReport m{t.id, t.ref, t.text, sent_on.has_value(), sent_on};
      auto& b = by_agency[ag];
      b.agency_id = ag;
      b.agency_name = names[ag];
      if (!sent_on) b.missing.push_back(m);
      else if (!submitted_on_time(*per, *sent_on)) b.late.push_back(m);
    }
  }
  std::vector<AgencyBacklog> out;
  for (auto& [id, b] : by_agency)
    if (!b.missing.empty() || !b.late.empty()) out.push_back(std::move(b));
  return out;
}

Expected<RemindersSent> Service::send_reminders(const Actor& a, Id plan_id, Id period_id, bool force) {
  if (auto r = detail::require(a, Act::send_reminders); !r) return detail::pass(r.error());
  auto b = backlog(a, plan_id, period_id);
  if (!b) return detail::pass(b.error());
  auto per = st_.get_period(period_id);
  if (!per) return detail::pass(per.error());
  RemindersSent sent;
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    for (const auto& ag : *b) {
      if (ag.missing.empty()) continue;
      store::Reminder m;
      m.agency_id = ag.agency_id;
      // A second press the same day queues nothing (the store's unique key, so two servers agree too).
      if (!force)
        m.dedupe_key = "reminder:" + std::to_string(period_id) + ":" + std::to_string(ag.agency_id) + ":" + to_iso(today());
      m.subject = "Đôn đốc báo cáo kỳ " + per->label + " (hạn " + to_iso(per->due) + ")";
      m.body = "Kính gửi " + ag.agency_name + ",\nCơ quan còn " + std::to_string(ag.missing.size()) +
               " nhiệm vụ chưa báo cáo kỳ " + per->label + ":\n";
      for (const auto& mr : ag.missing)
        m.body += "- " + mr.task_ref + " " + std::string(text::utf8_prefix(mr.task_text, 200)) + "\n";
      m.created_at = now_;
      if (auto q = st.enqueue_reminder(m); q) {
        ++sent.queued;
      } else if (q.error().code == "conflict") {
        ++sent.skipped;
      } else {
        return detail::pass(q.error());
      }
    }
    return detail::audit(st, a, now_, "reminders.send", "period", period_id, nullptr,
                         {{"agencies", sent.queued}, {"skipped", sent.skipped}, {"force", force}});
  });
  if (!tx) return detail::pass(tx.error());
  return sent;
}

Expected<std::vector<store::Reminder>> Service::outbox(const Actor& a, int limit) {
  if (auto r = detail::require(a, Act::view_outbox); !r) return detail::pass(r.error());
  if (limit <= 0 || limit > 1000) limit = 200;
  auto rows = st_.list_unsent_reminders(limit);
  if (!rows) return detail::pass(rows.error());
  if (a.role == Role::admin) return rows;
  std::vector<store::Reminder> out;
  for (auto& m : *rows) {
    auto ag = st_.get_agency(m.agency_id);
    if (ag && ag->org_id == a.org_id) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace planwatch::service
