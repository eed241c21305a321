#pragma once
// The one shape every reader produces: lines of text with provenance.
// Tables are kept as rows whose cells are separated by '\t' (the layout the extractor reads).
#include <string>
#include <vector>

namespace planwatch {

enum class SourceFormat { text, pdf, docx, ocr };

const char* to_string(SourceFormat f) noexcept;

struct Line {
  std::string text;  // UTF-8, NFC
  int page = 0;      // 1-based page where known, 0 otherwise
};

struct Document {
  std::string name;  // file name as given by the user (no directories)
  SourceFormat format = SourceFormat::text;
  std::vector<Line> lines;                // line i has number i + 1
  std::vector<std::string> notices;       // reader remarks (e.g. "converted from Windows-1258")
};

}  // namespace planwatch
