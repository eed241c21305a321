// SqlStore: a plan's indicators (phase targets, lead and coordinating agencies) and the values
// agencies report for them.
#include "sql_shared.hpp"

#include <algorithm>
#include <map>

#include "planwatch/text/unicode.hpp"

namespace planwatch::store::detail {

namespace {

constexpr const char* kIndicatorCols =
    "id, plan_id, ref, text, unit, baseline, baseline_on, direction, source_first, source_last, source_page";
constexpr const char* kValueCols = "id, indicator_id, period_id, agency_id, value, measured_on, note, status";

PlanIndicator indicator_of(const Row& r) {
  PlanIndicator i;
  i.id = r.i(0);
  i.plan_id = r.i(1);
  i.ref = r.s(2);
  i.text = r.s(3);
  i.unit = r.s(4);
  i.baseline = r.od(5);
  i.baseline_on = date_of(r.os(6));
  i.direction = direction_of(r.s(7));
  i.source = {r.i32(8), r.i32(9), r.i32(10)};
  return i;
}

IndicatorValue value_of(const Row& r) {
  IndicatorValue v;
  v.id = r.i(0);
  v.indicator_id = r.i(1);
  v.period_id = r.i(2);
  v.agency_id = r.i(3);
  v.value = r.d(4);
  v.measured_on = date_of(r.s(5));
  v.note = r.s(6);
  v.status = report_status_of(r.s(7));
  return v;
}

Params indicator_params(const PlanIndicator& i) {
  return {i.plan_id,         i.ref,           i.text,          text::fold(i.text), i.unit,
          i.baseline,        iso(i.baseline_on), name_of(i.direction), i.source.first, i.source.last,
          i.source.page};
}

}  // namespace

// ---- indicators --------------------------------------------------------------------------------

Result SqlStore::write_targets(Id indicator_id, const std::vector<PhaseTarget>& targets) {
  PW_CHECK(q("DELETE FROM indicator_targets WHERE indicator_id = ?", {indicator_id}));
  int position = 0;
  for (const auto& t : targets)
    PW_CHECK(q("INSERT INTO indicator_targets (indicator_id, position, phase, op, value, value_max, unit, due) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               {indicator_id, position++, t.phase, name_of(t.target.op), t.target.value, t.target.value_max,
                t.target.unit, iso(t.due)}));
  return Done{};
}

Expected<std::vector<PlanIndicator>> SqlStore::indicators_where(const std::string& where, const Params& params) {
  PW_TRY(rows, q(std::string("SELECT ") + kIndicatorCols + " FROM indicators WHERE " + where + " ORDER BY id", params));
  std::vector<PlanIndicator> out;
  std::vector<Id> ids;
  for (const auto& r : rows.rows) {
    out.push_back(indicator_of(r));
    ids.push_back(out.back().id);
  }
  PW_TRY(roles, role_links("indicator_agencies", "indicator_id", ids));
  std::map<Id, std::vector<PhaseTarget>> targets;
  for (std::size_t from = 0; from < ids.size(); from += 500) {
    const std::size_t n = std::min<std::size_t>(500, ids.size() - from);
    Params p(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(from + n));
    PW_TRY(trows, q("SELECT indicator_id, phase, op, value, value_max, unit, due FROM indicator_targets "
                    "WHERE indicator_id IN (" + placeholders(n) + ") ORDER BY indicator_id, position",
                    p));
    for (const auto& r : trows.rows)
      targets[r.i(0)].push_back({r.s(1), Target{target_op_of(r.s(2)), r.od(3), r.od(4), r.s(5)}, date_of(r.s(6))});
  }
  for (auto& i : out) {
    i.lead_agency_ids = std::move(roles[i.id].lead);
    i.coordinating_agency_ids = std::move(roles[i.id].coordinating);
    i.targets = std::move(targets[i.id]);
  }
  return out;
}

