// Reporting cycles (planwatch/domain/cycles.hpp) and the calendar under them, with windows, due and
// lock dates worked out by hand from Decree 09/2019/NĐ-CP's cut-off rule and the schedule defaults
// (cut-off 14th, monthly/quarterly/six-monthly due the 5th of the next month, yearly 20/11, lock
// after 10 days).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "planwatch/domain/calendar.hpp"
#include "planwatch/domain/cycles.hpp"

namespace planwatch {
namespace {

constexpr Date D(int y, int m, int d) { return Date{y, m, d}; }

TEST(Calendar, DaysAndLeapYears) {
  EXPECT_EQ(days_in_month(2028, 2), 29);
  EXPECT_EQ(days_in_month(2100, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2026, 13), 0);
  EXPECT_EQ(to_days(D(1970, 1, 1)), 0);
  EXPECT_EQ(to_days(D(2026, 1, 1)), 20454);    // 56 years, 14 of them leap: 56·365 + 14
  EXPECT_EQ(to_days(D(2026, 11, 23)), 20780);  // + 326 days into the year
  EXPECT_EQ(from_days(20780), D(2026, 11, 23));
  EXPECT_EQ(add_days(D(2028, 2, 28), 1), D(2028, 2, 29));
  EXPECT_EQ(add_days(D(2026, 12, 31), 1), D(2027, 1, 1));
  EXPECT_EQ(days_between(D(2026, 1, 1), D(2026, 12, 31)), 364);
  EXPECT_EQ(make_date_clamped(2026, 4, 31), D(2026, 4, 30));
  EXPECT_EQ(parse_iso_date("2026-02-29"), std::nullopt);
  EXPECT_EQ(parse_iso_date("2028-02-29"), D(2028, 2, 29));
  EXPECT_EQ(parse_iso_date("2026-1-05"), std::nullopt);
  // 17:30 UTC on 2026-11-23 is already the 24th in Vietnam (UTC+7).
  EXPECT_EQ(date_of_timestamp(20780LL * 86400 + 17 * 3600 + 1800), D(2026, 11, 24));
  EXPECT_EQ(date_of_timestamp(20780LL * 86400 + 16 * 3600), D(2026, 11, 23));
}

struct PeriodCase {
  const char* name;
  Frequency frequency;
  ReportingSchedule schedule;
  Date day;  // a day inside the period's window
  const char* label;
  Date start, end, due, locks_on;
};

ReportingSchedule with(void (*edit)(ReportingSchedule&)) {
  ReportingSchedule s;
  edit(s);
  return s;
}

const PeriodCase kPeriods[] = {
    {"january_window_starts_in_december", Frequency::monthly, {}, D(2026, 1, 10), "2026-01", D(2025, 12, 15),
     D(2026, 1, 14), D(2026, 2, 5), D(2026, 2, 15)},
    {"december_report_due_next_year", Frequency::monthly, {}, D(2026, 12, 1), "2026-12", D(2026, 11, 15),
     D(2026, 12, 14), D(2027, 1, 5), D(2027, 1, 15)},
    {"first_quarter", Frequency::quarterly, {}, D(2026, 2, 1), "2026-Q1", D(2025, 12, 15), D(2026, 3, 14),
     D(2026, 4, 5), D(2026, 4, 15)},
    {"fourth_quarter", Frequency::quarterly, {}, D(2026, 11, 23), "2026-Q4", D(2026, 9, 15), D(2026, 12, 14),
     D(2027, 1, 5), D(2027, 1, 15)},
    {"first_half", Frequency::semiannual, {}, D(2026, 6, 14), "2026-H1", D(2025, 12, 15), D(2026, 6, 14),
     D(2026, 7, 5), D(2026, 7, 15)},
    {"second_half", Frequency::semiannual, {}, D(2026, 6, 15), "2026-H2", D(2026, 6, 15), D(2026, 12, 14),
     D(2027, 1, 5), D(2027, 1, 15)},
    {"yearly_due_20_11_ends_the_window_the_day_before", Frequency::annual, {}, D(2026, 5, 1), "2026",
     D(2025, 12, 15), D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 30)},
    {"yearly_due_15_01_is_next_year", Frequency::annual,
     with([](ReportingSchedule& s) { s.annual_due_month = 1, s.annual_due_day = 15; }), D(2026, 5, 1), "2026",
     D(2025, 12, 15), D(2026, 12, 14), D(2027, 1, 15), D(2027, 1, 25)},
    {"due_day_31_clamps_to_april_30", Frequency::quarterly, with([](ReportingSchedule& s) { s.quarterly_due_day = 31; }),
     D(2026, 2, 1), "2026-Q1", D(2025, 12, 15), D(2026, 3, 14), D(2026, 4, 30), D(2026, 5, 10)},
    {"calendar_windows_without_cutoff", Frequency::quarterly, with([](ReportingSchedule& s) { s.cutoff_day = 0; }),
     D(2026, 3, 31), "2026-Q1", D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 5), D(2026, 4, 15)},
    {"lock_after_zero_days", Frequency::monthly, with([](ReportingSchedule& s) { s.lock_after_days = 0; }),
     D(2026, 3, 1), "2026-03", D(2026, 2, 15), D(2026, 3, 14), D(2026, 4, 5), D(2026, 4, 5)},
};

