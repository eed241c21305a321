// Reporting cycles (planwatch/domain/cycles.hpp): windows, due and lock dates worked out by hand from
// Decree 09/2019/NĐ-CP's cut-off rule and the schedule defaults (cut-off 14th; monthly, quarterly and
// six-monthly reports due the 5th of the next month; yearly 20/11; lock 10 days after the due day).
#include "planwatch/domain/cycles.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "planwatch/domain/calendar.hpp"

namespace planwatch {
namespace {

constexpr Date D(int y, int m, int d) { return Date{y, m, d}; }
constexpr auto MON = Frequency::monthly;
constexpr auto QTR = Frequency::quarterly;
constexpr auto HALF = Frequency::semiannual;
constexpr auto YEAR = Frequency::annual;
constexpr auto ADHOC = Frequency::adhoc;
using Labels = std::vector<std::string>;

ReportingSchedule with(void (*edit)(ReportingSchedule&)) {
  ReportingSchedule s;
  edit(s);
  return s;
}

// ---- period_containing: one day → its period ----------------------------------------------------

struct PeriodCase {
  const char* name;
  Frequency frequency;
  ReportingSchedule schedule;
  Date day;  // a day inside the period's window
  const char* label;
  Date start, end, due, locks_on;
};

const PeriodCase kPeriods[] = {
    // Monthly: 15th of the previous month … 14th, due the 5th of the next month.
    {"january_window_starts_in_december",
     MON,
     {},
     D(2026, 1, 10),
     "2026-01",
     D(2025, 12, 15),
     D(2026, 1, 14),
     D(2026, 2, 5),
     D(2026, 2, 15)},
    {"february_last_window_day",
     MON,
     {},
     D(2026, 2, 14),
     "2026-02",
     D(2026, 1, 15),
     D(2026, 2, 14),
     D(2026, 3, 5),
     D(2026, 3, 15)},
    {"day_15_opens_the_next_window",
     MON,
     {},
     D(2026, 3, 15),
     "2026-04",
     D(2026, 3, 15),
     D(2026, 4, 14),
     D(2026, 5, 5),
     D(2026, 5, 15)},
    {"december_report_due_next_year",
     MON,
     {},
     D(2026, 12, 1),
     "2026-12",
     D(2026, 11, 15),
     D(2026, 12, 14),
     D(2027, 1, 5),
     D(2027, 1, 15)},
    {"monthly_due_31_in_april", MON, with([](ReportingSchedule& s) { s.monthly_due_day = 31; }), D(2026, 3, 1),
     "2026-03", D(2026, 2, 15), D(2026, 3, 14), D(2026, 4, 30), D(2026, 5, 10)},
    {"monthly_due_31_in_february", MON, with([](ReportingSchedule& s) { s.monthly_due_day = 31; }), D(2026, 1, 10),
     "2026-01", D(2025, 12, 15), D(2026, 1, 14), D(2026, 2, 28), D(2026, 3, 10)},
    {"calendar_month_leap_february", MON, with([](ReportingSchedule& s) { s.cutoff_day = 0; }), D(2028, 2, 10),
     "2028-02", D(2028, 2, 1), D(2028, 2, 29), D(2028, 3, 5), D(2028, 3, 15)},
    {"cutoff_30_clamps_in_february", MON, with([](ReportingSchedule& s) { s.cutoff_day = 30; }), D(2026, 2, 10),
     "2026-02", D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 5), D(2026, 3, 15)},
    {"cutoff_30_march_starts_on_the_1st", MON, with([](ReportingSchedule& s) { s.cutoff_day = 30; }), D(2026, 3, 1),
     "2026-03", D(2026, 3, 1), D(2026, 3, 30), D(2026, 4, 5), D(2026, 4, 15)},
    {"lock_after_zero_days", MON, with([](ReportingSchedule& s) { s.lock_after_days = 0; }), D(2026, 3, 1), "2026-03",
     D(2026, 2, 15), D(2026, 3, 14), D(2026, 4, 5), D(2026, 4, 5)},
    // Quarterly: 15th of the month before the quarter … 14th of its last month, due the 5th after.
    {"first_quarter",
     QTR,
     {},
     D(2026, 2, 1),
     "2026-Q1",
     D(2025, 12, 15),
     D(2026, 3, 14),
     D(2026, 4, 5),
     D(2026, 4, 15)},
    {"second_quarter",
     QTR,
     {},
     D(2026, 5, 20),
     "2026-Q2",
     D(2026, 3, 15),
     D(2026, 6, 14),
     D(2026, 7, 5),
     D(2026, 7, 15)},
    {"third_quarter_first_day",
     QTR,
     {},
     D(2026, 6, 15),
     "2026-Q3",
     D(2026, 6, 15),
     D(2026, 9, 14),
     D(2026, 10, 5),
     D(2026, 10, 15)},
    {"fourth_quarter",
     QTR,
     {},
     D(2026, 11, 23),
     "2026-Q4",
     D(2026, 9, 15),
     D(2026, 12, 14),
     D(2027, 1, 5),
     D(2027, 1, 15)},
    {"quarterly_due_31_clamps_to_april_30", QTR, with([](ReportingSchedule& s) { s.quarterly_due_day = 31; }),
     D(2026, 2, 1), "2026-Q1", D(2025, 12, 15), D(2026, 3, 14), D(2026, 4, 30), D(2026, 5, 10)},
    {"calendar_quarter_without_cutoff", QTR, with([](ReportingSchedule& s) { s.cutoff_day = 0; }), D(2026, 3, 31),
     "2026-Q1", D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 5), D(2026, 4, 15)},
    // Six-monthly: 15/12 … 14/06 and 15/06 … 14/12.
    {"first_half", HALF, {}, D(2026, 6, 14), "2026-H1", D(2025, 12, 15), D(2026, 6, 14), D(2026, 7, 5), D(2026, 7, 15)},
    {"second_half",
     HALF,
     {},
     D(2026, 6, 15),
     "2026-H2",
     D(2026, 6, 15),
     D(2026, 12, 14),
     D(2027, 1, 5),
     D(2027, 1, 15)},
    {"first_half_due_20", HALF, with([](ReportingSchedule& s) { s.semiannual_due_day = 20; }), D(2026, 1, 1), "2026-H1",
     D(2025, 12, 15), D(2026, 6, 14), D(2026, 7, 20), D(2026, 7, 30)},
    // Yearly: 15/12 of the previous year … 14/12, cut at the day before a due date on or before it.
    {"yearly_due_20_11_ends_the_window_the_day_before",
     YEAR,
     {},
     D(2026, 5, 1),
     "2026",
     D(2025, 12, 15),
     D(2026, 11, 19),
     D(2026, 11, 20),
     D(2026, 11, 30)},
    {"yearly_window_first_day",
     YEAR,
     {},
     D(2025, 12, 15),
     "2026",
     D(2025, 12, 15),
     D(2026, 11, 19),
     D(2026, 11, 20),
     D(2026, 11, 30)},
    {"yearly_gap_day_belongs_to_next_year",
     YEAR,
     {},
     D(2026, 11, 25),
     "2027",
     D(2026, 12, 15),
     D(2027, 11, 19),
     D(2027, 11, 20),
     D(2027, 11, 30)},
    {"yearly_due_30_11", YEAR, with([](ReportingSchedule& s) { s.annual_due_day = 30; }), D(2026, 5, 1), "2026",
     D(2025, 12, 15), D(2026, 11, 29), D(2026, 11, 30), D(2026, 12, 10)},
    {"yearly_due_on_the_cutoff_day_still_cuts", YEAR,
     with([](ReportingSchedule& s) { s.annual_due_month = 12, s.annual_due_day = 14; }), D(2026, 5, 1), "2026",
     D(2025, 12, 15), D(2026, 12, 13), D(2026, 12, 14), D(2026, 12, 24)},
    {"yearly_due_15_12_keeps_the_cutoff", YEAR,
     with([](ReportingSchedule& s) { s.annual_due_month = 12, s.annual_due_day = 15; }), D(2026, 5, 1), "2026",
     D(2025, 12, 15), D(2026, 12, 14), D(2026, 12, 15), D(2026, 12, 25)},
    {"yearly_due_15_01_is_next_year", YEAR,
     with([](ReportingSchedule& s) { s.annual_due_month = 1, s.annual_due_day = 15; }), D(2026, 5, 1), "2026",
     D(2025, 12, 15), D(2026, 12, 14), D(2027, 1, 15), D(2027, 1, 25)},
    {"yearly_due_30_06_is_next_year", YEAR,
     with([](ReportingSchedule& s) { s.annual_due_month = 6, s.annual_due_day = 30; }), D(2026, 5, 1), "2026",
     D(2025, 12, 15), D(2026, 12, 14), D(2027, 6, 30), D(2027, 7, 10)},
    {"yearly_due_01_07_is_the_same_year", YEAR,
     with([](ReportingSchedule& s) { s.annual_due_month = 7, s.annual_due_day = 1; }), D(2026, 3, 1), "2026",
     D(2025, 12, 15), D(2026, 6, 30), D(2026, 7, 1), D(2026, 7, 11)},
    {"calendar_year_due_20_11", YEAR, with([](ReportingSchedule& s) { s.cutoff_day = 0; }), D(2026, 3, 1), "2026",
     D(2026, 1, 1), D(2026, 11, 19), D(2026, 11, 20), D(2026, 11, 30)},
    {"calendar_year_due_15_01", YEAR,
     with([](ReportingSchedule& s) { s.cutoff_day = 0, s.annual_due_month = 1, s.annual_due_day = 15; }),
     D(2026, 12, 31), "2026", D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 15), D(2027, 1, 25)},
};

