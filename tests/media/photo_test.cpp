// AnalyzePhoto and its parts on real images made by ImageMagick, exiv2, cwebp and heif-enc.
#include "media/photo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>
#include <thread>

#include "media/colour_summary.h"
#include "media/exif.h"
#include "media/media_samples.h"
#include "media/text_reader.h"
#include "media/unprocessable.h"
#include "support/temp_dir.h"

namespace chronotrail::media {
namespace {

using testing::ContainsWord;
using testing::MakeTextImage;
using testing::Quoted;
using testing::Shell;

class PhotoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = std::make_unique<testing::TempDir>(); }
  static void TearDownTestSuite() { dir_.reset(); }

  static std::string Path(const std::string& name) { return (dir_->path() / name).string(); }

  static inline std::unique_ptr<testing::TempDir> dir_;
};

void ExpectWords(const PhotoFacts& facts, std::initializer_list<const char*> words,
                 const std::string& what) {
  for (const char* word : words) {
    EXPECT_TRUE(ContainsWord(facts.ocr_text, word))
        << what << ": \"" << word << "\" not in \"" << facts.ocr_text << "\"";
  }
}

struct TextSample {
  const char* font;
  int points;
  double degrees;
};

TEST_F(PhotoTest, ReadsTextInSeveralFontsSizesAndSlightRotations) {
  const TextSample samples[] = {
      {"DejaVu-Sans", 36, 0},
      {"Liberation-Serif", 48, 2.5},
      {"Nimbus-Mono-PS-Regular", 40, -3},
      {"DejaVu-Sans-Bold", 28, 1.5},
      {"URW-Bookman-Light", 56, -2},
  };
  for (const TextSample& s : samples) {
    std::string path = Path(std::string("text-") + s.font + ".jpg");
    MakeTextImage(path, "Harbour Market opens Sunday", s.font, s.points, s.degrees);
    PhotoFacts facts = AnalyzePhoto(path);
    std::string what = std::string(s.font) + " " + std::to_string(s.points) + "pt " +
                       std::to_string(s.degrees) + " degrees";
    ExpectWords(facts, {"harbour", "market", "opens", "sunday"}, what);
    EXPECT_GE(facts.ocr_confidence, 60) << what;
    EXPECT_LE(facts.ocr_confidence, 100) << what;
    EXPECT_EQ(facts.mime, "image/jpeg");
  }
}

TEST_F(PhotoTest, KeepsLineBreaksBetweenLines) {
  std::string path = Path("lines.png");
  MakeTextImage(path, "Platform seven\nDeparts eleven", "DejaVu-Sans", 40);
  PhotoFacts facts = AnalyzePhoto(path);
  EXPECT_EQ(facts.ocr_text, "Platform seven\nDeparts eleven");
}

