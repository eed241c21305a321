// Any bytes → PDF reader (poppler, page layout). OCR is off so that each input stays fast.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "planwatch/ingest/reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  planwatch::ingest::Limits limits;
  limits.allow_ocr = false;
  limits.max_pages = 50;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = planwatch::ingest::read_pdf("fuzz.pdf", bytes, limits);
  if (doc) {
    volatile std::size_t n = doc->lines.size();
    (void)n;
  }
  return 0;
}