TEST(Cycles, PeriodContainingADay) {
  for (const auto& c : kPeriods) {
    SCOPED_TRACE(c.name);
    const Period p = period_containing(c.frequency, c.schedule, c.day);
    EXPECT_EQ(p.frequency, c.frequency);
    EXPECT_EQ(p.label, c.label);
    EXPECT_EQ(to_iso(p.start), to_iso(c.start));
    EXPECT_EQ(to_iso(p.end), to_iso(c.end));
    EXPECT_EQ(to_iso(p.due), to_iso(c.due));
    EXPECT_EQ(to_iso(p.locks_on), to_iso(c.locks_on));
    EXPECT_EQ(p.id, 0);
    EXPECT_EQ(p.plan_id, 0);
  }
}

// ---- periods_for / generate_periods: windows ending in a span ---------------------------------------

struct SpanCase {
  const char* name;
  std::vector<Frequency> frequencies;  // one → periods_for; several → generate_periods
  Date from, to;
  Labels labels;
};

const SpanCase kSpans[] = {
    {"monthly_first_quarter", {MON}, D(2026, 1, 1), D(2026, 3, 31), {"2026-01", "2026-02", "2026-03"}},
    {"window_ends_are_inclusive", {MON}, D(2026, 1, 14), D(2026, 2, 14), {"2026-01", "2026-02"}},
    {"no_window_ends_inside", {MON}, D(2026, 1, 15), D(2026, 2, 13), {}},
    {"quarters_of_2026", {QTR}, D(2026, 1, 1), D(2026, 12, 31), {"2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"}},
    {"halves_across_years", {HALF}, D(2025, 7, 1), D(2026, 12, 31), {"2025-H2", "2026-H1", "2026-H2"}},
    {"plan_2026_2030_yearly", {YEAR}, D(2026, 1, 1), D(2030, 12, 31), {"2026", "2027", "2028", "2029", "2030"}},
    {"yearly_window_ends_19_11", {YEAR}, D(2026, 11, 19), D(2026, 11, 19), {"2026"}},
    {"after_the_yearly_window", {YEAR}, D(2026, 11, 20), D(2026, 12, 31), {}},
    {"adhoc_has_no_periods", {ADHOC}, D(2026, 1, 1), D(2026, 12, 31), {}},
    {"reversed_span", {MON}, D(2026, 12, 31), D(2026, 1, 1), {}},
    // Several frequencies: by due date, then monthly < quarterly < six-monthly < yearly.
    {"annual_between_quarters",
     {YEAR, QTR},
     D(2026, 3, 15),
     D(2026, 12, 31),
     {"2026-Q2", "2026-Q3", "2026", "2026-Q4"}},
    {"same_due_monthly_first", {QTR, MON}, D(2026, 2, 15), D(2026, 3, 31), {"2026-03", "2026-Q1"}},
    {"all_four_in_december",
     {YEAR, HALF, QTR, MON},
     D(2026, 11, 15),
     D(2026, 12, 14),
     {"2026", "2026-12", "2026-Q4", "2026-H2"}},
    {"duplicate_frequency_once", {MON, MON}, D(2026, 1, 1), D(2026, 2, 28), {"2026-01", "2026-02"}},
    {"adhoc_ignored_beside_others", {ADHOC, QTR}, D(2026, 1, 1), D(2026, 6, 30), {"2026-Q1", "2026-Q2"}},
    {"no_frequencies", {}, D(2026, 1, 1), D(2026, 12, 31), {}},
};