TEST_F(PhotoTest, ReadsExifTimeWithOffsetAndGpsExactly) {
  std::string path = Path("exif.jpg");
  MakeTextImage(path, "EXIF", "DejaVu-Sans", 30);
  Shell("exiv2 -M" + Quoted("set Exif.Photo.DateTimeOriginal 2023:05:06 14:30:15") + " -M" +
        Quoted("set Exif.Photo.SubSecTimeOriginal 250") + " -M" +
        Quoted("set Exif.Photo.OffsetTimeOriginal +01:00") + " -M" +
        Quoted("set Exif.GPSInfo.GPSLatitude 38/1 42/1 2712/100") + " -M" +
        Quoted("set Exif.GPSInfo.GPSLatitudeRef N") + " -M" +
        Quoted("set Exif.GPSInfo.GPSLongitude 9/1 8/1 1968/100") + " -M" +
        Quoted("set Exif.GPSInfo.GPSLongitudeRef W") + " " + Quoted(path));
  PhotoFacts facts = AnalyzePhoto(path);
  // 2023-05-06T13:30:15.250Z
  ASSERT_TRUE(facts.taken_at_utc_micros);
  EXPECT_EQ(*facts.taken_at_utc_micros, 1683379815'250000);
  ASSERT_TRUE(facts.taken_local_micros);
  EXPECT_EQ(*facts.taken_local_micros, 1683383415'250000);
  EXPECT_EQ(facts.taken_offset_minutes, 60);
  ASSERT_TRUE(facts.latitude && facts.longitude);
  EXPECT_NEAR(*facts.latitude, 38.0 + 42.0 / 60 + 27.12 / 3600, 1e-12);
  EXPECT_NEAR(*facts.longitude, -(9.0 + 8.0 / 60 + 19.68 / 3600), 1e-12);
  EXPECT_EQ(facts.orientation, 1);
}

TEST_F(PhotoTest, DerivesTheOffsetFromTheGpsClockWhenExifHasNone) {
  std::string path = Path("gps-clock.jpg");
  MakeTextImage(path, "GPS", "DejaVu-Sans", 30);
  Shell("exiv2 -M" + Quoted("set Exif.Photo.DateTimeOriginal 2024:01:15 08:05:00") + " -M" +
        Quoted("set Exif.GPSInfo.GPSDateStamp 2024:01:15") + " -M" +
        Quoted("set Exif.GPSInfo.GPSTimeStamp 13/1 35/1 2/1") + " " + Quoted(path));
  PhotoFacts facts = AnalyzePhoto(path);
  EXPECT_EQ(facts.taken_offset_minutes, -330);  // 08:05 on a clock 5 h 30 min behind 13:35 UTC
  ASSERT_TRUE(facts.taken_at_utc_micros);
  EXPECT_EQ(*facts.taken_at_utc_micros, 1705325700'000000);  // 2024-01-15T13:35:00Z
  EXPECT_FALSE(facts.latitude);
}

TEST_F(PhotoTest, WithoutAnOffsetOnlyTheCameraClockIsKnown) {
  std::string path = Path("no-offset.jpg");
  MakeTextImage(path, "Clock", "DejaVu-Sans", 30);
  Shell("exiv2 -M" + Quoted("set Exif.Photo.DateTimeOriginal 2024:01:15 08:05:00") + " " +
        Quoted(path));
  PhotoFacts facts = AnalyzePhoto(path);
  EXPECT_EQ(facts.taken_local_micros, 1705305900'000000);
  EXPECT_FALSE(facts.taken_offset_minutes);
  EXPECT_FALSE(facts.taken_at_utc_micros);
}

// Found by fuzz/exif_fuzzer: a denominator past 2^31 reads as negative, and the longitude came
// out as -3373 degrees.
TEST_F(PhotoTest, CorruptGpsRationalsMeanAnUnknownPlace) {
  std::string path = Path("corrupt-gps.jpg");
  MakeTextImage(path, "GPS", "DejaVu-Sans", 30);
  Shell("exiv2 -M" + Quoted("set Exif.GPSInfo.GPSLatitude 37/1 46/1 2973/100") + " -M" +
        Quoted("set Exif.GPSInfo.GPSLatitudeRef N") + " -M" +
        Quoted("set Exif.GPSInfo.GPSLongitude 122/1 33554457/4294967136 25600/2048") + " -M" +
        Quoted("set Exif.GPSInfo.GPSLongitudeRef W") + " " + Quoted(path));
  PhotoFacts facts = AnalyzePhoto(path);
  EXPECT_FALSE(facts.latitude);
  EXPECT_FALSE(facts.longitude);
}

TEST_F(PhotoTest, NoExifMeansUprightAndUnknownTimeAndPlace) {
  std::string path = Path("plain.png");
  MakeTextImage(path, "Plain", "DejaVu-Sans", 30);
  PhotoFacts facts = AnalyzePhoto(path);
  EXPECT_EQ(facts.orientation, 1);
  EXPECT_FALSE(facts.taken_local_micros);
  EXPECT_FALSE(facts.latitude);
}

TEST_F(PhotoTest, TurnsAPhotoUprightByItsExifOrientation) {
  // Stored a quarter turn counter-clockwise, as a phone held sideways writes it, with
  // Orientation 6 ("turn clockwise to view").
  std::string upright = Path("upright.png");
  MakeTextImage(upright, "Sideways Bakery", "DejaVu-Sans", 40);
  std::string path = Path("sideways.jpg");
  Shell("convert " + Quoted(upright) + " -rotate -90 " + Quoted(path));
  Shell("exiv2 -M" + Quoted("set Exif.Image.Orientation 6") + " " + Quoted(path));
  PhotoFacts plain = AnalyzePhoto(upright);
  PhotoFacts facts = AnalyzePhoto(path);
  EXPECT_EQ(facts.orientation, 6);
  EXPECT_EQ(facts.width, plain.width);
  EXPECT_EQ(facts.height, plain.height);
  ExpectWords(facts, {"sideways", "bakery"}, "orientation 6");
}

TEST_F(PhotoTest, DecodesWebPHeicAndGif) {
  std::string png = Path("formats.png");
  MakeTextImage(png, "Lighthouse Tours", "DejaVu-Sans", 44);
  Shell("cwebp -quiet " + Quoted(png) + " -o " + Quoted(Path("formats.webp")));
  Shell("heif-enc -q 80 " + Quoted(png) + " -o " + Quoted(Path("formats.heic")));
  Shell("convert " + Quoted(png) + " " + Quoted(Path("formats.gif")));
  PhotoFacts reference = AnalyzePhoto(png);
  for (const char* name : {"formats.webp", "formats.heic", "formats.gif"}) {
    PhotoFacts facts = AnalyzePhoto(Path(name));
    EXPECT_EQ(facts.width, reference.width) << name;
    EXPECT_EQ(facts.height, reference.height) << name;
    ExpectWords(facts, {"lighthouse", "tours"}, name);
  }
  EXPECT_EQ(AnalyzePhoto(Path("formats.heic")).mime, "image/heic");
  EXPECT_EQ(AnalyzePhoto(Path("formats.webp")).mime, "image/webp");
}

TEST_F(PhotoTest, PutsTransparentPixelsOnWhite) {
  // Black text on a transparent background: read as a viewer shows it, not black on black.
  std::string path = Path("transparent.png");
  Shell("convert -background none -fill black -font DejaVu-Sans -pointsize 40 label:" +
        Quoted("Garden Party") + " -bordercolor none -border 30 " + Quoted(path));
  PhotoFacts facts = AnalyzePhoto(path);
  ExpectWords(facts, {"garden", "party"}, "transparent PNG");
}

TEST_F(PhotoTest, ACorruptJpegIsUnprocessable) {
  // A real JPEG's header, then noise.
  std::string good = Path("good.jpg");
  MakeTextImage(good, "Noise", "DejaVu-Sans", 30);
  std::string bytes = testing::ReadFileBytes(good).substr(0, 20);
  std::mt19937 random(42);
  for (int i = 0; i < 20000; ++i) bytes += char(random() & 0xff);
  std::string path = Path("corrupt.jpg");
  testing::WriteFileBytes(path, bytes);
  EXPECT_THROW(AnalyzePhoto(path), Unprocessable);
}

TEST_F(PhotoTest, ATruncatedJpegThatStillDecodesIsAnalysed) {
  std::string good = Path("whole.jpg");
  MakeTextImage(good, "Top line stays", "DejaVu-Sans", 40);
  std::string bytes = testing::ReadFileBytes(good);
  std::string path = Path("truncated.jpg");
  testing::WriteFileBytes(path, bytes.substr(0, bytes.size() * 3 / 4));
  PhotoFacts whole = AnalyzePhoto(good);
  PhotoFacts facts = AnalyzePhoto(path);
  EXPECT_EQ(facts.width, whole.width);
  EXPECT_EQ(facts.height, whole.height);
}

TEST_F(PhotoTest, TextRenamedToJpgIsUnprocessable) {
  std::string path = Path("list.jpg");
  testing::WriteFileBytes(path, "milk\neggs\nbread\n");
  try {
    AnalyzePhoto(path);
    FAIL() << "no exception";
  } catch (const Unprocessable& e) {
    EXPECT_NE(std::string(e.what()).find("JPEG, PNG"), std::string::npos) << e.what();
  }
  testing::WriteFileBytes(Path("empty.jpg"), "");
  EXPECT_THROW(AnalyzePhoto(Path("empty.jpg")), Unprocessable);
}

TEST_F(PhotoTest, AMissingFileIsNotTheUsersFault) {
  try {
    AnalyzePhoto(Path("does-not-exist.jpg"));
    FAIL() << "no exception";
  } catch (const Unprocessable&) {
    FAIL() << "a missing file is not Unprocessable";
  } catch (const std::runtime_error&) {
  }
}

TEST_F(PhotoTest, NamesTheColoursOfPlainImages) {
  Shell("convert -size 80x60 xc:'#1f4fbf' " + Quoted(Path("blue.png")));
  Shell("convert -size 80x60 xc:white " + Quoted(Path("white.jpg")));
  Shell("convert -size 50x60 xc:red -size 50x60 xc:'#008000' +append " + Quoted(Path("rg.png")));
  EXPECT_EQ(AnalyzePhoto(Path("blue.png")).dominant_colours, std::vector<std::string>{"blue"});
  EXPECT_EQ(AnalyzePhoto(Path("white.jpg")).dominant_colours, std::vector<std::string>{"white"});
  EXPECT_EQ(AnalyzePhoto(Path("rg.png")).dominant_colours,
            (std::vector<std::string>{"green", "red"}));
  PhotoFacts blank = AnalyzePhoto(Path("white.jpg"));
  EXPECT_EQ(blank.ocr_text, "");
  EXPECT_EQ(blank.ocr_confidence, 0);
}

TEST(PhotoColours, NamesColoursAsPeopleDo) {
  EXPECT_STREQ(ColourName(255, 255, 255), "white");
  EXPECT_STREQ(ColourName(0, 0, 0), "black");
  EXPECT_STREQ(ColourName(128, 128, 128), "grey");
  EXPECT_STREQ(ColourName(255, 0, 0), "red");
  EXPECT_STREQ(ColourName(0, 128, 0), "green");
  EXPECT_STREQ(ColourName(0, 0, 128), "blue");
  EXPECT_STREQ(ColourName(255, 165, 0), "orange");
  EXPECT_STREQ(ColourName(255, 215, 0), "yellow");
  EXPECT_STREQ(ColourName(128, 0, 128), "purple");
  EXPECT_STREQ(ColourName(255, 192, 203), "pink");
  EXPECT_STREQ(ColourName(255, 105, 180), "pink");
  EXPECT_STREQ(ColourName(139, 69, 19), "brown");
  EXPECT_STREQ(ColourName(0, 255, 255), "cyan");
}

TEST_F(PhotoTest, FindsNoFaceInText) {
  std::string path = Path("no-face.jpg");
  MakeTextImage(path, "Nobody here but us letters", "DejaVu-Serif", 40);
  EXPECT_EQ(AnalyzePhoto(path).faces, 0);
}

TEST_F(PhotoTest, CountsARealFace) {
  std::filesystem::path photo = testing::FacePhoto();
  if (photo.empty()) GTEST_SKIP() << "opencv-doc is not installed (scripts/bootstrap test)";
  PhotoFacts facts = AnalyzePhoto(photo.string());
  // The player, and perhaps one of the blurred spectators behind him.
  EXPECT_GE(facts.faces, 1);
  EXPECT_LE(facts.faces, 3);
  EXPECT_EQ(facts.width, 548);
  EXPECT_EQ(facts.height, 342);
}

TEST_F(PhotoTest, AnalysersWorkFromSeveralThreadsAtOnce) {
  std::string path = Path("threads.png");
  MakeTextImage(path, "Parallel Lines", "DejaVu-Sans", 40);
  PhotoAnalyzer analyzer;
  std::vector<std::string> texts(3);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    threads.emplace_back([&, i] { texts[i] = analyzer.Analyze(path).ocr_text; });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& text : texts) EXPECT_EQ(text, "Parallel Lines");
}

TEST_F(PhotoTest, AMissingModelIsAnInstallationError) {
  PhotoAnalyzerOptions options;
  options.text.tessdata_dir = Path("no-tessdata");
  PhotoAnalyzer analyzer(options);
  std::string path = Path("model.png");
  MakeTextImage(path, "Model", "DejaVu-Sans", 30);
  try {
    analyzer.Analyze(path);
    FAIL() << "no exception";
  } catch (const Unprocessable&) {
    FAIL() << "a missing model is not the photo's fault";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no-tessdata"), std::string::npos) << e.what();
  }
}

TEST(PhotoExif, ParsesOffsets) {
  EXPECT_EQ(ParseExifOffset("+01:00"), 60);
  EXPECT_EQ(ParseExifOffset("-05:30"), -330);
  EXPECT_EQ(ParseExifOffset("+0545"), 345);
  EXPECT_EQ(ParseExifOffset("Z"), 0);
  EXPECT_FALSE(ParseExifOffset("   :  "));
  EXPECT_FALSE(ParseExifOffset("+25:00"));
  EXPECT_FALSE(ParseExifOffset(""));
}

TEST(PhotoText, KeepsWordsAndDropsNoise) {
  EXPECT_TRUE(LooksLikeWord("Sunday"));
  EXPECT_TRUE(LooksLikeWord("9:30"));
  EXPECT_TRUE(LooksLikeWord("café"));
  EXPECT_TRUE(LooksLikeWord("(open)"));
  EXPECT_FALSE(LooksLikeWord("|"));
  EXPECT_FALSE(LooksLikeWord("—~"));
  EXPECT_FALSE(LooksLikeWord("'|\\"));
  EXPECT_FALSE(LooksLikeWord(""));
}

}  // namespace
}  // namespace chronotrail::media
