#pragma once
// Unicode helpers for Vietnamese text (ICU underneath).
#include <string>
#include <string_view>

namespace planwatch::text {

// NFC-normalise UTF-8; invalid sequences become U+FFFD.
std::string nfc(std::string_view utf8);

// Folding for matching and search: lower case, accents removed, đ→d, NFC input assumed
// but not required. "Sở Khoa học & Công nghệ" → "so khoa hoc & cong nghe".
std::string fold(std::string_view utf8);

// Byte offset in `original` of the character that fold(original) has at `folded_offset`
// (fold changes byte lengths, so positions found in folded text must be mapped back to cut the
// printed text).
std::size_t original_offset(std::string_view original, std::size_t folded_offset);

// "QUẢNG NGÃI" → "Quảng Ngãi": each word lower-cased with its first letter upper-cased.
std::string capitalize_words(std::string_view utf8);

// Lower case only (accents kept).
std::string lower(std::string_view utf8);

// True when the first letter of the string is an upper-case letter.
bool starts_upper(std::string_view utf8);
// True when the first letter of the string is a lower-case letter.
bool starts_lower(std::string_view utf8);

// Number of code points.
std::size_t length(std::string_view utf8);

// True if the text is valid UTF-8.
bool valid_utf8(std::string_view bytes);

}  // namespace planwatch::text
