#pragma once
// Readers: bytes of a user's file → one Document (lines with page provenance).
// The format is sniffed from the content, never trusted from the extension.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "planwatch/domain/document.hpp"
#include "planwatch/domain/expected.hpp"

namespace planwatch::ingest {

struct Limits {
  std::size_t max_file_bytes = 64u << 20;         // 64 MiB on disk / upload
  std::size_t max_unpacked_bytes = 256u << 20;    // zip bomb guard for DOCX parts
  std::size_t max_pages = 2000;                   // PDF pages
  int ocr_dpi = 300;
};

enum class Kind { text, pdf, docx, image, unknown };

// Looks at magic bytes: "%PDF-", "PK\x03\x04" with word/document.xml, PNG/JPEG/TIFF, else text.
Kind sniff(std::string_view bytes);

// Reads a document from memory. `name` is used in messages and in Document::name.
Expected<Document> read_bytes(std::string_view name, std::string_view bytes, const Limits& limits = {});

// Reads a file (size-checked before loading).
Expected<Document> read_file(const std::filesystem::path& path, const Limits& limits = {});

// Plain text in UTF-8 (with or without BOM), UTF-16 with BOM; legacy Vietnamese 8-bit encodings
// (Windows-1258, TCVN3, VNI) are detected and converted or refused with a clear message.
Expected<Document> read_text(std::string_view name, std::string_view bytes, const Limits& limits = {});

}  // namespace planwatch::ingest
