// DOCX reader: libzip for the container, pugixml for word/document.xml.
//
// Output layout (what the extractor reads): one line per paragraph; one line per table row with
// cells joined by '\t'; inside a cell, paragraphs are joined by a space. Horizontally merged
// cells (gridSpan) are padded with empty cells and vertically merged continuations are empty, so
// every row of a table keeps the grid's column count. List numbering is regenerated from
// numbering.xml ("1.", "a)", "- " for bullets) because the extractor relies on those labels.
//
// Safety: the archive comes from users. Declared entry sizes are checked before reading
// (zip bombs), reads are capped regardless of what the archive declares, XML is parsed by
// pugixml (no DTD/entity expansion) and the tree walk has a depth limit.
#include <pugixml.hpp>
#include <zip.h>

#include <array>
#include <cstring>
#include <functional>
#include <map>
#include <memory>

#include "internal.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"

namespace planwatch::ingest {
namespace {
using detail::refuse;

constexpr int kMaxDepth = 200;             // XML nesting we follow (tables in tables in text boxes ...)
constexpr zip_int64_t kMaxEntries = 20000;  // a DOCX has a few dozen parts
constexpr double kMaxRatio = 1000.0;       // XML compresses ~10-30x; 1000x is a bomb

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

std::string_view local(const pugi::xml_node& n) {
  std::string_view s = n.name();
  auto c = s.find(':');
  return c == std::string_view::npos ? s : s.substr(c + 1);
}

// Attribute by local name (w:val, w:type, ...), whatever the prefix.
pugi::xml_attribute attr(const pugi::xml_node& n, std::string_view name) {
  for (auto a : n.attributes()) {
    std::string_view s = a.name();
    auto c = s.find(':');
    if ((c == std::string_view::npos ? s : s.substr(c + 1)) == name) return a;
  }
  return {};
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (auto c : n.children())
    if (c.type() == pugi::node_element && local(c) == name) return c;
  return {};
}

int to_int(const pugi::xml_attribute& a, int dflt) {
  if (!a) return dflt;
  const char* s = a.value();
  long v = 0;
  bool any = false;
  for (; *s >= '0' && *s <= '9'; ++s) {
    v = v * 10 + (*s - '0');
    any = true;
    if (v > 1000000) return dflt;
  }
  return any ? static_cast<int>(v) : dflt;
}

// ---- numbering ------------------------------------------------------------------------------
std::string roman(int n, bool upper) {
  static const std::pair<int, const char*> t[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                                                  {90, "xc"},  {50, "l"},   {40, "xl"},  {10, "x"},   {9, "ix"},
                                                  {5, "v"},    {4, "iv"},   {1, "i"}};
  std::string s;
  if (n <= 0 || n > 4000) return std::to_string(n);
  for (auto [v, r] : t)
    while (n >= v) {
      s += r;
      n -= v;
    }
  if (upper)
    for (char& c : s) c = static_cast<char>(c - 32);
  return s;
}

std::string format_counter(int n, std::string_view fmt) {
  if (fmt == "lowerLetter" || fmt == "upperLetter") {
    if (n <= 0) return std::to_string(n);
    const char base = fmt == "lowerLetter" ? 'a' : 'A';
    return std::string(static_cast<std::size_t>((n - 1) / 26 + 1), static_cast<char>(base + (n - 1) % 26));
  }
  if (fmt == "lowerRoman") return roman(n, false);
  if (fmt == "upperRoman") return roman(n, true);
  if (fmt == "decimalZero") return (n < 10 ? "0" : "") + std::to_string(n);
  return std::to_string(n);
}

class Numbering {
 public:
  void load(const pugi::xml_document& numbering, const pugi::xml_document& styles) {
    auto root = numbering.document_element();
    for (auto n : root.children()) {
      if (local(n) == "abstractNum") {
        Abstract& a = abstract_[attr(n, "abstractNumId").value()];
        for (auto lvl : n.children()) {
          if (local(lvl) != "lvl") continue;
          int il = to_int(attr(lvl, "ilvl"), -1);
          if (il < 0 || il >= 9) continue;
          Level& L = a[static_cast<std::size_t>(il)];
          L.fmt = attr(child(lvl, "numFmt"), "val").value();
          L.text = attr(child(lvl, "lvlText"), "val").value();
          L.start = to_int(attr(child(lvl, "start"), "val"), 1);
        }
      } else if (local(n) == "num") {
        num_to_abstract_[attr(n, "numId").value()] = attr(child(n, "abstractNumId"), "val").value();
      }
    }
    for (auto s : styles.document_element().children()) {
      if (local(s) != "style") continue;
      StyleNum sn;
      sn.based_on = attr(child(s, "basedOn"), "val").value();
      auto numpr = child(child(s, "pPr"), "numPr");
      if (numpr) {
        sn.num_id = attr(child(numpr, "numId"), "val").value();
        sn.ilvl = to_int(attr(child(numpr, "ilvl"), "val"), 0);
      }
      styles_[attr(s, "styleId").value()] = sn;
    }
  }

