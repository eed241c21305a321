#pragma once
// The importer: Document → reviewable plan structure with the source lines of every field.
#include "planwatch/domain/document.hpp"
#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

ImportResult extract_plan(const Document& doc);

}  // namespace planwatch::extract
