// Structured logging: one JSON object per line on stdout, e.g.
//   {"time":"2026-11-26T12:00:00.123456Z","level":"info","event":"request","status":200,...}
// Lines are written with a single write(2) each, so lines from different threads never interleave.
// Never pass secrets (tokens, keys, passwords) as fields.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <string_view>

#include "core/config.h"
#include "core/json_writer.h"

namespace chronotrail {

// Sets the lowest level written (default info). Call once at start, before threads run.
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);

// Writes one line with the level, the event name and `fields`. Thread-safe.
void Log(LogLevel level, std::string_view event, const boost::json::object& fields = {});

// The same for hot paths: `fields` writes its keys and values into the line's open object.
void LogWith(LogLevel level, std::string_view event,
             const std::function<void(JsonWriter&)>& fields);

}  // namespace chronotrail
