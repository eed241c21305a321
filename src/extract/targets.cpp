#include "planwatch/extract/targets.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "grammar_scan.hpp"
#include "planwatch/text/numbers.hpp"
#include "planwatch/text/strings.hpp"

// Target grammar. The text is tokenised once (words carry their folded form, numbers their printed
// form); every number is then examined:
//   skip   dates and document numbers ("1/2025", "57-NQ/TW"), years, ordinals ("lần thứ 4"), leading
//          item markers ("1.1 Tỷ lệ …") and numbers that only qualify a definition (units such as
//          Gbps, tháng, vạn dân; amounts after "doanh thu"/"với": "doanh thu ít nhất 01 tỷ USD").
//   range  "01-02", "15 - 20", "90% - 100%", "từ 2.000 đến 3.000".
//   op     nearest comparator word before the number (OCR-tolerant): tối thiểu/ít nhất/trên/hơn/từ/≥ → >=,
//          tối đa/không quá/dưới/≤ → <=, otherwise "=" (bare number, đạt, chiếm); "… trở lên" → >=.
//          "trong nhóm 05 địa phương dẫn đầu" → <= 5 "thứ hạng toàn quốc".
//   unit   "%" ("% GRDP" when GRDP follows), else the counted noun right after the number (lexicon of
//          head nouns, coordinated nouns kept: "vườn ươm/trung tâm", "sáng chế, giải pháp hữu ích"),
//          "/năm" appended when the count is explicitly yearly ("Mỗi năm có ≥ 20 công trình", "10%/năm").
//   A number with neither unit nor comparator word is not a target ("công nghiệp 4.0").
namespace planwatch::extract {
namespace {

using grammar::fuzzy_phrase_ending_at;
using grammar::phrase_at;
using grammar::Tok;
using grammar::TokKind;

bool is_punct(const Tok& t, std::string_view s) { return t.kind == TokKind::punct && t.text == s; }
bool is_dash(const Tok& t) {
  return t.kind == TokKind::punct && (t.text == "-" || t.text == "\xE2\x80\x93" || t.text == "\xE2\x80\x94");
}
bool clause_break(const Tok& t) {
  return t.kind == TokKind::punct && (t.text == ";" || t.text == "." || t.text == ":" || t.text == "\n");
}

// Counted nouns (folded), longest first within the same head word.
constexpr std::string_view kUnitLexicon[] = {
    "khu cong nghe thong tin tap trung",
    "giai phap huu ich",
    "nghien cuu sinh",
    "nha khoa hoc",
    "nha dau tu",
    "phong thi nghiem",
    "co so du lieu",
    "co so dao tao",
    "co so giao duc",
    "khoa dao tao",
    "bang sang che",
    "van bang",
    "bai bao",
    "doanh nghiep",
    "doanh nhan",
    "nhan luc",
    "san pham",
    "to chuc",
    "cong trinh",
    "can bo",
    "cong chuc",
    "vien chuc",
    "nhiem vu",
    "sang kien",
    "sang che",
    "du an",
    "trung tam",
    "vuon uom",
    "hoat dong",
    "su kien",
    "chuyen gia",
    "ky su",
    "sinh vien",
    "hoc sinh",
    "hoc vien",
    "giang vien",
    "lao dong",
    "nen tang",
    "ung dung",
    "dich vu",
    "he thong",
    "mo hinh",
    "de tai",
    "de an",
    "chuong trinh",
    "hoi thao",
    "hoi nghi",
    "cuoc thi",
    "giai thuong",
    "cong bo",
    "tai khoan",
    "thu tuc",
    "ho so",
    "co quan",
    "don vi",
    "hop dong",
    "thoa thuan",
    "tap doan",
    "hoc bong",
    "khong gian",
    "mang luoi",
    "nhom nghien cuu",
    "thiet bi",
    "tuyen cap",
    "phong lab",
    "startup",
    "khu",
    "don",
    "tram",
    "nguoi",
    "luot",
    "truong",
    "vien",
    "quy",
    "cum",
    "tuyen",
    "xa",
    "phuong",
    "lop",
    "lab",
    "giai",
    "bai",
    "diem",
};

// Units that mark a number as a qualifier of a definition, not a target.
constexpr std::string_view kQualifierUnits[] = {
    "thang", "nam", "ngay", "tuan", "gio", "phut", "giay", "gbps", "gb", "mbps", "tbps", "ghz", "mhz",
    "van", "lan", "tuoi", "km", "m", "m2", "ha", "kw", "mw", "kwh", "nm", "g"};
constexpr std::string_view kMoneyUnits[] = {"usd", "ty", "trieu", "nghin", "dong", "vnd"};

// Words that never start a unit (prepositions, conjunctions, verbs of the surrounding clause).
constexpr std::string_view kStopWords[] = {
    "trong", "tren", "cua", "va", "hoac", "den", "tro", "len", "tai", "cho", "ve", "voi", "duoc", "co",
    "la", "de", "o", "tu", "theo", "thuoc", "nhu", "da", "se", "dang", "moi", "cac", "nhung", "tong", "so",
    "vao", "ra", "nay", "do", "khi", "sau", "truoc", "thi", "ma", "ca", "dat", "chiem", "tang", "giam",
    "khoang", "hon", "it", "nhat", "toi", "thieu", "da", "tro", "nua", "dan", "dau"};

template <class Arr>
bool in_list(const Arr& a, std::string_view w) {
  for (auto x : a)
    if (x == w) return true;
  return false;
}

// Words skipped when looking back from a number for its comparator ("Có tối thiểu có 01 …").
constexpr std::string_view kOpFiller[] = {"co", "muc", "o", "duoc", "them", "len", "moi", "la", "tu", "con"};

struct OpWord {
  std::string_view phrase;
  TargetOp op;
};
constexpr OpWord kOpWords[] = {
    {"khong it hon", TargetOp::ge}, {"khong duoi", TargetOp::ge}, {"toi thieu", TargetOp::ge},
    {"it nhat", TargetOp::ge},      {"nhieu hon", TargetOp::ge},  {"lon hon", TargetOp::ge},
    {"vuot", TargetOp::ge},         {"tren", TargetOp::ge},       {"hon", TargetOp::ge},
    {"tu", TargetOp::ge},           {"khong vuot qua", TargetOp::le}, {"khong qua", TargetOp::le},
    {"toi da", TargetOp::le},       {"nhieu nhat", TargetOp::le}, {"it hon", TargetOp::le},
    {"nho hon", TargetOp::le},      {"duoi", TargetOp::le},       {"dat", TargetOp::eq},
    {"chiem", TargetOp::eq},        {"khoang", TargetOp::eq},     {"bang", TargetOp::eq},
    {"la", TargetOp::eq},           {"muc", TargetOp::eq},
};

class TargetParser {
 public:
  explicit TargetParser(std::string_view text) : s_(text::collapse_spaces(text)), t_(grammar::tokenize_printed(s_)) {}

