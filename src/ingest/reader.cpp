// Entry points: sniff the content, dispatch to a reader. Extensions are never trusted to pick the
// reader; they are only used to word the refusal when content and name disagree.
#include "planwatch/ingest/reader.hpp"

#include <fstream>
#include <iterator>

#include "internal.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::ingest {
namespace {
using detail::refuse;

bool is_zip(std::string_view b) {
  return b.starts_with("PK\x03\x04") || b.starts_with("PK\x05\x06") || b.starts_with("PK\x07\x08");
}
bool is_ole(std::string_view b) { return b.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"); }

bool is_image(std::string_view b) {
  return b.starts_with("\x89PNG\r\n\x1A\n") || b.starts_with("\xFF\xD8\xFF") ||
         b.starts_with(std::string_view("II*\0", 4)) || b.starts_with(std::string_view("MM\0*", 4)) ||
         b.starts_with("GIF87a") || b.starts_with("GIF89a") || (b.starts_with("RIFF") && b.substr(8, 4) == "WEBP");
}

bool is_other_binary(std::string_view b) {
  return is_ole(b) || b.starts_with("Rar!\x1A\x07") || b.starts_with("7z\xBC\xAF\x27\x1C") ||
         b.starts_with("\x1F\x8B") || b.starts_with("{\\rtf") || b.starts_with("\x7F" "ELF") || b.starts_with("MZ");
}

std::string lower_ext(std::string_view name) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string e(name.substr(dot + 1));
  for (char& c : e) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return e;
}

}  // namespace

Kind sniff(std::string_view b) {
  if (b.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Kind::pdf;
  if (is_zip(b)) return b.find("word/document.xml") != std::string_view::npos ? Kind::docx : Kind::unknown;
  if (is_image(b)) return Kind::image;
  if (is_other_binary(b)) return Kind::unknown;
  return Kind::text;
}

Expected<Document> read_bytes(std::string_view name, std::string_view bytes, const Limits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return refuse("too_large", name,
                  "tệp quá lớn (" + std::to_string(bytes.size() >> 20) + " MiB, tối đa " +
                      std::to_string(limits.max_file_bytes >> 20) + " MiB)",
                  std::to_string(bytes.size()) + " bytes > max_file_bytes");
  const Kind kind = sniff(bytes);
  switch (kind) {
    case Kind::pdf: return read_pdf(name, bytes, limits);
    case Kind::docx: return read_docx(name, bytes, limits);
    case Kind::image: return read_image(name, bytes, limits);
    case Kind::unknown:
      if (is_zip(bytes))
        return refuse("not_docx", name, "không phải tệp DOCX (tệp nén ZIP không có word/document.xml)",
                      "zip archive without word/document.xml");
      if (is_ole(bytes))
        return refuse("unsupported_format", name,
                      "định dạng Word/Excel cũ (.doc/.xls) chưa được hỗ trợ; hãy lưu lại thành .docx hoặc PDF",
                      "OLE2 compound file (legacy .doc/.xls)");
      if (bytes.starts_with("{\\rtf"))
        return refuse("unsupported_format", name, "định dạng RTF chưa được hỗ trợ; hãy lưu lại thành .docx hoặc PDF",
                      "RTF document");
      return refuse("unsupported_format", name, "định dạng tệp chưa được hỗ trợ", "unrecognised binary format");
    case Kind::text: break;
  }
  // The content is not a PDF/DOCX/image: if the name says otherwise, the file is damaged or
  // mislabelled, and reading it as text would only produce garbage.
  const std::string ext = lower_ext(name);
  if (ext == "pdf")
    return refuse("bad_pdf", name, "không phải tệp PDF hợp lệ (thiếu phần đầu %PDF-)", "no %PDF- header");
  if (ext == "docx" || ext == "doc")
    return refuse("not_docx", name, "không phải tệp DOCX hợp lệ (không phải tệp nén ZIP của Word)",
                  "extension ." + ext + " but content is not a zip");
  if (ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "tif" || ext == "tiff")
    return refuse("bad_image", name, "không phải tệp ảnh hợp lệ", "extension ." + ext + " but no image signature");
  return read_text(name, bytes, limits);
}

Expected<Document> read_file(const std::filesystem::path& path, const Limits& limits) {
  const std::string name = path.filename().string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return refuse("unreadable", name, "đây là thư mục, không phải tệp", path.string() + ": is a directory");
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return refuse("unreadable", name, "không đọc được tệp (" + ec.message() + ")", path.string() + ": " + ec.message());
  if (size > limits.max_file_bytes)
    return refuse("too_large", name,
                  "tệp quá lớn (" + std::to_string(size >> 20) + " MiB, tối đa " +
                      std::to_string(limits.max_file_bytes >> 20) + " MiB)",
                  path.string() + ": " + std::to_string(size) + " bytes");
  std::ifstream in(path, std::ios::binary);
  if (!in) return refuse("unreadable", name, "không mở được tệp", path.string() + ": open failed");
  std::string data;
  data.resize(static_cast<std::size_t>(size));
  in.read(data.data(), static_cast<std::streamsize>(size));
  data.resize(static_cast<std::size_t>(in.gcount()));
  // Read-to-end in case the file grew; the size cap still applies.
  char extra[4096];
  while (in.read(extra, sizeof extra) || in.gcount() > 0) {
    data.append(extra, static_cast<std::size_t>(in.gcount()));
    if (data.size() > limits.max_file_bytes)
      return refuse("too_large", name, "tệp quá lớn", path.string() + ": grew beyond max_file_bytes while reading");
  }
  return read_bytes(name, data, limits);
}

}  // namespace planwatch::ingest
