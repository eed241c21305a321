#include "planwatch/extract/timeframe.hpp"

// Placeholder grammar; replaced by the table-driven implementation.
namespace planwatch::extract {
Timeframe parse_timeframe(std::string_view raw) { return Timeframe{std::string(raw), TimeframeKind::unknown, {}, {}}; }
bool looks_like_timeframe(std::string_view) { return false; }
}  // namespace planwatch::extract
