// DetectType on real files of every accepted format, made by the usual tools, and on impostors.
#include "media/media_type.h"

#include <gtest/gtest.h>

#include <memory>

#include "media/media_samples.h"
#include "support/temp_dir.h"

namespace chronotrail::media {
namespace {

using testing::MakeTextImage;
using testing::Quoted;
using testing::ReadFileBytes;
using testing::Shell;

class MediaTypeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<testing::TempDir>();
    const std::string d = dir_->path().string() + "/";
    MakeTextImage(d + "photo.png", "Type", "DejaVu-Sans", 24);
    Shell("convert " + Quoted(d + "photo.png") + " " + Quoted(d + "photo.jpg"));
    Shell("convert " + Quoted(d + "photo.png") + " " + Quoted(d + "photo.gif"));
    Shell("cwebp -quiet " + Quoted(d + "photo.png") + " -o " + Quoted(d + "photo.webp"));
    Shell("heif-enc -q 50 " + Quoted(d + "photo.jpg") + " -o " + Quoted(d + "photo.heic"));
    // One second of speech, in each container a phone or browser records in.
    const std::string wav = d + "voice.wav";
    Shell("ffmpeg -loglevel error -y -t 1 -i " + Quoted(testing::ShortSpeechWav().string()) + " " +
          Quoted(wav));
    for (const char* out : {"voice.mp3", "voice.m4a", "voice.aac", "voice.flac", "voice.webm"}) {
      Shell("ffmpeg -loglevel error -y -i " + Quoted(wav) + " " + Quoted(d + out));
    }
    Shell("ffmpeg -loglevel error -y -i " + Quoted(wav) + " -c:a libopus " +
          Quoted(d + "voice-opus.ogg"));
    Shell("ffmpeg -loglevel error -y -i " + Quoted(wav) + " -c:a libvorbis " +
          Quoted(d + "voice-vorbis.ogg"));
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static std::optional<DetectedType> Detect(const std::string& name) {
    std::string bytes = ReadFileBytes(dir_->path() / name);
    EXPECT_FALSE(bytes.empty()) << name;
    return DetectType(std::string_view(bytes).substr(0, kTypeSniffBytes));
  }

  static inline std::unique_ptr<testing::TempDir> dir_;
};

struct Expected {
  const char* file;
  MediaKind kind;
  const char* mime;
  const char* extension;
  const char* label;
};

TEST_F(MediaTypeTest, RecognisesEveryAcceptedFormatFromItsContent) {
  const Expected expected[] = {
      {"photo.jpg", MediaKind::kPhoto, "image/jpeg", "jpg", "JPEG"},
      {"photo.png", MediaKind::kPhoto, "image/png", "png", "PNG"},
      {"photo.gif", MediaKind::kPhoto, "image/gif", "gif", "GIF"},
      {"photo.webp", MediaKind::kPhoto, "image/webp", "webp", "WebP"},
      {"photo.heic", MediaKind::kPhoto, "image/heic", "heic", "HEIC"},
      {"voice.wav", MediaKind::kVoice, "audio/wav", "wav", "WAV"},
      {"voice.mp3", MediaKind::kVoice, "audio/mpeg", "mp3", "MP3"},
      {"voice.m4a", MediaKind::kVoice, "audio/mp4", "m4a", "M4A"},
      {"voice.aac", MediaKind::kVoice, "audio/aac", "aac", "AAC"},
      {"voice.flac", MediaKind::kVoice, "audio/flac", "flac", "FLAC"},
      {"voice.webm", MediaKind::kVoice, "audio/webm", "webm", "WebM"},
      {"voice-opus.ogg", MediaKind::kVoice, "audio/ogg", "opus", "Ogg Opus"},
      {"voice-vorbis.ogg", MediaKind::kVoice, "audio/ogg", "ogg", "Ogg Vorbis"},
  };
  for (const Expected& e : expected) {
    std::optional<DetectedType> type = Detect(e.file);
    ASSERT_TRUE(type) << e.file;
    EXPECT_EQ(type->kind, e.kind) << e.file;
    EXPECT_EQ(type->mime, e.mime) << e.file;
    EXPECT_EQ(type->extension, e.extension) << e.file;
    EXPECT_EQ(type->label, e.label) << e.file;
  }
}

TEST_F(MediaTypeTest, TheNameDoesNotMatter) {
  std::filesystem::copy_file(dir_->path() / "photo.png", dir_->path() / "really-a-png.mp3");
  std::optional<DetectedType> type = Detect("really-a-png.mp3");
  ASSERT_TRUE(type);
  EXPECT_EQ(type->mime, "image/png");
}

TEST_F(MediaTypeTest, TextRenamedToJpgIsUnsupported) {
  testing::WriteFileBytes(dir_->path() / "notes.jpg", "shopping list: milk, eggs, bread\n");
  EXPECT_FALSE(Detect("notes.jpg"));
}

TEST_F(MediaTypeTest, OtherBinaryFormatsAreUnsupported) {
  // A PDF and a gzip file: real formats, not photos or voice.
  EXPECT_FALSE(DetectType("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"));
  EXPECT_FALSE(DetectType(std::string_view("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10)));
  EXPECT_FALSE(DetectType(""));
}

TEST_F(MediaTypeTest, OnlyTheFirstBytesAreNeeded) {
  std::string bytes = ReadFileBytes(dir_->path() / "voice.m4a");
  std::optional<DetectedType> type = DetectType(std::string_view(bytes).substr(0, 512));
  ASSERT_TRUE(type);
  EXPECT_EQ(type->mime, "audio/mp4");
}

TEST(MediaTypeNames, SupportedFormatsNameTheFormatsForMessages) {
  EXPECT_EQ(SupportedFormats(MediaKind::kPhoto), "JPEG, PNG, WebP, HEIC/HEIF or GIF");
  EXPECT_NE(SupportedFormats(MediaKind::kVoice).find("M4A"), std::string::npos);
  EXPECT_STREQ(MediaKindName(MediaKind::kVoice), "voice");
}

}  // namespace
}  // namespace chronotrail::media
