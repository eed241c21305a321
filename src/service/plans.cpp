// Plans: import → review/edit the draft → publish; tasks, indicators, periods; files.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "access.hpp"
#include "internal.hpp"
#include "planwatch/domain/calendar.hpp"
#include "planwatch/domain/cycles.hpp"
#include "planwatch/domain/joint_leads.hpp"
#include "planwatch/extract/agencies.hpp"
#include "planwatch/extract/extract.hpp"
#include "planwatch/ingest/reader.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::service {

using detail::Act;

namespace detail {

bool is_public_status(PlanStatus s) noexcept { return s != PlanStatus::draft; }

bool sees_whole_org(const Actor& a, Id org_id) noexcept {
  if (a.anonymous()) return false;
  if (a.role == Role::admin) return true;
  return (a.role == Role::office || a.role == Role::leader) && a.org_id == org_id;
}

store::ReportScope report_scope(const Actor& a, Id org_id) noexcept {
  store::ReportScope s;
  s.sent = sees_whole_org(a, org_id);
  if (!a.anonymous() && (a.role == Role::reporter || a.role == Role::approver)) s.agency = a.agency_id;
  return s;
}

Expected<Plan> visible_plan(store::Store& st, const Actor& a, Id plan_id) {
  auto p = st.get_plan(plan_id);
  if (!p) return p.error().code == "not_found" ? not_found("kế hoạch") : pass(p.error());
  if (sees_whole_org(a, p->org_id)) return p;
  // Published plans are public information, whoever asks.
  if (!is_public_status(p->status)) return not_found("kế hoạch", "draft not visible");
  return p;
}

}  // namespace detail

namespace {

// A file name as users send it, reduced to its last component; path tricks and control characters
// are refused rather than repaired, so the user sees why.
Expected<std::string> clean_file_name(const std::string& name) {
  if (name.empty()) return detail::invalid("Thiếu tên tệp.");
  if (name.size() > 255) return detail::invalid("Tên tệp quá dài (tối đa 255 byte).");
  if (!text::valid_utf8(name)) return detail::invalid("Tên tệp không phải UTF-8 hợp lệ.");
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':')
      return detail::invalid("Tên tệp không được chứa đường dẫn hoặc ký tự điều khiển: " + name);
  if (name == "." || name == ".." || name.rfind("..", 0) == 0) return detail::invalid("Tên tệp không hợp lệ: " + name);
  // Bidirectional controls reorder what is shown: "bao-cao<U+202E>fdp.exe" reads as "bao-caoexe.pdf".
  // The message names the code point rather than echoing the name, which would mislead the same way.
  static const std::pair<const char*, const char*> kBidi[] = {
      {"\u200E", "U+200E"}, {"\u200F", "U+200F"}, {"\u061C", "U+061C"}, {"\u202A", "U+202A"},
      {"\u202B", "U+202B"}, {"\u202C", "U+202C"}, {"\u202D", "U+202D"}, {"\u202E", "U+202E"},
      {"\u2066", "U+2066"}, {"\u2067", "U+2067"}, {"\u2068", "U+2068"}, {"\u2069", "U+2069"},
  };
  for (const auto& [utf8, code] : kBidi)
    if (name.find(utf8) != std::string::npos)
      return detail::invalid(std::string("Tên tệp chứa ký tự điều khiển hướng chữ (") + code +
                             ") có thể làm hiển thị sai tên và phần mở rộng. Vui lòng đổi tên tệp rồi gửi lại.");
  return name;
}

Date default_end(const ImportResult& r, Date start) {
  Date end = end_of_month(start.year + 4, 12);
  bool any = false;
  Date latest{};
  for (const auto& t : r.tasks)
    if (t.timeframe && t.timeframe->due && (!any || latest < *t.timeframe->due)) latest = *t.timeframe->due, any = true;
  for (const auto& i : r.indicators) {
    int y = std::atoi(i.phase.c_str());
    if (y >= 2000 && y <= 2100 && (!any || latest < Date{y, 12, 31})) latest = Date{y, 12, 31}, any = true;
  }
  return any && start < latest ? latest : end;
}

