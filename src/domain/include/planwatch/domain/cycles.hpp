#pragma once
// Reporting cycles: which periods a plan's schedule asks for, their data windows, due dates and lock
// dates. Pure, table-driven (see tests/unit/cycles_test.cpp).
//
// Data windows follow the national reporting regime (Decree 09/2019/NĐ-CP, art. 12) by default:
//   monthly      the 15th of the previous month … the 14th of the reporting month
//   quarterly    the 15th of the month before the quarter … the 14th of the quarter's last month
//   six-monthly  15/12 of the previous year … 14/06 (H1); 15/06 … 14/12 (H2)
//   yearly       15/12 of the previous year … 14/12 of the reporting year
// i.e. start = (cutoff_day + 1) of the month before the period's first month, end = cutoff_day of the
// period's last month. `cutoff_day == 0` selects calendar windows (1st … last day of the month).
// When the due date falls on or before the window's end (a yearly report due 20/11 with the 14/12
// cut-off), the window ends the day before the due date: an agency cannot report data it does not have
// yet. The next window still starts at its own cut-off (15/12), so 20/11 … 14/12 is in no window;
// period_containing gives such days to the next period, whose report will cover them.
//
// Due dates: monthly `monthly_due_day` of the next month (5th); quarterly `quarterly_due_day` of the month
// after the quarter; six-monthly `semiannual_due_day` of the month after the half; yearly
// `annual_due_day/annual_due_month` of the reporting year when that month is in the second half of
// the year (20/11), else of the next year (15/01 reports on the year just ended). Days beyond a
// month's length clamp (31 → 30/28).
// A period locks `lock_after_days` after its due day (locks_on = due + lock_after_days): submissions
// dated after locks_on need a lock exception.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planwatch/domain/monitoring.hpp"

namespace planwatch {

// The periods of one frequency whose window ends within [from, to] (both inclusive), in
// chronological order. Plan-relative fields (id, plan_id) are left 0. adhoc yields nothing.
std::vector<Period> periods_for(Frequency f, const ReportingSchedule& s, Date from, Date to);

// All frequencies of the schedule, ordered by due date then frequency (monthly first).
std::vector<Period> generate_periods(const ReportingSchedule& s, Date from, Date to);

// The period of frequency f that contains `day` in its data window (the window, not the calendar); a
// day in the gap after a clipped window belongs to the next period. adhoc is treated as annual.
Period period_containing(Frequency f, const ReportingSchedule& s, Date day);

// "2026-03" monthly, "2026-Q1", "2026-H1", "2026" yearly.
std::string period_label(Frequency f, int year, int index);

// Builds a schedule from the reporting duties the importer found ("báo cáo định kỳ hằng quý…",
// "trước ngày 20/11 hằng năm"): the frequencies named, in the order monthly, quarterly, six-monthly,
// yearly (adhoc dropped; annual when none), and due days parsed from the duties' due phrases, with or
// without diacritics (OCR): the day is the number after "ngày"/"ngay" ("ngày mùng 5" too), else the
// day of a bare "dd/mm"; a month follows as "/mm", "-mm", ".mm" or "tháng mm"; a year after it is
// ignored. Monthly, quarterly and six-monthly duties take a day without a month ("trước ngày 05 hằng
// tháng" → monthly_due_day 5; "ngày 15 tháng đầu quý sau" → quarterly 15); yearly duties need day and
// month ("trước ngày 20/11" → 20/11). A day of a month the schedule does not model — the period's
// own month ("trước ngày 20 tháng cuối quý"), or a named month for a sub-yearly duty ("6 tháng: trước
// ngày 15/6") — and unparsed phrases leave the defaults. The first fitting duty of a frequency wins.
ReportingSchedule schedule_from_duties(const std::vector<ReportingDuty>& duties);

// Whether an agency may still submit for `p` on `day`: on or before locks_on, or on or before the
// `exception_until` the office granted that agency (an exception ending before locks_on changes nothing).
bool submission_open(const Period& p, Date day, std::optional<Date> exception_until = std::nullopt) noexcept;

// A submission counts as on time when its (last) submission day is on or before the due day; a
// report returned and resubmitted after the due day is late.
bool submitted_on_time(const Period& p, Date submitted_on) noexcept;

}  // namespace planwatch
