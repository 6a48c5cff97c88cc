// DescribePhoto: a paragraph from known facts only.
#include "media/photo_description.h"

#include <gtest/gtest.h>

namespace chronotrail::media {
namespace {

TEST(PhotoDescription, SaysEverythingKnown) {
  PhotoFacts facts;
  facts.faces = 2;
  facts.dominant_colours = {"blue", "white"};
  facts.ocr_text = "CAFE A\nBRASILEIRA";
  EXPECT_EQ(DescribePhoto(facts, "Lisbon, Portugal", "evening"),
            "A photo of two people, taken in Lisbon, Portugal, in the evening; mostly blue and "
            "white. Text in it reads: \"CAFE A BRASILEIRA\".");
}

TEST(PhotoDescription, LeavesOutWhatIsUnknown) {
  PhotoFacts facts;
  EXPECT_EQ(DescribePhoto(facts, std::nullopt, std::nullopt), "A photo.");
  facts.faces = 1;
  EXPECT_EQ(DescribePhoto(facts, std::nullopt, "night"), "A photo of one person, taken at night.");
  facts.faces = 0;
  facts.dominant_colours = {"green", "brown", "grey"};
  EXPECT_EQ(DescribePhoto(facts, "Sintra, Portugal", std::nullopt),
            "A photo taken in Sintra, Portugal; mostly green, brown and grey.");
  facts.faces = 14;
  EXPECT_EQ(DescribePhoto(facts, std::string(), std::string()),
            "A photo of 14 people; mostly green, brown and grey.");
}

TEST(PhotoDescription, CutsLongTextAtAWord) {
  PhotoFacts facts;
  for (int i = 0; i < 60; ++i) facts.ocr_text += "word" + std::to_string(i) + " ";
  std::string description = DescribePhoto(facts, std::nullopt, std::nullopt);
  EXPECT_LT(description.size(), 260u);
  std::size_t dots = description.find("...\".");
  ASSERT_NE(dots, std::string::npos) << description;
  std::size_t space = description.rfind(' ', dots);
  std::string last = description.substr(space + 1, dots - space - 1);
  EXPECT_NE(facts.ocr_text.find(" " + last + " "), std::string::npos) << "cut inside " << last;
}

TEST(PhotoDescription, NamesTheTimeOfDay) {
  constexpr std::int64_t kHour = 3'600'000'000;
  const std::int64_t day = 1705276800'000000;  // 2024-01-15T00:00:00
  EXPECT_EQ(TimeOfDay(day + 4 * kHour), "night");
  EXPECT_EQ(TimeOfDay(day + 5 * kHour), "morning");
  EXPECT_EQ(TimeOfDay(day + 12 * kHour), "afternoon");
  EXPECT_EQ(TimeOfDay(day + 17 * kHour), "evening");
  EXPECT_EQ(TimeOfDay(day + 21 * kHour), "night");
  EXPECT_EQ(TimeOfDay(-kHour), "night");  // 1969-12-31T23:00
}

}  // namespace
}  // namespace chronotrail::media
