#pragma once
// Agency gazetteer of Vietnamese state bodies with abbreviations and fuzzy matching on folded text,
// so that OCR text without diacritics ("So Khoa hoc va Cong nghe") still resolves.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

// Canonical name of a known body, or nullopt. "Sở KH&CN", "SKHCN", "So Khoa hoc va Cong nghe"
// → "Sở Khoa học và Công nghệ". Collective phrases ("Các sở, ban, ngành") resolve to themselves.
std::optional<std::string> canonical_agency(std::string_view name);

// True for a phrase naming several bodies at once rather than one agency: "các Sở, ngành liên quan",
// "các đơn vị có liên quan", "UBND các quận, huyện", "sở, ban, ngành thành phố". Such phrases are
// kept as text on a plan and never become agencies.
bool is_collective_agency(std::string_view name);

// How strongly a text reads as the start of an agency name (0 = not at all, 1 = certainly):
// "Sở …", "Ban Quản lý …", "UBND …", "Công an …", "Các sở, ngành …", "Trường Đại học …", "Công ty …".
double agency_likeness(std::string_view text);

// Splits one cell naming several agencies: on ';', on bullets, on commas between distinct bodies,
// and where a lost line break joined two names. Catch-all phrases ("các Sở, ban, ngành thành phố",
// "Các cơ quan, tổ chức có liên quan") and commas inside a proper name stay whole.
std::vector<std::string> split_agencies(std::string_view cell);

// True when the text names a person's role rather than a body: "Chủ tịch UBND thành phố",
// "PCT UBND thành phố phụ trách", "Phó Chủ tịch …", "Lãnh đạo UBND …" (the 'leader' column).
bool looks_like_leader(std::string_view text);

// canonical_agency and agency_likeness remember their answers per thread (table readers ask about
// the same cells many times); extract_plan() starts each document with an empty memo.
void reset_agency_memo();

// split_agencies + canonical_agency.
std::vector<AgencyRef> agency_refs(std::string_view cell);

}  // namespace planwatch::extract
