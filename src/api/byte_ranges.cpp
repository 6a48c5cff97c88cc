#include "api/byte_ranges.h"

#include <charconv>

namespace chronotrail::api {
namespace {

bool ParseCount(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

RangeRequest ParseRange(std::string_view header, std::int64_t size) {
  RangeRequest whole;
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return whole;
  std::string_view spec = header.substr(kUnit.size());
  while (!spec.empty() && spec.front() == ' ') spec.remove_prefix(1);
  while (!spec.empty() && spec.back() == ' ') spec.remove_suffix(1);
  if (spec.find(',') != std::string_view::npos) return whole;
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view a = spec.substr(0, dash);
  std::string_view b = spec.substr(dash + 1);
  RangeRequest r;
  r.kind = RangeRequest::Kind::kPart;
  if (a.empty()) {  // the last `count` bytes
    std::int64_t count = 0;
    if (!ParseCount(b, count)) return whole;
    if (count == 0 || size == 0) return {RangeRequest::Kind::kUnsatisfiable, 0, 0};
    r.first = count >= size ? 0 : size - count;
    r.last = size - 1;
    return r;
  }
  if (!ParseCount(a, r.first)) return whole;
  if (b.empty()) {
    r.last = size - 1;
  } else if (!ParseCount(b, r.last) || r.last < r.first) {
    return whole;
  }
  if (r.first >= size) return {RangeRequest::Kind::kUnsatisfiable, 0, 0};
  if (r.last >= size) r.last = size - 1;
  return r;
}

}  // namespace chronotrail::api
