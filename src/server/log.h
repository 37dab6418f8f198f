// One JSON object per line on stderr: {"ts":..., "level":"info", "event":"listening", ...}.
// Machine-readable for operators, still plain to read.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace parley::server {

enum class LogLevel { kInfo, kWarning, kError };

void log_event(LogLevel level, std::string_view event,
               nlohmann::json fields = nlohmann::json::object());

}  // namespace parley::server
