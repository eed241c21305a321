#include "planwatch/domain/cycles.hpp"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <string_view>

#include "planwatch/domain/calendar.hpp"

namespace planwatch {
namespace {

// Frequency → months per period and the schedule field holding its due day (month after the period).
struct Cycle {
  Frequency frequency;
  int months;
  int ReportingSchedule::*due_day;  // nullptr: yearly, due on annual_due_day/annual_due_month
};
constexpr Cycle kCycles[] = {
    {Frequency::monthly, 1, &ReportingSchedule::monthly_due_day},
    {Frequency::quarterly, 3, &ReportingSchedule::quarterly_due_day},
    {Frequency::semiannual, 6, &ReportingSchedule::semiannual_due_day},
    {Frequency::annual, 12, nullptr},
};

const Cycle* cycle_of(Frequency f) noexcept {
  for (const auto& c : kCycles)
    if (c.frequency == f) return &c;
  return nullptr;
}

int order_of(Frequency f) noexcept {
  for (int k = 0; k < 4; ++k)
    if (kCycles[k].frequency == f) return k;
  return 4;
}

// Period `index` (1-based) of `year` for cycle c.
Period make_period(const Cycle& c, const ReportingSchedule& s, int year, int index) {
  const int last_month = index * c.months;
  const int first_month = last_month - c.months + 1;
  Period p;
  p.frequency = c.frequency;
  p.label = period_label(c.frequency, year, index);
  if (s.cutoff_day > 0) {
    const int prev_year = first_month == 1 ? year - 1 : year;
    const int prev_month = first_month == 1 ? 12 : first_month - 1;
    p.start = add_days(make_date_clamped(prev_year, prev_month, s.cutoff_day), 1);
    p.end = make_date_clamped(year, last_month, s.cutoff_day);
  } else {
    p.start = Date{year, first_month, 1};
    p.end = end_of_month(year, last_month);
  }
  if (c.due_day != nullptr) {
    const int due_year = last_month == 12 ? year + 1 : year;
    const int due_month = last_month == 12 ? 1 : last_month + 1;
    p.due = make_date_clamped(due_year, due_month, s.*c.due_day);
  } else {
    // A yearly due date in the second half of the year is in the reporting year (20/11); one in the
    // first half is the next year's (15/01 reports on the year just ended).
    const int due_year = s.annual_due_month >= 7 ? year : year + 1;
    p.due = make_date_clamped(due_year, s.annual_due_month, s.annual_due_day);
  }
  if (!(p.end < p.due)) p.end = add_days(p.due, -1);
  p.locks_on = add_days(p.due, s.lock_after_days);
  return p;
}

}  // namespace

std::string period_label(Frequency f, int year, int index) {
  char buf[32];
  switch (f) {
    case Frequency::monthly:
      std::snprintf(buf, sizeof buf, "%04d-%02d", year, index);
      break;
    case Frequency::quarterly:
      std::snprintf(buf, sizeof buf, "%04d-Q%d", year, index);
      break;
    case Frequency::semiannual:
      std::snprintf(buf, sizeof buf, "%04d-H%d", year, index);
      break;
    case Frequency::annual:
      std::snprintf(buf, sizeof buf, "%04d", year);
      break;
    case Frequency::adhoc:
      return {};
  }
  return buf;
}

std::vector<Period> periods_for(Frequency f, const ReportingSchedule& s, Date from, Date to) {
  std::vector<Period> out;
  const Cycle* c = cycle_of(f);
  if (c == nullptr || to < from) return out;
  for (int year = from.year - 1; year <= to.year + 1; ++year)
    for (int index = 1; index * c->months <= 12; ++index) {
      Period p = make_period(*c, s, year, index);
      if (!(p.end < from) && !(to < p.end)) out.push_back(std::move(p));
    }
  return out;
}

std::vector<Period> generate_periods(const ReportingSchedule& s, Date from, Date to) {
  std::vector<Period> out;
  std::vector<Frequency> seen;
  for (Frequency f : s.frequencies) {
    if (std::find(seen.begin(), seen.end(), f) != seen.end()) continue;
    seen.push_back(f);
    auto part = periods_for(f, s, from, to);
    out.insert(out.end(), part.begin(), part.end());
  }
  std::stable_sort(out.begin(), out.end(), [](const Period& a, const Period& b) {
    if (a.due != b.due) return a.due < b.due;
    return order_of(a.frequency) < order_of(b.frequency);
  });
  return out;
}

Period period_containing(Frequency f, const ReportingSchedule& s, Date day) {
  const Cycle* c = cycle_of(f);
  if (c == nullptr) c = cycle_of(Frequency::annual);
  // Windows may leave a gap (a yearly window clipped at its 20/11 due day): the day then belongs to
  // the next period, whose report will cover it.
  for (int year = day.year - 1; year <= day.year + 1; ++year)
    for (int index = 1; index * c->months <= 12; ++index) {
      Period p = make_period(*c, s, year, index);
      if (!(p.end < day)) return p;
    }
  return make_period(*c, s, day.year + 1, 12 / c->months);
}

namespace {

// What a due phrase says: "trước ngày 05 hằng tháng" → day 5; "trước ngày 20/11 hằng năm" and
// "truoc ngay 20 thang 11" (OCR, no diacritics) → 20/11; "trước ngày 20 của tháng cuối quý" → day 20
// of a month the schedule does not model.
struct DueParts {
  int day = 0;            // 0: no day found
  int month = 0;          // 0: none named
  bool relative = false;  // "tháng cuối quý", "đầu kỳ": a month other than the one after the period
};

bool starts_with(std::string_view s, std::size_t at, std::string_view w) noexcept {
  return s.size() - at >= w.size() && s.compare(at, w.size(), w) == 0;
}
bool contains_any(std::string_view s, std::initializer_list<std::string_view> words) noexcept {
  for (auto w : words)
    if (s.find(w) != std::string_view::npos) return true;
  return false;
}
std::size_t skip_spaces(std::string_view s, std::size_t at) noexcept {
  while (at < s.size() && s[at] == ' ') ++at;
  return at;
}
// Reads up to two digits at `at` (a day or a month); -1 when there is none or a third follows.
int read_number(std::string_view s, std::size_t& at) noexcept {
  int v = 0, n = 0;
  while (at < s.size() && s[at] >= '0' && s[at] <= '9' && n < 3) v = v * 10 + (s[at++] - '0'), ++n;
  return n == 0 || n > 2 ? -1 : v;
}

DueParts parse_due(std::string_view raw) {
  std::string s(raw);  // ASCII-lowercase ("Trước Ngày"); Vietnamese letters stay as UTF-8 bytes
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  DueParts out;
  // The day is the number after "ngày" ("ngày mùng 5" too); without that word, a bare "20/11".
  std::size_t at = std::string::npos;
  for (std::string_view kw : {"ngày", "ngay"}) {
    const auto k = s.find(kw);
    if (k == std::string::npos) continue;
    at = skip_spaces(s, k + kw.size());
    for (std::string_view mung : {"mùng", "mồng", "mung", "mong"})
      if (starts_with(s, at, mung)) at = skip_spaces(s, at + mung.size());
    break;
  }
  if (at == std::string::npos) {
    const auto slash = s.find('/');
    if (slash == std::string::npos) return out;
    at = slash;
    while (at > 0 && s[at - 1] >= '0' && s[at - 1] <= '9') --at;
  }
  const int day = read_number(s, at);
  if (day < 1 || day > 31) return out;
  out.day = day;
  // A month right after the day: "20/11", "20-11", "20.11" or "20 tháng 11".
  std::size_t m = at;
  if (m < s.size() && (s[m] == '/' || s[m] == '-' || s[m] == '.')) {
    ++m;
  } else {
    m = skip_spaces(s, m);
    if (starts_with(s, m, "tháng"))
      m = skip_spaces(s, m + std::string_view("tháng").size());
    else if (starts_with(s, m, "thang"))
      m = skip_spaces(s, m + std::string_view("thang").size());
    else
      m = std::string::npos;
  }
  if (m != std::string::npos) {
    const int month = read_number(s, m);
    if (month >= 1 && month <= 12) out.month = month;
  }
  // "cuối"/"đầu" name a month of the period itself unless followed by "sau"/"tiếp theo" (the month
  // after the period, which is what the schedule models: "ngày 15 tháng đầu quý sau").
  const std::string_view rest = std::string_view(s).substr(at);
  out.relative = out.month == 0 && contains_any(rest, {"cuối", "cuoi", "đầu", "dau "}) &&
                 !contains_any(rest, {"sau", "tiếp theo", "tiep theo", "kế tiếp", "ke tiep"});
  return out;
}

}  // namespace

ReportingSchedule schedule_from_duties(const std::vector<ReportingDuty>& duties) {
  ReportingSchedule s;
  s.frequencies.clear();
  for (const auto& c : kCycles)
    for (const auto& d : duties)
      if (d.frequency == c.frequency &&
          std::find(s.frequencies.begin(), s.frequencies.end(), c.frequency) == s.frequencies.end())
        s.frequencies.push_back(c.frequency);
  if (s.frequencies.empty()) s.frequencies.push_back(Frequency::annual);
  // The first duty of a frequency whose due phrase fits the schedule's model sets its due day.
  bool set_monthly = false, set_quarterly = false, set_semiannual = false, set_annual = false;
  auto set_day = [](bool& done, int& field, const DueParts& due) {
    if (done || due.month != 0 || due.relative) return;
    field = due.day;
    done = true;
  };
  for (const auto& d : duties) {
    if (!d.due) continue;
    const DueParts due = parse_due(*d.due);
    if (due.day == 0) continue;
    switch (d.frequency) {
      case Frequency::annual:
        if (!set_annual && due.month != 0) {  // a yearly due day needs its month
          s.annual_due_day = due.day;
          s.annual_due_month = due.month;
          set_annual = true;
        }
        break;
      case Frequency::monthly:
        set_day(set_monthly, s.monthly_due_day, due);
        break;
      case Frequency::quarterly:
        set_day(set_quarterly, s.quarterly_due_day, due);
        break;
      case Frequency::semiannual:
        set_day(set_semiannual, s.semiannual_due_day, due);
        break;
      case Frequency::adhoc:
        break;
    }
  }
  return s;
}

bool submission_open(const Period& p, Date day, std::optional<Date> exception_until) noexcept {
  if (!(p.locks_on < day)) return true;
  return exception_until && !(*exception_until < day);
}

bool submitted_on_time(const Period& p, Date submitted_on) noexcept { return !(p.due < submitted_on); }

}  // namespace planwatch