  std::vector<Target> run() {
    std::vector<Target> out;
    for (std::size_t i = 0; i < t_.size(); ++i) {
      if (t_[i].kind != TokKind::number) continue;
      std::size_t consumed = i;
      if (auto tg = at_number(i, &consumed)) {
        // A bare count right after a previous target joined by "và", ",", ";" shares its comparator:
        // "ít nhất 2.000 nhân lực thiết kế và 3.000 nhân lực kiểm thử".
        if (!last_explicit_ && !out.empty() && tg->op == TargetOp::eq && prev_end_ <= i && i - prev_end_ <= 4 && i > 0 &&
            (t_[i - 1].text == "va" || t_[i - 1].text == "hoac" || is_punct(t_[i - 1], ";") || is_punct(t_[i - 1], ",")) &&
            (out.back().op == TargetOp::ge || out.back().op == TargetOp::le))
          tg->op = out.back().op;
        out.push_back(*tg);
        prev_end_ = last_unit_end_;
      }
      i = std::max(i, consumed);
    }
    return out;
  }

 private:
  std::string printed(std::size_t a, std::size_t b) const {  // tokens [a, b)
    if (a >= b) return {};
    return s_.substr(t_[a].begin, t_[b - 1].end - t_[a].begin);
  }
  const std::string& w(std::size_t i) const {
    static const std::string empty;
    return i < t_.size() ? t_[i].text : empty;
  }
  bool word_is(std::size_t i, std::string_view x) const { return i < t_.size() && t_[i].kind == TokKind::word && t_[i].text == x; }

