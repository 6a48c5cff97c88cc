#include "media/media_type.h"

#include <magic.h>

#include <array>
#include <stdexcept>

namespace chronotrail::media {
namespace {

// One libmagic handle per thread: magic_t keeps per-call state and is not safe to share.
class MagicHandle {
 public:
  MagicHandle() : cookie_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
    if (!cookie_) throw std::runtime_error("libmagic: cannot open a handle");
    if (magic_load(cookie_, nullptr) != 0) {
      std::string why = magic_error(cookie_) ? magic_error(cookie_) : "unknown error";
      magic_close(cookie_);
      throw std::runtime_error("libmagic: cannot load the magic database: " + why);
    }
  }
  ~MagicHandle() { magic_close(cookie_); }
  MagicHandle(const MagicHandle&) = delete;
  MagicHandle& operator=(const MagicHandle&) = delete;

  std::string MimeOf(std::string_view bytes) {
    const char* mime = magic_buffer(cookie_, bytes.data(), bytes.size());
    return mime ? mime : "";
  }

 private:
  magic_t cookie_;
};

struct KnownType {
  const char* magic_mime;  // as libmagic names it
  MediaKind kind;
  const char* mime;  // as we report it
  const char* extension;
  const char* label;
};

// libmagic's names vary between versions and between containers of the same thing (an M4A made
// by a phone is audio/x-m4a, one made by ffmpeg with an "isom" brand is video/mp4): all of them
// map to one reported type.
constexpr std::array kKnownTypes = {
    KnownType{"image/jpeg", MediaKind::kPhoto, "image/jpeg", "jpg", "JPEG"},
    KnownType{"image/png", MediaKind::kPhoto, "image/png", "png", "PNG"},
    KnownType{"image/webp", MediaKind::kPhoto, "image/webp", "webp", "WebP"},
    KnownType{"image/heic", MediaKind::kPhoto, "image/heic", "heic", "HEIC"},
    KnownType{"image/heic-sequence", MediaKind::kPhoto, "image/heic", "heic", "HEIC"},
    KnownType{"image/heif", MediaKind::kPhoto, "image/heif", "heif", "HEIF"},
    KnownType{"image/heif-sequence", MediaKind::kPhoto, "image/heif", "heif", "HEIF"},
    KnownType{"image/gif", MediaKind::kPhoto, "image/gif", "gif", "GIF"},
    KnownType{"audio/x-wav", MediaKind::kVoice, "audio/wav", "wav", "WAV"},
    KnownType{"audio/wav", MediaKind::kVoice, "audio/wav", "wav", "WAV"},
    KnownType{"audio/vnd.wave", MediaKind::kVoice, "audio/wav", "wav", "WAV"},
    KnownType{"audio/mpeg", MediaKind::kVoice, "audio/mpeg", "mp3", "MP3"},
    KnownType{"audio/mp3", MediaKind::kVoice, "audio/mpeg", "mp3", "MP3"},
    KnownType{"audio/x-m4a", MediaKind::kVoice, "audio/mp4", "m4a", "M4A"},
    KnownType{"audio/mp4", MediaKind::kVoice, "audio/mp4", "m4a", "M4A"},
    KnownType{"video/mp4", MediaKind::kVoice, "audio/mp4", "m4a", "M4A"},
    KnownType{"audio/x-hx-aac-adts", MediaKind::kVoice, "audio/aac", "aac", "AAC"},
    KnownType{"audio/aac", MediaKind::kVoice, "audio/aac", "aac", "AAC"},
    KnownType{"audio/ogg", MediaKind::kVoice, "audio/ogg", "ogg", "Ogg"},
    KnownType{"application/ogg", MediaKind::kVoice, "audio/ogg", "ogg", "Ogg"},
    KnownType{"video/webm", MediaKind::kVoice, "audio/webm", "webm", "WebM"},
    KnownType{"audio/webm", MediaKind::kVoice, "audio/webm", "webm", "WebM"},
    KnownType{"audio/flac", MediaKind::kVoice, "audio/flac", "flac", "FLAC"},
    KnownType{"audio/x-flac", MediaKind::kVoice, "audio/flac", "flac", "FLAC"},
};

// An Ogg stream names its codec in the first packet; voice notes from Android are Opus.
void RefineOgg(std::string_view head, DetectedType& type) {
  if (head.find("OpusHead") != std::string_view::npos) {
    type.extension = "opus";
    type.label = "Ogg Opus";
  } else if (head.find("\x01vorbis") != std::string_view::npos) {
    type.label = "Ogg Vorbis";
  }
}

}  // namespace

std::optional<DetectedType> DetectType(std::string_view head) {
  if (head.empty()) return std::nullopt;
  thread_local MagicHandle magic;
  std::string found = magic.MimeOf(head.substr(0, kTypeSniffBytes));
  for (const KnownType& known : kKnownTypes) {
    if (found != known.magic_mime) continue;
    DetectedType type{known.kind, known.mime, known.extension, known.label};
    if (type.mime == "audio/ogg") RefineOgg(head, type);
    return type;
  }
  return std::nullopt;
}

std::string SupportedFormats(MediaKind kind) {
  return kind == MediaKind::kPhoto ? "JPEG, PNG, WebP, HEIC/HEIF or GIF"
                                   : "WAV, MP3, M4A/AAC, Ogg (Opus, Vorbis), WebM or FLAC";
}

const char* MediaKindName(MediaKind kind) {
  return kind == MediaKind::kPhoto ? "photo" : "voice";
}

}  // namespace chronotrail::media
