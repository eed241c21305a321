// Tasks of a plan without a task table: the items of the numbered solution sections, and their lead and
// coordinating agencies and deadlines from the assignments in 'Tổ chức thực hiện'.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "planwatch/extract/agencies.hpp"
#include "planwatch/extract/timeframe.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "prose_tasks.hpp"
#include "sections.hpp"
#include "subject.hpp"
#include "words.hpp"

namespace planwatch::extract {

using text::contains;

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

}  // namespace planwatch::extract
