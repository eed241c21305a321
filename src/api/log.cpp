#include "log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <chrono>
#include <ctime>

namespace planwatch::api::detail {

void log(spdlog::level::level_enum level, nlohmann::json fields) {
  if (!spdlog::should_log(level)) return;
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  ::gmtime_r(&t, &utc);
  char stamp[32];
  const auto n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(stamp + n, sizeof stamp - n, ".%03dZ", static_cast<int>(ms));
  nlohmann::ordered_json line = {{"time", stamp}, {"level", spdlog::level::to_string_view(level).data()}};
  for (auto& item : fields.items()) line[item.key()] = std::move(item.value());
  spdlog::log(level, "{}", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void use_json_log() {
  auto logger = spdlog::get("planwatch");
  if (!logger) logger = spdlog::stderr_logger_mt("planwatch");
  logger->set_pattern("%v");
  logger->set_level(spdlog::get_level());
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace planwatch::api::detail
