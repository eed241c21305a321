// Page layout from word boxes (PDF text layer or OCR): physical lines → paragraphs and tables.
//
// Heuristics, all in units measured on the page itself (median character width `cw`, median
// word height `lh`, median line pitch) so that they hold for any font size or OCR resolution:
//  1. Lines: words whose vertical extents overlap by half the smaller height share a line.
//  2. Table regions: a line with a gap wider than 1.8 cw is "multi". Runs of lines containing at
//     least two multi lines (at most 4 plain lines in between) are candidate regions.
//  3. Columns: inside a region, vertical "white rivers" are x-ranges that no word covers (except
//     on one line in eight: merged cells), at least 0.8 cw wide, and that at least two lines actually straddle (words on both
//     sides). River midpoints are the column boundaries. A word that covers a river (a merged
//     cell) keeps its text in the cell where it starts; the spanned cells stay empty.
//     A line is split into cells only at gaps that reach a column boundary and are clearly wider
//     than the page's normal word space (1.5x the median), so merged-cell text stays whole.
//  4. Rows: a physical line opens a new table row when its first cell (STT) is non-empty or its
//     pitch to the previous line is clearly larger than the region's usual pitch and it has text
//     in two or more columns; otherwise it
//     is a wrapped continuation and its cells are appended (with a space) to the current row.
//  5. Prose: lines are joined into paragraphs unless the next line is indented, starts with a
//     list marker, follows a short line or a larger vertical gap. Paragraphs are separated by an
//     empty line, which is how the extractor sees paragraph boundaries in text input.
#include <algorithm>
#include <cmath>