  // Label for a paragraph ("1. ", "a) ", "- "), advancing the list counters.
  std::string label(const pugi::xml_node& ppr) {
    if (!ppr) return {};
    auto numpr = child(ppr, "numPr");
    std::string num_id = attr(child(numpr, "numId"), "val").value();
    int ilvl = to_int(attr(child(numpr, "ilvl"), "val"), -1);
    if (num_id.empty()) {
      // Numbering inherited from the paragraph style (headings are often numbered that way).
      std::string style = attr(child(ppr, "pStyle"), "val").value();
      for (int hop = 0; hop < 8 && !style.empty(); ++hop) {
        auto it = styles_.find(style);
        if (it == styles_.end()) break;
        if (!it->second.num_id.empty()) {
          num_id = it->second.num_id;
          if (ilvl < 0) ilvl = it->second.ilvl;
          break;
        }
        style = it->second.based_on;
      }
    }
    if (num_id.empty() || num_id == "0") return {};
    if (ilvl < 0 || ilvl >= 9) ilvl = 0;
    auto na = num_to_abstract_.find(num_id);
    if (na == num_to_abstract_.end()) return {};
    auto ab = abstract_.find(na->second);
    if (ab == abstract_.end()) return {};
    const Abstract& a = ab->second;
    const Level& L = a[static_cast<std::size_t>(ilvl)];
    if (L.fmt == "bullet") return "- ";
    if (L.fmt == "none") return {};
    auto& cnt = counters_[num_id];
    auto& used = used_[num_id];
    const auto lv = static_cast<std::size_t>(ilvl);
    cnt[lv] = used[lv] ? cnt[lv] + 1 : L.start;
    used[lv] = true;
    for (std::size_t d = lv + 1; d < 9; ++d) used[d] = false;  // deeper levels restart
    std::string out;
    for (std::size_t i = 0; i < L.text.size(); ++i) {
      char c = L.text[i];
      if (c == '%' && i + 1 < L.text.size() && L.text[i + 1] >= '1' && L.text[i + 1] <= '9') {
        auto k = static_cast<std::size_t>(L.text[i + 1] - '1');
        int v = used[k] ? cnt[k] : a[k].start;
        out += format_counter(v, a[k].fmt);
        ++i;
      } else {
        out.push_back(c);
      }
    }
    if (out.empty()) return {};
    return out + " ";
  }

 private:
  struct Level {
    std::string fmt = "decimal";
    std::string text;
    int start = 1;
  };
  using Abstract = std::array<Level, 9>;
  struct StyleNum {
    std::string based_on, num_id;
    int ilvl = 0;
  };
  std::map<std::string, Abstract> abstract_;
  std::map<std::string, std::string> num_to_abstract_;
  std::map<std::string, StyleNum> styles_;
  std::map<std::string, std::array<int, 9>> counters_;
  std::map<std::string, std::array<bool, 9>> used_;
};

// ---- document walk --------------------------------------------------------------------------
struct Segment {
  std::string text;
  int page = 1;
  bool started = false;
};

struct RunFont {
  detail::Legacy enc;
  bool caps;
};

class Walker {
 public:
  Walker(Document& doc, Numbering& num) : doc_(doc), num_(num) {}

