// Draft review: what an import leaves for the office to confirm before a plan goes public.
//
// Agency names the importer could not match to an agency of the organisation are not created at
// import (a draft must add nothing to the public agency list): they stay on the draft as
// PlanAgencyName rows with the tasks and targets that printed them. The office resolves each one
// (an existing agency — suggested by gazetteer alias and word similarity —, a new agency, or text);
// publishing confirms: "agency" and "create" decisions, and "named" bodies still pending, become the
// tasks' and targets' agencies. A collective phrase printed as a lead ("UBND các xã, phường") becomes
// one agency of kind collective — or, when the office lists the bodies it stands for (members), those
// bodies lead, and the collective agency remembers the list for the organisation's next import. As a
// coordinating agency only ("các sở, ngành liên quan") a collective phrase stays text.
// Duplicate imports (same bytes, or same number and date) are flagged; a draft can be deleted.
#include <algorithm>
#include <climits>
#include <map>
#include <set>

#include "access.hpp"
#include "internal.hpp"
#include "planwatch/extract/agencies.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::service {

namespace {

std::set<std::string> words_of(const std::string& s) {
  std::set<std::string> out;
  std::string cur;
  for (char ch : text::fold(s) + " ") {
    if (std::isalnum(static_cast<unsigned char>(ch)) != 0 || static_cast<unsigned char>(ch) >= 0x80) {
      cur += ch;
    } else if (!cur.empty()) {
      out.insert(cur);
      cur.clear();
    }
  }
  return out;
}

// Dice coefficient of the folded word sets: "Sở Ngoại vụ" ~ "Sở Nội vụ" 0.67.
double similarity(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (const auto& w : a) common += b.count(w);
  return 2.0 * static_cast<double>(common) / static_cast<double>(a.size() + b.size());
}

constexpr double kSuggestAt = 0.5;
constexpr std::size_t kSuggestions = 3;

std::vector<AgencySuggestion> suggest(const std::string& name, const std::vector<Agency>& agencies) {
  const auto words = words_of(name);
  const auto canon = extract::canonical_agency(name);
  std::vector<AgencySuggestion> out;
  for (const auto& ag : agencies) {
    double best = 0;
    std::vector<std::string> forms = ag.aliases;
    forms.push_back(ag.name);
    for (const auto& f : forms) {
      // Same body in the gazetteer (an abbreviation or another spelling of it) counts as an alias.
      const auto fc = extract::canonical_agency(f);
      if (canon && fc && text::fold(*canon) == text::fold(*fc)) best = 1.0;
      best = std::max(best, similarity(words, words_of(f)));
    }
    if (best >= kSuggestAt) out.push_back({ag.id, ag.name, best});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.score > y.score; });
  if (out.size() > kSuggestions) out.resize(kSuggestions);
  return out;
}

}  // namespace

