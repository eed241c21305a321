#pragma once
// Timeframe grammar: the printed cell → kind and start/due dates.
//   "Thường xuyên" → ongoing; "Hằng năm"/"Tháng 6 hằng năm" → annual; "Năm 2026" → by_date 2026-12-31;
//   "Quý I/2025" → by_date 2025-03-31; "2026 - 2030" → range 2026-01-01..2030-12-31;
//   "Hoàn thành trong tháng 12/2025" → by_date 2025-12-31; "Sau khi có hướng dẫn…" → conditional.
// Works on text with or without diacritics (OCR).
#include <string_view>

#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

Timeframe parse_timeframe(std::string_view raw);

// True when the text reads as a timeframe cell (used to tell table columns apart).
bool looks_like_timeframe(std::string_view text);

}  // namespace planwatch::extract
