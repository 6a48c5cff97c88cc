#include "core/log.h"

#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cerrno>

#include "core/json_writer.h"
#include "core/time.h"

namespace chronotrail {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void WriteAll(std::string_view line) {
  while (!line.empty()) {
    ssize_t n = ::write(STDOUT_FILENO, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // stdout closed: logging must never take the server down
    line.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

void SetLogLevel(LogLevel level) {
  min_level = static_cast<int>(level);
}

bool LogEnabled(LogLevel level) {
  return static_cast<int>(level) >= min_level;
}

void LogWith(LogLevel level, std::string_view event,
             const std::function<void(JsonWriter&)>& fields) {
  if (!LogEnabled(level)) return;
  JsonWriter w;
  w.BeginObject();
  w.Key("time").String(FormatIsoTime(SystemClock::Instance().Now()));
  w.Key("level").String(LevelName(level));
  w.Key("event").String(event);
  fields(w);
  w.EndObject();
  std::string line = w.Take();
  line.push_back('\n');
  WriteAll(line);
}

void Log(LogLevel level, std::string_view event, const boost::json::object& fields) {
  LogWith(level, event, [&](JsonWriter& w) {
    for (const auto& kv : fields) w.Key(kv.key()).Value(kv.value());
  });
}

}  // namespace chronotrail
