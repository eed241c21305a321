#pragma once
// Internal: the server's log — one JSON object per line on standard error, written with nlohmann::json
// so that every value is escaped (client bytes that are not UTF-8 become U+FFFD). spdlog carries the
// lines with the pattern "%v": no text prefix; the time and level are fields of the object.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace planwatch::api::detail {

// {"time":"2026-11-23T03:00:00.123Z","level":"info","event":…, fields…}
void log(spdlog::level::level_enum level, nlohmann::json fields);

// Makes the default logger write "%v" lines to standard error (serve calls it once).
void use_json_log();

}  // namespace planwatch::api::detail
