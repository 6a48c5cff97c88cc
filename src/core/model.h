// The domain records every layer speaks about. Plain values: no behaviour, no I/O.
// Instants are UTC microseconds (core/time.h); optional fields are absent when unknown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace chronotrail {

// A position on Earth in degrees (WGS 84).
struct Coordinates {
  double longitude = 0;
  double latitude = 0;
  bool operator==(const Coordinates&) const = default;
};

// Where something happened, as the phone knows it. Shared by visits, notes and media.
struct Place {
  std::optional<Coordinates> coordinates;
  std::optional<std::string> address;
  std::vector<std::string> names;
};

enum class Tier { kFree, kPremium, kPro };

const char* TierName(Tier tier);
std::optional<Tier> ParseTier(std::string_view name);

struct User {
  std::string id;
  std::string email;
  std::optional<std::string> display_name;
  Tier tier = Tier::kFree;
  std::optional<Micros> subscription_expires_at;
  std::optional<std::string> timezone;  // IANA name
  std::string auth_issuer;              // "local" or an OIDC issuer URL
  std::string auth_subject;             // the issuer's stable id for the person
  Micros created_at = 0;
  Micros updated_at = 0;
};

struct Visit {
  std::string id;
  std::string user_id;
  Place place;
  Micros visit_time = 0;
  std::optional<std::int64_t> duration_minutes;
  std::optional<std::string> description;
  Micros created_at = 0;
  Micros updated_at = 0;
};

struct Note {
  std::string id;
  std::string user_id;
  std::string text;
  Micros timestamp = 0;
  Place place;
  Micros created_at = 0;
  Micros updated_at = 0;
};

// A photo or a voice note: the record of an upload. The bytes live in a BlobStore under
// blob_key; what processing read from them (text, description, facts) arrives later.
enum class MediaType { kPhoto, kVoice };
const char* MediaTypeName(MediaType type);  // "photo" | "voice"
std::optional<MediaType> ParseMediaType(std::string_view name);

enum class ProcessingStatus { kPending, kProcessing, kCompleted, kFailed };
const char* ProcessingStatusName(ProcessingStatus status);
std::optional<ProcessingStatus> ParseProcessingStatus(std::string_view name);

struct Media {
  std::string id;
  std::string user_id;
  MediaType type = MediaType::kPhoto;
  std::string content_type;  // detected from the bytes, e.g. "image/jpeg"
  std::optional<std::string> original_filename;
  std::int64_t file_size = 0;
  std::string sha256;  // of the bytes, lower-case hex; also the ETag
  std::string blob_key;
  Micros timestamp = 0;
  bool timestamp_given = false;  // false: the upload's time, which EXIF may replace
  Place place;
  ProcessingStatus status = ProcessingStatus::kPending;
  std::optional<std::string> error_details;
  std::string text;                        // OCR text or transcript
  std::optional<std::string> description;  // what the photo shows / the recording is
  std::string facts_json = "{}";           // measured facts (EXIF, size, duration, faces, ...)
  Micros created_at = 0;
  Micros updated_at = 0;
};

// A window on a time-ordered list; both ends inclusive, either may be open.
struct TimeRange {
  std::optional<Micros> from;
  std::optional<Micros> to;
  bool operator==(const TimeRange&) const = default;
};

// One page of a list, numbered from 1.
struct PageRequest {
  int page = 1;
  int page_size = 20;
};

template <class T>
struct PageOf {
  std::vector<T> items;
  std::int64_t total = 0;
};

// A partial update of one field: absent (keep), null (clear) or a new value.
template <class T>
using Patch = std::optional<std::optional<T>>;

}  // namespace chronotrail
