// Legacy Vietnamese encodings and the "does this look like Vietnamese?" scorer.
//
// Why hand-written tables: ICU ships a Windows-1258 converter, but nothing for TCVN3 (ABC) or
// VNI-Windows. Those two are *font* encodings: documents were typed with fonts such as .VnTime
// (TCVN3) or VNI-Times (VNI) whose glyphs sit on Windows-1252 code points, so a file saved as
// "ANSI text" holds Windows-1252 bytes that only mean Vietnamese through that font. TCVN3 puts
// one precomposed lower-case letter on each byte 0xA1–0xFE (upper case used a separate font);
// VNI writes a base letter followed by a byte carrying the diacritics ("a" + "ù" = "á").
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <cstring>
#include <memory>

#include "internal.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::ingest::detail {
namespace {

void put(std::string& out, char32_t c) {
  char buf[4];
  int32_t i = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), i, 4, static_cast<UChar32>(c), err);
  if (!err) out.append(buf, static_cast<std::size_t>(i));
}

// Windows-1252 0x80–0x9F (the bytes in between are undefined there: kept as C1 controls, which
// the scorer treats as garbage).
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

char32_t cp1252(unsigned char b) {
  if (b >= 0x80 && b < 0xA0) return kCp1252High[b - 0x80u];
  return b;
}

// TCVN 5712:1993 0xA0–0xFF (same as glibc's TCVN5712-1 there). The few upper-case letters in
// this range come from the VN1 superset; VN3 (ABC) fonts leave them unused, so keeping them is
// harmless. 0xB0–0xB4 are combining tone marks.
constexpr std::array<char16_t, 96> kTcvnHigh = {
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,  // A0
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,  // A8
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,  // B0
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,  // B8
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,  // C0
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,  // C8
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,  // D0
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,  // D8
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,  // E0
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,  // E8
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,  // F0
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,  // F8
};

std::string decode_tcvn3(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  for (char ch : bytes) {
    auto b = static_cast<unsigned char>(ch);
    put(out, b >= 0xA0 ? kTcvnHigh[b - 0xA0u] : cp1252(b));
  }
  return out;
}

// VNI-Windows. Diacritic bytes follow the vowel they modify; lower- and upper-case variants of
// each diacritic byte exist (we accept either after either case of vowel).
constexpr char32_t kCirc = 0x0302, kBreve = 0x0306, kAcute = 0x0301, kGrave = 0x0300, kHook = 0x0309,
                   kTilde = 0x0303, kDot = 0x0323;

struct VniMod {
  char32_t quality;  // 0, circumflex or breve
  char32_t tone;     // 0 or a tone mark
};

std::optional<VniMod> vni_modifier(unsigned char b) {
  switch (b) {
    case 0xF9: case 0xD9: return VniMod{0, kAcute};
    case 0xF8: case 0xD8: return VniMod{0, kGrave};
    case 0xFB: case 0xDB: return VniMod{0, kHook};
    case 0xF5: case 0xD5: return VniMod{0, kTilde};
    case 0xEF: case 0xCF: return VniMod{0, kDot};
    case 0xE2: case 0xC2: return VniMod{kCirc, 0};
    case 0xE1: case 0xC1: return VniMod{kCirc, kAcute};
    case 0xE0: case 0xC0: return VniMod{kCirc, kGrave};
    case 0xE5: case 0xC5: return VniMod{kCirc, kHook};
    case 0xE3: case 0xC3: return VniMod{kCirc, kTilde};
    case 0xE4: case 0xC4: return VniMod{kCirc, kDot};
    case 0xEA: case 0xCA: return VniMod{kBreve, 0};
    case 0xE9: case 0xC9: return VniMod{kBreve, kAcute};
    case 0xE8: case 0xC8: return VniMod{kBreve, kGrave};
    case 0xFA: case 0xDA: return VniMod{kBreve, kHook};
    case 0xFC: case 0xDC: return VniMod{kBreve, kTilde};
    case 0xEB: case 0xCB: return VniMod{kBreve, kDot};
    default: return std::nullopt;
  }
}

// Letters VNI encodes on a single byte.
char32_t vni_single(unsigned char b) {
  switch (b) {
    case 0xF1: return 0x0111;  // đ
    case 0xD1: return 0x0110;  // Đ
    case 0xF4: return 0x01A1;  // ơ
    case 0xD4: return 0x01A0;  // Ơ
    case 0xF6: return 0x01B0;  // ư
    case 0xD6: return 0x01AF;  // Ư
    case 0xED: return 0x00ED;  // í
    case 0xCD: return 0x00CD;
    case 0xEC: return 0x00EC;  // ì
    case 0xCC: return 0x00CC;
    case 0xE6: return 0x1EC9;  // ỉ
    case 0xC6: return 0x1EC8;
    case 0xF3: return 0x0129;  // ĩ
    case 0xD3: return 0x0128;
    case 0xF2: return 0x1ECB;  // ị
    case 0xD2: return 0x1ECA;
    case 0xEE: return 0x1EF5;  // ỵ
    case 0xCE: return 0x1EF4;
    default: return cp1252(b);
  }
}

