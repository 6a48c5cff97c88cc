#include "core/validation.h"

#include <date/tz.h>

#include <cmath>

namespace chronotrail {

void FieldErrors::Add(std::string field, std::string message) {
  errors_.push_back({std::move(field), std::move(message)});
}

bool FieldErrors::Has(std::string_view field) const {
  for (const FieldError& e : errors_) {
    if (e.field == field) return true;
  }
  return false;
}

void FieldErrors::ThrowIfAny() const {
  if (!errors_.empty()) throw ApiError::Validation(errors_);
}

std::string Trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  size_t b = 0, e = s.size();
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

bool IsPlainText(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    if (c == 0) return false;
    if (c < 0x80) {
      ++p;
      continue;
    }
    // The length of the sequence, and the range its second byte must fall in (which rules out
    // overlong forms, surrogates and code points past U+10FFFF).
    int length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (end - p < length || p[1] < low || p[1] > high) return false;
    for (int i = 2; i < length; ++i) {
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    }
    p += length;
  }
  return true;
}

size_t CharCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

bool HasAtMostDecimals(double v, int decimals) {
  // A double holds degrees to ~1e-13, so after scaling by 1e8 the representation error stays far
  // below 1e-3, while a ninth decimal moves the scaled value by at least 0.1.
  double scaled = v * std::pow(10.0, decimals);
  return std::fabs(scaled - std::round(scaled)) < 1e-3;
}

void CheckDegrees(double v, double bound, const char* field, FieldErrors& errors) {
  if (!std::isfinite(v) || v < -bound || v > bound) {
    errors.Add(field, "must be between " + std::to_string(int(-bound)) + " and " +
                          std::to_string(int(bound)));
  } else if (!HasAtMostDecimals(v, limits::kMaxCoordinateDecimals)) {
    errors.Add(field, "must have at most 8 decimal places");
  }
}

}  // namespace

void CheckCoordinates(const std::optional<double>& longitude, const std::optional<double>& latitude,
                      FieldErrors& errors) {
  if (longitude && !errors.Has("longitude")) CheckDegrees(*longitude, 180, "longitude", errors);
  if (latitude && !errors.Has("latitude")) CheckDegrees(*latitude, 90, "latitude", errors);
  if (longitude.has_value() != latitude.has_value()) {
    const char* missing = longitude ? "latitude" : "longitude";
    if (!errors.Has(missing)) errors.Add(missing, "longitude and latitude must be given together");
  }
}

void CheckNames(std::vector<std::string>& names, FieldErrors& errors) {
  if (names.size() > limits::kMaxNames) {
    errors.Add("names", "at most 10 names are allowed");
    return;
  }
  for (size_t i = 0; i < names.size(); ++i) {
    names[i] = Trim(names[i]);
    std::string field = "names[" + std::to_string(i) + "]";
    if (names[i].empty()) {
      errors.Add(field, "must not be blank");
    } else if (CharCount(names[i]) > limits::kMaxNameChars) {
      errors.Add(field, "must be at most 100 characters");
    }
  }
}

void CheckMaxChars(std::string_view text, size_t max_chars, std::string_view field,
                   FieldErrors& errors) {
  if (CharCount(text) > max_chars) {
    errors.Add(std::string(field), "must be at most " + std::to_string(max_chars) + " characters");
  }
}

void CheckNotFuture(Micros t, Micros now, std::string_view field, FieldErrors& errors) {
  if (t > now + limits::kClockSkew) errors.Add(std::string(field), "must not be in the future");
}

bool IsKnownTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace chronotrail
