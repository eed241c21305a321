#pragma once
// Internal: word-level helpers over folded text.
#include <set>
#include <string>
#include <vector>

namespace planwatch::extract {

// Folded words of 3+ letters that carry meaning (stop words removed).
std::set<std::string> content_words(const std::string& folded);

// Legal documents named in a text: "Quyết định số 257/QĐ-UBND ngày 21/01/2026", "Nghị quyết số 57-NQ/TW ngày …".
std::vector<std::string> document_references(const std::string& text);

}  // namespace planwatch::extract
