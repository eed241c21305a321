#pragma once
// Internal: gazetteer data for agency_lookup.cpp.
#include <string_view>
#include <vector>

namespace planwatch::extract::gazetteer {

struct Entry {
  std::string_view canonical;
  std::vector<std::string_view> aliases;
};

const std::vector<Entry>& entries();

}  // namespace planwatch::extract::gazetteer