namespace detail {

Expected<std::vector<AgencyNameView>> agency_name_views(store::Store& st, const Plan& plan, bool suggestions) {
  auto names = st.list_agency_names(plan.id);
  if (!names) return pass(names.error());
  std::vector<Agency> agencies;
  if (suggestions && !names->empty()) {
    auto all = st.list_agencies(plan.org_id);
    if (!all) return pass(all.error());
    agencies = std::move(*all);
  }
  std::vector<AgencyNameView> out;
  for (auto& n : *names) {
    // Once published, only what stayed text is of interest (the rest are agencies now).
    if (plan.status != PlanStatus::draft && n.decision == "agency") continue;
    AgencyNameView v;
    if (suggestions && n.kind != "collective" && n.decision != "agency") v.suggestions = suggest(n.name, agencies);
    v.name = std::move(n);
    out.push_back(std::move(v));
  }
  return out;
}

Expected<std::vector<DuplicatePlan>> duplicates_of(store::Store& st, const Plan& plan) {
  store::PlanFilter f;
  f.org_id = plan.org_id;
  auto plans = st.list_plans(f);
  if (!plans) return pass(plans.error());
  std::vector<DuplicatePlan> out;
  for (const auto& p : *plans) {
    if (p.id == plan.id || p.status == PlanStatus::replaced) continue;
    if (plan.source_sha256 && p.source_sha256 == plan.source_sha256)
      out.push_back({p.id, p.title, p.status, "same_file"});
    else if (plan.number && plan.signed_on && p.number && p.signed_on &&
             text::fold(*p.number) == text::fold(*plan.number) && *p.signed_on == *plan.signed_on &&
             p.replaces_plan_id != plan.id && plan.replaces_plan_id != p.id)  // an amendment is not a duplicate
      out.push_back({p.id, p.title, p.status, "same_number_date"});
  }
  return out;
}

store::Result confirm_agency_names(store::Store& st, const Actor& a, Timestamp now, const Plan& plan) {
  auto names = st.list_agency_names(plan.id);
  if (!names) return pass(names.error());
  struct Insert {
    int slot;
    bool lead;
    std::vector<Id> ids;
  };
  std::map<std::pair<bool, Id>, std::vector<Insert>> inserts;  // (indicator?, row id) → its confirmed names
  for (auto& n : *names) {
    const bool collective = n.kind == "collective";
    const bool create = n.decision == "create" || (n.decision == "pending" && (n.kind == "named" || collective));
    if (n.decision != "agency" && !create) continue;
    if (create) {
      auto found = st.find_agencies(plan.org_id, n.name);  // created since the import?
      if (!found) return pass(found.error());
      if (!found->empty()) {
        n.agency_id = found->front().id;
        if (collective && !n.members.empty() && found->front().kind == AgencyKind::collective &&
            found->front().members != n.members) {
          Agency ag = found->front();
          ag.members = n.members;  // the office's latest word on what the phrase stands for
          if (auto r = st.update_agency(ag); !r) return r;
        }
      } else {
        Agency ag{0, plan.org_id, n.name, {}, {}, {}, collective ? AgencyKind::collective : AgencyKind::named,
                  collective ? n.members : std::vector<Id>{}};
        auto id = st.create_agency(ag);
        if (!id) return pass(id.error());
        n.agency_id = *id;
        if (auto r = audit(st, a, now, "agency.create", "agency", *id, nullptr,
                           {{"name", n.name}, {"plan", plan.id}, {"kind", to_string(ag.kind)}, {"members", ag.members}});
            !r)
          return r;
      }
    }
    if (!n.agency_id) continue;
    auto agency = st.get_agency(*n.agency_id);
    if (!agency) return pass(agency.error());
    // A collective agency with members stands for them; any other agency for itself.
    const std::vector<Id> ids = agency->kind == AgencyKind::collective && !agency->members.empty()
                                    ? agency->members
                                    : std::vector<Id>{agency->id};
    for (const auto& m : n.mentions) {
      if (m.task_id) inserts[{false, *m.task_id}].push_back({m.slot, m.lead, ids});
      if (m.indicator_id) inserts[{true, *m.indicator_id}].push_back({m.slot, m.lead, ids});
    }
    n.decision = "agency";
    if (auto r = st.update_agency_name(n); !r) return r;
  }
  // Each row's confirmed names go where they were printed: by slot, each shifted by the names before
  // it that added more or fewer agencies than the one slot they held (a collective's members, a name
  // already on the row, a name left as text is simply absent). Printed as a lead, the agencies lead;
  // else they coordinate; one already on the row keeps its place (an edit by the office wins).
  for (auto& entry : inserts) {
    const auto& row = entry.first;
    auto& list = entry.second;  // not a structured binding: clang 14 cannot capture those in a lambda
    std::stable_sort(list.begin(), list.end(), [](const Insert& x, const Insert& y) {
      return (x.slot < 0 ? INT_MAX : x.slot) < (y.slot < 0 ? INT_MAX : y.slot);
    });
    auto place = [&](std::vector<Id>& leads, std::vector<Id>& coord) {
      int shift[2] = {0, 0};  // per list: agencies inserted minus slots consumed
      for (const auto& in : list) {
        auto& into = in.lead ? leads : coord;
        int& sh = shift[in.lead ? 0 : 1];
        auto at = in.slot < 0 ? into.size() : std::min(into.size(), static_cast<std::size_t>(std::max(0, in.slot + sh)));
        --sh;  // the slot the name held
        for (Id id : in.ids) {
          if (std::find(leads.begin(), leads.end(), id) != leads.end() ||
              std::find(coord.begin(), coord.end(), id) != coord.end())
            continue;
          into.insert(into.begin() + static_cast<std::ptrdiff_t>(at++), id);
          ++sh;
        }
      }
    };
    if (!row.first) {
      auto t = st.get_task(row.second);
      if (!t) return pass(t.error());
      place(t->lead_agency_ids, t->coordinating_agency_ids);
      if (auto r = st.update_task(*t); !r) return r;
    } else {
      auto i = st.get_indicator(row.second);
      if (!i) return pass(i.error());
      place(i->lead_agency_ids, i->coordinating_agency_ids);
      if (auto r = st.update_indicator(*i); !r) return r;
    }
  }
  return store::Done{};
}

}  // namespace detail

