#include "media/face_counter.h"

#include <algorithm>
#include <memory>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <stdexcept>
#include <vector>

namespace chronotrail::media {

FaceCounter::FaceCounter(FaceCounterOptions options)
    : options_(std::move(options)), detectors_([this] {
        auto detector = std::make_unique<cv::CascadeClassifier>();
        if (!detector->load(options_.cascade_file)) {
          throw std::runtime_error("cannot load the face cascade " + options_.cascade_file);
        }
        return detector;
      }) {}

FaceCounter::~FaceCounter() = default;

int FaceCounter::Count(const cv::Mat& rgb) {
  if (rgb.empty()) return 0;
  cv::Mat grey;
  cv::cvtColor(rgb, grey, cv::COLOR_RGB2GRAY);
  int longer = std::max(grey.cols, grey.rows);
  if (longer > options_.max_side) {
    double scale = double(options_.max_side) / longer;
    cv::Mat smaller;
    cv::resize(grey, smaller, cv::Size(), scale, scale, cv::INTER_AREA);
    grey = smaller;
  }
  cv::equalizeHist(grey, grey);
  std::vector<cv::Rect> faces;
  auto detector = detectors_.Acquire();
  detector->detectMultiScale(grey, faces, options_.scale_step, options_.min_neighbors, 0,
                             cv::Size(24, 24));
  return int(faces.size());
}

}  // namespace chronotrail::media
