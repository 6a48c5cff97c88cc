#include "media/colour_summary.h"

#include <algorithm>
#include <map>
#include <opencv2/imgproc.hpp>

namespace chronotrail::media {

const char* ColourName(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  const int high = std::max({r, g, b});
  const int low = std::min({r, g, b});
  const double value = high / 255.0;
  const double chroma = (high - low) / 255.0;
  if (value < 0.18) return "black";
  // Nearly equal channels: a shade of grey, whatever the hue says.
  if (chroma < 0.12 || (chroma < 0.2 && value > 0.85)) {
    if (value > 0.85) return "white";
    if (value < 0.3) return "black";
    return "grey";
  }
  double hue;  // degrees
  const double d = high - low;
  if (high == r) {
    hue = 60.0 * ((g - b) / d);
  } else if (high == g) {
    hue = 60.0 * ((b - r) / d + 2.0);
  } else {
    hue = 60.0 * ((r - g) / d + 4.0);
  }
  if (hue < 0) hue += 360.0;
  const double saturation = d / high;
  if (hue < 15 || hue >= 340) {
    if (value > 0.75 && saturation < 0.45) return "pink";
    return value < 0.45 ? "brown" : "red";
  }
  if (hue < 42) return value < 0.6 ? "brown" : "orange";
  if (hue < 70) return value < 0.45 ? "brown" : "yellow";
  if (hue < 165) return "green";
  if (hue < 200) return "cyan";
  if (hue < 260) return "blue";
  if (hue < 320) return "purple";
  return "pink";
}

std::vector<std::string> DominantColours(const cv::Mat& rgb, int max_colours, double min_share) {
  if (rgb.empty()) return {};
  cv::Mat small;
  cv::resize(rgb, small, cv::Size(std::min(64, rgb.cols), std::min(64, rgb.rows)), 0, 0,
             cv::INTER_AREA);
  std::map<std::string, int> counts;
  for (int y = 0; y < small.rows; ++y) {
    const cv::Vec3b* row = small.ptr<cv::Vec3b>(y);
    for (int x = 0; x < small.cols; ++x) ++counts[ColourName(row[x][0], row[x][1], row[x][2])];
  }
  std::vector<std::pair<int, std::string>> ranked;
  for (const auto& [name, count] : counts) ranked.emplace_back(count, name);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  const double total = double(small.rows) * small.cols;
  std::vector<std::string> names;
  for (const auto& [count, name] : ranked) {
    if (int(names.size()) == max_colours || count / total < min_share) break;
    names.push_back(name);
  }
  return names;
}

}  // namespace chronotrail::media
