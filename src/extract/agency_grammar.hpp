#pragma once
// Internal: the grammar of agency names shared by agency_names.cpp and agency_split.cpp — heads that
// start a name, collective nouns, a tokenised cell, name cleaning.
#include <string>
#include <string_view>
#include <vector>

#include "grammar_scan.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::extract {

using grammar::Tok;
using grammar::TokKind;

// ---------------------------------------------------------------------------------------------
// Heads: words that start an agency name.

enum class HeadKind { org, collective, actor };
struct Head {
  std::string_view phrase;
  HeadKind kind;
  bool needs_cap;  // only an agency when the next word is capitalised ("Sở Tài chính", not "số hóa")
};
inline constexpr Head kHeads[] = {
    {"uy ban nhan dan", HeadKind::org, false},
    {"hoi dong nhan dan", HeadKind::org, false},
    {"ubnd", HeadKind::org, false},
    {"hdnd", HeadKind::org, false},
    {"ban quan ly", HeadKind::org, false},
    {"bql", HeadKind::org, false},
    {"cong an", HeadKind::org, false},
    {"van phong", HeadKind::org, false},
    {"vp", HeadKind::org, false},
    {"bo chi huy", HeadKind::org, false},
    {"bo tu lenh", HeadKind::org, false},
    {"thong ke", HeadKind::org, false},
    {"cuc", HeadKind::org, true},
    {"chi cuc", HeadKind::org, false},
    {"tong cuc", HeadKind::org, false},
    {"so", HeadKind::org, true},
    {"skhcn", HeadKind::org, false},
    {"catp", HeadKind::org, false},
    {"bo", HeadKind::org, true},
    {"thanh uy", HeadKind::org, false},
    {"tinh uy", HeadKind::org, false},
    {"dang uy", HeadKind::org, false},
    {"cap uy", HeadKind::collective, false},
    {"ban thuong vu", HeadKind::org, false},
    {"ban chi dao", HeadKind::org, false},
    {"uy ban mat tran", HeadKind::org, false},
    {"uy ban kiem tra", HeadKind::org, false},
    {"uy ban", HeadKind::org, true},
    {"mat tran", HeadKind::org, true},
    {"ban", HeadKind::org, true},
    {"truong dai hoc", HeadKind::org, false},
    {"truong cao dang", HeadKind::org, false},
    {"truong", HeadKind::org, true},
    {"dai hoc", HeadKind::org, true},
    {"hoc vien", HeadKind::org, true},
    {"vien nghien cuu", HeadKind::actor, false},
    {"vien han lam", HeadKind::org, false},
    {"vien", HeadKind::org, true},
    {"trung tam", HeadKind::org, true},
    {"tong cong ty", HeadKind::org, false},
    {"cong ty", HeadKind::org, false},
    {"tap doan", HeadKind::org, false},
    {"ngan hang", HeadKind::org, true},
    {"quy", HeadKind::org, true},
    {"hiep hoi", HeadKind::org, false},
    {"lien hiep", HeadKind::org, false},
    {"lien doan", HeadKind::org, false},
    {"hoi", HeadKind::org, true},
    {"thanh doan", HeadKind::org, false},
    {"doan thanh nien", HeadKind::org, false},
    {"bao", HeadKind::org, true},
    {"dai phat thanh", HeadKind::org, false},
    {"dai truyen hinh", HeadKind::org, false},
    {"dai", HeadKind::org, true},
    {"cong thong tin", HeadKind::org, false},
    {"kho bac", HeadKind::org, false},
    {"thue", HeadKind::org, true},
    {"hai quan", HeadKind::org, true},
    {"dien luc", HeadKind::org, false},
    {"toa an", HeadKind::org, false},
    {"vien kiem sat", HeadKind::org, false},
    {"thanh tra", HeadKind::org, true},
    {"bao hiem xa hoi", HeadKind::org, false},
    {"chinh quyen", HeadKind::actor, false},
    // actors that are not state bodies but fill the same cells
    {"doanh nghiep", HeadKind::actor, false},
    {"co so dao tao", HeadKind::actor, false},
    {"co so giao duc", HeadKind::actor, false},
    {"co so nghien cuu", HeadKind::actor, false},
    {"chuyen gia", HeadKind::actor, false},
    {"doanh nhan", HeadKind::actor, false},
    {"nha dau tu", HeadKind::actor, false},
    {"nha khoa hoc", HeadKind::actor, false},
    {"chu dau tu", HeadKind::actor, false},
    {"cao dang", HeadKind::actor, false},
    {"nguoi dan", HeadKind::actor, false},
    {"hop tac xa", HeadKind::actor, false},
    {"dia phuong", HeadKind::collective, false},
    {"co quan", HeadKind::collective, false},
    {"don vi", HeadKind::collective, false},
    {"to chuc", HeadKind::collective, false},
    {"xa", HeadKind::collective, false},
    {"phuong", HeadKind::collective, false},
    {"dac khu", HeadKind::collective, false},
    {"nganh", HeadKind::collective, false},
    {"cac", HeadKind::collective, false},
};

// Collective nouns of the "các sở, ban, ngành" idiom, in two families: bodies and localities.
// A comma joins collectives of the same family only ("sở, ngành, xã, phường" → "sở, ngành" + "xã, phường").
inline constexpr std::string_view kCollective[] = {
    "so", "ban", "nganh", "co quan", "don vi", "to chuc", "dia phuong", "truong", "vien", "doan the", "hoi",
    "cap uy", "to chuc dang", "bo", "dang uy", "uy ban"};
inline constexpr std::string_view kLocality[] = {"xa", "phuong", "dac khu", "quan", "huyen", "thi xa", "thi tran"};

// Words that cannot end a complete name (it continues on the next line).
inline constexpr std::string_view kDanglingEnd[] = {"va", "cua", "thuoc", "truc", "tai", "voi", "cho", "ve", "cac", "theo",
                                             "cp", "tnhh", "mtv", "co", "phan", "-", "&", "(", "nhung",
                                             // person roles: "Chủ tịch UBND …", "PCT UBND …", "Lãnh đạo UBND …"
                                             "tich", "pct", "ct", "dao", "doc"};

inline bool cap_word(std::string_view printed) {
  if (printed.empty()) return false;
  auto c = static_cast<unsigned char>(printed[0]);
  if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return text::starts_upper(printed);
}

struct Cell {
  std::string s;
  std::vector<Tok> t;
  std::string printed(std::size_t a, std::size_t b) const {
    if (a >= b) return {};
    return s.substr(t[a].begin, t[b - 1].end - t[a].begin);
  }
  std::string_view raw(std::size_t i) const { return std::string_view(s).substr(t[i].begin, t[i].end - t[i].begin); }
};

// Head at token i: length in tokens (0 = none) and kind; honours needs_cap.
std::size_t head_at(const Cell& c, std::size_t i, std::size_t end, HeadKind* kind, bool* weak);

// Length of the collective noun at i (0 = none); *family: 1 bodies, 2 localities.
std::size_t collective_at(const Cell& c, std::size_t i, std::size_t end, int* family = nullptr);

// Counts collective nouns at [i, end) after an optional "các"/"ubnd"/"đảng ủy" prefix; returns the
// number of nouns and sets *rest to the index after them.
std::size_t collectives(const Cell& c, std::size_t i, std::size_t end, std::size_t* rest, int* first_family = nullptr,
                        int* last_family = nullptr);

// Spaces collapsed, trailing punctuation dropped.
std::string clean_name(std::string_view s);

}  // namespace planwatch::extract
