#include "planwatch/domain/cycles.hpp"

#include <algorithm>
#include <cstdio>

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
    case Frequency::monthly: std::snprintf(buf, sizeof buf, "%04d-%02d", year, index); break;
    case Frequency::quarterly: std::snprintf(buf, sizeof buf, "%04d-Q%d", year, index); break;
    case Frequency::semiannual: std::snprintf(buf, sizeof buf, "%04d-H%d", year, index); break;
    case Frequency::annual: std::snprintf(buf, sizeof buf, "%04d", year); break;
    case Frequency::adhoc: return {};
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

// The numbers of a due phrase: "trước ngày 05 hằng tháng" → {5}; "trước ngày 20/11" → {20, 11};
// "ngày 20 tháng 11" → {20, 11}. Works on text with or without diacritics (OCR).
struct DueParts {
  int day = 0;
  int month = 0;
  bool relative = false;  // "tháng cuối quý", "tháng đầu quý sau": a day of a month we don't model
};

DueParts parse_due(const std::string& s) {
  DueParts out;
  std::vector<int> nums;
  std::vector<char> after;  // the character right after each number
  for (std::size_t k = 0; k < s.size();) {
    if (s[k] >= '0' && s[k] <= '9') {
      int v = 0;
      std::size_t n = 0;
      while (k < s.size() && s[k] >= '0' && s[k] <= '9' && n < 5) v = v * 10 + (s[k++] - '0'), ++n;
      nums.push_back(v);
      after.push_back(k < s.size() ? s[k] : '\0');
    } else {
      ++k;
    }
  }
  if (s.find("cuối") != std::string::npos || s.find("cuoi") != std::string::npos ||
      s.find("đầu") != std::string::npos || s.find("dau quy") != std::string::npos)
    out.relative = true;
  for (std::size_t k = 0; k < nums.size(); ++k) {
    if (nums[k] < 1 || nums[k] > 31) continue;
    out.day = nums[k];
    if ((after[k] == '/' || after[k] == '-' || after[k] == ' ') && k + 1 < nums.size() && nums[k + 1] >= 1 &&
        nums[k + 1] <= 12) {
      // "20/11", or "20 tháng 11" (a space then the word before the month number)
      const bool slash = after[k] == '/' || after[k] == '-';
      const bool thang = s.find("tháng " + std::to_string(nums[k + 1])) != std::string::npos ||
                         s.find("thang " + std::to_string(nums[k + 1])) != std::string::npos;
      if (slash || thang) out.month = nums[k + 1];
    }
    break;
  }
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
  for (const auto& d : duties) {
    if (!d.due) continue;
    const DueParts due = parse_due(*d.due);
    if (due.day == 0) continue;
    switch (d.frequency) {
      case Frequency::annual:
        if (due.month != 0) {
          s.annual_due_day = due.day;
          s.annual_due_month = due.month;
        }
        break;
      case Frequency::monthly:
        if (due.month == 0 && !due.relative) s.monthly_due_day = due.day;
        break;
      case Frequency::quarterly:
        if (due.month == 0 && !due.relative) s.quarterly_due_day = due.day;
        break;
      case Frequency::semiannual:
        if (due.month == 0 && !due.relative) s.semiannual_due_day = due.day;
        break;
      case Frequency::adhoc: break;
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
