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
  bool allow_ocr = true;                          // PDFs without a text layer and images; off for fuzzing
  std::size_t max_ocr_pages = 200;                // OCR is slow (seconds per page): a separate cap
};

enum class Kind { text, pdf, docx, image, unknown };

// Looks at magic bytes: "%PDF-" (within the first 1 KiB, as PDF readers allow), "PK\x03\x04" with
// word/document.xml, PNG/JPEG/TIFF/BMP/GIF/WebP, else text. A ZIP without word/document.xml and
// other known binary formats (OLE .doc, RAR, 7z, ...) are `unknown`.
Kind sniff(std::string_view bytes);

// Reads a document from memory. `name` is used in messages and in Document::name.
Expected<Document> read_bytes(std::string_view name, std::string_view bytes, const Limits& limits = {});

// Reads a file (size-checked before loading).
Expected<Document> read_file(const std::filesystem::path& path, const Limits& limits = {});

// Plain text in UTF-8 (with or without BOM), UTF-16 with BOM; legacy Vietnamese 8-bit encodings
// (Windows-1258, TCVN3, VNI) are detected and converted or refused with a clear message.
Expected<Document> read_text(std::string_view name, std::string_view bytes, const Limits& limits = {});

// PDF via poppler: lines rebuilt from word boxes, table cells joined by '\t'. Pages without a text
// layer are OCR'd when limits.allow_ocr (format becomes ocr).
Expected<Document> read_pdf(std::string_view name, std::string_view bytes, const Limits& limits = {});

// DOCX (word/document.xml): paragraphs → lines, table rows → '\t'-joined cells.
Expected<Document> read_docx(std::string_view name, std::string_view bytes, const Limits& limits = {});

// Scanned page (PNG/JPEG/TIFF/...) → tesseract OCR (language "vie", "eng" as a fallback).
Expected<Document> read_image(std::string_view name, std::string_view bytes, const Limits& limits = {});

}  // namespace planwatch::ingest
