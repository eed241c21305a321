#include "planwatch/text/numbers.hpp"

#include <cctype>
#include <string>

#include "planwatch/text/strings.hpp"

namespace planwatch::text {

std::optional<double> parse_vn_number(std::string_view tok) {
  tok = trim(tok);
  if (tok.empty() || !std::isdigit(static_cast<unsigned char>(tok.front())) ||
      !std::isdigit(static_cast<unsigned char>(tok.back())))
    return std::nullopt;
  int dots = 0, commas = 0;
  for (char c : tok) {
    if (c == '.') ++dots;
    else if (c == ',') ++commas;
    else if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
  }
  std::string norm;
  if (commas > 1) return std::nullopt;
  if (commas == 1) {
    // "1.234,5": dots group thousands, comma is the decimal mark.
    for (char c : tok) {
      if (c == '.') continue;
      norm.push_back(c == ',' ? '.' : c);
    }
  } else if (dots == 0) {
    norm = std::string(tok);
  } else {
    // Dots only: thousands grouping when every group after the first has exactly 3 digits
    // ("5.000", "1.200.000"); otherwise a decimal point ("0.70", "2.5").
    bool grouping = true;
    auto parts = split(tok, '.');
    if (parts.front().empty() || parts.front().size() > 3) grouping = false;
    for (std::size_t i = 1; i < parts.size() && grouping; ++i) grouping = parts[i].size() == 3;
    if (grouping && parts.size() == 2 && parts.front() == "0") grouping = false;  // "0.700"
    if (grouping) {
      for (char c : tok)
        if (c != '.') norm.push_back(c);
    } else if (dots == 1) {
      norm = std::string(tok);
    } else {
      return std::nullopt;
    }
  }
  try {
    std::size_t used = 0;
    double v = std::stod(norm, &used);
    if (used != norm.size()) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<NumberRange> parse_vn_range(std::string_view tok) {
  std::string s = collapse_spaces(tok);
  s = replace_all(s, "\xE2\x80\x93", "-");  // en dash
  s = replace_all(s, "\xE2\x80\x94", "-");  // em dash
  auto dash = s.find('-');
  if (dash == std::string::npos || s.find('-', dash + 1) != std::string::npos) return std::nullopt;
  auto a = parse_vn_number(trim(std::string_view(s).substr(0, dash)));
  auto b = parse_vn_number(trim(std::string_view(s).substr(dash + 1)));
  if (!a || !b || *a > *b) return std::nullopt;
  return NumberRange{*a, *b};
}

}  // namespace planwatch::text
