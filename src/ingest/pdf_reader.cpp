// PDF reader (poppler-cpp). Each page's words with their boxes go through layout_page(), which
// rebuilds lines, paragraphs and table rows. A PDF without a text layer (a scan) is rendered
// page by page and OCR'd with tesseract, then laid out the same way.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>
#include <mutex>

#include "internal.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::ingest {
namespace {
using detail::refuse;

constexpr std::size_t kMinTextChars = 20;  // fewer characters on a page: treat it as scanned
constexpr double kMaxRenderPixels = 60e6;  // cap per rendered page (lower the dpi for huge pages)

void quiet_poppler() {
  // poppler prints syntax errors of broken files on stderr; they are expected input here.
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

std::string utf8(const poppler::ustring& u) {
  poppler::byte_array b = u.to_utf8();
  return std::string(b.begin(), b.end());
}

std::vector<detail::Word> page_words(const poppler::page& p, std::size_t& chars) {
  std::vector<detail::Word> out;
  chars = 0;
  for (const auto& tb : p.text_list()) {
    std::string t = utf8(tb.text());
    const poppler::rectf r = tb.bbox();
    for (char c : t)
      if (c != ' ' && (static_cast<unsigned char>(c) & 0xC0) != 0x80) ++chars;
    out.push_back(detail::Word{r.left(), r.top(), r.right(), r.bottom(), std::move(t)});
  }
  return out;
}

void add_page_lines(Document& doc, const std::vector<std::string>& lines, int page) {
  for (const auto& l : lines) doc.lines.push_back(Line{text::nfc(l), page});
  if (!lines.empty()) doc.lines.push_back(Line{"", page});
}

bool mentions_encrypt(std::string_view b) { return b.find("/Encrypt") != std::string_view::npos; }

}  // namespace

Expected<Document> read_pdf(std::string_view name, std::string_view bytes, const Limits& limits) {
  quiet_poppler();
  if (bytes.size() > limits.max_file_bytes || bytes.size() > static_cast<std::size_t>(INT_MAX))
    return refuse("too_large", name, "tệp quá lớn", std::to_string(bytes.size()) + " bytes > max_file_bytes");
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos)
    return refuse("bad_pdf", name, "không phải tệp PDF hợp lệ (thiếu phần đầu %PDF-)", "no %PDF- header");
  try {
    std::unique_ptr<poppler::document> pdf(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!pdf) {
      if (mentions_encrypt(bytes))
        return refuse("encrypted", name, "tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lại",
                      "poppler could not open the document (encrypted)");
      return refuse("bad_pdf", name, "không phải tệp PDF hợp lệ (tệp bị hỏng hoặc không đầy đủ)",
                    "poppler could not parse the document");
    }
    if (pdf->is_locked())
      return refuse("encrypted", name, "tệp PDF được bảo vệ bằng mật khẩu; hãy gỡ mật khẩu rồi tải lại",
                    "document is locked (user password)");
    const int npages = pdf->pages();
    if (npages <= 0)
      return refuse("bad_pdf", name, "tệp PDF không có trang nào", "document reports 0 pages");
    if (static_cast<std::size_t>(npages) > limits.max_pages)
      return refuse("too_many_pages", name,
                    "tệp PDF có " + std::to_string(npages) + " trang, vượt giới hạn " + std::to_string(limits.max_pages) +
                        " trang",
                    std::to_string(npages) + " pages > max_pages");

    Document doc;
    doc.name = std::string(name);
    doc.format = SourceFormat::pdf;

    std::vector<std::vector<detail::Word>> words(static_cast<std::size_t>(npages));
    std::vector<std::size_t> chars(static_cast<std::size_t>(npages), 0);
    std::size_t text_pages = 0;
    for (int i = 0; i < npages; ++i) {
      std::unique_ptr<poppler::page> pg(pdf->create_page(i));
      if (!pg) continue;
      words[static_cast<std::size_t>(i)] = page_words(*pg, chars[static_cast<std::size_t>(i)]);
      if (chars[static_cast<std::size_t>(i)] >= kMinTextChars) ++text_pages;
    }

    // Pages to OCR: all of them for a scan, only the empty ones for a mixed document.
    std::vector<int> ocr_pages;
    for (int i = 0; i < npages; ++i)
      if (chars[static_cast<std::size_t>(i)] < kMinTextChars) ocr_pages.push_back(i);
    const bool scanned = text_pages == 0;
    if (scanned && !limits.allow_ocr)
      return refuse("no_text", name, "tệp PDF là bản quét (không có lớp chữ) và chức năng nhận dạng chữ (OCR) đang tắt",
                    "no text layer and OCR disabled");
    if (!ocr_pages.empty() && limits.allow_ocr && !scanned && ocr_pages.size() * 2 > static_cast<std::size_t>(npages))
      ocr_pages.clear();  // mostly text: the empty pages are probably blank separators
    if (!limits.allow_ocr) ocr_pages.clear();
    if (ocr_pages.size() > limits.max_ocr_pages)
      return refuse("too_many_pages", name,
                    "bản quét có " + std::to_string(ocr_pages.size()) + " trang cần nhận dạng chữ, vượt giới hạn " +
                        std::to_string(limits.max_ocr_pages) + " trang",
                    std::to_string(ocr_pages.size()) + " pages to OCR > max_ocr_pages");

    std::unique_ptr<detail::Ocr> ocr;
    if (!ocr_pages.empty()) {
      ocr = std::make_unique<detail::Ocr>();
      if (auto err = ocr->start(name)) {
        if (scanned) return Unexpected<Error>{*err};
        ocr.reset();
        doc.notices.push_back("Một số trang không có lớp chữ và không nhận dạng được (thiếu tesseract)");
      }
    }
    std::size_t ocr_done = 0;
    for (int i = 0; i < npages; ++i) {
      auto& w = words[static_cast<std::size_t>(i)];
      const bool want_ocr = ocr && std::find(ocr_pages.begin(), ocr_pages.end(), i) != ocr_pages.end();
      if (want_ocr) {
        std::unique_ptr<poppler::page> pg(pdf->create_page(i));
        if (!pg) continue;
        const poppler::rectf box = pg->page_rect();
        double dpi = std::clamp(limits.ocr_dpi, 72, 600);
        const double px = box.width() * box.height() * (dpi / 72.0) * (dpi / 72.0);
        if (!(px > 0)) continue;
        if (px > kMaxRenderPixels) dpi *= std::sqrt(kMaxRenderPixels / px);
        poppler::page_renderer r;
        r.set_render_hint(poppler::page_renderer::antialiasing, true);
        r.set_render_hint(poppler::page_renderer::text_antialiasing, true);
        r.set_image_format(poppler::image::format_gray8);
        poppler::image img = r.render_page(pg.get(), dpi, dpi);
        if (!img.is_valid()) continue;
        w = ocr->gray(reinterpret_cast<const std::uint8_t*>(img.const_data()), img.width(), img.height(),
                      img.bytes_per_row(), static_cast<int>(dpi));
        ++ocr_done;
      }
      add_page_lines(doc, detail::layout_page(std::move(w)), i + 1);
    }
    while (!doc.lines.empty() && doc.lines.back().text.empty()) doc.lines.pop_back();

    if (scanned) {
      doc.format = SourceFormat::ocr;
      doc.notices.push_back("Tệp PDF là bản quét: nội dung được nhận dạng chữ (OCR) từ " + std::to_string(ocr_done) +
                            " trang, cần kiểm tra lại");
    } else if (ocr_done > 0) {
      doc.notices.push_back(std::to_string(ocr_done) + " trang không có lớp chữ đã được nhận dạng chữ (OCR)");
    }
    if (ocr)
      for (const auto& n : ocr->notices()) doc.notices.push_back(n);
    if (doc.lines.empty())
      return refuse("no_text", name, "không tìm thấy chữ nào trong tệp PDF", "no text extracted from any page");

    // PDFs made from documents typed in .VnTime/VNI fonts carry the legacy bytes as Latin-1.
    detail::repair_legacy_font_lines(doc);
    return doc;
  } catch (const std::exception& e) {
    return refuse("bad_pdf", name, "không đọc được nội dung tệp PDF (tệp bị hỏng)", std::string("exception: ") + e.what());
  } catch (...) {
    return refuse("bad_pdf", name, "không đọc được nội dung tệp PDF (tệp bị hỏng)", "unknown exception");
  }
}

