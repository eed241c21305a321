// Prose parts of a plan: section roles, objectives stated in prose, tasks from numbered solution
// sections, assignments in 'Tổ chức thực hiện', reporting duties, plan metadata.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "planwatch/extract/agencies.hpp"
#include "planwatch/extract/targets.hpp"
#include "planwatch/extract/timeframe.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "sections.hpp"
#include "words.hpp"

namespace planwatch::extract {

using text::contains;

SectionRole classify_section(const std::string& f) {
  if (contains(f, "to chuc thuc hien") || contains(f, "to chuc trien khai")) return SectionRole::organisation;
  if (contains(f, "kinh phi")) return SectionRole::funding;
  if (contains(f, "nhiem vu") || contains(f, "giai phap")) return SectionRole::tasks;
  if (contains(f, "muc tieu") || contains(f, "chi tieu")) return SectionRole::objectives;
  if (contains(f, "muc dich") || contains(f, "yeu cau") || contains(f, "quan diem")) return SectionRole::purpose;
  return SectionRole::other;
}

std::vector<Region> find_appendices(const std::vector<CLine>& lines) {
  std::vector<Region> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& f = lines[i].folded;
    auto t = text::trim(f);
    if (t.starts_with("phu luc") && t.size() < 40 && lines[i].text.find('\t') == std::string::npos &&
        !contains(t, "dinh kem") && !contains(t, "kem theo")) {
      Region r;
      r.begin = i;
      for (std::size_t k = i; k < std::min(lines.size(), i + 4); ++k) r.title += lines[k].folded + " ";
      if (!out.empty()) out.back().end = i;
      out.push_back(r);
    }
  }
  if (!out.empty()) out.back().end = lines.size();
  return out;
}