  void body(const pugi::xml_node& n, int depth) {
    if (depth > kMaxDepth) {
      deep_ = true;
      return;
    }
    for (auto c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = local(c);
      if (name == "p") {
        paragraph_lines(c, depth + 1);
      } else if (name == "tbl") {
        table(c, depth + 1);
      } else if (name == "sectPr" || name == "del" || name == "moveFrom" || name == "Fallback") {
        continue;
      } else {
        body(c, depth + 1);  // sdt, sdtContent, customXml, ins, AlternateContent/Choice ...
      }
    }
  }

  [[nodiscard]] bool saw_page_break() const { return any_break_; }
  [[nodiscard]] bool too_deep() const { return deep_; }
  [[nodiscard]] std::size_t converted_runs() const { return converted_runs_; }

 private:
  struct Para {
    std::vector<Segment> segs{Segment{}};
    std::vector<std::vector<Segment>> boxes;  // text boxes anchored in this paragraph
  };

  void page_break() {
    if (!text_since_break_) return;  // a w:br page break is usually followed by lastRenderedPageBreak
    ++page_;
    text_since_break_ = false;
    any_break_ = true;
  }

  void append(Para& p, std::string_view s) {
    Segment& seg = p.segs.back();
    if (!seg.started) {
      seg.page = page_;
      seg.started = true;
    }
    seg.text += s;
    if (text::trim(s).size() > 0) text_since_break_ = true;
  }

  std::string run_text(const pugi::xml_node& t, const std::optional<RunFont>& font) {
    std::string s = t.text().get();
    if (font) {
      if (auto r = detail::redecode_font_run(font->enc, s)) {
        if (*r != s) ++converted_runs_;
        return font->caps ? detail::to_upper(*r) : *r;
      }
    }
    return s;
  }

  static std::optional<RunFont> run_font(const pugi::xml_node& r) {
    auto fonts = child(child(r, "rPr"), "rFonts");
    if (!fonts) return std::nullopt;
    for (const char* a : {"ascii", "hAnsi"}) {
      auto v = attr(fonts, a);
      if (!v) continue;
      if (auto e = detail::legacy_from_font_name(v.value())) {
        // TCVN3 capitals come from a separate font (".VnTimeH", ".VnArialH") drawing lower-case codes.
        std::string_view f = v.value();
        const bool caps = *e == detail::Legacy::tcvn3 && !f.empty() && (f.back() == 'H' || f.back() == 'h');
        return RunFont{*e, caps};
      }
    }
    return std::nullopt;
  }

  void inline_content(const pugi::xml_node& n, Para& p, const std::optional<RunFont>& font, int depth) {
    if (depth > kMaxDepth) {
      deep_ = true;
      return;
    }
    for (auto c : n.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = local(c);
      if (name == "t") {
        append(p, run_text(c, font));
      } else if (name == "tab" && local(n) == "r") {
        append(p, "\t");
      } else if (name == "br") {
        std::string_view type = attr(c, "type").value();
        if (type == "page") page_break();
        p.segs.push_back(Segment{});
      } else if (name == "cr") {
        p.segs.push_back(Segment{});
      } else if (name == "noBreakHyphen") {
        append(p, "-");
      } else if (name == "lastRenderedPageBreak") {
        page_break();
      } else if (name == "r") {
        inline_content(c, p, run_font(c), depth + 1);
      } else if (name == "txbxContent") {
        // Text boxes live inside a run; their paragraphs become lines after this paragraph.
        for (auto q : c.children()) {
          if (local(q) != "p") continue;
          Para inner = paragraph(q, depth + 1);
          for (auto& s : inner.segs) p.boxes.push_back({std::move(s)});
        }
      } else if (name == "pPr" || name == "rPr" || name == "del" || name == "moveFrom" || name == "Fallback" ||
                 name == "instrText" || name == "delText" || name == "tbl" || name == "p") {
        continue;
      } else {
        inline_content(c, p, font, depth + 1);  // hyperlink, smartTag, ins, fldSimple, sdt, drawing ...
      }
    }
  }

