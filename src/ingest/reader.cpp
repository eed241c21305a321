#include "planwatch/ingest/reader.hpp"

#include <fstream>
#include <sstream>

#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::ingest {

Kind sniff(std::string_view b) {
  if (b.starts_with("%PDF-")) return Kind::pdf;
  if (b.starts_with("PK\x03\x04")) return Kind::docx;
  if (b.starts_with("\x89PNG") || b.starts_with("\xFF\xD8\xFF") || b.starts_with("II*") || b.starts_with("MM\0*"))
    return Kind::image;
  return Kind::text;
}

Expected<Document> read_text(std::string_view name, std::string_view bytes, const Limits&) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (!text::valid_utf8(bytes))
    return fail("bad_encoding", std::string(name) + ": tệp không phải văn bản UTF-8",
                std::string(name) + ": invalid UTF-8");
  Document doc;
  doc.name = std::string(name);
  doc.format = SourceFormat::text;
  std::size_t start = 0;
  while (start <= bytes.size()) {
    auto nl = bytes.find('\n', start);
    if (nl == std::string_view::npos) nl = bytes.size();
    std::string_view line = bytes.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!(nl == bytes.size() && line.empty())) doc.lines.push_back(Line{text::nfc(line), 0});
    start = nl + 1;
  }
  return doc;
}

Expected<Document> read_bytes(std::string_view name, std::string_view bytes, const Limits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return fail("too_large", std::string(name) + ": tệp quá lớn", std::string(name) + ": file too large");
  switch (sniff(bytes)) {
    case Kind::text: return read_text(name, bytes, limits);
    default:
      return fail("unsupported_format", std::string(name) + ": định dạng chưa được hỗ trợ",
                  std::string(name) + ": unsupported format");
  }
}

Expected<Document> read_file(const std::filesystem::path& path, const Limits& limits) {
  const std::string name = path.filename().string();
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail("unreadable", name + ": không đọc được tệp (" + ec.message() + ")", path.string() + ": " + ec.message());
  if (size > limits.max_file_bytes)
    return fail("too_large", name + ": tệp quá lớn", path.string() + ": " + std::to_string(size) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("unreadable", name + ": không mở được tệp", path.string() + ": open failed");
  std::ostringstream ss;
  ss << in.rdbuf();
  return read_bytes(name, ss.str(), limits);
}

}  // namespace planwatch::ingest