Expected<Id> SqlStore::create_indicator(const PlanIndicator& i) {
  return guarded([&]() -> Expected<Id> {
    return atomic([&]() -> Expected<Id> {
      PW_TRY(id, insert("INSERT INTO indicators (plan_id, ref, text, text_folded, unit, baseline, baseline_on, "
                        "direction, source_first, source_last, source_page) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        indicator_params(i)));
      PW_CHECK(write_targets(id, i.targets));
      PW_CHECK(replace_roles("indicator_agencies", "indicator_id", id, i.lead_agency_ids, i.coordinating_agency_ids));
      return id;
    });
  });
}

Expected<PlanIndicator> SqlStore::get_indicator(Id id) {
  return guarded([&]() -> Expected<PlanIndicator> {
    PW_TRY(list, indicators_where("id = ?", {id}));
    if (list.empty()) return error("not_found", "indicator");
    return std::move(list[0]);
  });
}

Result SqlStore::update_indicator(const PlanIndicator& i) {
  return guarded([&]() -> Result {
    return atomic([&]() -> Result {
      Params params = indicator_params(i);
      params.emplace_back(i.id);
      PW_CHECK(write_one("UPDATE indicators SET plan_id = ?, ref = ?, text = ?, text_folded = ?, unit = ?, baseline = ?, "
                         "baseline_on = ?, direction = ?, source_first = ?, source_last = ?, "
                         "source_page = ? WHERE id = ?",
                         params, "indicator"));
      PW_CHECK(write_targets(i.id, i.targets));
      return replace_roles("indicator_agencies", "indicator_id", i.id, i.lead_agency_ids, i.coordinating_agency_ids);
    });
  });
}

Expected<std::vector<PlanIndicator>> SqlStore::list_indicators(Id plan_id) {
  return guarded([&]() { return indicators_where("plan_id = ?", {plan_id}); });
}

// ---- indicator values --------------------------------------------------------------------------

Expected<Id> SqlStore::create_indicator_value(const IndicatorValue& v) {
  return guarded([&]() -> Expected<Id> {
    return insert("INSERT INTO indicator_values (indicator_id, period_id, agency_id, value, measured_on, note, status) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {v.indicator_id, v.period_id, v.agency_id, v.value, iso(v.measured_on), v.note, name_of(v.status)});
  });
}

Expected<IndicatorValue> SqlStore::get_indicator_value(Id id) {
  return guarded([&]() -> Expected<IndicatorValue> {
    PW_TRY(row, one(std::string("SELECT ") + kValueCols + " FROM indicator_values WHERE id = ?", {id}, "indicator value"));
    return value_of(row);
  });
}

Result SqlStore::update_indicator_value(const IndicatorValue& v) {
  return guarded([&]() -> Result {
    PW_TRY(rows, q("UPDATE indicator_values SET value = ?, measured_on = ?, note = ?, status = ? "
                   "WHERE id = ? AND status <> 'accepted'",
                   {v.value, iso(v.measured_on), v.note, name_of(v.status), v.id}));
    if (rows.changes > 0) return Done{};
    PW_CHECK(one("SELECT id FROM indicator_values WHERE id = ?", {v.id}, "indicator value"));
    return error("conflict", "indicator value " + std::to_string(v.id) + " is accepted");
  });
}

Expected<std::vector<IndicatorValue>> SqlStore::list_indicator_values(const IndicatorValueFilter& f) {
  return guarded([&]() -> Expected<std::vector<IndicatorValue>> {
    std::string where = "1 = 1";
    Params params;
    if (f.indicator_id) {
      where += " AND indicator_id = ?";
      params.emplace_back(*f.indicator_id);
    }
    if (f.period_id) {
      where += " AND period_id = ?";
      params.emplace_back(*f.period_id);
    }
    if (f.agency_id) {
      where += " AND agency_id = ?";
      params.emplace_back(*f.agency_id);
    }
    if (f.plan_id) {
      where += " AND indicator_id IN (SELECT id FROM indicators WHERE plan_id = ?)";
      params.emplace_back(*f.plan_id);
    }
    PW_TRY(rows, q(std::string("SELECT ") + kValueCols + " FROM indicator_values WHERE " + where + " ORDER BY id", params));
    std::vector<IndicatorValue> out;
    for (const auto& r : rows.rows) out.push_back(value_of(r));
    return out;
  });
}

}  // namespace planwatch::store::detail