// Resolves printed agency names to agencies of the organisation (canonical name or alias). A name
// that matches none is not created: it is kept on the draft as a PlanAgencyName for the office to
// resolve (collective phrases are never agencies), so a draft adds nothing to the public agency list.
class AgencyResolver {
 public:
  AgencyResolver(store::Store& st, Id org) : st_(st), org_(org) {}
  // The agencies the name stands for — one, or a collective agency's members once the office has
  // listed them — or none with `pending` set to the key of the name kept as text ("" when blank).
  Expected<std::vector<Id>> resolve(const AgencyRef& ref, std::string& pending) {
    pending.clear();
    std::string name = ref.canonical.value_or(ref.name);
    name = std::string(text::trim(name));
    if (name.empty()) return std::vector<Id>{};
    const std::string key = text::fold(name);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    if (names_.count(key) != 0) {
      pending = key;
      return std::vector<Id>{};
    }
    // Collective phrases match only an agency the office made of them (kind collective, remembered
    // per organisation), never a named one that happens to share a word.
    const bool collective = extract::is_collective_agency(name) || extract::is_collective_agency(ref.name);
    auto found = st_.find_agencies(org_, name);
    if (!found) return detail::pass(found.error());
    if (found->empty() && ref.name != name) {
      found = st_.find_agencies(org_, ref.name);
      if (!found) return detail::pass(found.error());
    }
    for (const auto& ag : *found) {
      if (collective && ag.kind != AgencyKind::collective) continue;
      auto ids = ag.kind == AgencyKind::collective && !ag.members.empty() ? ag.members : std::vector<Id>{ag.id};
      return cache_[key] = std::move(ids);
    }
    PlanAgencyName n;
    n.name = std::string(text::utf8_prefix(name, 300));
    n.kind = collective ? "collective" : ref.canonical ? "named" : "unknown";
    // A collective phrase becomes a collective agency at publish only where a task's lead column
    // prints it (mention() below turns "text" into "pending" then); as a coordinating agency it
    // stays text.
    n.decision = collective ? "text" : "pending";
    names_.emplace(key, std::move(n));
    order_.push_back(key);
    pending = key;
    return std::vector<Id>{};
  }
  void mention(const std::string& key, AgencyMention m) {
    auto& n = names_.at(key);
    if (m.lead && n.kind == "collective" && n.decision == "text") n.decision = "pending";
    n.mentions.push_back(m);
  }
  store::Result save(store::Store& st, Id plan_id) {
    for (const auto& key : order_) {
      auto& n = names_.at(key);
      n.plan_id = plan_id;
      if (auto id = st.create_agency_name(n); !id) return detail::pass(id.error());
    }
    return store::Done{};
  }

 private:
  store::Store& st_;
  Id org_;
  std::map<std::string, std::vector<Id>> cache_;
  std::map<std::string, PlanAgencyName> names_;
  std::vector<std::string> order_;
};

}  // namespace