std::string decode_vni(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    char32_t base = vni_single(b);
    const char32_t low = base < 0x80 ? static_cast<char32_t>(b | 0x20) : base;
    const bool vowel = (base < 0x80 && (low == 'a' || low == 'e' || low == 'i' || low == 'o' || low == 'u' || low == 'y')) ||
                       base == 0x01A1 || base == 0x01A0 || base == 0x01B0 || base == 0x01AF;
    put(out, base);
    if (!vowel || i + 1 >= bytes.size()) continue;
    auto mod = vni_modifier(static_cast<unsigned char>(bytes[i + 1]));
    if (!mod) continue;
    if (mod->quality == kCirc && !(low == 'a' || low == 'e' || low == 'o')) continue;
    if (mod->quality == kBreve && low != 'a') continue;
    if (mod->quality != 0) put(out, mod->quality);
    if (mod->tone != 0) put(out, mod->tone);
    ++i;
  }
  return out;
}

// ---- scorer -----------------------------------------------------------------------------

const icu::Normalizer2* nfd() {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFDInstance(err);
  return U_SUCCESS(err) ? n : nullptr;
}

bool is_tone(UChar32 m) { return m == 0x0300 || m == 0x0301 || m == 0x0303 || m == 0x0309 || m == 0x0323; }

// Appends the tone-less Vietnamese letter for one lower-case code point; false if the code point
// is not a Vietnamese letter. `tones` counts tone marks.
bool detone(UChar32 c, std::string& out, int& tones) {
  if (c >= 'a' && c <= 'z') {
    out.push_back(static_cast<char>(c));
    return true;
  }
  if (c == 0x0111) {
    out += "đ";
    return true;
  }
  const icu::Normalizer2* n = nfd();
  icu::UnicodeString d;
  if (n == nullptr || !n->getDecomposition(c, d) || d.length() < 2) return false;
  UChar32 base = d.char32At(0);
  if (base < 'a' || base > 'z') return false;
  UChar32 quality = 0;
  for (int32_t k = 1; k < d.length(); ++k) {
    UChar32 m = d.char32At(k);
    if (is_tone(m)) {
      ++tones;
    } else if (m == 0x0302 || m == 0x0306 || m == 0x031B) {
      if (quality != 0) return false;
      quality = m;
    } else {
      return false;
    }
  }
  const bool vowel = base == 'a' || base == 'e' || base == 'i' || base == 'o' || base == 'u' || base == 'y';
  if (!vowel) return false;
  if (quality == 0) {
    out.push_back(static_cast<char>(base));
  } else if (quality == 0x0302 && base == 'a') {
    out += "â";
  } else if (quality == 0x0302 && base == 'e') {
    out += "ê";
  } else if (quality == 0x0302 && base == 'o') {
    out += "ô";
  } else if (quality == 0x0306 && base == 'a') {
    out += "ă";
  } else if (quality == 0x031B && base == 'o') {
    out += "ơ";
  } else if (quality == 0x031B && base == 'u') {
    out += "ư";
  } else {
    return false;
  }
  return true;
}

template <class Range>
bool one_of(std::string_view s, const Range& set) {
  for (auto x : set)
    if (s == x) return true;
  return false;
}

