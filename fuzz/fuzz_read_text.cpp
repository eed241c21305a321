// Any bytes → text reader (encoding detection, legacy decoders, line splitting).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "planwatch/ingest/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = planwatch::ingest::read_text("fuzz.txt", bytes);
  if (doc) {
    volatile std::size_t n = doc->lines.size();
    (void)n;
  }
  return 0;
}
