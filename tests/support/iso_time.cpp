#include "support/iso_time.h"

#include <ctime>
#include <regex>
#include <thread>

namespace chronotrail::testing {

std::string IsoUtc(std::chrono::system_clock::time_point time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::optional<Microseconds> ParseIsoUtc(std::string_view text) {
  static const std::regex kFormat(
      R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.(\d{1,6}))?Z)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kFormat)) return std::nullopt;
  auto number = [&m](int group) { return std::stoi(m[group].str()); };
  std::chrono::year_month_day date{std::chrono::year(number(1)),
                                   std::chrono::month(static_cast<unsigned>(number(2))),
                                   std::chrono::day(static_cast<unsigned>(number(3)))};
  if (!date.ok() || number(4) > 23 || number(5) > 59 || number(6) > 59) return std::nullopt;
  Microseconds time = std::chrono::sys_days(date) + std::chrono::hours(number(4)) +
                      std::chrono::minutes(number(5)) + std::chrono::seconds(number(6));
  if (m[8].matched) {
    std::string fraction = m[8].str();
    fraction.resize(6, '0');
    time += std::chrono::microseconds(std::stoi(fraction));
  }
  return time;
}

void SleepIntoNextSecond() {
  auto now = std::chrono::system_clock::now();
  auto next_second = std::chrono::ceil<std::chrono::seconds>(now);
  std::this_thread::sleep_until(next_second + std::chrono::milliseconds(20));
}

}  // namespace chronotrail::testing
