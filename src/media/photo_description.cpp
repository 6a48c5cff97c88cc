#include "media/photo_description.h"

#include <array>

namespace chronotrail::media {
namespace {

constexpr std::size_t kMaxQuotedText = 200;

std::string CountOfPeople(int faces) {
  static constexpr std::array<const char*, 11> kWords = {
      "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  std::string count = faces < int(kWords.size()) ? kWords[faces] : std::to_string(faces);
  return count + (faces == 1 ? " person" : " people");
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

// OCR text on one line, cut at a word boundary when long.
std::string QuotedText(const std::string& text) {
  std::string flat;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && (flat.empty() || flat.back() == ' ')) continue;
    flat += c;
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  if (flat.size() > kMaxQuotedText) {
    std::size_t cut = flat.rfind(' ', kMaxQuotedText);
    flat = flat.substr(0, cut == std::string::npos || cut == 0 ? kMaxQuotedText : cut) + "...";
  }
  return flat;
}

}  // namespace

std::string TimeOfDay(std::int64_t local_micros) {
  constexpr std::int64_t kMicrosPerDay = 86'400'000'000;
  std::int64_t in_day = local_micros % kMicrosPerDay;
  if (in_day < 0) in_day += kMicrosPerDay;
  int hour = int(in_day / 3'600'000'000);
  if (hour >= 5 && hour < 12) return "morning";
  if (hour >= 12 && hour < 17) return "afternoon";
  if (hour >= 17 && hour < 21) return "evening";
  return "night";
}

std::string DescribePhoto(const PhotoFacts& facts, const std::optional<std::string>& place,
                          const std::optional<std::string>& local_time_of_day) {
  std::string out = "A photo";
  if (facts.faces > 0) out += " of " + CountOfPeople(facts.faces);
  const bool has_place = place && !place->empty();
  const bool has_time = local_time_of_day && !local_time_of_day->empty();
  if (has_place || has_time) {
    if (facts.faces > 0) out += ",";
    out += " taken";
    if (has_place) out += " in " + *place;
    if (has_place && has_time) out += ",";
    if (has_time)
      out += *local_time_of_day == "night" ? " at night" : " in the " + *local_time_of_day;
  }
  if (!facts.dominant_colours.empty()) {
    out += "; mostly " + JoinNames(facts.dominant_colours);
  }
  out += ".";
  std::string text = QuotedText(facts.ocr_text);
  if (!text.empty()) out += " Text in it reads: \"" + text + "\".";
  return out;
}

}  // namespace chronotrail::media
