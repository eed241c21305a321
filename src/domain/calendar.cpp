#include "planwatch/domain/calendar.hpp"

#include <charconv>

namespace planwatch {

bool is_leap_year(int y) noexcept { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) noexcept {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12) return 0;
  return m == 2 && is_leap_year(y) ? 29 : kDays[m - 1];
}

bool is_valid(const Date& d) noexcept {
  return d.year >= 1 && d.year <= 9999 && d.day >= 1 && d.day <= days_in_month(d.year, d.month);
}

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t to_days(const Date& d) noexcept {
  const std::int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (d.month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date from_days(std::int64_t z) noexcept {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return Date{year, month, day};
}

Date add_days(const Date& d, int days) noexcept { return from_days(to_days(d) + days); }

int days_between(const Date& from, const Date& to) noexcept { return static_cast<int>(to_days(to) - to_days(from)); }

Date end_of_month(int year, int month) noexcept { return Date{year, month, days_in_month(year, month)}; }

Date make_date_clamped(int year, int month, int day) noexcept {
  const int last = days_in_month(year, month);
  return Date{year, month, day < 1 ? 1 : (day > last ? last : day)};
}

std::optional<Date> parse_iso_date(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  Date d;
  auto num = [&](std::size_t at, std::size_t n, int& out) {
    const char* b = s.data() + at;
    auto r = std::from_chars(b, b + n, out);
    return r.ec == std::errc{} && r.ptr == b + n;
  };
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day) || !is_valid(d)) return std::nullopt;
  return d;
}

Date date_of_timestamp(std::int64_t unix_seconds, int utc_offset_minutes) noexcept {
  std::int64_t local = unix_seconds + std::int64_t{utc_offset_minutes} * 60;
  std::int64_t days = local / 86400;
  if (local % 86400 < 0) --days;
  return from_days(days);
}

}  // namespace planwatch
