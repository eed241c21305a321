#pragma once
// Internal helpers shared by the readers (not part of the module's public interface).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "planwatch/domain/document.hpp"
#include "planwatch/domain/expected.hpp"
#include "planwatch/ingest/reader.hpp"

namespace planwatch::ingest::detail {

// ---- errors ---------------------------------------------------------------------------------
// Every refusal names the file; `vn_reason` is shown to the user, `en_detail` goes to logs.
Unexpected<Error> refuse(std::string_view code, std::string_view name, std::string_view vn_reason,
                         std::string_view en_detail);

// ---- encodings (encoding.cpp) ----------------------------------------------------------------
enum class Legacy { windows1258, tcvn3, vni };
const char* legacy_label(Legacy e);  // human label used in notices, e.g. "TCVN3 (ABC)"

// Decodes an 8-bit legacy Vietnamese byte string to UTF-8 (not yet NFC). Undefined bytes become
// U+FFFD so that the scorer counts them against the candidate.
std::string decode_legacy(Legacy e, std::string_view bytes);

// Decodes with an ICU converter ("UTF-16LE", "UTF-16BE", "UTF-32LE", ...). Returns nullopt if
// the converter is missing; `bad` receives the number of substituted (invalid) sequences.
std::optional<std::string> icu_decode(const char* charset, std::string_view bytes, std::size_t& bad);

// How Vietnamese a text looks: tokens with non-ASCII letters are judged as syllables.
struct VnScore {
  std::size_t good = 0;    // non-ASCII tokens that are well-formed Vietnamese syllables
  std::size_t bad = 0;     // non-ASCII tokens that are not
  std::size_t common = 0;  // hits on very frequent words (của, và, các, được, ...)
  [[nodiscard]] double value() const {
    return static_cast<double>(good) + 2.0 * static_cast<double>(common) - 4.0 * static_cast<double>(bad);
  }
  [[nodiscard]] bool plausible() const;
};
VnScore score_vietnamese(std::string_view utf8);
bool is_vietnamese_syllable(std::string_view lower_nfc_token);

// UTF-8 text that is valid but was typed with a legacy font (.VnTime = TCVN3, VNI-Times = VNI)
// shows up as Latin-1 gibberish ("Thµnh phè"). Re-decodes it when that is clearly better.
// Returns the label of the applied conversion, or nullopt when the text was left alone.
std::optional<std::string> repair_legacy_font_text(std::string& utf8);

// repair_legacy_font_text over a whole Document's lines (DOCX and PDF text typed in .VnTime/VNI
// fonts), with a notice when it applied.
void repair_legacy_font_lines(Document& doc);

// Same, for one run whose font name is known (DOCX): ".VnTime" → TCVN3, "VNI-Times" → VNI.
std::optional<Legacy> legacy_from_font_name(std::string_view font);
// Maps code points back to their Windows-1252 byte (what the legacy font saw) and decodes.
// Returns nullopt when a code point has no Windows-1252 byte (then the run is real Unicode).
std::optional<std::string> redecode_font_run(Legacy e, std::string_view utf8);

// TCVN3 has no upper-case letters with diacritics (an "H" font such as .VnTimeH drew the lower-case
// codes as capitals). Lines whose ASCII letters are all capitals are upper-cased entirely.
std::string restore_tcvn3_capitals(std::string_view utf8);
std::string to_upper(std::string_view utf8);

// ---- lines ----------------------------------------------------------------------------------
// Splits text on \n, \r\n and \r; form feeds start a new page when `pages_from_ff` is set.
void append_text_lines(Document& doc, std::string_view utf8, int page, bool pages_from_ff = false);

// ---- PDF layout (layout.cpp) ----------------------------------------------------------------
struct Word {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // page coordinates, y grows downwards
  std::string text;                        // UTF-8
};
// Rebuilds the reading-order lines of one page from word boxes; table cells are joined by '\t'.
std::vector<std::string> layout_page(std::vector<Word> words);

// ---- OCR (ocr.cpp) --------------------------------------------------------------------------
// Tesseract behind a small facade (keeps tesseract/leptonica headers out of the other files).
class Ocr {
 public:
  Ocr();
  ~Ocr();
  Ocr(const Ocr&) = delete;
  Ocr& operator=(const Ocr&) = delete;
  // Loads language "vie" (or "eng" with a notice). Error when no language data is installed.
  std::optional<Error> start(std::string_view file_name);
  // 8-bit grey pixels → words with pixel boxes.
  std::vector<Word> gray(const std::uint8_t* pixels, int width, int height, int bytes_per_row, int dpi);
  // Encoded image (PNG/JPEG/TIFF/...) → words; nullopt with `why` (English) if it cannot be decoded.
  std::optional<std::vector<Word>> encoded(std::string_view bytes, std::string& why);
  [[nodiscard]] const std::vector<std::string>& notices() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace planwatch::ingest::detail