TEST(Cycles, PeriodsWhoseWindowEndsInTheSpan) {
  for (const auto& c : kSpans) {
    SCOPED_TRACE(c.name);
    ReportingSchedule s;
    s.frequencies = c.frequencies;
    const auto periods =
        c.frequencies.size() == 1 ? periods_for(c.frequencies[0], s, c.from, c.to) : generate_periods(s, c.from, c.to);
    Labels labels;
    for (const auto& p : periods) labels.push_back(p.label);
    EXPECT_EQ(labels, c.labels);
  }
}

TEST(Cycles, Labels) {
  EXPECT_EQ(period_label(MON, 2026, 3), "2026-03");
  EXPECT_EQ(period_label(QTR, 2026, 4), "2026-Q4");
  EXPECT_EQ(period_label(HALF, 2026, 1), "2026-H1");
  EXPECT_EQ(period_label(YEAR, 2026, 1), "2026");
  EXPECT_EQ(period_label(ADHOC, 2026, 1), "");
}

// ---- locks, exceptions, timeliness: 2026-Q1 is due 5/4 and locks 15/4 ------------------------------

struct SubmissionCase {
  const char* name;
  Date day;
  std::optional<Date> exception_until;
  bool open;
  bool on_time;  // a submission on `day`
};

const SubmissionCase kSubmissions[] = {
    {"before_due", D(2026, 4, 1), std::nullopt, true, true},
    {"on_the_due_day", D(2026, 4, 5), std::nullopt, true, true},
    {"day_after_due_is_late_but_open", D(2026, 4, 6), std::nullopt, true, false},
    {"on_the_lock_day", D(2026, 4, 15), std::nullopt, true, false},
    {"day_after_lock", D(2026, 4, 16), std::nullopt, false, false},
    {"exception_covers_it", D(2026, 4, 16), D(2026, 4, 20), true, false},
    {"exception_last_day", D(2026, 4, 20), D(2026, 4, 20), true, false},
    {"after_the_exception", D(2026, 4, 21), D(2026, 4, 20), false, false},
    {"exception_ending_before_lock_gives_nothing", D(2026, 4, 16), D(2026, 4, 10), false, false},
    {"lock_still_applies_with_short_exception", D(2026, 4, 12), D(2026, 4, 10), true, false},
};

