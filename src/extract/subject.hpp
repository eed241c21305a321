#pragma once
// Internal: the subject of an assignment sentence (prose tasks and reporting duties).
#include <optional>
#include <string>

namespace planwatch::extract {

// The body that carries a direct assignment: the words before its first verb
// ("Văn phòng Thành ủy phối hợp với …" → "Văn phòng Thành ủy"). OCR variants of the verbs included;
// a verb right after a comma belongs to a list of bodies ("cấp ủy, tổ chức đảng các cấp").
struct Subject {
  std::string lead;
  std::string rest;  // printed text after the subject
};
std::optional<Subject> subject_of(const std::string& printed);

}  // namespace planwatch::extract
