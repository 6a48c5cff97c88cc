// Media types: what an uploaded file is, decided from its first bytes (libmagic), never from its
// name or the Content-Type a client sent.
//
// Only the formats phones and browsers actually produce are accepted:
//   photos  JPEG, PNG, WebP, HEIC/HEIF, GIF
//   voice   WAV, MP3, M4A/AAC, Ogg (Opus, Vorbis), WebM, FLAC
// Anything else, including a text file renamed to .jpg, is unsupported (nullopt).
//
// Thread-safe: each thread gets its own libmagic handle (a magic_t must not be shared), opened on
// the thread's first call and kept for the thread's life.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chronotrail::media {

enum class MediaKind { kPhoto, kVoice };

// How many leading bytes DetectType wants: enough for every container above (an MP3's ID3 tag is
// recognised by its own header, however long the tag). Fewer works when the file is shorter.
inline constexpr std::size_t kTypeSniffBytes = 16 * 1024;

struct DetectedType {
  MediaKind kind = MediaKind::kPhoto;
  std::string mime;       // normalised: "image/jpeg", "audio/mp4", "audio/ogg" ...
  std::string extension;  // without a dot, for stored names: "jpg", "m4a", "opus" ...
  std::string label;      // for people: "JPEG", "M4A", "Ogg Opus" ...
};

// The type of a file whose first bytes are `head`; nullopt when unsupported.
std::optional<DetectedType> DetectType(std::string_view head);

// "JPEG, PNG, WebP, HEIC/HEIF or GIF": the accepted formats of a kind, for error messages.
std::string SupportedFormats(MediaKind kind);

const char* MediaKindName(MediaKind kind);  // "photo", "voice"

}  // namespace chronotrail::media