TEST(Cycles, LocksExceptionsAndTimeliness) {
  const Period p = period_containing(QTR, {}, D(2026, 2, 1));
  for (const auto& c : kSubmissions) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(submission_open(p, c.day, c.exception_until), c.open);
    EXPECT_EQ(submitted_on_time(p, c.day), c.on_time);
  }
}

// ---- schedule_from_duties ------------------------------------------------------------------------

ReportingDuty duty(Frequency f, std::optional<std::string> due) {
  ReportingDuty d;
  d.who = "Các sở, ban, ngành";
  d.frequency = f;
  d.due = std::move(due);
  return d;
}

struct DutyCase {
  const char* name;
  std::vector<ReportingDuty> duties;
  std::vector<Frequency> frequencies;
  int monthly, quarterly, semiannual, annual_day, annual_month;  // defaults: 5, 5, 5, 20, 11
};

const DutyCase kDuties[] = {
    {"monthly_05", {duty(MON, "trước ngày 05 hằng tháng")}, {MON}, 5, 5, 5, 20, 11},
    {"monthly_10", {duty(MON, "trước ngày 10 hằng tháng")}, {MON}, 10, 5, 5, 20, 11},
    {"monthly_mung_8", {duty(MON, "Trước ngày mùng 8 hằng tháng")}, {MON}, 8, 5, 5, 20, 11},
    {"monthly_ocr", {duty(MON, "truoc ngay 12 hang thang")}, {MON}, 12, 5, 5, 20, 11},
    {"monthly_day_35_ignored", {duty(MON, "trước ngày 35 hằng tháng")}, {MON}, 5, 5, 5, 20, 11},
    {"annual_20_11", {duty(YEAR, "trước ngày 20/11 hằng năm")}, {YEAR}, 5, 5, 5, 20, 11},
    {"annual_30_11", {duty(YEAR, "trước ngày 30/11")}, {YEAR}, 5, 5, 5, 30, 11},
    {"annual_ocr_slash", {duty(YEAR, "truoc ngay 15/11")}, {YEAR}, 5, 5, 5, 15, 11},
    {"annual_words", {duty(YEAR, "trước ngày 15 tháng 12 hằng năm để tổng hợp")}, {YEAR}, 5, 5, 5, 15, 12},
    {"annual_ocr_words_next_year", {duty(YEAR, "truoc ngay 10 thang 01 nam sau")}, {YEAR}, 5, 5, 5, 10, 1},
    {"annual_with_year", {duty(YEAR, "trước ngày 15/12/2026")}, {YEAR}, 5, 5, 5, 15, 12},
    {"annual_bare_date", {duty(YEAR, "chậm nhất 25/11 hằng năm")}, {YEAR}, 5, 5, 5, 25, 11},
    {"annual_without_month_kept", {duty(YEAR, "trước ngày 15 hằng năm")}, {YEAR}, 5, 5, 5, 20, 11},
    {"annual_unparsed", {duty(YEAR, "nếu có vướng mắc")}, {YEAR}, 5, 5, 5, 20, 11},
    {"quarterly_due_none", {duty(QTR, std::nullopt)}, {QTR}, 5, 5, 5, 20, 11},
    {"quarterly_last_month_not_modelled", {duty(QTR, "trước ngày 20 của tháng cuối quý")}, {QTR}, 5, 5, 5, 20, 11},
    {"quarterly_ocr_last_month", {duty(QTR, "truoc ngay 25 cua thang cuoi quy")}, {QTR}, 5, 5, 5, 20, 11},
    {"quarterly_first_month_after", {duty(QTR, "trước ngày 15 tháng đầu quý sau")}, {QTR}, 5, 15, 5, 20, 11},
    {"semiannual_named_month_not_modelled", {duty(HALF, "trước ngày 15/6")}, {HALF}, 5, 5, 5, 20, 11},
    {"semiannual_day", {duty(HALF, "trước ngày 10 tháng tiếp theo")}, {HALF}, 5, 5, 10, 20, 11},
    {"adhoc_only_means_annual", {duty(ADHOC, "theo yêu cầu")}, {YEAR}, 5, 5, 5, 20, 11},
    {"adhoc_dropped", {duty(ADHOC, "khi có yêu cầu"), duty(HALF, std::nullopt)}, {HALF}, 5, 5, 5, 20, 11},
    {"no_duties", {}, {YEAR}, 5, 5, 5, 20, 11},
    {"mixed_in_frequency_order",
     {duty(YEAR, "trước ngày 30/11"), duty(QTR, "trước ngày 20 của tháng cuối quý"),
      duty(MON, "trước ngày 05 hằng tháng")},
     {MON, QTR, YEAR},
     5,
     5,
     5,
     30,
     11},
    {"first_fitting_duty_wins",
     {duty(MON, "hằng tháng"), duty(MON, "trước ngày 10 hằng tháng"), duty(MON, "trước ngày 20 hằng tháng")},
     {MON},
     10,
     5,
     5,
     20,
     11},
};

TEST(Cycles, ScheduleFromDuties) {
  for (const auto& c : kDuties) {
    SCOPED_TRACE(c.name);
    const ReportingSchedule s = schedule_from_duties(c.duties);
    EXPECT_EQ(s.frequencies, c.frequencies);
    EXPECT_EQ(s.monthly_due_day, c.monthly);
    EXPECT_EQ(s.quarterly_due_day, c.quarterly);
    EXPECT_EQ(s.semiannual_due_day, c.semiannual);
    EXPECT_EQ(s.annual_due_day, c.annual_day);
    EXPECT_EQ(s.annual_due_month, c.annual_month);
    EXPECT_EQ(s.cutoff_day, 14);
    EXPECT_EQ(s.lock_after_days, 10);
  }
}

}  // namespace
}  // namespace planwatch
