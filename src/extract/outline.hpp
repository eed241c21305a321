#pragma once
// Internal: the numbered section tree of a plan's body text.
#include <string>
#include <vector>

#include "lines.hpp"

namespace planwatch::extract {

struct Item {
  Marker marker;
  int rank = 0;        // roman 1, arabic 2, dotted 2+depth, letter 6, bullet 7, plus-bullet 8
  int parent = -1;     // index in the outline
  std::vector<int> children;
  std::vector<std::size_t> lines;        // indices into the cleaned lines
  std::vector<std::vector<std::size_t>> paras;  // lines grouped in paragraphs (blank-line separated)
  std::string text;    // marker removed, wrapped lines joined
  std::string folded;
  std::string path() const;  // e.g. "II.1.a"
  std::vector<std::string> labels;  // path labels from the root
};

struct Outline {
  std::vector<Item> items;
  std::vector<int> roots;
};

// Builds the tree over lines [begin, end). Lines without a marker continue the current item.
Outline build_outline(const std::vector<CLine>& lines, std::size_t begin, std::size_t end);

// The outline's item i (indices in Item::children and Outline::roots are ints).
inline const Item& item_at(const Outline& o, int i) { return o.items[static_cast<std::size_t>(i)]; }

// A short line without closing punctuation: a heading rather than a sentence.
bool is_heading_like(const std::string& text);

// Text of a subset of an item's paragraphs.
std::string para_text(const std::vector<CLine>& lines, const Item& it, std::size_t para);

}  // namespace planwatch::extract