Expected<Id> Service::import_plan(const Actor& a, const FileUpload& document) {
  if (auto r = detail::require(a, Act::manage_plans); !r) return detail::pass(r.error());
  if (a.org_id == 0) return detail::invalid("Tài khoản chưa thuộc tổ chức nào.");
  auto name = clean_file_name(document.name);
  if (!name) return detail::pass(name.error());
  if (static_cast<std::int64_t>(document.content.size()) > cfg_.max_file_bytes)
    return fail("too_large", "Tệp " + *name + " vượt quá giới hạn " + std::to_string(cfg_.max_file_bytes >> 20) + " MB.");
  if (document.content.empty()) return detail::invalid("Tệp " + *name + " rỗng.");
  ingest::Limits limits;
  limits.max_file_bytes = static_cast<std::size_t>(cfg_.max_file_bytes);
  auto doc = ingest::read_bytes(*name, document.content, limits);
  if (!doc) return detail::invalid(doc.error().message, doc.error().detail);
  const ImportResult r = extract::extract_plan(*doc);
  if (r.tasks.empty() && r.indicators.empty())
    return detail::invalid("Không tìm thấy nhiệm vụ hay chỉ tiêu nào trong tệp " + *name + ".");

  Plan plan;
  plan.org_id = a.org_id;
  plan.title = r.plan.title.value_or(*name);
  plan.doc_type = r.plan.doc_type.value_or("Kế hoạch");
  plan.number = r.plan.number;
  plan.signed_on = r.plan.date;
  plan.status = PlanStatus::draft;
  plan.start = r.plan.date.value_or(today());
  plan.end = default_end(r, plan.start);
  plan.schedule = schedule_from_duties(r.reporting);
  plan.source_sha256 = sha256_hex(document.content);

  Id plan_id = 0;
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    auto pid = st.create_plan(plan);
    if (!pid) return detail::pass(pid.error());
    plan_id = plan.id = *pid;
    AgencyResolver agencies(st, a.org_id);
    // Every printed lead leads (joint leads, docs/monitoring.md); the coordinating agencies
    // coordinate; each agency once, a lead never also coordinating. A collective agency the office
    // has expanded stands for its members. Names kept as text are listed in `pending` (key, lead?)
    // to be mentioned once the row has an id, with the slot the name takes in its list (counting
    // the names still pending before it as one each) so that publishing puts it in printed order.
    struct PendingName {
      std::string key;
      bool lead = false;
      int slot = 0;
    };
    using Pending = std::vector<PendingName>;
    auto assign = [&](const std::vector<AgencyRef>& leads, const std::vector<AgencyRef>& coordinating,
                      std::vector<Id>& lead, std::vector<Id>& coord, Pending& pending) -> store::Result {
      std::string key;
      for (const auto* refs : {&leads, &coordinating}) {
        auto& into = refs == &leads ? lead : coord;
        int pending_here = 0;
        for (const auto& ref : *refs) {
          auto ids = agencies.resolve(ref, key);
          if (!ids) return detail::pass(ids.error());
          for (Id id : *ids)
            if (std::find(lead.begin(), lead.end(), id) == lead.end() &&
                std::find(coord.begin(), coord.end(), id) == coord.end())
              into.push_back(id);
          if (!key.empty())
            pending.push_back({key, refs == &leads, static_cast<int>(into.size()) + pending_here++});
        }
      }
      return store::Done{};
    };
    std::map<std::string, Id> groups;
    for (const auto& t : r.tasks) {
      PlanTask pt;
      pt.plan_id = plan_id;
      if (!t.group.empty()) {
        auto g = groups.find(t.group);
        if (g == groups.end()) {
          TaskGroup tg{0, plan_id, std::to_string(groups.size() + 1), t.group};
          auto gid = st.create_task_group(tg);
          if (!gid) return detail::pass(gid.error());
          g = groups.emplace(t.group, *gid).first;
        }
        pt.group_id = g->second;
      }
      pt.ref = t.ref;
      pt.parent_ref = t.parent_ref;
      pt.text = t.text;
      pt.leader = t.leader;
      Pending pending;
      if (auto x = assign(t.lead, t.coordinating, pt.lead_agency_ids, pt.coordinating_agency_ids, pending); !x) return x;
      if (t.timeframe) pt.timeframe = *t.timeframe;
      pt.output = t.output;
      pt.source = t.source;
      auto tid = st.create_task(pt);
      if (!tid) return detail::pass(tid.error());
      for (const auto& n : pending) agencies.mention(n.key, {*tid, std::nullopt, n.lead, n.slot});
    }
    // A target printed without agencies (the 'Mục tiêu' items) belongs to the whole plan: it goes to
    // the agency leading most of the plan's tasks, which the office can change (PATCH /api/indicators).
    std::vector<AgencyRef> plan_lead;
    {
      std::map<std::string, std::pair<int, const AgencyRef*>> counts;
      for (const auto& t : r.tasks)
        if (!t.lead.empty()) {
          auto& c = counts[text::fold(t.lead.front().canonical.value_or(t.lead.front().name))];
          if (c.first++ == 0) c.second = &t.lead.front();
        }
      const AgencyRef* best = nullptr;
      int most = 0;
      for (const auto& t : r.tasks)  // in document order, so ties go to the first named
        if (!t.lead.empty())
          if (auto& c = counts[text::fold(t.lead.front().canonical.value_or(t.lead.front().name))]; c.first > most)
            most = c.first, best = c.second;
      if (best != nullptr) plan_lead.push_back(*best);
    }
    // One indicator per (ref, text); each imported phase row adds its targets.
    std::map<std::pair<std::string, std::string>, PlanIndicator> merged;
    std::map<std::pair<std::string, std::string>, Pending> indicator_pending;
    std::vector<std::pair<std::string, std::string>> order;
    for (const auto& i : r.indicators) {
      auto key = std::make_pair(i.ref, i.text);
      auto it = merged.find(key);
      if (it == merged.end()) {
        PlanIndicator pi;
        pi.plan_id = plan_id;
        pi.ref = i.ref;
        pi.text = i.text;
        pi.baseline = i.baseline;
        pi.source = i.source;
        const bool printed = !i.lead.empty() || !i.coordinating.empty();
        if (auto x = assign(printed ? i.lead : plan_lead, i.coordinating, pi.lead_agency_ids, pi.coordinating_agency_ids,
                            indicator_pending[key]);
            !x)
          return x;
        it = merged.emplace(key, std::move(pi)).first;
        order.push_back(key);
      }
      for (const auto& t : i.targets) {
        if (it->second.unit.empty()) it->second.unit = t.unit;
        PhaseTarget pt;
        pt.phase = i.phase.empty() ? std::to_string(plan.end.year) : i.phase;
        pt.target = t;
        const int y = std::atoi(pt.phase.c_str());
        pt.due = (y >= 2000 && y <= 2100) ? Date{y, 12, 31} : plan.end;
        it->second.targets.push_back(pt);
      }
    }
    for (const auto& key : order) {
      auto iid = st.create_indicator(merged[key]);
      if (!iid) return detail::pass(iid.error());
      for (const auto& n : indicator_pending[key]) agencies.mention(n.key, {std::nullopt, *iid, n.lead, n.slot});
    }
    if (auto saved = agencies.save(st, plan_id); !saved) return saved;
    return detail::audit(st, a, now_, "plan.import", "plan", plan_id, nullptr,
                         {{"file", *name},
                          {"format", r.format},
                          {"tasks", r.tasks.size()},
                          {"indicators", r.indicators.size()},
                          {"plan", detail::to_audit_json(plan)}});
  });
  if (!tx) return detail::pass(tx.error());
  return plan_id;
}

