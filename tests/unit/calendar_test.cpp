// Civil-calendar arithmetic (planwatch/domain/calendar.hpp) against hand-computed dates. Day counts
// are worked out from the epoch: 1970–2025 is 56 years with 14 leap years (1972 … 2024), so
// 2026-01-01 is day 56·365 + 14 = 20454.
#include "planwatch/domain/calendar.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

namespace planwatch {
namespace {

constexpr Date D(int y, int m, int d) { return Date{y, m, d}; }

struct MonthCase {
  const char* name;
  int year, month;
  int days;
  bool leap;
};

const MonthCase kMonths[] = {
    {"january", 2026, 1, 31, false},
    {"february_common_year", 2026, 2, 28, false},
    {"february_leap_year", 2028, 2, 29, true},
    {"century_is_not_leap", 2100, 2, 28, false},
    {"fourth_century_is_leap", 2000, 2, 29, true},
    {"april", 2026, 4, 30, false},
    {"december", 2026, 12, 31, false},
    {"month_zero", 2026, 0, 0, false},
    {"month_thirteen", 2026, 13, 0, false},
};

TEST(Calendar, DaysInMonth) {
  for (const auto& c : kMonths) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(days_in_month(c.year, c.month), c.days);
    EXPECT_EQ(is_leap_year(c.year), c.leap);
  }
}

struct EpochCase {
  const char* name;
  Date date;
  std::int64_t days;  // since 1970-01-01
};

const EpochCase kEpochDays[] = {
    {"epoch", D(1970, 1, 1), 0},
    {"day_before_epoch", D(1969, 12, 31), -1},
    {"year_1900", D(1900, 1, 1), -25567},       // 70·365 + 17 leap years (1904 … 1968)
    {"after_leap_2000", D(2000, 3, 1), 11017},  // 30·365 + 7 + 31 + 29
    {"new_year_2026", D(2026, 1, 1), 20454},
    {"late_november_2026", D(2026, 11, 23), 20780},  // + 304 days before November + 22
    {"leap_day_2028", D(2028, 2, 29), 21243},        // 2028-01-01 = 20454 + 2·365, + 59
};

TEST(Calendar, DaysSinceEpochBothWays) {
  for (const auto& c : kEpochDays) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(to_days(c.date), c.days);
    EXPECT_EQ(to_iso(from_days(c.days)), to_iso(c.date));
  }
}

struct AddCase {
  const char* name;
  Date from;
  int days;
  Date to;
};

const AddCase kAdds[] = {
    {"into_leap_day", D(2028, 2, 28), 1, D(2028, 2, 29)},
    {"out_of_leap_day", D(2028, 2, 29), 1, D(2028, 3, 1)},
    {"common_february_end", D(2026, 2, 28), 1, D(2026, 3, 1)},
    {"year_end", D(2026, 12, 31), 1, D(2027, 1, 1)},
    {"back_over_new_year", D(2026, 1, 1), -1, D(2025, 12, 31)},
    {"whole_common_year", D(2026, 1, 1), 364, D(2026, 12, 31)},
    {"whole_leap_year", D(2028, 1, 1), 366, D(2029, 1, 1)},
    {"lock_ten_days_after_due", D(2026, 11, 20), 10, D(2026, 11, 30)},
    {"across_february", D(2026, 1, 25), 45, D(2026, 3, 11)},  // 6 left in January, 28 in February, 11
    {"zero", D(2026, 6, 15), 0, D(2026, 6, 15)},
};

TEST(Calendar, AddDaysAndDaysBetween) {
  for (const auto& c : kAdds) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(to_iso(add_days(c.from, c.days)), to_iso(c.to));
    EXPECT_EQ(days_between(c.from, c.to), c.days);
    EXPECT_EQ(days_between(c.to, c.from), -c.days);
  }
}

struct ClampCase {
  const char* name;
  int year, month, day;
  Date clamped;
};