  bool looks_like_date_or_docnum(std::size_t i) const {
    if (i + 1 < t_.size() && is_punct(t_[i + 1], "/") && i + 2 < t_.size() && t_[i + 2].kind != TokKind::word) return true;
    if (i + 1 < t_.size() && is_punct(t_[i + 1], "/") && i + 2 < t_.size() && t_[i + 2].kind == TokKind::word) {
      // "57/NQ-CP" (document) versus "01 Gb/s" (unit) — numbers directly followed by "/WORD".
      const auto& nx = s_.substr(t_[i + 2].begin, t_[i + 2].end - t_[i + 2].begin);
      if (!nx.empty() && nx[0] >= 'A' && nx[0] <= 'Z') return true;
    }
    if (i > 0 && is_punct(t_[i - 1], "/") ) return true;
    if (i > 0 && (is_dash(t_[i - 1]) || is_punct(t_[i - 1], "/")) && i > 1 && t_[i - 2].kind == TokKind::word &&
        std::all_of(t_[i - 2].text.begin(), t_[i - 2].text.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
        t_[i - 2].end == t_[i - 1].begin && t_[i - 1].end == t_[i].begin)
      return true;  // "QĐ-2025", glued
    if (i + 2 < t_.size() && is_dash(t_[i + 1]) && t_[i + 2].kind == TokKind::word && t_[i].end == t_[i + 1].begin &&
        t_[i + 1].end == t_[i + 2].begin) {
      // "57-NQ/TW", "05-CT": a document number glued to an upper-case abbreviation.
      auto nx = s_.substr(t_[i + 2].begin, t_[i + 2].end - t_[i + 2].begin);
      if (!nx.empty() && nx[0] >= 'A' && nx[0] <= 'Z') return true;
    }
    return false;
  }

  bool skip_by_previous_word(std::size_t i) const {
    if (i == 0) return false;
    static constexpr std::string_view kPrev[] = {"nam",  "thang", "ngay",  "quy",  "so",    "khoa", "thu",
                                                 "dieu", "khoan", "muc",   "diem", "chuong", "dot",  "phien",
                                                 "ky",   "buoc",  "luc",   "phu",  "hang",  "tuan", "version", "ti", "ty"};
    const Tok& p = t_[i - 1];
    if (p.kind != TokKind::word) return false;
    if (p.text == "muc" && i >= 2 && (word_is(i - 2, "o") || word_is(i - 2, "dat"))) return false;  // "ở mức 55%"
    if (p.text == "so" && i >= 2 && (word_is(i - 2, "chi") || word_is(i - 2, "tong"))) return false;  // "chỉ số 0,7"
    return in_list(kPrev, p.text);
  }

  // Comparator before token index i (the first number of the expression).
  TargetOp op_before(std::size_t i, bool* explicit_op) const {
    *explicit_op = false;
    auto found = [&](TargetOp op) {
      *explicit_op = true;
      return op;
    };
    std::size_t steps = 0;
    for (std::size_t j = i; j-- > 0 && steps < 5; ++steps) {
      const Tok& tk = t_[j];
      if (tk.kind == TokKind::punct) {
        if (tk.text == "\xE2\x89\xA5") return found(TargetOp::ge);  // ≥
        if (tk.text == "\xE2\x89\xA4") return found(TargetOp::le);  // ≤
        if (tk.text == "=" && j > 0 && is_punct(t_[j - 1], ">")) return found(TargetOp::ge);
        if (tk.text == "=" && j > 0 && is_punct(t_[j - 1], "<")) return found(TargetOp::le);
        if (tk.text == ">") return found(TargetOp::ge);
        if (tk.text == "<") return found(TargetOp::le);
        return TargetOp::eq;
      }
      if (tk.kind == TokKind::number) return TargetOp::eq;
      for (const auto& o : kOpWords) {
        if (fuzzy_phrase_ending_at(t_, j, o.phrase)) {
          return found(o.op);
        }
      }
      bool junk = tk.text.size() <= 3 && std::any_of(tk.text.begin(), tk.text.end(), [](char c) { return c < 'a' || c > 'z'; });
      if (!junk && !in_list(kOpFiller, tk.text)) return TargetOp::eq;
    }
    return TargetOp::eq;
  }

  // Unit noun phrase starting at k; sets *end one past it. Returns printed unit (may be empty).
  std::string noun_unit(std::size_t k, std::size_t* end, std::string* head_folded) const {
    *end = k;
    if (k >= t_.size() || t_[k].kind != TokKind::word) return {};
    // "bài bài báo": a doubled syllable is a typo.
    if (k + 1 < t_.size() && t_[k + 1].kind == TokKind::word && t_[k].text == t_[k + 1].text) ++k;
    auto match_lex = [&](std::size_t at) -> std::size_t {
      for (auto lex : kUnitLexicon)
        if (phrase_at(t_, at, lex)) return grammar::word_count(lex);
      return 0;
    };
    std::size_t n = match_lex(k);
    if (n == 0) {
      if (in_list(kStopWords, t_[k].text)) return {};
      // Unknown noun: take up to two syllables (Vietnamese nouns are mostly disyllabic).
      n = 1;
      if (k + 1 < t_.size() && t_[k + 1].kind == TokKind::word && !in_list(kStopWords, t_[k + 1].text) &&
          t_[k].end + 1 == t_[k + 1].begin)
        n = 2;
    }
    *head_folded = t_[k].text;
    for (std::size_t q = k + 1; q < k + n; ++q) *head_folded += " " + t_[q].text;
    std::string unit = printed(k, k + n);
    std::size_t e = k + n;
    // Coordinated nouns: "vườn ươm/trung tâm", "sáng chế, giải pháp hữu ích", "tổ chức, doanh nghiệp".
    if (e + 1 < t_.size() && (is_punct(t_[e], "/") || is_punct(t_[e], ","))) {
      if (std::size_t n2 = match_lex(e + 1); n2 > 0) {
        unit += is_punct(t_[e], "/") ? "/" : ", ";
        unit += printed(e + 1, e + 1 + n2);
        e += 1 + n2;
      }
    }
    // A short Latin gloss right after the noun: "trạm trung chuyển … (digital hub)".
    if (e + 2 < t_.size() && is_punct(t_[e], "(")) {
      std::size_t q = e + 1;
      while (q < t_.size() && q < e + 5 && t_[q].kind == TokKind::word) ++q;
      if (q < t_.size() && is_punct(t_[q], ")") && q > e + 1) {
        bool latin = true;
        for (std::size_t r = e + 1; r < q; ++r)
          for (char c : s_.substr(t_[r].begin, t_[r].end - t_[r].begin)) latin = latin && static_cast<unsigned char>(c) < 0x80;
        if (latin && head_folded->find(' ') != std::string::npos && n >= 4) {
          unit += " " + printed(e, q + 1);
          e = q + 1;
        }
      }
    }
    *end = e;
    return unit;
  }

  bool yearly_context_before(std::size_t i) const {
    for (std::size_t j = i; j-- > 0;) {
      if (t_[j].kind == TokKind::punct && (t_[j].text == ";" || t_[j].text == ".")) return false;
      if (phrase_at(t_, j, "moi nam") || phrase_at(t_, j, "hang nam") || phrase_at(t_, j, "thuong nien")) return true;
    }
    return false;
  }
  bool yearly_right_after(std::size_t e) const {
    if (e + 1 < t_.size() && is_punct(t_[e], "/") && word_is(e + 1, "nam")) return true;
    return phrase_at(t_, e, "moi nam") || phrase_at(t_, e, "mot nam") || phrase_at(t_, e, "hang nam");
  }
  bool qualifier_context(std::size_t i) const {
    // "doanh nghiệp có doanh thu ít nhất 01 tỷ USD", "với nhân lực 15.000 người"
    std::size_t steps = 0;
    for (std::size_t j = i; j-- > 0 && steps < 5; ++steps) {
      if (clause_break(t_[j]) || is_punct(t_[j], ",")) return false;
      if (t_[j].text == "voi" || phrase_at(t_, j, "doanh thu") || phrase_at(t_, j, "von dieu le")) return true;
    }
    return false;
  }

  std::optional<Target> at_number(std::size_t i, std::size_t* consumed) {
    const Tok& num = t_[i];
    auto value = text::parse_vn_number(num.text);
    if (!value) return std::nullopt;
    if (looks_like_date_or_docnum(i)) return std::nullopt;
    if (grammar::is_year(num, 1900, 2100) && !(i + 1 < t_.size() && is_punct(t_[i + 1], "%"))) {
      // a year, possibly the start of a year range "2026 - 2030"
      if (i + 2 < t_.size() && is_dash(t_[i + 1]) && grammar::is_year(t_[i + 2], 1900, 2100)) *consumed = i + 2;
      return std::nullopt;
    }
    if (skip_by_previous_word(i)) return std::nullopt;
    // Leading item marker: "1.1 Tỷ lệ …", "2) …"
    if (i == 0 && i + 1 < t_.size()) {
      const Tok& nx = t_[i + 1];
      if (is_punct(nx, ".") || is_punct(nx, ")")) return std::nullopt;
      if (nx.kind == TokKind::word && text::starts_upper(s_.substr(nx.begin, nx.end - nx.begin)) &&
          num.text.find('.') != std::string::npos)
        return std::nullopt;
    }

    Target tg;
    tg.value = *value;
    std::size_t k = i + 1;
    bool pct = false;
    if (k < t_.size() && is_punct(t_[k], "%")) {
      pct = true;
      ++k;
    }
    // Ranges: "01-02", "15 - 20", "90% - 100%", "từ 2.000 đến 3.000".
    bool range = false;
    if (k + 1 < t_.size() && (is_dash(t_[k]) || (t_[k].text == "den" && i > 0 && t_[i - 1].text == "tu")) &&
        t_[k + 1].kind == TokKind::number) {
      auto hi = text::parse_vn_number(t_[k + 1].text);
      if (hi && *hi > *value && !grammar::is_year(t_[k + 1], 1900, 2100)) {
        tg.value_max = *hi;
        range = true;
        k += 2;
        if (k < t_.size() && is_punct(t_[k], "%")) {
          pct = true;
          ++k;
        }
      }
    }
    // "trong nhóm 05 địa phương dẫn đầu (toàn quốc)" / "top 10"
    if (!range && i > 0 && t_[i - 1].kind == TokKind::word &&
        ((t_[i - 1].text.size() == 4 && grammar::edit_distance(t_[i - 1].text, "nhom", 1) <= 1) || t_[i - 1].text == "top")) {
      for (std::size_t q = i + 1; q < t_.size() && q < i + 7; ++q) {
        if (phrase_at(t_, q, "dan dau") || t_[i - 1].text == "top") {
          tg.op = TargetOp::le;
          tg.unit = "thứ hạng toàn quốc";
          *consumed = q;
          return tg;
        }
      }
    }

    std::size_t unit_end = k;
    std::string head;
    if (pct) {
      tg.unit = "%";
      if (k < t_.size() && (t_[k].text == "grdp" || t_[k].text == "gdp")) {
        tg.unit += " " + printed(k, k + 1);
        ++unit_end;
      }
      head = "%";
    } else {
      tg.unit = noun_unit(k, &unit_end, &head);
    }
    std::string head_first = head.substr(0, head.find(' '));
    if (!pct && (in_list(kQualifierUnits, head_first) || head == "gb/s")) return std::nullopt;
    if (!pct && in_list(kMoneyUnits, head_first) && qualifier_context(i)) return std::nullopt;
    if (qualifier_context(i) && head_first == "nguoi") return std::nullopt;

    bool explicit_op = false;
    tg.op = range ? TargetOp::range : op_before(i, &explicit_op);
    if (!range) {
      // "từ 12% trở lên", "từ 01 tỷ USD/năm trở lên"
      for (std::size_t q = unit_end; q < t_.size() && q < unit_end + 4; ++q) {
        if (phrase_at(t_, q, "tro len")) {
          tg.op = TargetOp::ge;
          explicit_op = true;
        }
        if (phrase_at(t_, q, "tro xuong")) {
          tg.op = TargetOp::le;
          explicit_op = true;
        }
      }
    }
    if (tg.unit.empty() && !explicit_op && !range) return std::nullopt;

    // "người … trên 01 vạn dân": the per-capita base belongs to the unit.
    if (head == "nguoi") {
      std::size_t q = unit_end;
      if (q + 3 < t_.size() && t_[q].text == "tren" && (t_[q + 1].text == "mot" || t_[q + 1].kind == TokKind::number) &&
          t_[q + 2].text == "van" && !t_[q + 3].text.empty() && t_[q + 3].text[0] == 'd' && t_[q + 3].text.size() <= 4) {
        tg.unit = printed(i + 1, q + 4);
        unit_end = q + 4;
      } else {
        for (; q + 2 < t_.size() && !clause_break(t_[q]); ++q) {
          if (t_[q].text == "tren" && (t_[q + 1].kind == TokKind::number || t_[q + 1].text == "mot") && q + 3 < t_.size() &&
              t_[q + 2].text == "van") {
            tg.unit += "/" + printed(q + 1, q + 4);
            break;
          }
        }
      }
    }
    if (!tg.unit.empty()) {
      if (yearly_right_after(unit_end) || (!pct && yearly_context_before(i))) tg.unit += "/năm";
    }
    *consumed = range ? k - 1 : i;
    last_explicit_ = explicit_op || range;
    last_unit_end_ = unit_end;
    return tg;
  }

  std::string s_;
  std::vector<Tok> t_;
  bool last_explicit_ = false;     // the number just parsed had its own comparator word
  std::size_t last_unit_end_ = 0;  // one past the unit of the number just parsed
  std::size_t prev_end_ = 0;       // one past the unit of the previous target
};

}  // namespace

std::vector<Target> parse_targets(std::string_view text) { return TargetParser(text).run(); }

bool has_quantified_target(std::string_view text) {
  for (const auto& t : parse_targets(text))
    if (t.op != TargetOp::none && t.value) return true;
  return false;
}

}  // namespace planwatch::extract