store::Result Service::delete_plan(const Actor& a, Id plan_id) {
  Plan p;
  if (auto r = detail::editable_plan(st_, a, plan_id, p); !r) {
    if (r.error().code == "conflict")
      return detail::conflict("Kế hoạch đã ban hành, không xóa được; chỉ xóa được kế hoạch dự thảo.");
    return r;
  }
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.delete_plan(plan_id); !r) {
      if (r.error().code == "invalid")
        return detail::conflict("Dự thảo đang được tham chiếu (kế hoạch khác hoặc yêu cầu giải trình), không xóa được.",
                                r.error().detail);
      return r;
    }
    auto before = detail::to_audit_json(p);
    before["org_id"] = p.org_id;
    return detail::audit(st, a, now_, "plan.delete", "plan", plan_id, before, nullptr);
  });
}

store::Result Service::resolve_agency_name(const Actor& a, Id plan_id, Id name_id, const std::string& decision,
                                          std::optional<Id> agency_id, const std::vector<Id>& members) {
  Plan p;
  if (auto r = detail::editable_plan(st_, a, plan_id, p); !r) return r;
  auto names = st_.list_agency_names(plan_id);
  if (!names) return detail::pass(names.error());
  auto it = std::find_if(names->begin(), names->end(), [&](const PlanAgencyName& n) { return n.id == name_id; });
  if (it == names->end()) return detail::not_found("tên cơ quan của kế hoạch");
  static constexpr std::string_view kDecisions[] = {"pending", "agency", "create", "text"};
  if (std::find(std::begin(kDecisions), std::end(kDecisions), decision) == std::end(kDecisions))
    return detail::invalid("Trường 'decision' phải là một trong: pending, agency, create, text.");
  if (decision == "agency") {
    if (!agency_id) return detail::invalid("Thiếu trường 'agency_id' (cơ quan đã có).");
    auto ag = st_.get_agency(*agency_id);
    if (!ag || ag->org_id != p.org_id) return detail::invalid("Cơ quan không tồn tại: " + std::to_string(*agency_id));
  } else if (agency_id) {
    return detail::invalid("Trường 'agency_id' chỉ dùng với decision = agency.");
  }
  const bool printed_as_lead =
      std::any_of(it->mentions.begin(), it->mentions.end(), [](const AgencyMention& m) { return m.lead; });
  if (decision == "create" && it->kind == "collective" && !printed_as_lead)
    return detail::invalid("'" + it->name + "' chỉ nhiều cơ quan phối hợp không xác định, không tạo thành cơ quan được; "
                           "hãy giữ dạng văn bản hoặc chọn cơ quan cụ thể.");
  if (!members.empty()) {
    // Expanding a collective name: the bodies it stands for, named agencies of the organisation.
    if (it->kind != "collective" || decision != "create")
      return detail::invalid("Trường 'members' chỉ dùng cho tên chỉ nhiều cơ quan (kind = collective) với decision = create.");
    if (auto r = detail::check_members(st_, p.org_id, AgencyKind::collective, members, std::nullopt); !r) return r;
  }
  auto json_of = [](const PlanAgencyName& n) {
    return nlohmann::json{{"name", n.name},
                          {"decision", n.decision},
                          {"agency_id", n.agency_id ? nlohmann::json(*n.agency_id) : nlohmann::json()},
                          {"members", n.members}};
  };
  const nlohmann::json before = json_of(*it);
  it->decision = decision;
  it->agency_id = agency_id;
  it->members = members;
  return st_.transaction([&](store::Store& st) -> store::Result {
    if (auto r = st.update_agency_name(*it); !r) return r;
    return detail::audit(st, a, now_, "plan.agency_name", "plan", plan_id, before, json_of(*it));
  });
}

}  // namespace planwatch::service
