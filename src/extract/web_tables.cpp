// Tables copied from web portals arrive as markdown pipe rows ("| 1 | Xây dựng … | Sở X |") or as
// raw HTML (<table><tr><td>…). Both become the tab-separated rows every table reader understands,
// keeping the input line where each row starts.
#include <cctype>
#include <cstdlib>

#include "lines.hpp"
#include "planwatch/text/strings.hpp"

namespace planwatch::extract {
namespace {

bool is_pipe_row(std::string_view t) {
  t = text::trim(t);
  if (t.size() < 3 || t.front() != '|') return false;
  std::size_t pipes = 0;
  for (char c : t) pipes += c == '|';
  return pipes >= 3;
}

bool is_pipe_separator(std::string_view t) {
  t = text::trim(t);
  for (char c : t)
    if (c != '|' && c != '-' && c != ':' && c != ' ' && c != '\t') return false;
  return t.find('-') != std::string_view::npos;
}

std::string pipe_row_to_tabs(std::string_view t) {
  t = text::trim(t);
  if (!t.empty() && t.front() == '|') t.remove_prefix(1);
  if (!t.empty() && t.back() == '|') t.remove_suffix(1);
  std::string out;
  std::string cell;
  bool first = true;
  for (std::size_t i = 0; i <= t.size(); ++i) {
    if (i == t.size() || (t[i] == '|' && (i == 0 || t[i - 1] != '\\'))) {
      if (!first) out.push_back('\t');
      out += text::trim(cell);
      cell.clear();
      first = false;
      continue;
    }
    if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') continue;
    cell.push_back(t[i]);
  }
  // "<br>" inside a markdown cell is a line break within the cell.
  return text::replace_all(out, "<br>", " ");
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Named entities for the accented letters Vietnamese shares with Latin-1 (pages saved by old editors).
const char* latin1_entity(std::string_view e) {
  static const std::pair<std::string_view, const char*> table[] = {
      {"agrave", "à"}, {"aacute", "á"}, {"acirc", "â"}, {"atilde", "ã"}, {"egrave", "è"}, {"eacute", "é"},
      {"ecirc", "ê"},  {"igrave", "ì"}, {"iacute", "í"}, {"ograve", "ò"}, {"oacute", "ó"}, {"ocirc", "ô"},
      {"otilde", "õ"}, {"ugrave", "ù"}, {"uacute", "ú"}, {"yacute", "ý"}, {"Agrave", "À"}, {"Aacute", "Á"},
      {"Acirc", "Â"},  {"Atilde", "Ã"}, {"Egrave", "È"}, {"Eacute", "É"}, {"Ecirc", "Ê"},  {"Igrave", "Ì"},
      {"Iacute", "Í"}, {"Ograve", "Ò"}, {"Oacute", "Ó"}, {"Ocirc", "Ô"},  {"Otilde", "Õ"}, {"Ugrave", "Ù"},
      {"Uacute", "Ú"}, {"Yacute", "Ý"}, {"ndash", "–"},  {"mdash", "—"},  {"ge", "≥"},     {"le", "≤"},
      {"ldquo", "“"},  {"rdquo", "”"},  {"hellip", "…"}};
  for (const auto& [k, v] : table)
    if (k == e) return v;
  return nullptr;
}

void append_entity_decoded(std::string& out, std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
      continue;
    }
    auto semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 8) {
      out.push_back('&');
      continue;
    }
    std::string_view e = s.substr(i + 1, semi - i - 1);
    if (e == "nbsp") out.push_back(' ');
    else if (e == "amp") out.push_back('&');
    else if (e == "lt") out.push_back('<');
    else if (e == "gt") out.push_back('>');
    else if (e == "quot") out.push_back('"');
    else if (const char* named = latin1_entity(e)) out.append(named);
    else if (!e.empty() && e[0] == '#') {
      long cp = e.size() > 1 && (e[1] == 'x' || e[1] == 'X') ? std::strtol(std::string(e.substr(2)).c_str(), nullptr, 16)
                                                             : std::strtol(std::string(e.substr(1)).c_str(), nullptr, 10);
      // UTF-8 encode (entities in copied pages are mostly Vietnamese letters).
      auto c = static_cast<unsigned long>(cp);
      if (c == 0 || c > 0x10FFFF) continue;
      if (c < 0x80) out.push_back(static_cast<char>(c));
      else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
      }
    } else {
      out.append(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
}

int attr_int(std::string_view tag_lower, std::string_view name) {
  auto p = tag_lower.find(name);
  if (p == std::string_view::npos) return 1;
  p += name.size();
  while (p < tag_lower.size() && (tag_lower[p] == '=' || tag_lower[p] == '"' || tag_lower[p] == '\'' || tag_lower[p] == ' ')) ++p;
  int v = std::atoi(std::string(tag_lower.substr(p, 4)).c_str());
  return v >= 1 && v <= 50 ? v : 1;
}

// Flattens the HTML tables in `lines[begin..]` starting at a line holding "<table"; returns the
// index after the closing "</table>".
std::size_t flatten_html_table(const std::vector<RawLine>& lines, std::size_t begin, std::vector<RawLine>& out) {
  struct Span {
    int rows_left = 0;
    std::string text;  // a merged cell's text applies to every row it spans
  };
  std::vector<Span> spans;  // per column: pending rowspan
  std::vector<std::string> row;
  int row_no = lines[begin].no, row_page = lines[begin].page;
  std::string cell;
  bool in_cell = false, in_row = false;
  bool bold = false;
  int colspan = 1, rowspan = 1;
  auto pad_spanned = [&] {
    while (row.size() < spans.size() && spans[row.size()].rows_left > 0) {
      --spans[row.size()].rows_left;
      row.push_back(spans[row.size()].text);
    }
  };
  auto end_cell = [&] {
    if (!in_cell) return;
    std::string c = text::collapse_spaces(cell);
    if (bold && !c.empty()) c = "**" + c + "**";
    pad_spanned();
    std::size_t col = row.size();
    row.push_back(c);
    for (int k = 1; k < colspan; ++k) row.emplace_back();
    if (spans.size() < row.size()) spans.resize(row.size());
    for (int k = 0; k < colspan; ++k) spans[col + static_cast<std::size_t>(k)] = {rowspan - 1, k == 0 ? c : std::string()};
    cell.clear();
    in_cell = false;
    bold = false;
  };
  auto end_row = [&] {
    end_cell();
    if (!in_row) return;
    pad_spanned();
    std::string joined;
    for (std::size_t k = 0; k < row.size(); ++k) joined += (k ? "\t" : "") + row[k];
    if (!row.empty()) out.push_back({joined, row_no, row_page});
    row.clear();
    in_row = false;
  };
  std::size_t i = begin;
  for (; i < lines.size(); ++i) {
    const std::string& s = lines[i].text;
    std::size_t p = 0;
    while (p < s.size()) {
      auto lt = s.find('<', p);
      if (in_cell) append_entity_decoded(cell, std::string_view(s).substr(p, lt == std::string::npos ? std::string::npos : lt - p));
      if (lt == std::string::npos) break;
      auto gt = s.find('>', lt);
      if (gt == std::string::npos) break;
      std::string tag = lower_ascii(std::string_view(s).substr(lt + 1, gt - lt - 1));
      p = gt + 1;
      if (tag.starts_with("tr")) {
        end_row();
        in_row = true;
        row_no = lines[i].no;
        row_page = lines[i].page;
      } else if (tag.starts_with("td") || tag.starts_with("th")) {
        end_cell();
        if (!in_row) {
          in_row = true;
          row_no = lines[i].no;
        }
        in_cell = true;
        colspan = attr_int(tag, "colspan");
        rowspan = attr_int(tag, "rowspan");
        bold = tag.starts_with("th");
      } else if (tag == "/td" || tag == "/th") {
        end_cell();
      } else if (tag == "/tr") {
        end_row();
      } else if (tag == "/table") {
        end_row();
        return i + 1;
      } else if (in_cell && (tag == "br" || tag == "br/" || tag == "br /" || tag == "/p" || tag == "/li" || tag == "/div")) {
        cell.push_back(' ');
      } else if (in_cell && (tag == "b" || tag == "strong")) {
        bold = true;
      } else if (in_cell && tag == "li") {
        cell += " - ";
      }
    }
    if (in_cell) cell.push_back(' ');
  }
  end_row();
  return i;
}

bool contains_ci(std::string_view s, std::string_view needle) { return lower_ascii(s).find(needle) != std::string::npos; }

}  // namespace

std::vector<RawLine> flatten_web_tables(const Document& doc) {
  std::vector<RawLine> in;
  in.reserve(doc.lines.size());
  for (std::size_t i = 0; i < doc.lines.size(); ++i) in.push_back({doc.lines[i].text, static_cast<int>(i) + 1, doc.lines[i].page});
  std::vector<RawLine> out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    const std::string& t = in[i].text;
    if (t.find('<') != std::string::npos && contains_ci(t, "<table")) {
      auto at = lower_ascii(t).find("<table");
      if (at > 0 && !text::trim(std::string_view(t).substr(0, at)).empty()) out.push_back({t.substr(0, at), in[i].no, in[i].page});
      i = flatten_html_table(in, i, out);
      continue;
    }
    if (is_pipe_row(t)) {
      if (!is_pipe_separator(t)) out.push_back({pipe_row_to_tabs(t), in[i].no, in[i].page});
      ++i;
      continue;
    }
    out.push_back(in[i]);
    ++i;
  }
  return out;
}

}  // namespace planwatch::extract
