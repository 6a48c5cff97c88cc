#include "core/log.h"

#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cerrno>

#include "core/json_text.h"
#include "core/time.h"

namespace chronotrail {
namespace {

std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "debug";
    case LogLevel::kInfo: return "info";
    case LogLevel::kWarn: return "warn";
    case LogLevel::kError: return "error";
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

void SetLogLevel(LogLevel level) { min_level = static_cast<int>(level); }

bool LogEnabled(LogLevel level) { return static_cast<int>(level) >= min_level; }

void Log(LogLevel level, std::string_view event, boost::json::object fields) {
  if (!LogEnabled(level)) return;
  boost::json::object line;
  line.reserve(fields.size() + 3);
  line["time"] = FormatIsoTime(SystemClock::Instance().Now());
  line["level"] = LevelName(level);
  line["event"] = event;
  for (auto& kv : fields) line[kv.key()] = std::move(kv.value());
  std::string text = ToJsonText(line);
  text.push_back('\n');
  WriteAll(text);
}

}  // namespace chronotrail
