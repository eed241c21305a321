// Any bytes → DOCX reader (libzip, pugixml, table and numbering walk).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "planwatch/ingest/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  planwatch::ingest::Limits limits;
  limits.max_unpacked_bytes = 16u << 20;  // keep inflated parts small: speed, not safety
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = planwatch::ingest::read_docx("fuzz.docx", bytes, limits);
  if (doc) {
    volatile std::size_t n = doc->lines.size();
    (void)n;
  }
  return 0;
}