#include "internal.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::ingest::detail {
namespace {

struct PLine {
  std::vector<Word> words;  // sorted by x0
  double y0 = 0, y1 = 0;
  [[nodiscard]] double x0() const { return words.front().x0; }
  [[nodiscard]] double x1() const { return words.back().x1; }
};

double median(std::vector<double> v, double dflt) {
  if (v.empty()) return dflt;
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

double percentile(std::vector<double> v, double p, double dflt) {
  if (v.empty()) return dflt;
  std::sort(v.begin(), v.end());
  auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
  return v[i];
}

struct River {
  double x0, x1;  // the white range (a few merged-cell lines may cross it)
  double c0, c1;  // its least-covered part: where the column boundary really is
  [[nodiscard]] double mid() const { return (c0 + c1) / 2; }
};

std::string join_words(const std::vector<Word>& ws, std::size_t b, std::size_t e, double cw) {
  std::string s;
  for (std::size_t i = b; i < e; ++i) {
    // Boxes that touch are one word split by a font change ("Điều" + "1."): no space.
    if (i > b && ws[i].x0 - ws[i - 1].x1 > 0.12 * cw) s.push_back(' ');
    s += ws[i].text;
  }
  return s;
}

bool starts_with_marker(std::string_view t) {
  if (t.empty()) return false;
  if (t.starts_with("- ") || t.starts_with("+ ") || t.starts_with("• ") || t.starts_with("– ") || t.starts_with("* "))
    return true;
  // "1.", "12)", "a)", "đ)", "IV.", "2.1."
  std::size_t i = 0;
  while (i < t.size() && i < 6 && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.')) ++i;
  if (i > 0 && i < t.size() && (t[i - 1] == '.' || t[i] == ')' || t[i] == '.')) return true;
  if (t.size() >= 2 && t[0] >= 'a' && t[0] <= 'z' && t[1] == ')') return true;
  if (t.starts_with("đ)")) return true;
  i = 0;
  while (i < t.size() && i < 5 && (t[i] == 'I' || t[i] == 'V' || t[i] == 'X')) ++i;
  if (i > 0 && i < t.size() && t[i] == '.') return true;
  const std::string f = text::fold(t.substr(0, 12));
  return f.starts_with("dieu ") || f.starts_with("chuong ") || f.starts_with("muc ") || f.starts_with("phan ");
}

class PageLayout {
 public:
  explicit PageLayout(std::vector<Word> words) {
    std::vector<double> widths, heights;
    for (auto& w : words) {
      if (w.x1 < w.x0) std::swap(w.x0, w.x1);
      if (w.y1 < w.y0) std::swap(w.y0, w.y1);
      if (!std::isfinite(w.x0) || !std::isfinite(w.x1) || !std::isfinite(w.y0) || !std::isfinite(w.y1)) continue;
      std::string_view t = w.text;
      while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
      if (t.empty()) continue;
      w.text = std::string(t);
      const auto n = static_cast<double>(std::max<std::size_t>(1, text::length(w.text)));
      if (w.x1 > w.x0) widths.push_back((w.x1 - w.x0) / n);
      if (w.y1 > w.y0) heights.push_back(w.y1 - w.y0);
      words_.push_back(std::move(w));
    }
    lh_ = std::max(median(heights, 10.0), 1e-3);
    cw_ = std::max(median(widths, lh_ * 0.5), 1e-3);
    build_lines();
    std::vector<double> gaps;
    for (const auto& l : lines_)
      for (std::size_t k = 1; k < l.words.size(); ++k) {
        const double g = l.words[k].x0 - l.words[k - 1].x1;
        if (g > 0.12 * cw_ && g < 1.8 * cw_) gaps.push_back(g);
      }
    space_ = median(gaps, 0.5 * cw_);
  }

  std::vector<std::string> run() {
    std::vector<std::string> out;
    std::vector<bool> multi(lines_.size());
    for (std::size_t i = 0; i < lines_.size(); ++i) multi[i] = is_multi(lines_[i]);

    std::vector<double> x0s, x1s, pitches;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      x0s.push_back(lines_[i].x0());
      x1s.push_back(lines_[i].x1());
      if (i > 0) pitches.push_back(lines_[i].y0 - lines_[i - 1].y0);
    }
    left_ = percentile(x0s, 0.1, 0);
    right_ = percentile(x1s, 0.9, 0);
    pitch_ = std::max(median(pitches, lh_ * 1.2), lh_ * 0.8);

    std::size_t i = 0;
    std::vector<std::size_t> prose;  // pending physical lines of the current paragraph run
    auto flush_prose = [&] {
      emit_prose(prose, out);
      prose.clear();
    };
    std::size_t not_table_until = 0;  // lines already examined as part of a failed region
    while (i < lines_.size()) {
      if (multi[i] && i >= not_table_until) {
        std::size_t end = 0;
        std::vector<River> rivers;
        if (find_region(i, multi, end, rivers)) {
          flush_prose();
          if (!out.empty() && !out.back().empty()) out.emplace_back();
          emit_table(i, end, rivers, out);
          out.emplace_back();
          i = end;
          continue;
        }
        not_table_until = end;
      }
      prose.push_back(i);
      ++i;
    }
    flush_prose();
    while (!out.empty() && out.back().empty()) out.pop_back();
    return out;
  }

 private:
  void build_lines() {
    std::sort(words_.begin(), words_.end(), [](const Word& a, const Word& b) {
      const double ca = (a.y0 + a.y1) / 2, cb = (b.y0 + b.y1) / 2;
      return ca != cb ? ca < cb : a.x0 < b.x0;
    });
    for (auto& w : words_) {
      bool joined = false;
      // Compare with the last few lines: a taller word can start slightly above its neighbours.
      for (std::size_t k = lines_.size(); k > 0 && k + 3 > lines_.size(); --k) {
        PLine& l = lines_[k - 1];
        const double ov = std::min(l.y1, w.y1) - std::max(l.y0, w.y0);
        const double mh = std::min(l.y1 - l.y0, w.y1 - w.y0);
        if (ov > 0.5 * std::max(mh, 1e-3)) {
          l.words.push_back(std::move(w));
          l.y0 = std::min(l.y0, l.words.back().y0);
          l.y1 = std::max(l.y1, l.words.back().y1);
          joined = true;
          break;
        }
      }
      if (!joined) {
        PLine l;
        l.y0 = w.y0;
        l.y1 = w.y1;
        l.words.push_back(std::move(w));
        lines_.push_back(std::move(l));
      }
    }
    for (auto& l : lines_)
      std::sort(l.words.begin(), l.words.end(), [](const Word& a, const Word& b) { return a.x0 < b.x0; });
    std::sort(lines_.begin(), lines_.end(), [](const PLine& a, const PLine& b) { return a.y0 < b.y0; });
  }

  [[nodiscard]] bool is_multi(const PLine& l) const {
    for (std::size_t k = 1; k < l.words.size(); ++k)
      if (l.words[k].x0 - l.words[k - 1].x1 > 1.8 * cw_) return true;
    return false;
  }

  // Finds the table region starting at line `b` and its column rivers; `end` is one past it.
  bool find_region(std::size_t b, const std::vector<bool>& multi, std::size_t& end, std::vector<River>& rivers) {
    std::size_t last = b, count = 1;
    for (std::size_t j = b + 1; j < lines_.size(); ++j) {
      if (lines_[j].y0 - lines_[j - 1].y1 > 3.0 * lh_) break;
      if (multi[j]) {
        last = j;
        ++count;
      } else if (j - last > 4) {
        break;
      }
    }
    end = last + 1;  // on failure the caller skips these lines: keeps the scan linear
    if (count < 2) return false;
    rivers = find_rivers(b, last + 1);
    if (rivers.empty()) return false;
    // Wrapped text of the last row continues below the last multi line.
    end = last + 1;
    const double rl = region_left(b, last + 1), rr = region_right(b, last + 1);
    while (end < lines_.size()) {
      const PLine& l = lines_[end];
      if (l.y0 - lines_[end - 1].y1 > 1.0 * lh_) break;
      if (l.x0() < rl - cw_ || l.x1() > rr + cw_ || crosses(l, rivers)) break;
      ++end;
    }
    return true;
  }

  double region_left(std::size_t b, std::size_t e) const {
    double v = lines_[b].x0();
    for (std::size_t i = b; i < e; ++i) v = std::min(v, lines_[i].x0());
    return v;
  }
  double region_right(std::size_t b, std::size_t e) const {
    double v = lines_[b].x1();
    for (std::size_t i = b; i < e; ++i) v = std::max(v, lines_[i].x1());
    return v;
  }

  static bool crosses(const PLine& l, const std::vector<River>& rivers) {
    for (const auto& w : l.words)
      for (const auto& r : rivers)
        if (w.x0 < r.x1 && w.x1 > r.x0) return true;
    return false;
  }

  std::vector<River> find_rivers(std::size_t b, std::size_t e) const {
    const double L = region_left(b, e), R = region_right(b, e);
    const double bin = std::max(cw_ / 4.0, (R - L) / 4000.0);
    const auto nbins = static_cast<std::size_t>(std::ceil((R - L) / bin)) + 1;
    if (nbins < 3 || nbins > 8192) return {};
    std::vector<int> cover(nbins, 0);
    for (std::size_t i = b; i < e; ++i)
      for (const auto& w : lines_[i].words) {
        auto s = static_cast<std::size_t>(std::max(0.0, (w.x0 - L) / bin));
        auto t = static_cast<std::size_t>(std::max(0.0, std::ceil((w.x1 - L) / bin)));
        for (std::size_t k = s; k < std::min(t, nbins); ++k) ++cover[k];
      }
    // Merged cells (a group title spanning all columns) cross the rivers: tolerate a few.
    const int allowed = static_cast<int>((e - b) / 8);
    std::vector<River> out;
    std::size_t k = 0;
    while (k < nbins) {
      if (cover[k] > allowed) {
        ++k;
        continue;
      }
      std::size_t s = k;
      while (k < nbins && cover[k] <= allowed) ++k;
      if (s == 0 || k >= nbins) continue;  // margins are not rivers
      River r{L + static_cast<double>(s) * bin, L + static_cast<double>(k) * bin, 0, 0};
      if (r.x1 - r.x0 < 0.8 * cw_) continue;
      const int least = *std::min_element(cover.begin() + static_cast<std::ptrdiff_t>(s),
                                          cover.begin() + static_cast<std::ptrdiff_t>(k));
      std::size_t best_s = s, best_len = 0;
      for (std::size_t q = s; q < k;) {
        if (cover[q] != least) {
          ++q;
          continue;
        }
        std::size_t q0 = q;
        while (q < k && cover[q] == least) ++q;
        if (q - q0 > best_len) {
          best_s = q0;
          best_len = q - q0;
        }
      }
      r.c0 = L + static_cast<double>(best_s) * bin;
      r.c1 = L + static_cast<double>(best_s + best_len) * bin;
      int support = 0;
      for (std::size_t i = b; i < e; ++i) {
        bool left = false, right = false;
        for (const auto& w : lines_[i].words) {
          left = left || w.x1 <= r.x0 + 1e-6;
          right = right || w.x0 >= r.x1 - 1e-6;
        }
        if (left && right) ++support;
      }
      if (support >= 2) out.push_back(r);
    }
    return out;
  }

  void emit_table(std::size_t b, std::size_t e, const std::vector<River>& rivers, std::vector<std::string>& out) {
    const std::size_t ncols = rivers.size() + 1;
    auto column_of = [&](double x) {
      std::size_t c = 0;
      while (c < rivers.size() && x >= rivers[c].mid()) ++c;
      return c;
    };
    std::vector<double> pitches;
    for (std::size_t i = b + 1; i < e; ++i) pitches.push_back(lines_[i].y0 - lines_[i - 1].y0);
    const double pitch = median(pitches, pitch_);

    std::vector<std::string> row;
    auto flush = [&] {
      if (row.empty()) return;
      std::string s;
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c) s.push_back('\t');
        s += row[c];
      }
      out.push_back(std::move(s));
      row.clear();
    };
    for (std::size_t i = b; i < e; ++i) {
      const PLine& l = lines_[i];
      std::vector<std::string> cells(ncols);
      std::size_t start = 0;
      std::size_t col = column_of(l.words[0].x0);
      for (std::size_t k = 1; k <= l.words.size(); ++k) {
        bool split = k == l.words.size();
        if (!split) {
          const double gap0 = l.words[k - 1].x1, gap1 = l.words[k].x0;
          // The gap spans the river's core, or contains the column boundary (centred headers,
          // text filling a cell up to its border), and is clearly wider than a word space.
          // A normal word space never splits (a merged cell's words cross rivers that way).
          for (const auto& r : rivers) {
            const double mid = r.mid();
            if (((gap0 <= r.c0 + 0.25 * cw_ && gap1 >= r.c1 - 0.25 * cw_) || (gap0 < mid && gap1 > mid)) &&
                gap1 - gap0 >= std::max(1.5 * space_, 0.5 * cw_))
              split = true;
          }
        }
        if (!split) continue;
        std::string t = join_words(l.words, start, k, cw_);
        std::string& cell = cells[std::min(col, ncols - 1)];
        if (!cell.empty()) cell.push_back(' ');
        cell += t;
        if (k < l.words.size()) {
          start = k;
          col = std::max(col + 1, column_of(l.words[k].x0));
        }
      }
      std::size_t filled = 0;
      for (const auto& c : cells) filled += c.empty() ? 0 : 1;
      // A larger pitch alone may be an empty paragraph inside one cell: only trust it when the
      // line has text in several columns.
      const bool new_row = row.empty() || !cells[0].empty() ||
                           (i > b && l.y0 - lines_[i - 1].y0 > 1.3 * pitch && filled >= 2);
      if (new_row) {
        flush();
        row = std::move(cells);
      } else {
        for (std::size_t c = 0; c < ncols; ++c) {
          if (cells[c].empty()) continue;
          if (!row[c].empty()) row[c].push_back(' ');
          row[c] += cells[c];
        }
      }
    }
    flush();
  }

