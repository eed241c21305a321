#include "planwatch/extract/agencies.hpp"

#include "planwatch/text/strings.hpp"

// Placeholder gazetteer; replaced by the real one.
namespace planwatch::extract {
std::optional<std::string> canonical_agency(std::string_view) { return std::nullopt; }
double agency_likeness(std::string_view) { return 0.0; }
std::vector<std::string> split_agencies(std::string_view cell) {
  std::vector<std::string> out;
  for (auto p : text::split(cell, ';')) {
    auto t = text::trim(p);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}
std::vector<AgencyRef> agency_refs(std::string_view cell) {
  std::vector<AgencyRef> out;
  for (auto& n : split_agencies(cell)) out.push_back(AgencyRef{n, canonical_agency(n)});
  return out;
}
}  // namespace planwatch::extract