namespace {

// Year of a phase heading or item: "đến năm 2030", "Đến năm 2028", "tầm nhìn 2045", "đến hết năm 2025".
std::optional<std::string> phase_year(const std::string& folded) {
  static const char* cues[] = {"den het nam ", "den nam ", "tam nhin den nam ", "tam nhin ", "den nim ", "den ", "nam "};
  for (const char* cue : cues) {
    std::size_t pos = 0;
    while ((pos = folded.find(cue, pos)) != std::string::npos) {
      std::size_t p = pos + std::char_traits<char>::length(cue);
      if (p + 4 <= folded.size() && std::all_of(folded.begin() + static_cast<long>(p), folded.begin() + static_cast<long>(p + 4),
                                                 [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
          (folded[p] == '2') && (p + 4 == folded.size() || !std::isdigit(static_cast<unsigned char>(folded[p + 4]))))
        return folded.substr(p, 4);
      pos = p;
    }
  }
  return std::nullopt;
}

bool is_heading_like(const std::string& text) {
  auto t = text::trim(text);
  return text::length(t) < 90 && !t.ends_with(".") && !t.ends_with(";");
}

const Item& item_at(const Outline& o, int i) { return o.items[static_cast<std::size_t>(i)]; }

}  // namespace

std::optional<std::string> plan_period(const std::vector<CLine>& lines, std::size_t body_end) {
  for (std::size_t i = 0; i < std::min(body_end, std::size_t{40}); ++i) {
    const auto& f = lines[i].folded;
    if (parse_marker(lines[i].text).kind == MarkerKind::roman) break;  // the title block only
    auto pos = f.find("giai doan ");
    if (pos == std::string::npos) continue;
    std::size_t p = pos + 10;
    // Map folded byte offsets back to the printed text: folding keeps ASCII bytes, so search the
    // printed line for the same digits.
    std::string_view rest = std::string_view(f).substr(p);
    if (rest.size() >= 9 && std::isdigit(static_cast<unsigned char>(rest[0]))) {
      std::size_t e = 4;
      while (e < rest.size() && (rest[e] == ' ' || rest[e] == '-' || static_cast<unsigned char>(rest[e]) >= 0x80)) ++e;
      // en dash folds to itself (non-ASCII); accept it.
      if (e + 4 <= rest.size() && std::isdigit(static_cast<unsigned char>(rest[e]))) {
        std::string a(rest.substr(0, 4)), b(rest.substr(e, 4));
        return a + " - " + b;
      }
    }
  }
  return std::nullopt;
}

std::vector<Indicator> prose_indicators(const std::vector<CLine>& lines, const Outline& body) {
  std::vector<Indicator> out;
  std::optional<std::string> default_phase;
  for (int r : body.roots) {
    const Item& root = item_at(body, r);
    if (classify_section(root.folded.substr(0, 60)) != SectionRole::objectives) continue;
    // Walk the subtree in document order.
    std::vector<int> todo(root.children.rbegin(), root.children.rend());
    while (!todo.empty()) {
      int idx = todo.back();
      todo.pop_back();
      const Item& it = item_at(body, idx);
      for (auto c = it.children.rbegin(); c != it.children.rend(); ++c) todo.push_back(*c);
      if (contains(it.folded.substr(0, 30), "muc tieu chung") || contains(it.folded.substr(0, 30), "muc tieu tong quat"))
        continue;
      // A heading item ("2.1. Về đào tạo…", "3. Tầm nhìn đến năm 2045") contributes its body paragraphs.
      std::string title = para_text(lines, it, 0);
      std::string txt;
      if (it.paras.size() > 1 && is_heading_like(title)) {
        std::vector<std::string> parts;
        for (std::size_t p = 1; p < it.paras.size(); ++p) {
          std::string pt = para_text(lines, it, p);
          if (has_quantified_target(pt)) parts.push_back(pt);
        }
        txt = join_text(parts);
      } else if (!(is_heading_like(title) && !it.children.empty())) {
        txt = it.text;
      }
      if (txt.empty() || !has_quantified_target(txt)) continue;
      Indicator ind;
      ind.ref = it.path();
      ind.text = txt;
      ind.targets = parse_targets(txt);
      // Phase: the item's own "đến năm 2028" wins over the nearest heading's year.
      std::optional<std::string> ph = phase_year(text::fold(text::utf8_prefix(txt, 60)));
      for (int a = idx; !ph && a >= 0; a = item_at(body, a).parent) ph = phase_year(text::fold(para_text(lines, item_at(body, a), 0)));
      if (!ph) {
        if (!default_phase) {
          auto period = plan_period(lines, lines.size());
          if (period) default_phase = period->substr(period->size() - 4);
          // Else the horizon in the title block: "… đến năm 2030".
          for (std::size_t i = 0; !default_phase && i < std::min(lines.size(), std::size_t{15}); ++i) {
            if (parse_marker(lines[i].text).kind == MarkerKind::roman) break;
            if (contains(lines[i].folded, "den nam") || contains(lines[i].folded, "tam nhin"))
              default_phase = phase_year(lines[i].folded);
          }
          // Last resort: the year in the title ("… năm 2026"), not the signing date line.
          for (std::size_t i = 0; !default_phase && i < std::min(lines.size(), std::size_t{15}); ++i) {
            if (parse_marker(lines[i].text).kind == MarkerKind::roman) break;
            if (!contains(lines[i].folded, "ngay") && !contains(lines[i].folded, "so:")) default_phase = phase_year(lines[i].folded);
          }
        }
        ph = default_phase;
      }
      ind.phase = ph.value_or("");
      ind.source = span_of(lines[it.lines.front()], lines[it.lines.back()]);
      ind.confidence = 0.8;
      out.push_back(std::move(ind));
    }
  }
  return out;
}

namespace {

struct Assignment {
  std::string lead;
  std::vector<std::string> coordinating;
  std::string object_folded;
  enum Scope { all, group, task, refs } scope = all;
  std::vector<std::string> task_refs;   // "1.a" from "điểm a khoản 1"
  std::vector<std::string> group_refs;  // "3" from "khoản 3"
};

// Legal cross-references to the tasks section: "điểm a, b khoản 1 và điểm a khoản 2 Mục III" →
// tasks 1.a, 1.b, 2.a; "khoản 3 Mục III" → group 3.
void parse_references(const std::string& f, std::vector<std::string>& tasks, std::vector<std::string>& groups) {
  std::size_t p = 0;
  while (p < f.size()) {
    auto d = f.find("diem ", p);
    auto k = f.find("khoan ", p);
    if (k == std::string::npos) break;
    if (d != std::string::npos && d < k) {
      // Letters between "điểm" and "khoản".
      std::vector<std::string> letters;
      std::string word;
      for (std::size_t i = d + 5; i <= k; ++i) {
        char c = i < k ? f[i] : ' ';
        if (c == ' ' || c == ',') {
          if (word.size() == 1 && word[0] >= 'a' && word[0] <= 'z') letters.push_back(word);
          else if (word == "d") letters.push_back("đ");
          word.clear();
        } else {
          word.push_back(c);
        }
      }
      std::size_t n = k + 6;
      std::string num;
      while (n < f.size() && std::isdigit(static_cast<unsigned char>(f[n]))) num.push_back(f[n++]);
      if (!num.empty())
        for (const auto& l : letters) tasks.push_back(num + "." + l);
      p = n;
      continue;
    }
    std::size_t n = k + 6;
    std::string num;
    while (n < f.size() && std::isdigit(static_cast<unsigned char>(f[n]))) num.push_back(f[n++]);
    if (!num.empty()) groups.push_back(num);
    p = n;
  }
}

// "Chủ trì, cùng Sở Tài chính, Sở GD&ĐT tổ chức triển khai …" under the agency heading `who`.
std::optional<Assignment> parse_assignment(const std::string& who, const std::string& sentence, const std::string& tasks_label) {
  std::string f = text::fold(sentence);
  if (!f.starts_with("chu tri")) return std::nullopt;
  Assignment a;
  a.lead = who;
  std::size_t obj = 7;
  static const char* verbs[] = {" to chuc trien khai", " to chuc thuc hien", " thuc hien", " trien khai", " xay dung"};
  auto with = f.find("cung ");
  if (with == std::string::npos || with > 12) with = f.find("phoi hop voi ");
  if (with != std::string::npos && with < 20) {
    std::size_t start = f.find(' ', with) + 1;
    std::size_t stop = std::string::npos;
    for (const char* v : verbs) stop = std::min(stop, f.find(v, start));
    if (stop != std::string::npos) {
      const std::size_t ps = text::original_offset(sentence, start);
      const std::size_t pe = text::original_offset(sentence, stop);
      if (ps < pe) {
        std::string list = sentence.substr(ps, pe - ps);
        for (auto& n : split_agencies(list)) a.coordinating.push_back(n);
      }
      obj = stop;
    }
  }
  a.object_folded = f.substr(obj);
  // A quoted title names one task, even when the sentence also points at the section.
  parse_references(a.object_folded, a.task_refs, a.group_refs);
  if (!a.task_refs.empty() || !a.group_refs.empty()) a.scope = Assignment::refs;
  else if (contains(a.object_folded, "\xe2\x80\x9c") || contains(a.object_folded, "\"")) a.scope = Assignment::task;
  else if (!tasks_label.empty() && contains(a.object_folded, "muc " + text::fold(tasks_label))) a.scope = Assignment::all;
  else if (contains(a.object_folded, "cac nhiem vu ve") || contains(a.object_folded, "nhiem vu ve")) a.scope = Assignment::group;
  else return std::nullopt;
  return a;
}

// Share of the first text's words found in the second.
double overlap(const std::string& a, const std::string& b) {
  auto wa = content_words(a), wb = content_words(b);
  if (wa.empty() || wb.empty()) return 0;
  std::size_t hit = 0;
  for (const auto& w : wa) hit += wb.count(w);
  return static_cast<double>(hit) / static_cast<double>(wa.size());
}

// A deadline stated inside a task ("…, hoàn thành trong quý 1/2025.") as printed: "quý 1/2025".
std::optional<std::string> inline_deadline(const std::string& printed) {
  std::string f = text::fold(printed);
  for (const char* cue : {"hoan thanh trong ", "hoan thanh truoc ", "hoan thanh vao ", "hoan thanh "}) {
    auto p = f.find(cue);
    if (p == std::string::npos) continue;
    std::size_t q = p + std::char_traits<char>::length(cue);
    std::size_t len = time_prefix(f.substr(q));
    if (len == 0 || len + q > f.size()) continue;
    const std::size_t ps = text::original_offset(printed, q);
    std::string d = printed.substr(ps, text::original_offset(printed, q + len) - ps);
    while (!d.empty() && (d.back() == '.' || d.back() == ',' || d.back() == ';')) d.pop_back();
    if (!d.empty()) return d;
  }
  return std::nullopt;
}

// "… các nhiệm vụ về phát triển nguồn nhân lực CNCNS; lồng ghép …" → "phát triển nguồn nhân lực CNCNS".
std::string topic_of(const std::string& object_folded) {
  auto p = object_folded.find("nhiem vu ve ");
  std::string t = p == std::string::npos ? object_folded : object_folded.substr(p + 12);
  auto e = t.find_first_of(";.,");
  return t.substr(0, e);
}

// The body that carries a direct assignment: the words before its first verb
// ("Văn phòng Thành ủy phối hợp với …" → "Văn phòng Thành ủy"). OCR variants of the verbs included;
// a verb right after a comma belongs to a list of bodies ("cấp ủy, tổ chức đảng các cấp").
struct Subject {
  std::string lead;
  std::string rest;  // printed text after the subject
};
std::optional<Subject> subject_of(const std::string& printed) {
  static const char* verbs[] = {"chi dao", "chu tri", "cha tri", "phoi hop", "phdi hop", "pho1 hop", "xay dung", "tham muu",
                                "huong dan", "thuc hien", "trien khai", "to chuc", "tb chic", "to chirc", "tb chirc", "ban hanh",
                                "theo doi", "kiem tra", "nghien cuu", "de xuat", "phan anh", "bao cao", "chu dong",
                                "la", "can cu", "tong hop", "lam dau moi", "kip thoi", "dinh huong", "tuyen truyen",
                                "van dong", "ho tro", "bao dam", "dam bao", "thuc day", "day manh", "tang cuong"};
  std::string f = text::fold(printed);
  std::size_t best = std::string::npos;
  for (const char* v : verbs) {
    std::size_t p = 0;
    while ((p = f.find(v, p)) != std::string::npos) {
      bool word_start = p > 0 && f[p - 1] == ' ';
      std::size_t e = p + std::char_traits<char>::length(v);
      bool word_end = e == f.size() || f[e] == ' ' || f[e] == ',';
      bool after_comma = p >= 2 && f[p - 2] == ',';
      if (word_start && word_end && !after_comma) {
        best = std::min(best, p);
        break;
      }
      p += 1;
    }
  }
  if (best == std::string::npos) return std::nullopt;
  long words = std::count(f.begin(), f.begin() + static_cast<long>(best), ' ');
  if (words < 2 || words > 20) return std::nullopt;
  const std::size_t ps = text::original_offset(printed, best);
  Subject s;
  s.lead = std::string(text::trim(printed.substr(0, ps)));
  if (auto colon = s.lead.find(':'); colon != std::string::npos) s.lead.resize(colon);  // "Các sở, ngành: Định kỳ …"
  while (!s.lead.empty() && (s.lead.back() == ',' || s.lead.back() == ':')) s.lead.pop_back();
  s.rest = printed.substr(ps);
  return s;
}

std::string quoted(const std::string& f) {
  auto b = f.find("\xe2\x80\x9c");
  auto e = f.find("\xe2\x80\x9d");
  if (b != std::string::npos && e != std::string::npos && e > b) return f.substr(b + 3, e - b - 3);
  b = f.find('"');
  e = b == std::string::npos ? b : f.find('"', b + 1);
  if (b != std::string::npos && e != std::string::npos) return f.substr(b + 1, e - b - 1);
  return {};
}

}  // namespace

// Assignment attributes written inside a prose task: labelled lines ("- Đơn vị chủ trì: Sở X.",
// "Cơ quan phối hợp: …", "Thời gian thực hiện: Năm 2026", "Sản phẩm: …") or a parenthesis
// "(Sở X chủ trì, phối hợp với Sở Y)".
struct InlineAttributes {
  std::optional<std::string> lead, coord, time, output;
};

enum class AttrKind { none, lead, coord, time, output };

AttrKind attribute_label(const std::string& folded, std::size_t* value_at) {
  static const std::pair<const char*, AttrKind> labels[] = {
      {"co quan chu tri", AttrKind::lead},        {"don vi chu tri", AttrKind::lead},
      {"chu tri thuc hien", AttrKind::lead},      {"chu tri", AttrKind::lead},
      {"co quan phoi hop", AttrKind::coord},      {"don vi phoi hop", AttrKind::coord},
      {"phoi hop thuc hien", AttrKind::coord},    {"phoi hop", AttrKind::coord},
      {"thoi gian thuc hien", AttrKind::time},    {"thoi gian hoan thanh", AttrKind::time},
      {"thoi gian", AttrKind::time},              {"thoi han", AttrKind::time},
      {"tien do", AttrKind::time},                {"san pham du kien", AttrKind::output},
      {"ket qua du kien", AttrKind::output},      {"san pham", AttrKind::output},
      {"ket qua", AttrKind::output}};
  std::string_view f = text::trim(folded);
  if (f.starts_with("- ") || f.starts_with("+ ")) f.remove_prefix(2);
  for (const auto& [label, kind] : labels) {
    std::string_view l = label;
    if (!f.starts_with(l)) continue;
    std::string_view rest = f.substr(l.size());
    std::size_t k = 0;
    while (k < rest.size() && rest[k] == ' ') ++k;
    if (k < rest.size() && rest[k] == ':') {
      *value_at = static_cast<std::size_t>(rest.data() + k + 1 - folded.data());
      return kind;
    }
  }
  return AttrKind::none;
}

// The printed text from a byte offset of its folded form on.
std::string printed_from(const std::string& printed, std::size_t fpos) {
  return printed.substr(text::original_offset(printed, fpos));
}

std::string strip_value(std::string v) {
  v = std::string(text::trim(v));
  while (!v.empty() && (v.back() == '.' || v.back() == ';' || v.back() == ',')) v.pop_back();
  return v;
}

bool is_attribute_line(const std::string& printed) {
  std::size_t at = 0;
  return attribute_label(text::fold(printed), &at) != AttrKind::none;
}

InlineAttributes inline_attributes(const std::vector<std::string>& pieces) {
  InlineAttributes a;
  for (const auto& piece : pieces) {
    // Labelled values, possibly several in one piece separated by ';'.
    for (auto part : text::split(piece, ';')) {
      std::string p(text::trim(part));
      std::string f = text::fold(p);
      std::size_t at = 0;
      AttrKind k = attribute_label(f, &at);
      if (k == AttrKind::none) continue;
      std::string v = strip_value(printed_from(p, at));
      if (v.empty()) continue;
      switch (k) {
        case AttrKind::lead: a.lead = v; break;
        case AttrKind::coord: a.coord = v; break;
        case AttrKind::time: a.time = v; break;
        case AttrKind::output: a.output = v; break;
        case AttrKind::none: break;
      }
    }
    // "(Sở X chủ trì, phối hợp với Sở Y)".
    auto open = piece.rfind('(');
    auto close = open == std::string::npos ? open : piece.find(')', open);
    if (open != std::string::npos && close != std::string::npos && !a.lead) {
      std::string inner = piece.substr(open + 1, close - open - 1);
      std::string f = text::fold(inner);
      auto ct = f.find(" chu tri");
      if (ct != std::string::npos && ct > 2) {
        std::string lead = strip_value(inner.substr(0, text::original_offset(inner, ct)));
        if (agency_likeness(lead) >= 0.5) {
          a.lead = lead;
          for (const char* cue : {"phoi hop voi ", "phoi hop "}) {
            auto ph = f.find(cue);
            if (ph == std::string::npos) continue;
            std::string coord = strip_value(printed_from(inner, ph + std::char_traits<char>::length(cue)));
            auto verb = text::fold(coord).find(" thuc hien");
            if (verb != std::string::npos) coord = strip_value(coord.substr(0, text::original_offset(coord, verb)));
            if (!coord.empty()) a.coord = coord;
            break;
          }
        }
      }
    }
  }
  return a;
}

// The tasks below a group item: a leaf (or an item whose children only state its attributes) is a
// task; a heading ("1.1 Thủ tục đầu tư", "a) Phát triển hệ sinh thái:") hands down to its items;
// '-' bullets under a heading are tasks of their own.
void collect_task_items(const std::vector<CLine>& lines, const Outline& body, int c, int g,
                        std::vector<std::pair<int, int>>& task_items) {
  const Item& ci = item_at(body, c);
  const bool attributes_only = !ci.children.empty() && std::all_of(ci.children.begin(), ci.children.end(), [&](int k) {
    return is_attribute_line(item_at(body, k).text) || is_attribute_line("- " + item_at(body, k).text);
  });
  if (ci.children.empty() || attributes_only) {
    task_items.emplace_back(c, g);
    return;
  }
  const std::string head = para_text(lines, ci, 0);
  const bool heading = text::trim(head).ends_with(":") || is_heading_like(head);
  if (!heading) {
    task_items.emplace_back(c, g);  // a task whose sub-items detail it
    return;
  }
  for (int k : ci.children) {
    if (item_at(body, k).marker.kind == MarkerKind::bullet) task_items.emplace_back(k, g);
    else collect_task_items(lines, body, k, g, task_items);
  }
}

std::vector<Task> prose_tasks(const std::vector<CLine>& lines, const Outline& body, std::vector<ImportWarning>& warnings) {
  std::vector<Task> out;
  std::string tasks_label;
  std::vector<std::pair<int, int>> task_items;  // (item, group item)
  for (int r : body.roots) {
    const Item& root = item_at(body, r);
    auto role = classify_section(root.folded.substr(0, 60));
    if (role == SectionRole::tasks) {
      tasks_label = root.marker.label;
      for (int g : root.children) {
        const Item& grp = item_at(body, g);
        if (grp.children.empty()) {
          // A numbered item straight under the section is a task of its own: either its text is the
          // task, or it heads a paragraph that is ("3. Phát triển nhân lực số" / "Phối hợp với …").
          if (!is_heading_like(para_text(lines, grp, 0))) task_items.emplace_back(g, r);
          else if (grp.paras.size() > 1) task_items.emplace_back(g, g);
          continue;
        }
        for (int c : grp.children) collect_task_items(lines, body, c, g, task_items);
      }
    }
  }
  for (auto [ti, gi] : task_items) {
    const Item& it = item_at(body, ti);
    const Item& grp = item_at(body, gi);
    Task t;
    // Ref: the group number plus the row's own path below the section.
    std::vector<std::string> labels(it.labels.begin() + 1, it.labels.end());
    for (const auto& l : labels) t.ref += (t.ref.empty() ? "" : ".") + l;
    if (it.parent >= 0 && it.parent != gi && ti != gi) {
      const Item& par = item_at(body, it.parent);
      std::vector<std::string> pl(par.labels.begin() + 1, par.labels.end());
      std::string pr;
      for (const auto& l : pl) pr += (pr.empty() ? "" : ".") + l;
      t.parent_ref = pr;
    }
    const bool heads_its_text = gi == ti;  // "3. Phát triển nhân lực số" + its paragraph
    t.group = heads_its_text || item_at(body, gi).rank == 1 ? para_text(lines, grp, 0) : grp.text;
    if (heads_its_text) {
      std::vector<std::string> body_paras;
      for (std::size_t p = 1; p < it.paras.size(); ++p) body_paras.push_back(para_text(lines, it, p));
      t.text = join_text(body_paras);
    } else {
      t.text = it.text;
    }
    if (auto d = inline_deadline(it.text)) t.timeframe = parse_timeframe(*d);
    // Attributes stated with the task itself win over the organisation section.
    std::vector<std::string> pieces{it.text};
    for (int k : it.children) pieces.push_back(item_at(body, k).text);
    std::size_t last_line = it.lines.back();
    for (int k : it.children) last_line = std::max(last_line, item_at(body, k).lines.back());
    InlineAttributes attrs = inline_attributes(pieces);
    if (attrs.lead) t.lead = agency_refs(*attrs.lead);
    if (attrs.coord) t.coordinating = agency_refs(*attrs.coord);
    if (attrs.time) t.timeframe = parse_timeframe(*attrs.time);
    if (attrs.output) t.output = *attrs.output;
    t.source = span_of(lines[it.lines.front()], lines[last_line]);
    t.confidence = attrs.lead ? 0.8 : 0.6;
    out.push_back(std::move(t));
  }

  // Organisation section: assignments to apply, and direct assignments that are tasks themselves
  // ("2. Đảng ủy UBND thành phố chỉ đạo xây dựng kế hoạch …").
  std::vector<Assignment> assignments;
  for (int r : body.roots) {
    const Item& root = item_at(body, r);
    if (classify_section(root.folded.substr(0, 60)) != SectionRole::organisation) continue;
    for (int a : root.children) {
      const Item& ai = item_at(body, a);
      std::string head = para_text(lines, ai, 0);
      bool agency_heading = is_heading_like(head) && agency_likeness(head) >= 0.5;
      if (agency_heading) {
        std::string who(text::trim(head));
        while (!who.empty() && (who.back() == '.' || who.back() == ':')) who.pop_back();
        std::vector<std::string> sentences;
        for (int c : ai.children) sentences.push_back(item_at(body, c).text);
        for (std::size_t p = 1; p < ai.paras.size(); ++p) sentences.push_back(para_text(lines, ai, p));
        for (const auto& s : sentences)
          if (auto asg = parse_assignment(who, s, tasks_label)) assignments.push_back(*asg);
        continue;
      }
      if (!ai.children.empty() || out.empty()) continue;
      // "4. Các sở, ban, ngành …" on a line of its own, then "Căn cứ …": a heading with role text,
      // not a direct assignment.
      if (ai.lines.size() > 1) {
        std::string first = std::string(text::trim(lines[ai.lines[0]].text.substr(ai.marker.rest)));
        const std::string& next = lines[ai.lines[1]].text;
        bool open_end = !first.empty() && (first.back() == ',' || first.back() == '.' || first.back() == ';');
        if (!open_end && !text::starts_lower(next) && agency_likeness(first) >= 0.5 && subject_of(first) == std::nullopt)
          continue;
      }
      // Direct assignment: the item opens with the body that carries it.
      auto subj = subject_of(ai.text);
      if (!subj) continue;
      if (agency_likeness(subj->lead) < 0.3 && !contains(text::fold(subj->lead), "uy")) continue;
      Task t;
      t.lead = agency_refs(subj->lead);
      // "… phối hợp với X và Y …" names the coordinating bodies.
      {
        std::string rf = text::fold(subj->rest);
        // "phối hợp với", also as OCR prints it ("phéi hop v6i", "pho1 hOp VGl"): ph?? hop v?? .
        for (std::size_t p = rf.find(" hop v"); p != std::string::npos; p = rf.find(" hop v", p + 1)) {
          if (p < 4 || rf.compare(p - 4, 2, "ph") != 0) continue;
          std::size_t after = rf.find(' ', p + 5);
          if (after == std::string::npos || after - (p + 5) > 3) continue;
          std::string tail = subj->rest.substr(text::original_offset(subj->rest, after + 1));
          auto sub = subject_of(tail);
          std::string list = sub ? sub->lead : tail.substr(0, tail.find_first_of(",;."));
          t.coordinating = agency_refs(list);
          break;
        }
      }
      t.ref = root.marker.label + "." + ai.marker.label;
      t.group = para_text(lines, root, 0);
      t.text = ai.text;
      if (auto d = inline_deadline(ai.text)) t.timeframe = parse_timeframe(*d);
      t.source = span_of(lines[ai.lines.front()], lines[ai.lines.back()]);
      t.confidence = 0.4;
      out.push_back(std::move(t));
    }
  }
  // A topic assignment goes to the group that matches it best, not to every group sharing words.
  std::vector<double> best_group_overlap(assignments.size(), 0.0);
  for (std::size_t k = 0; k < assignments.size(); ++k)
    if (assignments[k].scope == Assignment::group)
      for (const auto& t : out)
        best_group_overlap[k] = std::max(best_group_overlap[k], overlap(topic_of(assignments[k].object_folded), text::fold(t.group)));
  // Apply assignments: task-specific > group > all.
  for (auto& t : out) {
    if (!t.lead.empty()) continue;
    const Assignment* best = nullptr;
    int best_rank = -1;
    for (const auto& a : assignments) {
      int rank = -1;
      if (a.scope == Assignment::all) rank = 0;
      else if (a.scope == Assignment::group) {
        double o = overlap(topic_of(a.object_folded), text::fold(t.group));
        if (o >= 0.6 && o >= best_group_overlap[static_cast<std::size_t>(&a - assignments.data())]) rank = 1;
      }
      else if (a.scope == Assignment::refs) {
        std::string group_no = t.ref.substr(0, t.ref.find('.'));
        for (const auto& r : a.task_refs)
          if (t.ref == r || t.ref.starts_with(r + ".")) rank = 3;
        for (const auto& g : a.group_refs)
          if (group_no == g && rank < 1) rank = 1;
      } else if (a.scope == Assignment::task) {
        std::string q = quoted(a.object_folded);
        if (!q.empty() && contains(text::fold(t.text), text::utf8_prefix(q, 40))) rank = 2;
      }
      if (rank > best_rank) {
        best_rank = rank;
        best = &a;
      }
    }
    if (best) {
      t.lead = agency_refs(best->lead);
      for (const auto& c : best->coordinating) t.coordinating.push_back(AgencyRef{c, canonical_agency(c)});
    }
  }
  if (out.empty() && !lines.empty())  // the whole document is the place to look
    warnings.push_back({"không tìm thấy bảng phân công nhiệm vụ hay mục nhiệm vụ, giải pháp được đánh số",
                        span_of(lines.front(), lines.back())});
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reporting duties.

namespace {

bool mentions_report(const std::string& f) {
  // Also OCR forms such as "beo ceo".
  for (std::size_t p = 0; p + 7 <= f.size(); ++p)
    if (f[p] == 'b' && f[p + 2] == 'o' && f[p + 3] == ' ' && f[p + 4] == 'c' && f[p + 6] == 'o' &&
        (p == 0 || f[p - 1] == ' ' || f[p - 1] == '(' || f[p - 1] == ','))
      return true;
  return false;
}

struct FrequencyAt {
  Frequency frequency;
  std::size_t pos;  // where its cue starts in the folded sentence
};

// The cycles a sentence names, in the order it names them.
std::vector<FrequencyAt> frequencies(const std::string& f) {
  static const std::pair<Frequency, std::vector<const char*>> cues[] = {
      {Frequency::monthly, {"hang thang", "moi thang"}},
      {Frequency::quarterly, {"3 thang", "hang quy", "cuoi quy", "moi quy", "ba thang"}},
      {Frequency::semiannual, {"6 thang", "sau thang", "06 thang", "nua nam"}},
      {Frequency::annual, {"hang nam", "1 nam", "thuong nien", "moi nam", "01 nam", "hang nim"}}};
  std::vector<FrequencyAt> out;
  for (const auto& [freq, words] : cues) {
    std::size_t best = std::string::npos;
    for (const char* w : words) best = std::min(best, f.find(w));
    if (best != std::string::npos) out.push_back({freq, best});
  }
  std::sort(out.begin(), out.end(), [](const FrequencyAt& a, const FrequencyAt& b) { return a.pos < b.pos; });
  return out;
}

bool names_frequency(const std::string& folded, Frequency fr) {
  switch (fr) {
    case Frequency::monthly: return contains(folded, "thang") && !contains(folded, "cuoi quy") && !contains(folded, "6 thang");
    case Frequency::quarterly: return contains(folded, "quy");
    case Frequency::semiannual: return contains(folded, "6 thang") || contains(folded, "nua nam");
    case Frequency::annual: return contains(folded, "nam");
    case Frequency::adhoc: return false;
  }
  return false;
}

// Due phrases ("trước ngày 15/6") of a sentence that names several cycles, matched to them: a phrase
// that names its cycle ("trước ngày 20/11 hàng năm"), else the first free one after the cycle's word.
std::vector<std::optional<std::string>> dues_for(const std::string& s, const std::vector<FrequencyAt>& freqs) {
  const std::string f = text::fold(s);
  struct Due {
    std::size_t pos;
    std::string printed, folded;
    bool used = false;
  };
  std::vector<Due> dues;
  for (std::size_t p = f.find("truoc "); p != std::string::npos; p = f.find("truoc ", p + 1)) {
    std::size_t e = f.find_first_of(",;)", p);
    if (e == std::string::npos) e = f.size();
    auto va = f.find(" va ", p);
    if (va != std::string::npos && va < e) e = va;
    const std::size_t ps = text::original_offset(s, p);
    std::string d(text::trim(s.substr(ps, text::original_offset(s, e) - ps)));
    while (!d.empty() && d.back() == '.') d.pop_back();
    dues.push_back({p, std::string(text::utf8_prefix(d, 60)), f.substr(p, e - p)});
  }
  std::vector<std::optional<std::string>> out(freqs.size());
  for (std::size_t k = 0; k < freqs.size(); ++k)
    for (auto& d : dues)
      if (!d.used && names_frequency(d.folded.substr(6), freqs[k].frequency)) {
        // A phrase naming only the month of a date ("15/6") does not count; it names a cycle word.
        if (d.folded.find("thang") == std::string::npos && d.folded.find("nam") == std::string::npos &&
            d.folded.find("quy") == std::string::npos)
          continue;
        out[k] = d.printed;
        d.used = true;
        break;
      }
  for (std::size_t k = 0; k < freqs.size(); ++k) {
    if (out[k]) continue;
    for (auto& d : dues)
      if (!d.used && d.pos > freqs[k].pos) {
        out[k] = d.printed;
        d.used = true;
        break;
      }
  }
  return out;
}

std::optional<std::string> due_phrase(const std::string& s) {
  std::string f = text::fold(s);
  for (const char* cue : {"truoc ngay ", "truoc "}) {
    auto p = f.find(cue);
    if (p == std::string::npos) continue;
    std::string rest = s.substr(text::original_offset(s, p));
    std::size_t end = rest.find_first_of("),;");
    std::string d(text::trim(rest.substr(0, end)));
    while (!d.empty() && d.front() == '(') d.erase(0, 1);
    while (!d.empty() && (d.back() == '.' || d.back() == ' ')) d.pop_back();
    d = std::string(text::utf8_prefix(d, 60));
    return d;
  }
  for (const char* cue : {"neu co vuong mac", "neu phat sinh kho khan, vuong mac", "theo yeu cau"}) {
    auto p = f.find(cue);
    if (p == std::string::npos) continue;
    const std::size_t ps = text::original_offset(s, p);
    std::string d = s.substr(ps, text::original_offset(s, p + std::char_traits<char>::length(cue)) - ps);
    while (!d.empty() && (d.back() == ',' || d.back() == '.')) d.pop_back();
    return d;
  }
  return std::nullopt;
}

std::optional<std::string> recipient(const std::string& s) {
  std::string f = text::fold(s);
  for (const char* cue : {" gui ", " ve ", "bao cao ", " voi "}) {
    auto p = f.find(cue);
    while (p != std::string::npos) {
      std::string rest = s.substr(text::original_offset(s, p + std::char_traits<char>::length(cue)));
      if (agency_likeness(text::utf8_prefix(rest, 60)) >= 0.5) {
        // Up to the clause that follows the name; commas stay ("Sở Văn hóa, Thể thao và Du lịch").
        std::size_t end = rest.find_first_of(";(");
        static const char* stops[] = {" để ", " về ", " kết quả", " theo ", " trước ", " định kỳ", " hằng ", " hàng ", " trong "};
        for (const char* st : stops) end = std::min(end, rest.find(st));
        std::string to(text::trim(rest.substr(0, end)));
        while (!to.empty() && (to.back() == '.' || to.back() == ',')) to.pop_back();
        return to;
      }
      p = f.find(cue, p + 1);
    }
  }
  return std::nullopt;
}

void split_sentences(const std::string& s, std::vector<std::string>& out) {
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if ((s[i] == '.' || s[i] == ';') && s[i + 1] == ' ' && i + 2 < s.size() && !std::islower(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(s.substr(start, i + 1 - start));
      start = i + 2;
    }
  }
  out.push_back(s.substr(start));
}

}  // namespace

std::vector<ReportingDuty> find_reporting(const std::vector<CLine>& lines, const Outline& body) {
  std::vector<ReportingDuty> out;
  for (int r : body.roots) {
    const Item& root = item_at(body, r);
    if (classify_section(root.folded.substr(0, 60)) != SectionRole::organisation) continue;
    // All items of the section (and the closing paragraphs that wrap into the last item).
    std::vector<int> todo{r};
    while (!todo.empty()) {
      int idx = todo.back();
      todo.pop_back();
      const Item& it = item_at(body, idx);
      for (auto c = it.children.rbegin(); c != it.children.rend(); ++c) todo.push_back(*c);
      // Who: the agency heading of the item or of its parent, else the body the item opens with
      // ("1. Sở Văn hóa, Thể thao và Du lịch chủ trì …; định kỳ hằng năm … báo cáo …").
      std::string who;
      for (int a = idx; a >= 0 && who.empty(); a = item_at(body, a).parent) {
        std::string h = para_text(lines, item_at(body, a), 0);
        const bool collective = text::fold(h).starts_with("cac ");
        if (item_at(body, a).rank > 1 && is_heading_like(h) && (agency_likeness(h) >= 0.5 || collective))
          who = std::string(text::trim(h));
      }
      if (who.empty() && idx != r) {
        if (auto subj = subject_of(it.text); subj && agency_likeness(subj->lead) >= 0.5) who = subj->lead;
      }
      for (std::size_t p = 0; p < it.paras.size(); ++p) {
        std::string para = para_text(lines, it, p);
        if (idx == r && p == 0) continue;  // the section title
        std::vector<std::string> sentences;
        split_sentences(para, sentences);
        // The body a paragraph opens with speaks for all of its sentences
        // ("Sở Khoa học và Công nghệ chủ trì …; định kỳ hằng năm … báo cáo …").
        std::string para_who;
        if (who.empty())
          if (auto subj = subject_of(para); subj && agency_likeness(subj->lead) >= 0.5) para_who = subj->lead;
        for (const auto& s : sentences) {
          std::string f = text::fold(s);
          // Sending results up counts as reporting even without the word "báo cáo":
          // "tổng hợp tình hình, kết quả thực hiện …, gửi Sở Khoa học và Công nghệ".
          bool sends_results = contains(f, " gui ") && (contains(f, "tinh hinh") || contains(f, "ket qua thuc hien"));
          if ((!mentions_report(f) && !sends_results) || contains(f, "(de bao cao)")) continue;
          auto freqs = frequencies(f);
          ReportingDuty d;
          d.who = !who.empty() ? who : !para_who.empty() ? para_who : std::string(text::trim(text::utf8_prefix(s, 80)));
          // "Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan, đơn vị … báo cáo …": the
          // sentence names its own subject after the condition.
          if (auto vm = f.find("vuong mac"); vm != std::string::npos) {
            auto comma = f.find(", ", vm);
            if (comma != std::string::npos) {
              std::string after = s.substr(text::original_offset(s, comma + 2));
              if (auto subj = subject_of(after); subj && agency_likeness(subj->lead) >= 0.5) d.who = subj->lead;
            }
          }
          // A sentence that opens with its own body ("Sở Tài chính là cơ quan đầu mối …").
          bool named = false;
          if (who.empty()) {
            if (auto subj = subject_of(s); subj && agency_likeness(subj->lead) >= 0.5) {
              d.who = subj->lead;
              named = true;
            }
          }
          if (!named && para_who.empty() && (who.empty() || d.who == who)) {
            auto bc = f.find("bao cao");
            if (bc != std::string::npos && bc > 0) {
              std::string head(text::trim(s.substr(0, text::original_offset(s, bc))));
              if (auto colon = head.find(':'); colon != std::string::npos) head.resize(colon);  // "Các sở, ngành: Định kỳ …"
              while (!head.empty() && (head.back() == ',' || head.back() == ':' || head.back() == ' ')) head.pop_back();
              if (who.empty() && !head.empty() && agency_likeness(head) >= 0.5 && text::length(head) < 90) d.who = head;
            }
          }
          d.to = recipient(s);
          d.due = due_phrase(s);
          d.source = span_of(lines[it.paras[p].front()], lines[it.paras[p].back()]);
          if (freqs.empty()) {
            d.frequency = Frequency::adhoc;
            out.push_back(d);
          } else {
            auto dues = freqs.size() > 1 ? dues_for(s, freqs) : std::vector<std::optional<std::string>>{d.due};
            for (std::size_t k = 0; k < freqs.size(); ++k) {
              d.frequency = freqs[k].frequency;
              d.due = dues[k];
              out.push_back(d);
            }
            // "… để tổng hợp, báo cáo UBND thành phố": the office forwards on the same cycle.
            auto fwd = f.find("de tong hop, bao cao");
            if (fwd != std::string::npos) {
              ReportingDuty g = d;
              g.who = d.to.value_or("");
              g.frequency = freqs.front().frequency;
              g.to = recipient(s.substr(text::original_offset(s, fwd)));
              g.due.reset();
              out.push_back(g);
            }
          }
          if (contains(f, "dot xuat") && !freqs.empty()) {
            d.frequency = Frequency::adhoc;
            d.due = "theo yêu cầu";
            out.push_back(d);
          }
        }
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Metadata.

PlanMeta find_metadata(const std::vector<CLine>& lines, std::size_t body_end) {
  PlanMeta m;
  const std::size_t head_end = std::min(body_end, std::size_t{60});
  std::size_t title_at = head_end;
  for (std::size_t i = 0; i < head_end; ++i) {
    const auto& f = text::trim(lines[i].folded);
    if (f == "ke hoach" || (f.starts_with("ke hoach ") && lines[i].text.find("KẾ HOẠCH") == 0)) {
      m.doc_type = "Kế hoạch";
      title_at = i;
      break;
    }
    if (f.starts_with("chuong trinh hanh d")) {
      m.doc_type = "Chương trình hành động";
      title_at = i;
      break;
    }
    // Other instruments that carry tasks, printed as a capitalised heading line.
    static const std::pair<const char*, const char*> kOther[] = {
        {"quyet dinh", "Quyết định"}, {"chi thi", "Chỉ thị"}, {"de an", "Đề án"}, {"chuong trinh", "Chương trình"},
        {"nghi quyet", "Nghị quyết"}, {"thong bao", "Thông báo"}};
    bool found = false;
    for (const auto& [key, label] : kOther) {
      if (f == key && lines[i].text == text::trim(lines[i].text) && !text::starts_lower(lines[i].text) &&
          lines[i].text.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos) {
        m.doc_type = label;
        title_at = i;
        found = true;
        break;
      }
    }
    if (found) break;
  }
  if (title_at < head_end) {
    std::vector<std::string> parts;
    std::string first(text::trim(lines[title_at].text));
    std::string rest_first = first.substr(std::min(first.size(), first.find(' ') == std::string::npos ? first.size() : first.find(' ')));
    if (m.doc_type && text::fold(first).size() > text::fold(*m.doc_type).size() + 2) {
      // "KẾ HOẠCH Phát triển …" on one line, or the OCR'd heading line itself.
      std::size_t skip = m.doc_type == std::string("Kế hoạch") ? 2 : 4;
      std::size_t p = 0;
      for (std::size_t k = 0; k < skip && p != std::string::npos; ++k) p = first.find(' ', p + 1);
      if (p != std::string::npos) parts.push_back(first.substr(p + 1));
    }
    for (std::size_t k = title_at + 1; k < head_end && k < title_at + 5; ++k) {
      const auto& l = lines[k];
      if (l.gap > 0 && !parts.empty()) break;
      auto f = l.folded;
      // "Căn cứ …" / "Thực hiện …" open the preamble, unless they are the title itself (the first
      // line under the heading, with no sentence end).
      const bool preamble = f.starts_with("can cu") || f.starts_with("thuc hien");
      if ((preamble && (!parts.empty() || text::trim(l.text).ends_with(";") || text::trim(l.text).ends_with(","))) ||
          parse_marker(l.text).kind != MarkerKind::none)
        break;
      parts.push_back(l.text);
    }
    if (!parts.empty()) m.title = join_text(parts);
    m.source = span_of(lines[title_at], lines[title_at]);
  }
  // Number and date: "Số: 123/KH-UBND", "Hà Nội, ngày 12 tháng 3 năm 2026".
  for (std::size_t i = 0; i < head_end; ++i) {
    const auto& f = lines[i].folded;
    if (f.starts_with("so:") || f.starts_with("so ")) {
      std::string t(text::trim(lines[i].text.substr(lines[i].text.find(' ') == std::string::npos ? 0 : lines[i].text.find(' '))));
      if (!t.empty() && std::isdigit(static_cast<unsigned char>(t[0]))) m.number = t;
    }
    auto p = f.find("ngay ");
    auto q = f.find(" thang ");
    auto y = f.find(" nam ");
    if (p != std::string::npos && q != std::string::npos && y != std::string::npos && p < q && q < y && f.find(',') < p) {
      int d = std::atoi(f.c_str() + p + 5), mo = std::atoi(f.c_str() + q + 7), yr = std::atoi(f.c_str() + y + 5);
      if (d > 0 && mo > 0 && yr > 1900 && !m.date) m.date = Date{yr, mo, d};  // the header's date, not a later one
    }
  }
  // Issuer: the header block ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ CẦN THƠ"), else "Ủy ban nhân dân thành
  // phố X ban hành", "(Kèm theo Kế hoạch … của UBND thành phố X)".
  for (std::size_t i = 0; i + 1 < std::min(head_end, std::size_t{8}) && !m.issuer; ++i) {
    auto f = text::trim(lines[i].folded);
    if (f != "uy ban nhan dan" && f != "ubnd") continue;
    auto next = text::trim(lines[i + 1].folded);
    if (next.starts_with("thanh pho ") || next.starts_with("tinh ")) {
      // The header prints "THÀNH PHỐ CẦN THƠ" in capitals: "UBND thành phố Cần Thơ".
      std::string place(text::trim(lines[i + 1].text));
      const std::size_t unit_words = next.starts_with("tinh ") ? 1 : 2;
      std::size_t cut = 0;
      for (std::size_t w = 0; w < unit_words && cut != std::string::npos; ++w) cut = place.find(' ', cut + (w ? 1 : 0));
      if (cut != std::string::npos)
        m.issuer = "UBND " + text::lower(place.substr(0, cut)) + " " + text::capitalize_words(place.substr(cut + 1));
    }
  }
  for (std::size_t i = 0; i < lines.size() && !m.issuer; ++i) {
    const auto& f = lines[i].folded;
    std::size_t p = std::string::npos;
    for (const char* cue : {"cua ubnd ", "cua uy ban nhan dan ", "uy ban nhan dan thanh pho ", "ban thuong vu thanh "}) {
      p = f.find(cue);
      if (p != std::string::npos) {
        if (std::string(cue) == "cua ubnd " || std::string(cue) == "cua uy ban nhan dan ") p += 4;
        break;
      }
    }
    if (p == std::string::npos) continue;
    const auto& s = lines[i].text;
    std::string rest = s.substr(text::original_offset(s, p));
    std::size_t end = rest.find_first_of("),;.");
    auto b = rest.find(" ban hành");
    if (b == std::string::npos) b = rest.find(" ban hanh");
    end = std::min(end, b);
    std::string issuer(text::trim(rest.substr(0, end)));
    if (text::length(issuer) > 5 && text::length(issuer) < 60) m.issuer = issuer;
  }
  if (!m.doc_type) m.doc_type = "Kế hoạch";
  if (!m.title) {
    // No title page: the opening sentence names what the plan implements.
    for (std::size_t i = 0; i < std::min(body_end, std::size_t{10}); ++i) {
      if (lines[i].text.size() > 20) {
        m.title = "Kế hoạch " + std::string(text::trim(lines[i].text));
        break;
      }
    }
  }
  // Bases: documents named in the opening "Căn cứ …" / "Thực hiện …" paragraphs.
  std::string opening;
  for (std::size_t i = 0; i < std::min(body_end, std::size_t{80}); ++i) {
    const auto& l = lines[i];
    auto mk = parse_marker(l.text);
    if (mk.kind == MarkerKind::roman) break;
    opening += l.text + " ";
  }
  m.bases = document_references(opening);
  return m;
}

}  // namespace planwatch::extract
