#pragma once
// Vietnamese number notation: '.' groups thousands, ',' marks decimals — but real documents
// also write "0.70" for 0.7. Ranges are written "01-02", "16-18%", "từ 2.000 đến 3.000".
#include <optional>
#include <string_view>

namespace planwatch::text {

// Parses one number token ("5.000", "0,75", "0.70", "01", "1.200.000"); nullopt if not a number.
std::optional<double> parse_vn_number(std::string_view token);

struct NumberRange {
  double low = 0;
  double high = 0;
};
// Parses "01-02", "16 - 18", "35–40" (also en dash); nullopt if not a range.
std::optional<NumberRange> parse_vn_range(std::string_view token);

}  // namespace planwatch::text