Expected<Document> read_image(std::string_view name, std::string_view bytes, const Limits& limits) {
  if (!limits.allow_ocr)
    return refuse("ocr_disabled", name, "tệp ảnh cần nhận dạng chữ (OCR) nhưng chức năng này đang tắt", "OCR disabled");
  if (bytes.size() > limits.max_file_bytes)
    return refuse("too_large", name, "tệp quá lớn", std::to_string(bytes.size()) + " bytes > max_file_bytes");
  try {
    detail::Ocr ocr;
    if (auto err = ocr.start(name)) return Unexpected<Error>{*err};
    std::string why;
    auto words = ocr.encoded(bytes, why);
    if (!words) return refuse("bad_image", name, "không đọc được tệp ảnh (hỏng hoặc quá lớn)", why);
    Document doc;
    doc.name = std::string(name);
    doc.format = SourceFormat::ocr;
    add_page_lines(doc, detail::layout_page(std::move(*words)), 1);
    while (!doc.lines.empty() && doc.lines.back().text.empty()) doc.lines.pop_back();
    doc.notices.push_back("Nội dung được nhận dạng chữ (OCR) từ ảnh, cần kiểm tra lại");
    for (const auto& n : ocr.notices()) doc.notices.push_back(n);
    if (doc.lines.empty()) return refuse("no_text", name, "không nhận dạng được chữ nào trong ảnh", "OCR found no words");
    return doc;
  } catch (const std::exception& e) {
    return refuse("bad_image", name, "không đọc được tệp ảnh", std::string("exception: ") + e.what());
  }
}

}  // namespace planwatch::ingest
