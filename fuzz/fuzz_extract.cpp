// Any bytes → text reader → extractor: the whole import pipeline for text input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "planwatch/extract/extract.hpp"
#include "planwatch/ingest/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = planwatch::ingest::read_text("fuzz.txt", bytes);
  if (!doc) return 0;
  auto result = planwatch::extract::extract_plan(*doc);
  volatile std::size_t n = result.tasks.size() + result.indicators.size();
  (void)n;
  return 0;
}
