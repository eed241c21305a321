#pragma once
// The JSON contract of `planwatch import --json` (shared/spec/import-json.md).
#include <nlohmann/json.hpp>

#include "planwatch/domain/plan.hpp"

namespace planwatch::extract {

nlohmann::json to_json(const ImportResult& r);

}  // namespace planwatch::extract