  Para paragraph(const pugi::xml_node& pnode, int depth) {
    Para p;
    auto ppr = child(pnode, "pPr");
    if (child(ppr, "pageBreakBefore") && to_int(attr(child(ppr, "pageBreakBefore"), "val"), 1) != 0) page_break();
    std::string label = num_.label(ppr);
    if (!label.empty()) append(p, label);
    inline_content(pnode, p, std::nullopt, depth + 1);
    // A section break stored in this paragraph ends the page (default section type: next page).
    if (auto sect = child(ppr, "sectPr")) {
      std::string_view type = attr(child(sect, "type"), "val").value();
      if (type.empty() || type == "nextPage" || type == "oddPage" || type == "evenPage") page_break();
    }
    return p;
  }

  void paragraph_lines(const pugi::xml_node& pnode, int depth) {
    Para p = paragraph(pnode, depth);
    for (auto& s : p.segs) emit(std::move(s.text), s.started ? s.page : page_);
    for (auto& box : p.boxes)
      for (auto& s : box) emit(std::move(s.text), s.started ? s.page : page_);
  }

  void emit(std::string text, int page) { doc_.lines.push_back(Line{std::move(text), page}); }

  // Flattens a cell: paragraphs joined by one space, tabs and line breaks become spaces.
  std::string cell_text(const pugi::xml_node& tc, int depth) {
    std::string out;
    auto add = [&](std::string s) {
      for (char& ch : s)
        if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
      std::string t = text::collapse_spaces(s);
      if (t.empty()) return;
      if (!out.empty()) out.push_back(' ');
      out += t;
    };
    std::function<void(const pugi::xml_node&, int)> walk = [&](const pugi::xml_node& n, int d) {
      if (d > kMaxDepth) {
        deep_ = true;
        return;
      }
      for (auto c : n.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string_view name = local(c);
        if (name == "p") {
          Para p = paragraph(c, d + 1);
          for (auto& s : p.segs) add(std::move(s.text));
          for (auto& box : p.boxes)
            for (auto& s : box) add(std::move(s.text));
        } else if (name == "tcPr" || name == "tblPr" || name == "trPr" || name == "tblGrid" || name == "del" ||
                   name == "Fallback") {
          continue;
        } else {
          walk(c, d + 1);  // nested tables (tbl/tr/tc), sdt, customXml ...
        }
      }
    };
    walk(tc, depth);
    return out;
  }

  void table(const pugi::xml_node& tbl, int depth) {
    if (depth > kMaxDepth) {
      deep_ = true;
      return;
    }
    std::function<void(const pugi::xml_node&, int)> rows = [&](const pugi::xml_node& n, int d) {
      if (d > kMaxDepth) {
        deep_ = true;
        return;
      }
      for (auto tr : n.children()) {
        if (tr.type() != pugi::node_element) continue;
        std::string_view name = local(tr);
        if (name != "tr") {
          if (name != "tblPr" && name != "tblGrid" && name != "del") rows(tr, d + 1);  // sdt around rows
          continue;
        }
        const int row_page = page_;
        std::vector<std::string> cells;
        auto trpr = child(tr, "trPr");
        const int before = std::min(to_int(attr(child(trpr, "gridBefore"), "val"), 0), 64);
        for (int i = 0; i < before; ++i) cells.emplace_back();
        std::function<void(const pugi::xml_node&, int)> tcs = [&](const pugi::xml_node& m, int dd) {
          if (dd > kMaxDepth) return;
          for (auto tc : m.children()) {
            if (tc.type() != pugi::node_element) continue;
            if (local(tc) != "tc") {
              if (local(tc) == "sdt" || local(tc) == "sdtContent" || local(tc) == "customXml") tcs(tc, dd + 1);
              continue;
            }
            auto tcpr = child(tc, "tcPr");
            auto vmerge = child(tcpr, "vMerge");
            std::string_view vm = attr(vmerge, "val").value();
            const bool continuation = vmerge && vm != "restart";
            std::string text = cell_text(tc, dd + 1);
            cells.push_back(continuation ? std::string() : std::move(text));
            const int span = std::clamp(to_int(attr(child(tcpr, "gridSpan"), "val"), 1), 1, 64);
            for (int i = 1; i < span; ++i) cells.emplace_back();
          }
        };
        tcs(tr, d + 1);
        const int after = std::min(to_int(attr(child(trpr, "gridAfter"), "val"), 0), 64);
        for (int i = 0; i < after; ++i) cells.emplace_back();
        bool any = false;
        for (auto& c : cells) any = any || !c.empty();
        if (!any) continue;
        std::string line;
        for (std::size_t i = 0; i < cells.size(); ++i) {
          if (i) line.push_back('\t');
          line += cells[i];
        }
        emit(std::move(line), row_page);
      }
    };
    rows(tbl, depth);
  }

