#include "planwatch/extract/json.hpp"

namespace planwatch::extract {
namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json source(const SourceSpan& s) {
  json j = {{"lines", {s.first, s.last}}};
  if (s.page > 0) j["page"] = s.page;
  return j;
}

json agencies(const std::vector<AgencyRef>& v) {
  json a = json::array();
  for (const auto& r : v) a.push_back({{"name", r.name}, {"canonical", opt(r.canonical)}});
  return a;
}

json timeframe(const std::optional<Timeframe>& t) {
  if (!t) return nullptr;
  return {{"raw", t->raw},
          {"kind", to_string(t->kind)},
          {"start", t->start ? json(to_iso(*t->start)) : json(nullptr)},
          {"due", t->due ? json(to_iso(*t->due)) : json(nullptr)}};
}

json number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json to_json(const ImportResult& r) {
  json plan = {{"doc_type", opt(r.plan.doc_type)},
               {"issuer", opt(r.plan.issuer)},
               {"number", opt(r.plan.number)},
               {"date", r.plan.date ? json(to_iso(*r.plan.date)) : json(nullptr)},
               {"title", opt(r.plan.title)},
               {"bases", r.plan.bases},
               {"source", source(r.plan.source)}};
  json indicators = json::array();
  for (const auto& i : r.indicators) {
    json targets = json::array();
    for (const auto& t : i.targets)
      targets.push_back({{"op", to_string(t.op)}, {"value", number(t.value)}, {"value_max", number(t.value_max)}, {"unit", t.unit}});
    json ind = {{"ref", i.ref}, {"phase", i.phase}, {"text", i.text}, {"targets", targets},
                {"lead", agencies(i.lead)}, {"coordinating", agencies(i.coordinating)},
                {"source", source(i.source)}, {"confidence", i.confidence}};
    if (i.baseline) ind["baseline"] = {{"value", *i.baseline}, {"label", i.baseline_label.value_or("")}};
    indicators.push_back(std::move(ind));
  }
  json tasks = json::array();
  for (const auto& t : r.tasks) {
    tasks.push_back({{"ref", t.ref}, {"group", t.group}, {"parent_ref", opt(t.parent_ref)}, {"text", t.text},
                     {"leader", opt(t.leader)}, {"lead", agencies(t.lead)}, {"coordinating", agencies(t.coordinating)},
                     {"timeframe", timeframe(t.timeframe)}, {"output", opt(t.output)}, {"source", source(t.source)},
                     {"confidence", t.confidence}});
  }
  json reporting = json::array();
  for (const auto& d : r.reporting)
    reporting.push_back({{"who", d.who}, {"to", opt(d.to)}, {"frequency", to_string(d.frequency)}, {"due", opt(d.due)},
                         {"source", source(d.source)}});
  json warnings = json::array();
  for (const auto& w : r.warnings) warnings.push_back({{"message", w.message}, {"source", source(w.source)}});
  return {{"document", r.document}, {"format", r.format}, {"plan", plan}, {"indicators", indicators},
          {"tasks", tasks}, {"reporting", reporting}, {"warnings", warnings}};
}

}  // namespace planwatch::extract