  void emit_prose(const std::vector<std::size_t>& idx, std::vector<std::string>& out) {
    std::string para;
    for (std::size_t n = 0; n < idx.size(); ++n) {
      const PLine& l = lines_[idx[n]];
      std::string t = join_words(l.words, 0, l.words.size(), cw_);
      bool brk = n == 0;
      if (!brk) {
        const PLine& p = lines_[idx[n - 1]];
        brk = idx[n] != idx[n - 1] + 1 ||                   // a table sat in between
              l.y0 - p.y0 > 1.35 * pitch_ ||                // paragraph spacing
              l.x0() > left_ + 1.5 * cw_ ||                 // first-line indent or centred line
              p.x1() < right_ - 6.0 * cw_ ||                // previous line ended early
              starts_with_marker(t);
      }
      if (brk) {
        if (!para.empty()) {
          out.push_back(std::move(para));
          out.emplace_back();
        }
        para = std::move(t);
      } else {
        para.push_back(' ');
        para += t;
      }
    }
    if (!para.empty()) {
      out.push_back(std::move(para));
      out.emplace_back();
    }
  }

  std::vector<Word> words_;
  std::vector<PLine> lines_;
  double cw_ = 5, lh_ = 10, pitch_ = 12, left_ = 0, right_ = 0, space_ = 2.5;
};

}  // namespace

std::vector<std::string> layout_page(std::vector<Word> words) {
  if (words.empty()) return {};
  return PageLayout(std::move(words)).run();
}

}  // namespace planwatch::ingest::detail