TEST(Cycles, PeriodContainingADay) {
  for (const auto& c : kPeriods) {
    SCOPED_TRACE(c.name);
    const Period p = period_containing(c.frequency, c.schedule, c.day);
    EXPECT_EQ(p.label, c.label);
    EXPECT_EQ(to_iso(p.start), to_iso(c.start));
    EXPECT_EQ(to_iso(p.end), to_iso(c.end));
    EXPECT_EQ(to_iso(p.due), to_iso(c.due));
    EXPECT_EQ(to_iso(p.locks_on), to_iso(c.locks_on));
  }
}

TEST(Cycles, DaysInTheYearlyGapBelongToTheNextYear) {
  // 20/11–14/12 is after the 2026 window (ends 19/11) and before 2027's (starts 15/12).
  EXPECT_EQ(period_containing(Frequency::annual, {}, D(2026, 11, 25)).label, "2027");
}

TEST(Cycles, PeriodsWhoseWindowEndsInTheSpan) {
  std::vector<std::string> labels;
  for (const auto& p : periods_for(Frequency::monthly, {}, D(2026, 1, 1), D(2026, 3, 31))) labels.push_back(p.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"2026-01", "2026-02", "2026-03"}));
  EXPECT_TRUE(periods_for(Frequency::adhoc, {}, D(2026, 1, 1), D(2026, 12, 31)).empty());
  EXPECT_TRUE(periods_for(Frequency::monthly, {}, D(2026, 12, 31), D(2026, 1, 1)).empty());
  EXPECT_EQ(periods_for(Frequency::monthly, {}, D(2026, 1, 1), D(2030, 12, 31)).size(), 60u);
}

TEST(Cycles, GenerateOrdersByDueDate) {
  ReportingSchedule s;
  s.frequencies = {Frequency::annual, Frequency::quarterly};
  std::vector<std::string> labels;
  for (const auto& p : generate_periods(s, D(2026, 3, 15), D(2026, 12, 31))) labels.push_back(p.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"2026-Q2", "2026-Q3", "2026", "2026-Q4"}));
}

TEST(Cycles, LocksAndExceptions) {
  const Period p = period_containing(Frequency::quarterly, {}, D(2026, 2, 1));  // due 5/4, locks 15/4
  EXPECT_TRUE(submission_open(p, D(2026, 4, 15)));
  EXPECT_FALSE(submission_open(p, D(2026, 4, 16)));
  EXPECT_TRUE(submission_open(p, D(2026, 4, 16), D(2026, 4, 20)));
  EXPECT_TRUE(submission_open(p, D(2026, 4, 20), D(2026, 4, 20)));
  EXPECT_FALSE(submission_open(p, D(2026, 4, 21), D(2026, 4, 20)));
  EXPECT_FALSE(submission_open(p, D(2026, 4, 16), D(2026, 4, 10)));
  EXPECT_TRUE(submitted_on_time(p, D(2026, 4, 5)));
  EXPECT_FALSE(submitted_on_time(p, D(2026, 4, 6)));
}

TEST(Cycles, Labels) {
  EXPECT_EQ(period_label(Frequency::monthly, 2026, 3), "2026-03");
  EXPECT_EQ(period_label(Frequency::quarterly, 2026, 4), "2026-Q4");
  EXPECT_EQ(period_label(Frequency::semiannual, 2026, 1), "2026-H1");
  EXPECT_EQ(period_label(Frequency::annual, 2026, 1), "2026");
  EXPECT_EQ(period_label(Frequency::adhoc, 2026, 1), "");
}

ReportingDuty duty(Frequency f, std::optional<std::string> due) {
  ReportingDuty d;
  d.who = "Các sở, ban, ngành";
  d.frequency = f;
  d.due = std::move(due);
  return d;
}

TEST(Cycles, ScheduleFromDuties) {
  auto s = schedule_from_duties({duty(Frequency::monthly, "trước ngày 10 hằng tháng")});
  EXPECT_EQ(s.frequencies, std::vector<Frequency>{Frequency::monthly});
  EXPECT_EQ(s.monthly_due_day, 10);

  s = schedule_from_duties({duty(Frequency::annual, "trước ngày 30/11 hằng năm"),
                            duty(Frequency::quarterly, "trước ngày 20 tháng cuối quý")});
  EXPECT_EQ(s.frequencies, (std::vector<Frequency>{Frequency::quarterly, Frequency::annual}));
  EXPECT_EQ(s.annual_due_day, 30);
  EXPECT_EQ(s.annual_due_month, 11);
  EXPECT_EQ(s.quarterly_due_day, 5);  // a day of the quarter's last month is not modelled: default kept

  s = schedule_from_duties({duty(Frequency::annual, "truoc ngay 15 thang 12 hang nam")});  // OCR, no diacritics
  EXPECT_EQ(s.annual_due_day, 15);
  EXPECT_EQ(s.annual_due_month, 12);

  s = schedule_from_duties({duty(Frequency::adhoc, "khi có yêu cầu"), duty(Frequency::semiannual, std::nullopt)});
  EXPECT_EQ(s.frequencies, std::vector<Frequency>{Frequency::semiannual});

  s = schedule_from_duties({});
  EXPECT_EQ(s.frequencies, std::vector<Frequency>{Frequency::annual});
  EXPECT_EQ(s.annual_due_day, 20);
}

}  // namespace
}  // namespace planwatch
