#include <cstdio>

#include "planwatch/domain/document.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch {

const char* to_string(SourceFormat f) noexcept {
  switch (f) {
    case SourceFormat::text: return "text";
    case SourceFormat::pdf: return "pdf";
    case SourceFormat::docx: return "docx";
    case SourceFormat::ocr: return "ocr";
  }
  return "text";
}

const char* to_string(TimeframeKind k) noexcept {
  switch (k) {
    case TimeframeKind::ongoing: return "ongoing";
    case TimeframeKind::annual: return "annual";
    case TimeframeKind::by_date: return "by_date";
    case TimeframeKind::range: return "range";
    case TimeframeKind::conditional: return "conditional";
    case TimeframeKind::unknown: return "unknown";
  }
  return "unknown";
}

const char* to_string(TargetOp op) noexcept {
  switch (op) {
    case TargetOp::ge: return ">=";
    case TargetOp::le: return "<=";
    case TargetOp::eq: return "=";
    case TargetOp::range: return "range";
    case TargetOp::none: return "none";
  }
  return "none";
}

const char* to_string(Frequency f) noexcept {
  switch (f) {
    case Frequency::monthly: return "monthly";
    case Frequency::quarterly: return "quarterly";
    case Frequency::semiannual: return "semiannual";
    case Frequency::annual: return "annual";
    case Frequency::adhoc: return "adhoc";
  }
  return "adhoc";
}

std::string to_iso(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

}  // namespace planwatch