  Document& doc_;
  Numbering& num_;
  int page_ = 1;
  bool text_since_break_ = false;
  bool any_break_ = false;
  bool deep_ = false;
  std::size_t converted_runs_ = 0;
};

// Reads one archive entry with a hard cap, whatever its header declares.
Expected<std::string> read_entry(zip_t* za, zip_uint64_t index, std::string_view name, std::size_t cap) {
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen_index(za, index, 0), zip_fclose);
  if (!f) {
    zip_error_t* ze = zip_get_error(za);
    const bool pw = zip_error_code_zip(ze) == ZIP_ER_NOPASSWD || zip_error_code_zip(ze) == ZIP_ER_WRONGPASSWD;
    return refuse(pw ? "encrypted" : "bad_docx", name, pw ? "tệp DOCX được mã hóa/bảo vệ bằng mật khẩu" : "tệp DOCX bị hỏng",
                  std::string("zip_fopen_index: ") + zip_error_strerror(ze));
  }
  std::string out;
  char buf[65536];
  while (true) {
    zip_int64_t n = zip_fread(f.get(), buf, sizeof buf);
    if (n < 0)
      return refuse("bad_docx", name, "tệp DOCX bị hỏng (không giải nén được nội dung)",
                    std::string("zip_fread: ") + zip_error_strerror(zip_file_get_error(f.get())));
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > cap)
      return refuse("zip_bomb", name, "nội dung giải nén của tệp DOCX quá lớn (nghi là tệp nén độc hại)",
                    "entry inflates beyond max_unpacked_bytes=" + std::to_string(cap));
  }
  return out;
}

}  // namespace

