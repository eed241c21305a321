#include "planwatch/extract/extract.hpp"

namespace planwatch::extract {
ImportResult extract_plan(const Document& doc) {
  ImportResult r;
  r.document = doc.name;
  r.format = to_string(doc.format);
  return r;
}
}  // namespace planwatch::extract