// Vowel nuclei (tone-less). Some only occur in open syllables, some need a final consonant.
bool nucleus_ok(std::string_view v, std::string_view final) {
  static constexpr std::string_view kOpenOnly[] = {
      "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưi", "ưu",
      "ua", "ưa", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyu", "uơ"};
  static constexpr std::string_view kNeedFinal[] = {"ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê"};
  static constexpr std::string_view kEither[] = {"a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư",
                                                                    "y", "oa", "oe", "uê", "uy", "oo"};
  if (one_of(v, kOpenOnly)) return final.empty();
  if (one_of(v, kNeedFinal)) return !final.empty();
  return one_of(v, kEither);
}

bool is_vowel_letter(std::string_view s, std::size_t i, std::size_t& len) {
  static constexpr std::string_view kVowels[] = {"ă", "â", "ê", "ô", "ơ", "ư", "a", "e", "i", "o", "u", "y"};
  for (auto v : kVowels) {
    if (s.substr(i).starts_with(v)) {
      len = v.size();
      return true;
    }
  }
  return false;
}

bool skeleton_ok(std::string_view s) {
  static constexpr std::string_view kInitials[] = {"ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d",
                                                   "đ",   "g",  "h",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",  "v",  "x", ""};
  for (auto ini : kInitials) {
    if (!s.starts_with(ini)) continue;
    std::size_t i = ini.size(), len = 0;
    while (i < s.size() && is_vowel_letter(s, i, len)) i += len;
    std::string_view v = s.substr(ini.size(), i - ini.size());
    std::string_view fin = s.substr(i);
    if (v.empty()) continue;
    static constexpr std::string_view kFinals[] = {"", "c", "ch", "m", "n", "ng", "nh", "p", "t"};
    if (!one_of(fin, kFinals)) continue;
    if (nucleus_ok(v, fin)) return true;
  }
  return false;
}

bool is_separator(UChar32 c) {
  if (c < 0x80) return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  return c == 0x00A0 || c == 0x2018 || c == 0x2019 || c == 0x201C || c == 0x201D || c == 0x2013 || c == 0x2014 ||
         c == 0x2026 || c == 0x2022 || c == 0x00AB || c == 0x00BB || u_isUWhiteSpace(c);
}

constexpr std::string_view kCommon[] = {"của", "và", "các", "được", "thành", "phố", "nhiệm", "vụ", "việc", "người",
                                        "những", "với", "thực", "hiện", "năm", "đơn", "vị", "tỉnh", "huyện", "xã",
                                        "kế", "hoạch", "phát", "triển", "tổ", "chức", "quản", "lý", "đến", "để",
                                        "về", "có", "là", "một", "này", "đã", "sở", "ủy", "nhân", "dân", "số"};

std::string upper(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + 8);
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    put(out, static_cast<char32_t>(c < 0 ? 0xFFFD : u_toupper(c)));
  }
  return out;
}

}  // namespace

std::string restore_tcvn3_capitals(std::string_view utf8) {
  std::string out;
  std::size_t start = 0;
  while (start <= utf8.size()) {
    auto nl = utf8.find('\n', start);
    if (nl == std::string_view::npos) nl = utf8.size();
    std::string_view line = utf8.substr(start, nl - start);
    std::size_t up = 0, low = 0;
    for (char c : line) {
      if (c >= 'A' && c <= 'Z') ++up;
      if (c >= 'a' && c <= 'z') ++low;
    }
    if (up >= 2 && low == 0)
      out += upper(line);
    else
      out += line;
    if (nl < utf8.size()) out.push_back('\n');
    start = nl + 1;
  }
  return out;
}

std::string to_upper(std::string_view utf8) { return upper(utf8); }

const char* legacy_label(Legacy e) {
  switch (e) {
    case Legacy::windows1258: return "Windows-1258";
    case Legacy::tcvn3: return "TCVN3 (ABC)";
    case Legacy::vni: return "VNI-Windows";
  }
  return "?";
}

std::optional<std::string> icu_decode(const char* charset, std::string_view bytes, std::size_t& bad) {
  bad = 0;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open(charset, &err), ucnv_close);
  if (U_FAILURE(err) || !cnv) return std::nullopt;
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX / 2)) return std::nullopt;
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), cnv.get(), err);
  if (U_FAILURE(err)) return std::nullopt;
  for (int32_t i = 0; i < u.length(); ++i)
    if (u.charAt(i) == 0xFFFD || u.charAt(i) == 0x001A) ++bad;
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string decode_legacy(Legacy e, std::string_view bytes) {
  switch (e) {
    case Legacy::tcvn3: return decode_tcvn3(bytes);
    case Legacy::vni: return decode_vni(bytes);
    case Legacy::windows1258: {
      std::size_t bad = 0;
      auto s = icu_decode("windows-1258", bytes, bad);
      return s ? *s : std::string();
    }
  }
  return {};
}

bool is_vietnamese_syllable(std::string_view token) {
  std::string skel;
  int tones = 0;
  const auto* p = reinterpret_cast<const uint8_t*>(token.data());
  const auto n = static_cast<int32_t>(token.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
    if (is_tone(c) && !skel.empty()) {  // decomposed input
      ++tones;
      continue;
    }
    if (!detone(u_tolower(c), skel, tones)) return false;
  }
  return tones <= 1 && skeleton_ok(skel);
}

bool VnScore::plausible() const {
  const std::size_t total = good + bad;
  return good >= 2 && static_cast<double>(bad) <= 0.15 * static_cast<double>(total);
}