Expected<std::vector<Plan>> Service::list_plans(const Actor& a, const std::vector<PlanStatus>& statuses,
                                                std::optional<Id> agency, const std::string& text_filter) {
  store::PlanFilter f;
  f.statuses = statuses;
  if (a.anonymous() || a.role == Role::public_viewer) {
    f.org_id.reset();
  } else if (a.role != Role::admin) {
    f.org_id = a.org_id;
  }
  auto plans = st_.list_plans(f);
  if (!plans) return detail::pass(plans.error());
  const std::string needle = text::fold(text::trim(text_filter));
  std::vector<Plan> out;
  for (auto& p : *plans) {
    if (!detail::sees_whole_org(a, p.org_id) && !detail::is_public_status(p.status)) continue;
    if (!needle.empty() && text::fold(p.title).find(needle) == std::string::npos) continue;
    if (agency) {
      store::TaskFilter tf;
      tf.plan_id = p.id;
      tf.agency_id = agency;
      tf.limit = 1;
      auto any = st_.list_tasks(tf);
      if (!any) return detail::pass(any.error());
      if (any->empty()) continue;
    }
    out.push_back(std::move(p));
  }
  return out;
}

Expected<PlanView> Service::get_plan(const Actor& a, Id plan_id) {
  auto p = detail::visible_plan(st_, a, plan_id);
  if (!p) return detail::pass(p.error());
  PlanView v;
  v.plan = std::move(*p);
  auto groups = st_.list_task_groups(plan_id);
  if (!groups) return detail::pass(groups.error());
  v.groups = std::move(*groups);
  store::TaskFilter tf;
  tf.plan_id = plan_id;
  auto tasks = st_.list_tasks(tf);
  if (!tasks) return detail::pass(tasks.error());
  v.tasks = static_cast<std::int64_t>(tasks->size());
  auto inds = st_.list_indicators(plan_id);
  if (!inds) return detail::pass(inds.error());
  v.indicators = static_cast<std::int64_t>(inds->size());
  const bool draft = v.plan.status == PlanStatus::draft;
  auto names = detail::agency_name_views(st_, v.plan, draft);
  if (!names) return detail::pass(names.error());
  v.agency_names = std::move(*names);
  if (draft) {
    auto dups = detail::duplicates_of(st_, v.plan);
    if (!dups) return detail::pass(dups.error());
    v.duplicates = std::move(*dups);
  }
  return v;
}

namespace detail {

store::Result editable_plan(store::Store& st, const Actor& a, Id plan_id, Plan& out) {
  if (auto r = detail::require(a, Act::manage_plans); !r) return r;
  auto p = detail::visible_plan(st, a, plan_id);
  if (!p) return detail::pass(p.error());
  if (!detail::sees_whole_org(a, p->org_id)) return detail::forbidden("plan of another org");
  if (p->status != PlanStatus::draft)
    return detail::conflict("Kế hoạch đã ban hành, không sửa được; hãy tạo phiên bản sửa đổi.");
  out = std::move(*p);
  return store::Done{};
}

}  // namespace detail

