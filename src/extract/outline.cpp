#include "outline.hpp"

#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::extract {
namespace {

int rank_of(const Marker& m) {
  switch (m.kind) {
    case MarkerKind::roman: return 1;
    case MarkerKind::arabic: return 2;
    case MarkerKind::dotted: {
      int dots = 0;
      for (char c : m.label) dots += c == '.';
      return 2 + dots;
    }
    case MarkerKind::letter: return 6;
    case MarkerKind::bullet: return m.label == "+" ? 8 : 7;
    case MarkerKind::none: return 0;
  }
  return 0;
}

// A marker only opens an item when the text after it reads like the start of an item, so that
// wrapped lines beginning with "2030, …" or "- " inside a sentence do not split items.
bool plausible_item(const CLine& l, const Marker& m) {
  std::string_view rest = std::string_view(l.text).substr(m.rest);
  if (rest.empty()) return m.kind == MarkerKind::roman || m.kind == MarkerKind::letter;
  if (m.kind == MarkerKind::arabic || m.kind == MarkerKind::dotted || m.kind == MarkerKind::roman) {
    // "13/12/2024 Quy định" or "2025- 2030" are not markers; the label must be short.
    if (m.label.size() > 8) return false;
    return !text::starts_lower(rest) || m.dot;
  }
  return true;
}

}  // namespace

std::string Item::path() const {
  std::string p;
  for (const auto& l : labels) {
    if (!p.empty()) p.push_back('.');
    p += l;
  }
  return p;
}

Outline build_outline(const std::vector<CLine>& lines, std::size_t begin, std::size_t end) {
  Outline o;
  std::vector<int> stack;
  int current = -1;
  for (std::size_t i = begin; i < end; ++i) {
    const CLine& l = lines[i];
    if (l.header) continue;
    Marker m = parse_marker(l.text);
    if (m.kind != MarkerKind::none && plausible_item(l, m)) {
      Item it;
      it.marker = m;
      it.rank = rank_of(m);
      while (!stack.empty() && o.items[static_cast<std::size_t>(stack.back())].rank >= it.rank) stack.pop_back();
      it.parent = stack.empty() ? -1 : stack.back();
      it.lines.push_back(i);
      it.paras.push_back({i});
      int idx = static_cast<int>(o.items.size());
      if (it.parent >= 0) {
        auto& par = o.items[static_cast<std::size_t>(it.parent)];
        par.children.push_back(idx);
        it.labels = par.labels;
      } else {
        o.roots.push_back(idx);
      }
      // Bullets have no printed label: number them by position among bullet siblings.
      if (m.kind == MarkerKind::bullet) {
        int n = 0;
        const auto& sibs = it.parent >= 0 ? o.items[static_cast<std::size_t>(it.parent)].children : o.roots;
        for (int s : sibs)
          if (o.items.size() > static_cast<std::size_t>(s) && o.items[static_cast<std::size_t>(s)].marker.kind == MarkerKind::bullet) ++n;
        it.labels.push_back("-" + std::to_string(n + 1));
      } else if (m.kind == MarkerKind::dotted) {
        // "2.1" under "2" → labels end with "2.1"'s last part only when the parent carries "2".
        auto last_dot = m.label.rfind('.');
        std::string head = m.label.substr(0, last_dot);
        const std::string parent_label = it.parent >= 0 ? o.items[static_cast<std::size_t>(it.parent)].marker.label : "";
        if (!it.labels.empty() && (it.labels.back() == head || parent_label == head))
          it.labels.push_back(m.label.substr(last_dot + 1));
        else
          it.labels.push_back(m.label);
      } else {
        it.labels.push_back(m.label);
      }
      o.items.push_back(std::move(it));
      stack.push_back(idx);
      current = idx;
      continue;
    }
    if (current >= 0) {
      auto& it = o.items[static_cast<std::size_t>(current)];
      it.lines.push_back(i);
      // A paragraph ends with its sentence; blank lines are no guide (some extractions put one
      // after every line).
      auto prev = text::trim(lines[it.lines[it.lines.size() - 2]].text);
      bool sentence_end = !prev.empty() && (prev.back() == '.' || prev.back() == ':' || prev.back() == ';');
      // A short line (a heading like "4. Các Sở, ban, ngành thành phố") ends its paragraph too.
      bool short_line = text::length(prev) < 70 && it.lines.size() == 2 && !prev.ends_with(",");
      if ((sentence_end || short_line) && !text::starts_lower(l.text))
        it.paras.push_back({i});
      else
        it.paras.back().push_back(i);
    }
  }
  for (auto& it : o.items) {
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < it.lines.size(); ++k) {
      const CLine& l = lines[it.lines[k]];
      parts.push_back(k == 0 ? l.text.substr(it.marker.rest) : l.text);
    }
    it.text = join_text(parts);
    it.folded = text::fold(it.text);
  }
  return o;
}

std::string para_text(const std::vector<CLine>& lines, const Item& it, std::size_t para) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < it.paras[para].size(); ++k) {
    std::size_t li = it.paras[para][k];
    const CLine& l = lines[li];
    parts.push_back(li == it.lines.front() ? l.text.substr(it.marker.rest) : l.text);
  }
  return join_text(parts);
}

bool is_heading_like(const std::string& text) {
  auto t = text::trim(text);
  return text::length(t) < 90 && !t.ends_with(".") && !t.ends_with(";");
}

}  // namespace planwatch::extract
