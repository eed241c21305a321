#include "planwatch/extract/targets.hpp"

// Placeholder grammar; replaced by the table-driven implementation.
namespace planwatch::extract {
std::vector<Target> parse_targets(std::string_view) { return {}; }
bool has_quantified_target(std::string_view) { return false; }
}  // namespace planwatch::extract