store::Result Service::update_plan(const Actor& a, Id plan_id, const PlanPatch& patch) {
  Plan p;
  if (auto r = detail::editable_plan(st_, a, plan_id, p); !r) return r;
  const auto before = detail::to_audit_json(p);
  if (patch.title) {
    if (text::trim(*patch.title).empty()) return detail::invalid("Tên kế hoạch không được để trống.");
    p.title = std::string(text::trim(*patch.title));
  }
  if (patch.number) p.number = *patch.number;
  if (patch.signed_on) p.signed_on = *patch.signed_on;
  if (patch.start) p.start = *patch.start;
  if (patch.end) p.end = *patch.end;
  if (!(p.start < p.end)) return detail::invalid("Ngày bắt đầu phải trước ngày kết thúc.");
  if (patch.schedule) {
    // A partial schedule changes only the fields it names (PATCH semantics all the way down).
    static constexpr std::pair<std::optional<int> SchedulePatch::*, int ReportingSchedule::*> kDays[] = {
        {&SchedulePatch::monthly_due_day, &ReportingSchedule::monthly_due_day},
        {&SchedulePatch::quarterly_due_day, &ReportingSchedule::quarterly_due_day},
        {&SchedulePatch::semiannual_due_day, &ReportingSchedule::semiannual_due_day},
        {&SchedulePatch::annual_due_month, &ReportingSchedule::annual_due_month},
        {&SchedulePatch::annual_due_day, &ReportingSchedule::annual_due_day},
        {&SchedulePatch::cutoff_day, &ReportingSchedule::cutoff_day},
        {&SchedulePatch::lock_after_days, &ReportingSchedule::lock_after_days},
    };
    ReportingSchedule s = p.schedule;
    if (patch.schedule->frequencies) s.frequencies = *patch.schedule->frequencies;
    for (const auto& [from, to] : kDays)
      if (const auto& v = (*patch.schedule).*from) s.*to = *v;
    if (s.monthly_due_day < 1 || s.monthly_due_day > 31 || s.quarterly_due_day < 1 || s.quarterly_due_day > 31 ||
        s.semiannual_due_day < 1 || s.semiannual_due_day > 31 || s.annual_due_month < 1 || s.annual_due_month > 12 ||
        s.annual_due_day < 1 || s.annual_due_day > 31 || s.cutoff_day < 0 || s.cutoff_day > 28 ||
        s.lock_after_days < 0 || s.lock_after_days > 366)
      return detail::invalid("Lịch báo cáo (schedule) không hợp lệ (ngày 1–31, tháng 1–12, ngày chốt 0–28, khóa sau 0–366 ngày).");
    p.schedule = s;
  }
  if (patch.parent_plan_ids) {
    for (Id parent : *patch.parent_plan_ids)
      if (parent == plan_id || !st_.get_plan(parent)) return detail::invalid("Kế hoạch cấp trên không tồn tại.");
    p.parent_plan_ids = *patch.parent_plan_ids;
  }
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.update_plan(p); !r) return r;
    return detail::audit(st, a, now_, "plan.update", "plan", plan_id, before, detail::to_audit_json(p));
  });
}

store::Result Service::publish_plan(const Actor& a, Id plan_id) {
  Plan p;
  if (auto r = detail::editable_plan(st_, a, plan_id, p); !r) return r;
  const auto before = detail::to_audit_json(p);
  auto periods = generate_periods(p.schedule, p.start, p.end);
  return st_.transaction([&](store::Store& st) -> store::Result {
    auto existing = st.list_periods(plan_id);
    if (!existing) return detail::pass(existing.error());
    for (auto per : periods) {
      const bool have = std::any_of(existing->begin(), existing->end(), [&](const Period& e) {
        return e.frequency == per.frequency && e.label == per.label;
      });
      if (have) continue;
      per.plan_id = plan_id;
      if (auto id = st.create_period(per); !id) return detail::pass(id.error());
    }
    if (auto r = detail::confirm_agency_names(st, a, now_, p); !r) return r;
    p.status = p.replaces_plan_id ? PlanStatus::amended : PlanStatus::published;
    if (auto r = st.set_plan_status(plan_id, p.status); !r) return r;
    if (p.replaces_plan_id) {
      auto old = st.get_plan(*p.replaces_plan_id);
      if (!old) return detail::pass(old.error());
      if (auto r = st.set_plan_status(old->id, PlanStatus::replaced); !r) return r;
      auto after = detail::to_audit_json(*old);
      after["status"] = "replaced";
      if (auto r = detail::audit(st, a, now_, "plan.replace", "plan", old->id, detail::to_audit_json(*old), after); !r)
        return r;
    }
    return detail::audit(st, a, now_, "plan.publish", "plan", plan_id, before, detail::to_audit_json(p));
  });
}

