#pragma once
// Target grammar: an objective's text → comparator, value, unit per quantified part.
//   "tối thiểu 5.000 nhân lực" → >= 5000 "nhân lực"; "≥ 80%" → >= 80 "%"; "01-02 doanh nghiệp" → range 1..2;
//   "từ 2.000 đến 3.000 doanh nghiệp" → range; "đạt 2% GRDP" → = 2 "% GRDP"; "trên 40%" → >= 40 "%";
//   "trong nhóm 05 địa phương dẫn đầu" → <= 5 "thứ hạng toàn quốc"; "Mỗi năm có ≥ 20 công trình" → unit "công trình/năm".
// Numbers that only qualify a definition (Gbps, 12 tháng, tỷ USD, years, document numbers) are not targets.
#include <string_view>
#include <vector>

#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

std::vector<Target> parse_targets(std::string_view text);

// True when the text states at least one quantified target.
bool has_quantified_target(std::string_view text);

}  // namespace planwatch::extract
