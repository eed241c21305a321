// Indicator tables in tab-separated rows: one row per indicator, one column per phase
// ("STT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030 | Cơ quan chủ trì"), or a single target column.
// Each (row, phase column) with a value becomes one indicator for that phase.
#include <algorithm>
#include <cctype>

#include "planwatch/extract/agencies.hpp"
#include "planwatch/extract/targets.hpp"
#include "planwatch/text/numbers.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "tables.hpp"

namespace planwatch::extract {
namespace {

using text::contains;

enum class ICol { num, text, unit, phase, baseline, lead, coord, other };

struct Column {
  ICol kind = ICol::other;
  std::string phase;  // for phase columns: "2025", "2026-2030"
};

// "Năm 2025", "Đến năm 2030", "2026-2030", "Giai đoạn 2026 - 2030" → the phase label.
std::string phase_of_header(const std::string& f) {
  std::vector<std::string> years;
  for (std::size_t p = 0; p + 4 <= f.size(); ++p)
    if (is_year(f, p) && (p == 0 || !std::isdigit(static_cast<unsigned char>(f[p - 1])))) years.push_back(f.substr(p, 4));
  if (years.empty()) return {};
  if (years.size() >= 2 && (contains(f, "giai doan") || contains(f, "-"))) return years.front() + "-" + years.back();
  return years.back();
}

Column column_of(const std::string& cell) {
  std::string f(text::trim(cell));
  Column c;
  if (f.empty()) return c;
  if (f == "stt" || f == "tt") c.kind = ICol::num;
  else if (contains(f, "don vi tinh") || f == "dvt" || f == "don vi") c.kind = ICol::unit;
  else if (contains(f, "chu tri")) c.kind = ICol::lead;
  else if (contains(f, "phoi hop")) c.kind = ICol::coord;
  else if (contains(f, "hien trang") || contains(f, "co so") || contains(f, "thuc hien nam") || contains(f, "uoc")) c.kind = ICol::baseline;
  else if (!phase_of_header(f).empty()) {
    c.kind = ICol::phase;
    c.phase = phase_of_header(f);
  } else if (contains(f, "chi tieu") || contains(f, "noi dung") || contains(f, "ten ")) c.kind = ICol::text;
  else if (contains(f, "muc tieu")) c.kind = ICol::phase;  // a single target column; phase from the plan
  return c;
}

bool is_indicator_header(const CLine& l) {
  const auto& f = l.folded;
  return l.text.find('\t') != std::string::npos && contains(f, "chi tieu") && !contains(f, "nhiem vu") &&
         (contains(f, "don vi tinh") || contains(f, "dvt") || contains(f, "nam 20") || contains(f, "muc tieu") ||
          contains(f, "chu tri"));
}

}  // namespace

std::vector<Indicator> parse_tab_indicator_tables(const std::vector<CLine>& lines, std::size_t begin, std::size_t end,
                                                  const std::string& default_phase) {
  std::vector<Indicator> out;
  std::vector<Column> cols;
  std::size_t header_at = begin;
  std::string group;
  for (std::size_t i = begin; i < end; ++i) {
    const CLine& l = lines[i];
    if (l.text.find('\t') == std::string::npos) continue;
    if (is_indicator_header(l)) {
      cols.clear();
      header_at = i;
      for (auto c : text::split(l.folded, '\t')) cols.push_back(column_of(std::string(c)));
      // A two-line header: "Năm 2025 | Năm 2030" under "Mục tiêu" on the next row.
      continue;
    }
    if (cols.empty()) continue;
    auto raw = text::split(l.text, '\t');
    // A row of phase years under a merged header cell fills in the phases.
    bool year_row = true, any_year = false;
    for (auto c : raw) {
      auto t = text::fold(text::trim(c));
      if (t.empty()) continue;
      if (phase_of_header(t).empty()) year_row = false;
      else any_year = true;
    }
    if (year_row && any_year) {
      for (std::size_t k = 0; k < raw.size() && k < cols.size(); ++k) {
        auto ph = phase_of_header(text::fold(text::trim(raw[k])));
        if (!ph.empty()) cols[k] = Column{ICol::phase, ph};
      }
      continue;
    }
    std::string num, name, unit, lead, coord, baseline, baseline_label;
    std::vector<std::pair<std::string, std::string>> values;  // (phase, cell)
    for (std::size_t k = 0; k < raw.size() && k < cols.size(); ++k) {
      std::string cell = text::collapse_spaces(raw[k]);
      switch (cols[k].kind) {
        case ICol::num: num = cell; break;
        case ICol::text: name = cell; break;
        case ICol::unit: unit = cell; break;
        case ICol::lead: lead = cell; break;
        case ICol::coord: coord = cell; break;
        case ICol::baseline:
          baseline = cell;
          baseline_label = text::collapse_spaces(text::split(lines[header_at].text, '\t')[k]);
          break;
        case ICol::phase:
          if (!cell.empty()) values.emplace_back(cols[k].phase.empty() ? default_phase : cols[k].phase, cell);
          break;
        default: break;
      }
    }
    if (name.empty()) continue;
    if (values.empty()) {  // a group row
      group = name;
      continue;
    }
    while (!num.empty() && num.back() == '.') num.pop_back();
    for (const auto& [phase, cell] : values) {
      Indicator ind;
      ind.ref = num;
      ind.phase = phase;
      ind.text = name;
      // The cell carries the comparator and value ("≥ 80", "tối thiểu 5.000", "01-02"); the unit
      // column names what is counted.
      std::string stated = cell + (unit == "%" ? "" : " ") + unit;
      ind.targets = parse_targets(stated);
      if (ind.targets.empty()) ind.targets.push_back(Target{});
      if (auto b = text::parse_vn_number(baseline)) {
        ind.baseline = *b;
        ind.baseline_label = baseline_label;
      }
      ind.lead = agency_refs(lead);
      ind.coordinating = agency_refs(coord);
      ind.source = span_of(l, l);
      ind.confidence = 0.8;
      out.push_back(std::move(ind));
    }
  }
  return out;
}

}  // namespace planwatch::extract
