// Reporting duties: who reports what to whom, how often and by which day, from the plan's sentences.
#include <algorithm>
#include <cctype>

#include "planwatch/extract/agencies.hpp"
#include "planwatch/text/strings.hpp"
#include "planwatch/text/unicode.hpp"
#include "reporting.hpp"
#include "sections.hpp"
#include "subject.hpp"
#include "words.hpp"

namespace planwatch::extract {

using text::contains;

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

}  // namespace planwatch::extract
