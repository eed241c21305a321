#include "planwatch/text/unicode.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <memory>
#include <mutex>

namespace planwatch::text {
namespace {

// fold() is on every hot path of the extractor, so the per-code-point mapping of the Basic
// Multilingual Plane is computed once with ICU (NFD base letter, lower case, đ→d) and cached.
class FoldTable {
 public:
  FoldTable() {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(err);
    for (UChar32 c = 0; c < 0x10000; ++c) {
      UChar32 base = c;
      if (U_SUCCESS(err) && c >= 0x80 && !(c >= 0xD800 && c <= 0xDFFF)) {
        icu::UnicodeString d;
        if (nfd->getDecomposition(c, d) && d.length() > 0) base = d.char32At(0);
      }
      base = u_tolower(base);
      if (base == 0x0111) base = 'd';  // đ
      if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) base = -1;  // drop marks
      if (c == 0x00A0) base = ' ';
      map_[static_cast<std::size_t>(c)] = base;
    }
  }
  UChar32 operator()(UChar32 c) const {
    if (c >= 0 && c < 0x10000) return map_[static_cast<std::size_t>(c)];
    return c;
  }

 private:
  std::array<UChar32, 0x10000> map_{};
};

const FoldTable& fold_table() {
  static const auto* table = new FoldTable();  // never destroyed: used until exit
  return *table;
}

void append_utf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t i = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), i, 4, c, err);
  if (!err) out.append(buf, static_cast<std::size_t>(i));
}

template <class F>
void for_each_cp(std::string_view s, F&& f) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = 0xFFFD;
    f(c);
  }
}

}  // namespace

std::string nfc(std::string_view utf8) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
  const icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  // Most text already is NFC: check the UTF-8 bytes directly (valid input only) and skip the
  // round trip through UTF-16.
  if (U_SUCCESS(err) && valid_utf8(utf8) && n->isNormalizedUTF8(piece, err) && U_SUCCESS(err)) return std::string(utf8);
  err = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(piece);
  icu::UnicodeString r = n->normalize(u, err);
  std::string out;
  (U_SUCCESS(err) ? r : u).toUTF8String(out);
  return out;
}

std::string fold(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const FoldTable& t = fold_table();
  for_each_cp(utf8, [&](UChar32 c) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      return;
    }
    UChar32 m = t(c);
    if (m >= 0) append_utf8(out, m);
  });
  return out;
}

std::size_t original_offset(std::string_view original, std::size_t folded_offset) {
  const FoldTable& t = fold_table();
  const auto* p = reinterpret_cast<const uint8_t*>(original.data());
  const auto n = static_cast<int32_t>(original.size());
  int32_t i = 0;
  std::size_t folded = 0;
  while (i < n && folded < folded_offset) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) c = 0xFFFD;
    UChar32 m = c < 0x80 ? c : t(c);
    if (m >= 0) folded += static_cast<std::size_t>(U8_LENGTH(m));
  }
  return static_cast<std::size_t>(i);
}

std::string capitalize_words(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  bool word_start = true;
  for_each_cp(utf8, [&](UChar32 c) {
    const bool letter = u_isUAlphabetic(c);
    append_utf8(out, letter ? (word_start ? u_toupper(c) : u_tolower(c)) : c);
    word_start = !letter && c != 0x2019 && c != '\'';
  });
  return out;
}

std::string lower(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for_each_cp(utf8, [&](UChar32 c) { append_utf8(out, u_tolower(c)); });
  return out;
}

namespace {
int first_letter_case(std::string_view s) {
  int result = 0;
  bool done = false;
  for_each_cp(s, [&](UChar32 c) {
    if (done) return;
    if (u_isUAlphabetic(c)) {
      result = u_isUUppercase(c) ? 1 : (u_isULowercase(c) ? -1 : 0);
      done = true;
    } else if (u_isdigit(c)) {
      done = true;
    }
  });
  return result;
}
}  // namespace

bool starts_upper(std::string_view s) { return first_letter_case(s) > 0; }
bool starts_lower(std::string_view s) { return first_letter_case(s) < 0; }

std::size_t length(std::string_view s) {
  std::size_t n = 0;
  for_each_cp(s, [&](UChar32) { ++n; });
  return n;
}

bool valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto n = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace planwatch::text