Expected<Document> read_docx(std::string_view name, std::string_view bytes, const Limits& limits) {
  if (bytes.size() > limits.max_file_bytes)
    return refuse("too_large", name, "tệp quá lớn", std::to_string(bytes.size()) + " bytes > max_file_bytes");
  if (!bytes.starts_with("PK"))
    return refuse("not_docx", name, "không phải tệp DOCX (không phải tệp nén ZIP)", "no zip signature");
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (src == nullptr) {
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return refuse("bad_docx", name, "tệp DOCX bị hỏng", "zip_source_buffer_create: " + why);
  }
  ZipPtr za(zip_open_from_source(src, ZIP_RDONLY, &ze));
  if (!za) {
    zip_source_free(src);
    std::string why = zip_error_strerror(&ze);
    zip_error_fini(&ze);
    return refuse("bad_docx", name, "không phải tệp DOCX hợp lệ (tệp nén ZIP bị hỏng hoặc không đầy đủ)",
                  "zip_open_from_source: " + why);
  }
  zip_error_fini(&ze);

  const zip_int64_t entries = zip_get_num_entries(za.get(), 0);
  if (entries < 0 || entries > kMaxEntries)
    return refuse("bad_docx", name, "tệp DOCX có cấu trúc bất thường (quá nhiều phần)",
                  std::to_string(entries) + " zip entries");
  // Zip-bomb guard on what the archive declares; read_entry enforces the cap on what it inflates.
  std::size_t declared_total = 0;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    if (!(st.valid & ZIP_STAT_SIZE)) continue;
    const std::size_t size = static_cast<std::size_t>(std::min<zip_uint64_t>(st.size, SIZE_MAX / 2));
    declared_total += size;
    const double ratio = (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size > 0
                             ? static_cast<double>(st.size) / static_cast<double>(st.comp_size)
                             : 0.0;
    if (size > limits.max_unpacked_bytes || declared_total > SIZE_MAX / 4 || (size > (1u << 20) && ratio > kMaxRatio))
      return refuse("zip_bomb", name, "nội dung giải nén của tệp DOCX quá lớn (nghi là tệp nén độc hại)",
                    std::string("entry ") + (st.name ? st.name : "?") + " declares " + std::to_string(st.size) +
                        " bytes (ratio " + std::to_string(static_cast<long>(ratio)) + ")");
  }

  const zip_int64_t doc_index = zip_name_locate(za.get(), "word/document.xml", 0);
  if (doc_index < 0)
    return refuse("not_docx", name, "không phải tệp DOCX (thiếu word/document.xml)", "word/document.xml missing");

  auto xml = read_entry(za.get(), static_cast<zip_uint64_t>(doc_index), name, limits.max_unpacked_bytes);
  if (!xml) return Unexpected<Error>{xml.error()};

  // Optional parts: list numbering and styles (for numbered headings).
  pugi::xml_document numbering_xml, styles_xml;
  std::size_t budget = limits.max_unpacked_bytes - std::min(limits.max_unpacked_bytes, xml->size());
  for (auto [part, target] : {std::pair{"word/numbering.xml", &numbering_xml}, std::pair{"word/styles.xml", &styles_xml}}) {
    const zip_int64_t idx = zip_name_locate(za.get(), part, 0);
    if (idx < 0) continue;
    auto data = read_entry(za.get(), static_cast<zip_uint64_t>(idx), name, budget);
    if (!data) continue;  // a broken optional part only costs list labels
    budget -= std::min(budget, data->size());
    target->load_buffer(data->data(), data->size(), pugi::parse_default, pugi::encoding_utf8);
  }

  pugi::xml_document dom;
  const pugi::xml_parse_result pr =
      dom.load_buffer(xml->data(), xml->size(), pugi::parse_default | pugi::parse_ws_pcdata_single, pugi::encoding_auto);
  if (!pr)
    return refuse("bad_docx", name, "tệp DOCX bị hỏng (word/document.xml không đọc được)",
                  std::string("document.xml: ") + pr.description() + " at offset " + std::to_string(pr.offset));
  auto body = child(dom.document_element(), "body");
  if (!body)
    return refuse("bad_docx", name, "tệp DOCX bị hỏng (không có phần thân văn bản)", "document.xml has no w:body");

  Document doc;
  doc.name = std::string(name);
  doc.format = SourceFormat::docx;
  Numbering numbering;
  numbering.load(numbering_xml, styles_xml);
  Walker w(doc, numbering);
  w.body(body, 0);

  for (auto& l : doc.lines) {
    std::string t = text::nfc(l.text);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\r')) t.pop_back();
    l.text = std::move(t);
  }
  if (!w.saw_page_break())
    for (auto& l : doc.lines) l.page = 0;  // no page markers at all: pages are unknown
  else
    doc.notices.push_back("Số trang trong DOCX là ước lượng theo dấu ngắt trang do Word lưu lại");
  if (w.converted_runs() > 0)
    doc.notices.push_back("Đã chuyển " + std::to_string(w.converted_runs()) +
                          " đoạn chữ gõ bằng phông TCVN3/VNI (.VnTime, VNI-Times) sang Unicode");
  if (w.too_deep()) doc.notices.push_back("Một phần nội dung lồng quá sâu đã bị bỏ qua");
  if (w.converted_runs() == 0) {
    // The legacy font may come from a style rather than the run: judge the text itself.
    detail::repair_legacy_font_lines(doc);
  }
  return doc;
}

}  // namespace planwatch::ingest
