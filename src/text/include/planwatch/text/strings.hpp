#pragma once
// Byte-level string helpers that are safe on UTF-8 (they only look at ASCII bytes).
#include <string>
#include <string_view>
#include <vector>

namespace planwatch::text {

std::string_view trim(std::string_view s);
// Collapse runs of ASCII white space (and NBSP) into one space and trim.
std::string collapse_spaces(std::string_view s);
std::vector<std::string_view> split(std::string_view s, char sep);
bool starts_with_ci_folded(std::string_view folded_haystack, std::string_view folded_prefix);
bool contains(std::string_view haystack, std::string_view needle);
std::string replace_all(std::string s, std::string_view from, std::string_view to);
// At most `max_bytes` bytes, never cutting a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace planwatch::text
