#include "codec.hpp"

#include <charconv>
#include <cstdio>
#include <sstream>
#include <nlohmann/json.hpp>

#include "db.hpp"

namespace planwatch::store::detail {
// The spellings themselves live with the domain enums (planwatch/domain/{plan,monitoring}.hpp); a
// value the database should never hold (its CHECK constraints refuse them) reads as the default.
const char* name_of(Role r) noexcept { return to_string(r); }
const char* name_of(PlanStatus s) noexcept { return to_string(s); }
const char* name_of(ReportStatus s) noexcept { return to_string(s); }
const char* name_of(Progress p) noexcept { return to_string(p); }
const char* name_of(Frequency f) noexcept { return to_string(f); }
const char* name_of(TimeframeKind k) noexcept { return to_string(k); }
const char* name_of(TargetOp op) noexcept { return to_string(op); }
const char* name_of(Direction d) noexcept { return to_string(d); }
const char* name_of(AgencyKind k) noexcept { return to_string(k); }
const char* name_of(Decision d) noexcept { return to_string(d); }

Role role_of(const std::string& s) noexcept { return role_from_string(s).value_or(Role::public_viewer); }
PlanStatus plan_status_of(const std::string& s) noexcept { return plan_status_from_string(s).value_or(PlanStatus::draft); }
ReportStatus report_status_of(const std::string& s) noexcept {
  return report_status_from_string(s).value_or(ReportStatus::draft);
}
Progress progress_of(const std::string& s) noexcept { return progress_from_string(s).value_or(Progress::not_started); }
Frequency frequency_of(const std::string& s) noexcept { return frequency_from_string(s).value_or(Frequency::annual); }
TimeframeKind timeframe_kind_of(const std::string& s) noexcept {
  for (auto k : {TimeframeKind::ongoing, TimeframeKind::annual, TimeframeKind::by_date, TimeframeKind::range,
                 TimeframeKind::conditional})
    if (s == to_string(k)) return k;
  return TimeframeKind::unknown;
}
TargetOp target_op_of(const std::string& s) noexcept {
  for (auto op : {TargetOp::ge, TargetOp::le, TargetOp::eq, TargetOp::range})
    if (s == to_string(op)) return op;
  return TargetOp::none;
}
Direction direction_of(const std::string& s) noexcept { return direction_from_string(s).value_or(Direction::increase); }
AgencyKind agency_kind_of(const std::string& s) noexcept { return agency_kind_from_string(s).value_or(AgencyKind::named); }
Decision decision_of(const std::string& s) noexcept { return decision_from_string(s).value_or(Decision::accepted); }

std::string iso(const Date& d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}
std::optional<std::string> iso(const std::optional<Date>& d) {
  if (!d) return std::nullopt;
  return iso(*d);
}
Date date_of(const std::string& s) noexcept {
  // The store writes ISO YYYY-MM-DD; parsed by hand (sscanf showed in the plan-status profile).
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t k = from; k < from + n; ++k) {
      if (s[k] < '0' || s[k] > '9') return false;
      out = out * 10 + (s[k] - '0');
    }
    return true;
  };
  Date d;
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && digits(0, 4, d.year) && digits(5, 2, d.month) &&
      digits(8, 2, d.day))
    return d;
  if (std::sscanf(s.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day) != 3) return {};
  return d;
}
std::optional<Date> date_of(const std::optional<std::string>& s) noexcept {
  if (!s) return std::nullopt;
  return date_of(*s);
}

std::string base64_encode(const std::string& bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t k = 0;
  for (; k + 2 < bytes.size(); k += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[k]) << 16) | (static_cast<unsigned char>(bytes[k + 1]) << 8) |
                       static_cast<unsigned char>(bytes[k + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (k < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[k]) << 16;
    if (k + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[k + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += k + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Expected<std::string> base64_decode(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  if (text.size() % 4 != 0) return error("internal", "files.content_base64: length not a multiple of 4");
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t k = 0; k < text.size(); k += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      const char c = text[k + static_cast<std::size_t>(j)];
      if (c == '=' && k + 4 == text.size() && j >= 2) {
        v[j] = 0;
        ++pad;
      } else if ((v[j] = value(c)) < 0 || pad > 0) {
        return error("internal", "files.content_base64: bad character");
      }
    }
    const unsigned n = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                       (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    out += static_cast<char>((n >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(n & 0xFF);
  }
  return out;
}

std::string schedule_json(const ReportingSchedule& s) {
  nlohmann::json freqs = nlohmann::json::array();
  for (Frequency f : s.frequencies) freqs.push_back(name_of(f));
  nlohmann::json j = {{"frequencies", freqs},
                      {"monthly_due_day", s.monthly_due_day},
                      {"quarterly_due_day", s.quarterly_due_day},
                      {"semiannual_due_day", s.semiannual_due_day},
                      {"annual_due_month", s.annual_due_month},
                      {"annual_due_day", s.annual_due_day},
                      {"cutoff_day", s.cutoff_day},
                      {"lock_after_days", s.lock_after_days}};
  return j.dump();
}

Expected<ReportingSchedule> schedule_from_json(const std::string& json) {
  try {
    auto j = nlohmann::json::parse(json);
    ReportingSchedule s;
    s.frequencies.clear();
    for (const auto& f : j.value("frequencies", nlohmann::json::array())) s.frequencies.push_back(frequency_of(f.get<std::string>()));
    s.monthly_due_day = j.value("monthly_due_day", s.monthly_due_day);
    s.quarterly_due_day = j.value("quarterly_due_day", s.quarterly_due_day);
    s.semiannual_due_day = j.value("semiannual_due_day", s.semiannual_due_day);
    s.annual_due_month = j.value("annual_due_month", s.annual_due_month);
    s.annual_due_day = j.value("annual_due_day", s.annual_due_day);
    s.cutoff_day = j.value("cutoff_day", s.cutoff_day);
    s.lock_after_days = j.value("lock_after_days", s.lock_after_days);
    return s;
  } catch (const std::exception& e) {
    return error("internal", std::string("plans.schedule_json: ") + e.what());
  }
}

std::string evidence_json(const std::vector<Evidence>& e) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& x : e) j.push_back({{"kind", x.kind}, {"name", x.name}, {"ref", x.ref}});
  return j.dump();
}

Expected<std::vector<Evidence>> evidence_from_json(const std::string& json) {
  try {
    std::vector<Evidence> out;
    for (const auto& x : nlohmann::json::parse(json))
      out.push_back({x.value("kind", ""), x.value("name", ""), x.value("ref", "")});
    return out;
  } catch (const std::exception& e) {
    return error("internal", std::string("task_reports.evidence_json: ") + e.what());
  }
}

std::string ids_text(const std::vector<Id>& ids) {
  std::string out;
  for (Id id : ids) out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

std::vector<Id> ids_of(const std::string& text) {
  std::vector<Id> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) {
    Id id = 0;
    const auto* end = word.data() + word.size();
    if (auto [p, ec] = std::from_chars(word.data(), end, id); ec == std::errc() && p == end) out.push_back(id);
  }
  return out;
}

}  // namespace planwatch::store::detail
