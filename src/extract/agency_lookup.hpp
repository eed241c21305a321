#pragma once
// Internal: agency keys and the gazetteer index (agency_lookup.cpp).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace planwatch::extract {

// Folded words of a name, abbreviations expanded ("UBND" → "uy ban nhan dan"), punctuation dropped,
// parenthesised parts dropped when `drop_parens`; OCR "Pà Nẵng" → "da nang".
std::string key_of(std::string_view name, bool drop_parens = true);

// The gazetteer entry a key names: exact, then without trailing location words, then fuzzy (edit
// distance within ~15 % of the entry's length). Index into gazetteer::entries().
std::optional<std::size_t> gaz_lookup(const std::string& key);

// True when the key is exactly a canonical name or alias of the gazetteer.
bool gaz_exact(const std::string& key);

}  // namespace planwatch::extract