Expected<Id> Service::amend_plan(const Actor& a, Id plan_id) {
  if (auto r = detail::require(a, Act::manage_plans); !r) return detail::pass(r.error());
  auto p = detail::visible_plan(st_, a, plan_id);
  if (!p) return detail::pass(p.error());
  if (!detail::sees_whole_org(a, p->org_id)) return detail::forbidden("plan of another org");
  if (p->status != PlanStatus::published && p->status != PlanStatus::amended)
    return detail::conflict("Chỉ sửa đổi được kế hoạch đang có hiệu lực (đã ban hành).");
  store::PlanFilter f;
  f.org_id = p->org_id;
  f.statuses = {PlanStatus::draft};
  auto drafts = st_.list_plans(f);
  if (!drafts) return detail::pass(drafts.error());
  for (const auto& d : *drafts)
    if (d.replaces_plan_id == plan_id)
      return detail::conflict("Kế hoạch đã có một bản sửa đổi đang soạn (số " + std::to_string(d.id) + ").");
  Id id = 0;
  auto tx = st_.transaction([&](store::Store& st) -> store::Result {
    Plan copy = *p;
    copy.id = 0;
    copy.version = p->version + 1;
    copy.status = PlanStatus::draft;
    copy.replaces_plan_id = plan_id;
    auto nid = st.create_plan(copy);
    if (!nid) return detail::pass(nid.error());
    id = *nid;
    std::map<Id, Id> groups;
    auto gs = st.list_task_groups(plan_id);
    if (!gs) return detail::pass(gs.error());
    for (auto g : *gs) {
      const Id old = g.id;
      g.id = 0;
      g.plan_id = id;
      auto gid = st.create_task_group(g);
      if (!gid) return detail::pass(gid.error());
      groups[old] = *gid;
    }
    store::TaskFilter tf;
    tf.plan_id = plan_id;
    auto tasks = st.list_tasks(tf);
    if (!tasks) return detail::pass(tasks.error());
    for (auto row : *tasks) {
      PlanTask t = row.task;
      t.id = 0;
      t.plan_id = id;
      if (t.group_id) t.group_id = groups[*t.group_id];
      if (auto tid = st.create_task(t); !tid) return detail::pass(tid.error());
    }
    auto inds = st.list_indicators(plan_id);
    if (!inds) return detail::pass(inds.error());
    for (auto ind : *inds) {
      ind.id = 0;
      ind.plan_id = id;
      if (auto iid = st.create_indicator(ind); !iid) return detail::pass(iid.error());
    }
    copy.id = id;
    return detail::audit(st, a, now_, "plan.amend", "plan", id, nullptr,
                         {{"replaces", plan_id}, {"plan", detail::to_audit_json(copy)}});
  });
  if (!tx) return detail::pass(tx.error());
  return id;
}

Expected<std::vector<Period>> Service::list_periods(const Actor& a, Id plan_id) {
  auto p = detail::visible_plan(st_, a, plan_id);
  if (!p) return detail::pass(p.error());
  return st_.list_periods(plan_id);
}

Expected<std::vector<TaskView>> Service::list_tasks(const Actor& a, const TaskQuery& q) {
  auto p = detail::visible_plan(st_, a, q.plan_id);
  if (!p) return detail::pass(p.error());
  if (q.limit < 0 || q.limit > 5000 || q.offset < 0) return detail::invalid("limit phải từ 0 đến 5000, offset ≥ 0.");
  std::optional<TaskStatus> wanted;
  if (!q.status.empty()) {
    wanted = task_status_from_string(q.status);
    if (!wanted) return detail::invalid("Trạng thái nhiệm vụ không hợp lệ: " + q.status);
  }
  store::TaskFilter f;
  f.plan_id = q.plan_id;
  f.agency_id = q.agency_id;
  f.group_id = q.group_id;
  f.text = q.text;
  auto rows = st_.list_tasks(f);
  if (!rows) return detail::pass(rows.error());
  const auto scope = detail::report_scope(a, p->org_id);
  auto ctx = detail::load_context(st_, *p, today(), scope);
  if (!ctx) return detail::pass(ctx.error());
  std::set<Id> in_period;
  if (q.period_id) {
    auto r = detail::reports_sent(st_, q.plan_id, *q.period_id, scope);
    if (!r) return detail::pass(r.error());
    for (const auto& [task, agency] : *r) in_period.insert(task);
  }
  std::vector<TaskView> out;
  int skipped = 0;
  for (const auto& row : *rows) {
    if (q.period_id && in_period.count(row.task.id) == 0) continue;
    auto v = detail::view_of(*ctx, row.task, today(), cfg_.task_rules);
    if (wanted && v.assessment.status != *wanted) continue;
    if (skipped++ < q.offset) continue;
    out.push_back(std::move(v));
    if (q.limit > 0 && static_cast<int>(out.size()) >= q.limit) break;
  }
  return out;
}

Expected<TaskView> Service::get_task(const Actor& a, Id task_id) {
  auto t = st_.get_task(task_id);
  if (!t) return t.error().code == "not_found" ? detail::not_found("nhiệm vụ") : detail::pass(t.error());
  auto p = detail::visible_plan(st_, a, t->plan_id);
  if (!p) return detail::not_found("nhiệm vụ");
  // This task's reports only, never the rest of the plan's.
  auto ctx = detail::load_context(st_, *p, today(), detail::report_scope(a, p->org_id), task_id);
  if (!ctx) return detail::pass(ctx.error());
  return detail::view_of(*ctx, *t, today(), cfg_.task_rules);
}