VnScore score_vietnamese(std::string_view utf8) {
  VnScore s;
  const std::string norm = text::nfc(utf8);
  const auto* p = reinterpret_cast<const uint8_t*>(norm.data());
  const auto n = static_cast<int32_t>(norm.size());
  int32_t i = 0;
  std::string token;
  bool non_ascii = false, acronym = true, letters_only = true;
  auto flush = [&] {
    if (!token.empty() && non_ascii) {
      std::string low = text::lower(token);
      // Acronyms such as "HĐND" carry no evidence either way.
      if (acronym) {
        // neutral
      } else if (letters_only && is_vietnamese_syllable(low)) {
        ++s.good;
        for (auto w : kCommon)
          if (low == w) ++s.common;
      } else {
        ++s.bad;
      }
    }
    token.clear();
    non_ascii = false;
    acronym = true;
    letters_only = true;
  };
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && is_separator(c)) {
      flush();
      continue;
    }
    token.append(norm, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    if (c < 0 || c >= 0x80) non_ascii = true;
    if (c < 0 || !(u_isalpha(c) || u_getCombiningClass(c) != 0)) letters_only = false;
    const UChar32 low = c < 0 ? c : u_tolower(c);
    const bool consonant = (low >= 'a' && low <= 'z' && low != 'a' && low != 'e' && low != 'i' && low != 'o' &&
                            low != 'u' && low != 'y') ||
                           low == 0x0111;
    if (!consonant) acronym = false;
  }
  flush();
  return s;
}

std::optional<Legacy> legacy_from_font_name(std::string_view font) {
  std::string f = text::lower(font);
  if (f.starts_with(".vn") || f.starts_with("vn3") || f.starts_with("abc")) return Legacy::tcvn3;
  if (f.starts_with("vni-") || f.starts_with("vni ")) return Legacy::vni;
  return std::nullopt;
}

std::optional<std::string> redecode_font_run(Legacy e, std::string_view utf8) {
  std::string bytes;
  bytes.reserve(utf8.size());
  const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
  const auto n = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return std::nullopt;
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) {
      bytes.push_back(static_cast<char>(c));
      continue;
    }
    bool found = false;
    for (std::size_t k = 0; k < kCp1252High.size(); ++k) {
      if (kCp1252High[k] == c) {
        bytes.push_back(static_cast<char>(0x80 + k));
        found = true;
        break;
      }
    }
    if (!found) return std::nullopt;
  }
  return decode_legacy(e, bytes);
}

// Legacy-font text read as Latin-1 is full of Latin-1 symbols and letters Vietnamese does not use
// ("Thµnh phè"); text that has almost none of them (including OCR output without diacritics)
// needs no repair attempt.
bool has_legacy_font_marks(std::string_view sample) {
  static constexpr std::string_view kVietnameseLatin1 = "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ";
  const auto* p = reinterpret_cast<const uint8_t*>(sample.data());
  const auto n = static_cast<int32_t>(sample.size());
  int32_t i = 0;
  int marks = 0;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0x80 || c > 0xFF) continue;
    if (kVietnameseLatin1.find(sample.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start))) ==
        std::string_view::npos)
      ++marks;
  }
  return marks >= 8;
}

std::optional<std::string> repair_legacy_font_text(std::string& utf8) {
  // A sample decides: scoring a whole 600 KB plan cost more than extracting it.
  const std::string_view sample = text::utf8_prefix(utf8, 32 * 1024);
  if (!has_legacy_font_marks(sample)) return std::nullopt;
  const VnScore orig = score_vietnamese(sample);
  if (orig.plausible() || orig.bad < 3) return std::nullopt;
  std::optional<Legacy> best_e;
  VnScore best_s = orig;
  for (Legacy e : {Legacy::tcvn3, Legacy::vni}) {
    auto r = redecode_font_run(e, sample);
    if (!r) continue;
    VnScore s = score_vietnamese(*r);
    if (s.plausible() && s.value() > best_s.value()) {
      best_e = e;
      best_s = s;
    }
  }
  if (!best_e) return std::nullopt;
  auto best = redecode_font_run(*best_e, utf8);
  if (!best) return std::nullopt;
  const Legacy e = *best_e;
  utf8 = e == Legacy::tcvn3 ? restore_tcvn3_capitals(*best) : std::move(*best);
  return std::string(legacy_label(e));
}

void repair_legacy_font_lines(Document& doc) {
  std::string all;
  for (const auto& l : doc.lines) (all += l.text) += '\n';
  auto applied = repair_legacy_font_text(all);
  if (!applied) return;
  std::size_t i = 0;
  for (auto& l : doc.lines) {
    auto nl = all.find('\n', i);
    if (nl == std::string::npos) break;
    l.text = text::nfc(std::string_view(all).substr(i, nl - i));
    i = nl + 1;
  }
  doc.notices.push_back("Văn bản gõ bằng phông " + *applied + " đã được chuyển sang Unicode");
}

}  // namespace planwatch::ingest::detail
