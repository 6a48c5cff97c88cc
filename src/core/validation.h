// Field-level checks shared by every service that accepts user input. Each check appends to a
// FieldErrors list instead of throwing, so one response can name every bad field at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/model.h"
#include "core/time.h"

namespace chronotrail {

// The rejected fields of one request, in the order they were found.
class FieldErrors {
 public:
  void Add(std::string field, std::string message);
  // True when `field` already has an error (later rule checks skip it to avoid noise).
  bool Has(std::string_view field) const;
  bool empty() const { return errors_.empty(); }
  const std::vector<FieldError>& list() const { return errors_; }
  // Throws ApiError::Validation listing every error, if there are any.
  void ThrowIfAny() const;

 private:
  std::vector<FieldError> errors_;
};

// Limits of the public contract (docs/API.md).
namespace limits {
constexpr size_t kMaxNames = 10;
constexpr size_t kMaxNameChars = 100;
constexpr size_t kMaxAddressChars = 1000;
constexpr size_t kMaxDescriptionChars = 5000;
constexpr size_t kMaxNoteChars = 10000;
constexpr size_t kMaxDisplayNameChars = 255;
constexpr int kMaxCoordinateDecimals = 8;
// How far in the future a client's clock may put a record.
constexpr Micros kClockSkew = 5 * 60 * kMicrosPerSecond;
}  // namespace limits

// Removes leading and trailing ASCII white space.
std::string Trim(std::string_view text);

// True for valid UTF-8 (no overlong forms, no surrogates) without NUL: text every store keeps
// exactly as sent. JSON bodies are checked by the parser; this is for the other ways text comes
// in (form fields, file names).
bool IsPlainText(std::string_view text);

// Number of Unicode code points in valid UTF-8 (what users count as characters).
size_t CharCount(std::string_view utf8);

// Checks ranges, decimal places and that a place's coordinates come as a pair.
// `longitude`/`latitude` are what the client sent (either may be missing).
void CheckCoordinates(const std::optional<double>& longitude, const std::optional<double>& latitude,
                      FieldErrors& errors);

// Trims each name in place and checks count, blankness and length.
void CheckNames(std::vector<std::string>& names, FieldErrors& errors);

// Checks `text` has at most `max_chars` characters.
void CheckMaxChars(std::string_view text, size_t max_chars, std::string_view field,
                   FieldErrors& errors);

// Checks that `t` is not later than now plus the allowed clock skew.
void CheckNotFuture(Micros t, Micros now, std::string_view field, FieldErrors& errors);

// True for an IANA time zone name known to this machine's time zone database.
bool IsKnownTimeZone(std::string_view name);

}  // namespace chronotrail
