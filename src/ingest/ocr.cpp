// OCR with tesseract (LSTM, language "vie"). We ask for word boxes rather than plain text so
// that scanned tables go through the same column reconstruction as PDF text layers.
#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <mutex>

#include "internal.hpp"

namespace planwatch::ingest::detail {

struct Ocr::Impl {
  tesseract::TessBaseAPI api;
  bool ready = false;
  std::vector<std::string> notices;
};

namespace {
constexpr long kMaxPixels = 120'000'000;  // ~ an A3 page at 600 dpi; larger images are refused
constexpr float kMinConfidence = 10.0f;   // below this tesseract is reading noise

void quiet_leptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

std::vector<Word> collect(tesseract::TessBaseAPI& api) {
  std::vector<Word> out;
  if (api.Recognize(nullptr) != 0) return out;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (!it) return out;
  do {
    std::unique_ptr<char[]> txt(it->GetUTF8Text(tesseract::RIL_WORD));
    if (!txt || it->Confidence(tesseract::RIL_WORD) < kMinConfidence) continue;
    int l = 0, t = 0, r = 0, b = 0;
    if (!it->BoundingBox(tesseract::RIL_WORD, &l, &t, &r, &b)) continue;
    out.push_back(Word{static_cast<double>(l), static_cast<double>(t), static_cast<double>(r), static_cast<double>(b),
                       std::string(txt.get())});
  } while (it->Next(tesseract::RIL_WORD));
  return out;
}
}  // namespace

Ocr::Ocr() : impl_(std::make_unique<Impl>()) {}
Ocr::~Ocr() {
  if (impl_ && impl_->ready) impl_->api.End();
}

const std::vector<std::string>& Ocr::notices() const { return impl_->notices; }

std::optional<Error> Ocr::start(std::string_view file_name) {
  quiet_leptonica();
  if (impl_->ready) return std::nullopt;
  // Tesseract prints diagnostics ("Estimating resolution ...") on stderr; send them nowhere.
  impl_->api.SetVariable("debug_file", "/dev/null");
  if (impl_->api.Init(nullptr, "vie", tesseract::OEM_LSTM_ONLY) == 0) {
    impl_->ready = true;
  } else if (impl_->api.Init(nullptr, "eng", tesseract::OEM_LSTM_ONLY) == 0) {
    impl_->ready = true;
    impl_->notices.push_back(
        "Thiếu dữ liệu nhận dạng tiếng Việt (tesseract-ocr-vie): đã nhận dạng bằng tiếng Anh, dấu tiếng Việt có thể sai");
  } else {
    return Error{"ocr_unavailable",
                 "Không đọc được tệp \"" + std::string(file_name) +
                     "\": tệp là bản quét nhưng máy chủ chưa cài bộ nhận dạng chữ (tesseract)",
                 std::string(file_name) + ": tesseract could not load 'vie' or 'eng' traineddata"};
  }
  impl_->api.SetVariable("debug_file", "/dev/null");
  impl_->api.SetPageSegMode(tesseract::PSM_AUTO);
  return std::nullopt;
}

std::vector<Word> Ocr::gray(const std::uint8_t* pixels, int width, int height, int bytes_per_row, int dpi) {
  if (!impl_->ready || pixels == nullptr || width <= 0 || height <= 0) return {};
  if (static_cast<long>(width) * height > kMaxPixels) return {};
  impl_->api.SetImage(pixels, width, height, 1, bytes_per_row);
  impl_->api.SetSourceResolution(dpi);
  auto words = collect(impl_->api);
  impl_->api.Clear();
  return words;
}

std::optional<std::vector<Word>> Ocr::encoded(std::string_view bytes, std::string& why) {
  quiet_leptonica();
  if (!impl_->ready) {
    why = "OCR engine not started";
    return std::nullopt;
  }
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  // Check the declared dimensions before decoding: a tiny file can declare a gigantic image.
  if (pixReadHeaderMem(data, bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0) {
    why = "leptonica cannot read the image header";
    return std::nullopt;
  }
  if (w <= 0 || h <= 0 || static_cast<long>(w) * h > kMaxPixels) {
    why = "image dimensions " + std::to_string(w) + "x" + std::to_string(h) + " out of range";
    return std::nullopt;
  }
  Pix* pix = pixReadMem(data, bytes.size());
  if (pix == nullptr) {
    why = "leptonica cannot decode the image";
    return std::nullopt;
  }
  impl_->api.SetImage(pix);
  if (pixGetXRes(pix) < 70) impl_->api.SetSourceResolution(300);  // no or bogus resolution in the file
  auto words = collect(impl_->api);
  impl_->api.Clear();
  pixDestroy(&pix);
  return words;
}

}  // namespace planwatch::ingest::detail
