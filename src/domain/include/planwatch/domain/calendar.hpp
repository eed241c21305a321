#pragma once
// Civil-calendar arithmetic on Date (proleptic Gregorian, no time zone). Pure.
#include <cstdint>
#include <optional>
#include <string_view>

#include "planwatch/domain/plan.hpp"

namespace planwatch {

bool is_leap_year(int year) noexcept;
int days_in_month(int year, int month) noexcept;  // 0 when month is out of 1..12
bool is_valid(const Date& d) noexcept;
std::int64_t to_days(const Date& d) noexcept;  // days since 1970-01-01 (may be negative)
Date from_days(std::int64_t days) noexcept;
Date add_days(const Date& d, int days) noexcept;
int days_between(const Date& from, const Date& to) noexcept;  // to − from
Date end_of_month(int year, int month) noexcept;
// Clamps the day into the month: (2026, 2, 30) → 2026-02-28; a day below 1 becomes 1.
Date make_date_clamped(int year, int month, int day) noexcept;
std::optional<Date> parse_iso_date(std::string_view s) noexcept;  // "2026-03-05"; nullopt when invalid
Date date_of_timestamp(std::int64_t unix_seconds, int utc_offset_minutes = 7 * 60) noexcept;  // Vietnam is UTC+7

}  // namespace planwatch
