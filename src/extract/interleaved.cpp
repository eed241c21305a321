// Task tables in PDF text whose columns came out as interleaved short lines.
#include "sections.hpp"

namespace planwatch::extract {

TableResult parse_interleaved_table(const std::vector<CLine>&, std::size_t, std::size_t) { return {}; }

std::vector<Indicator> parse_indicator_table(const std::vector<CLine>&, std::size_t, std::size_t, std::vector<ImportWarning>&) {
  return {};
}

}  // namespace planwatch::extract