namespace {

// The lead and coordinating agencies an edit names must belong to the plan's organisation, each
// named once, a lead never also coordinating; one rule for tasks and targets. A collective agency
// with members may be named: it stands for its members (as at import).
store::Result assign_agencies(store::Store& st, Id org_id, const std::optional<std::vector<Id>>& lead_patch,
                              const std::optional<std::vector<Id>>& coord_patch, std::vector<Id>& leads,
                              std::vector<Id>& coordinating) {
  auto expand = [&](const std::vector<Id>& ids, const char* what) -> Expected<std::vector<Id>> {
    std::vector<Id> out;
    for (Id id : ids) {
      auto ag = st.get_agency(id);
      if (!ag || ag->org_id != org_id)
        return detail::invalid(std::string(what) + " không tồn tại: " + std::to_string(id));
      const auto stands_for =
          ag->kind == AgencyKind::collective && !ag->members.empty() ? ag->members : std::vector<Id>{id};
      for (Id x : stands_for)
        if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
    }
    return out;
  };
  if (lead_patch) {
    auto ids = expand(*lead_patch, "Cơ quan chủ trì");
    if (!ids) return detail::pass(ids.error());
    leads = std::move(*ids);
  }
  if (coord_patch) {
    auto ids = expand(*coord_patch, "Cơ quan phối hợp");
    if (!ids) return detail::pass(ids.error());
    coordinating = std::move(*ids);
  }
  // An agency made a lead leaves the coordinating list it was on; named in both lists of one edit, it
  // is refused (each agency has one role on a task).
  for (Id id : leads) {
    auto at = std::find(coordinating.begin(), coordinating.end(), id);
    if (at == coordinating.end()) continue;
    if (coord_patch && lead_patch)
      return detail::invalid("Cơ quan " + std::to_string(id) + " vừa chủ trì vừa phối hợp; mỗi cơ quan chỉ một vai trò.");
    if (coord_patch) return detail::invalid("Cơ quan " + std::to_string(id) + " đang chủ trì nhiệm vụ, không phối hợp được.");
    coordinating.erase(at);
  }
  return store::Done{};
}

}  // namespace

store::Result Service::update_task(const Actor& a, Id task_id, const TaskPatch& patch) {
  auto t = st_.get_task(task_id);
  if (!t) return t.error().code == "not_found" ? detail::not_found("nhiệm vụ") : detail::pass(t.error());
  Plan p;
  // The đầu mối is the office's working arrangement, not the signed text: it can be named or changed
  // while the plan is in force. Everything else is edited on a draft (or an amendment).
  const bool only_consolidating = patch.consolidating_agency_id && !patch.text && !patch.leader &&
                                  !patch.lead_agency_ids && !patch.coordinating_agency_ids && !patch.timeframe &&
                                  !patch.output;
  if (auto r = detail::editable_plan(st_, a, t->plan_id, p); !r) {
    if (!only_consolidating || r.error().code != "conflict") return r;
    auto visible = st_.get_plan(t->plan_id);
    if (!visible) return detail::pass(visible.error());
    if (visible->status == PlanStatus::replaced) return r;
    p = std::move(*visible);
  }
  const auto before = detail::to_audit_json(*t);
  if (patch.text) {
    if (text::trim(*patch.text).empty()) return detail::invalid("Nội dung nhiệm vụ không được để trống.");
    t->text = *patch.text;
  }
  if (patch.leader) t->leader = *patch.leader;
  if (auto r = assign_agencies(st_, p.org_id, patch.lead_agency_ids, patch.coordinating_agency_ids, t->lead_agency_ids,
                               t->coordinating_agency_ids);
      !r)
    return r;
  if (patch.consolidating_agency_id) t->consolidating_agency_id = *patch.consolidating_agency_id;
  if (t->consolidating_agency_id && !leads(*t, *t->consolidating_agency_id)) {
    if (patch.consolidating_agency_id)
      return detail::invalid("Cơ quan đầu mối phải là một trong các cơ quan chủ trì của nhiệm vụ.");
    t->consolidating_agency_id.reset();  // its lead was removed: every lead reports again
  }
  if (patch.timeframe) t->timeframe = *patch.timeframe;
  if (patch.output) t->output = *patch.output;
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.update_task(*t); !r) return r;
    return detail::audit(st, a, now_, "task.update", "task", task_id, before, detail::to_audit_json(*t));
  });
}

store::Result Service::update_indicator(const Actor& a, Id indicator_id, const IndicatorPatch& patch) {
  auto ind = st_.get_indicator(indicator_id);
  if (!ind) return ind.error().code == "not_found" ? detail::not_found("chỉ tiêu") : detail::pass(ind.error());
  Plan p;
  if (auto r = detail::editable_plan(st_, a, ind->plan_id, p); !r) return r;
  const auto before = detail::to_audit_json(*ind);
  if (auto r = assign_agencies(st_, p.org_id, patch.lead_agency_ids, patch.coordinating_agency_ids, ind->lead_agency_ids,
                               ind->coordinating_agency_ids);
      !r)
    return r;
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.update_indicator(*ind); !r) return r;
    return detail::audit(st, a, now_, "indicator.update", "indicator", indicator_id, before, detail::to_audit_json(*ind));
  });
}