const ClampCase kClamps[] = {
    {"february_30_common", 2026, 2, 30, D(2026, 2, 28)},
    {"february_30_leap", 2028, 2, 30, D(2028, 2, 29)},
    {"april_31", 2026, 4, 31, D(2026, 4, 30)},
    {"may_31_fits", 2026, 5, 31, D(2026, 5, 31)},
    {"day_zero", 2026, 1, 0, D(2026, 1, 1)},
    {"day_99", 2026, 9, 99, D(2026, 9, 30)},
};

TEST(Calendar, ClampedDates) {
  for (const auto& c : kClamps) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(to_iso(make_date_clamped(c.year, c.month, c.day)), to_iso(c.clamped));
  }
  EXPECT_EQ(to_iso(end_of_month(2028, 2)), "2028-02-29");
  EXPECT_EQ(to_iso(end_of_month(2026, 11)), "2026-11-30");
}

struct ParseCase {
  const char* name;
  const char* text;
  std::optional<Date> date;
};

const ParseCase kParses[] = {
    {"plain", "2026-03-05", D(2026, 3, 5)},
    {"leap_day", "2028-02-29", D(2028, 2, 29)},
    {"no_leap_day_in_2026", "2026-02-29", std::nullopt},
    {"april_31", "2026-04-31", std::nullopt},
    {"one_digit_month", "2026-1-05", std::nullopt},
    {"month_13", "2026-13-01", std::nullopt},
    {"month_00", "2026-00-10", std::nullopt},
    {"slashes", "2026/03/05", std::nullopt},
    {"with_time", "2026-03-05T10:00", std::nullopt},
    {"letters", "20a6-03-05", std::nullopt},
    {"negative_month", "2026--1-05", std::nullopt},
    {"empty", "", std::nullopt},
};

TEST(Calendar, ParseIsoDate) {
  for (const auto& c : kParses) {
    SCOPED_TRACE(c.name);
    const auto got = parse_iso_date(c.text);
    ASSERT_EQ(got.has_value(), c.date.has_value());
    if (c.date) {
      EXPECT_EQ(to_iso(*got), to_iso(*c.date));
    }
  }
}

struct ValidCase {
  const char* name;
  Date date;
  bool valid;
};

const ValidCase kValid[] = {
    {"ordinary", D(2026, 11, 23), true}, {"leap_day", D(2028, 2, 29), true},   {"no_leap_day", D(2026, 2, 29), false},
    {"year_zero", D(0, 1, 1), false},    {"month_zero", D(2026, 0, 1), false}, {"day_zero", D(2026, 1, 0), false},
    {"default_date", Date{}, false},
};

TEST(Calendar, Validity) {
  for (const auto& c : kValid) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(is_valid(c.date), c.valid);
  }
}

constexpr std::int64_t kDay = 86400;

struct TimestampCase {
  const char* name;
  std::int64_t seconds;
  int utc_offset_minutes;
  Date date;
};

const TimestampCase kTimestamps[] = {
    {"epoch_in_vietnam", 0, 420, D(1970, 1, 1)},
    {"second_before_epoch_utc", -1, 0, D(1969, 12, 31)},
    {"second_before_epoch_in_vietnam", -1, 420, D(1970, 1, 1)},  // 06:59:59 local
    {"last_second_of_23_11_local", 20780 * kDay + 16 * 3600 + 59 * 60 + 59, 420, D(2026, 11, 23)},
    {"17h_utc_is_next_day_local", 20780 * kDay + 17 * 3600, 420, D(2026, 11, 24)},
    {"17h_utc_in_utc", 20780 * kDay + 17 * 3600, 0, D(2026, 11, 23)},
    {"new_year_local_before_utc", 20454 * kDay - 7 * 3600, 420, D(2026, 1, 1)},
};

TEST(Calendar, DateOfTimestamp) {
  for (const auto& c : kTimestamps) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(to_iso(date_of_timestamp(c.seconds, c.utc_offset_minutes)), to_iso(c.date));
  }
  EXPECT_EQ(to_iso(date_of_timestamp(20780 * kDay + 17 * 3600)), "2026-11-24");  // default offset is UTC+7
}

}  // namespace
}  // namespace planwatch
