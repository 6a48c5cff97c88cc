// Colour summary: the few plain colour names ("blue", "white") that cover most of a photo, so a
// description can say "mostly blue and white" and a search for "blue" can find it.
//
// Every pixel of a 64x64 reduction is named by hue, saturation and brightness into one of twelve
// words a person would use; names covering at least `min_share` of the picture are returned,
// most common first. Pure functions.
#pragma once

#include <cstdint>
#include <opencv2/core.hpp>
#include <string>
#include <vector>

namespace chronotrail::media {

// One of: black, white, grey, red, orange, yellow, brown, green, cyan, blue, purple, pink.
const char* ColourName(std::uint8_t r, std::uint8_t g, std::uint8_t b);

// The names covering at least `min_share` (0..1) of an RGB image, at most `max_colours`.
std::vector<std::string> DominantColours(const cv::Mat& rgb, int max_colours = 3,
                                         double min_share = 0.15);

}  // namespace chronotrail::media