Expected<std::vector<IndicatorView>> Service::list_indicators(const Actor& a, Id plan_id) {
  auto p = detail::visible_plan(st_, a, plan_id);
  if (!p) return detail::pass(p.error());
  auto inds = st_.list_indicators(plan_id);
  if (!inds) return detail::pass(inds.error());
  const auto scope = detail::report_scope(a, p->org_id);
  // Every value of the plan in one query, grouped by indicator (not one query per indicator).
  store::IndicatorValueFilter f;
  f.plan_id = plan_id;
  auto all_values = st_.list_indicator_values(f);
  if (!all_values) return detail::pass(all_values.error());
  std::map<Id, std::vector<IndicatorValue>> values_of;
  for (auto& val : *all_values) values_of[val.indicator_id].push_back(std::move(val));
  std::vector<IndicatorView> out;
  for (auto& ind : *inds) {
    IndicatorView v;
    for (const auto& val : values_of[ind.id]) {
      const bool counts = detail::is_sent(val.status) && scope.admits(val.status, val.agency_id);
      if (counts && (!v.latest || v.latest->measured_on < val.measured_on ||
                     (v.latest->measured_on == val.measured_on && v.latest->id < val.id)))
        v.latest = val;
    }
    // The phase judged: the earliest target not yet past on the measurement day (else the last).
    const Date when = v.latest ? v.latest->measured_on : today();
    for (const auto& t : ind.targets)
      if (!v.phase || (v.phase->due < when && v.phase->due < t.due) || (!(t.due < when) && t.due < v.phase->due))
        v.phase = t;
    if (v.phase) {
      IndicatorFacts f2;
      f2.direction = ind.direction;
      f2.target = v.phase->target;
      f2.target_due = v.phase->due;
      f2.baseline = ind.baseline;
      f2.baseline_on = ind.baseline_on ? ind.baseline_on : std::optional<Date>(p->start);
      if (v.latest) {
        f2.value = v.latest->value;
        f2.measured_on = v.latest->measured_on;
      }
      v.assessment = assess_indicator(f2, cfg_.indicator_rules);
    }
    v.indicator = std::move(ind);
    out.push_back(std::move(v));
  }
  return out;
}

Expected<FileMeta> Service::upload_file(const Actor& a, const FileUpload& f) {
  if (auto r = detail::require(a, Act::upload_file); !r) return detail::pass(r.error());
  auto name = clean_file_name(f.name);
  if (!name) return detail::pass(name.error());
  if (static_cast<std::int64_t>(f.content.size()) > cfg_.max_file_bytes)
    return fail("too_large", "Tệp " + *name + " vượt quá giới hạn " + std::to_string(cfg_.max_file_bytes >> 20) + " MB.");
  if (f.content.empty()) return detail::invalid("Tệp " + *name + " rỗng.");
  store::StoredFile sf;
  sf.key = random_token(18);
  sf.org_id = a.org_id;
  sf.name = *name;
  switch (ingest::sniff(f.content)) {
    case ingest::Kind::pdf: sf.content_type = "application/pdf"; break;
    case ingest::Kind::docx:
      sf.content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
      break;
    case ingest::Kind::image: sf.content_type = "image/*"; break;
    case ingest::Kind::text:
      sf.content_type = text::valid_utf8(f.content) ? "text/plain; charset=utf-8" : "application/octet-stream";
      break;
    case ingest::Kind::unknown: sf.content_type = "application/octet-stream"; break;
  }
  sf.size = static_cast<std::int64_t>(f.content.size());
  sf.sha256 = sha256_hex(f.content);
  sf.uploaded_by = a.user_id;
  sf.at = now_;
  sf.content = f.content;
  auto r = st_.transaction([&](store::Store& st) -> store::Result {
    if (auto put = st.put_file(sf); !put) return put;
    return detail::audit(st, a, now_, "file.upload", "file", 0, nullptr,
                         {{"key", sf.key}, {"name", sf.name}, {"size", sf.size}, {"sha256", sf.sha256}});
  });
  if (!r) return detail::pass(r.error());
  return FileMeta{sf.key, sf.name, sf.content_type, sf.sha256, sf.size};
}

Expected<store::StoredFile> Service::download_file(const Actor& a, const std::string& key) {
  if (a.anonymous()) return detail::unauthenticated();
  if (key.empty() || key.size() > 64) return detail::not_found("tệp");
  auto f = st_.get_file(key, true);
  if (!f) return f.error().code == "not_found" ? detail::not_found("tệp") : detail::pass(f.error());
  if (a.role != Role::admin && f->org_id != a.org_id) return detail::not_found("tệp", "file of another org");
  return f;
}

}  // namespace planwatch::service
