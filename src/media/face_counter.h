// FaceCounter: how many people face the camera in a photo, by OpenCV's frontal-face Haar cascade
// (Debian's opencv-data).
//
// A count, not an identity: nothing about a face is kept. The image is searched at most 800 px on
// its longer side, so faces smaller than about 1/30 of that side (a crowd far away) are not
// counted; the detector wants several overlapping hits per face (min_neighbors) because a single
// hit is often a pattern in text or foliage.
//
// Thread-safe: a CascadeClassifier is not, so each concurrent caller borrows its own from a pool.
#pragma once

#include <opencv2/core.hpp>
#include <string>

#include "media/engine_pool.h"

namespace cv {
class CascadeClassifier;
}

namespace chronotrail::media {

struct FaceCounterOptions {
  std::string cascade_file =
      "/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml";  // opencv-data
  int max_side = 800;
  int min_neighbors = 6;
};

class FaceCounter {
 public:
  explicit FaceCounter(FaceCounterOptions options = {});
  ~FaceCounter();

  // Faces in an upright RGB image. Throws std::runtime_error when the cascade cannot be loaded.
  int Count(const cv::Mat& rgb);

 private:
  FaceCounterOptions options_;
  EnginePool<cv::CascadeClassifier> detectors_;
};

}  // namespace chronotrail::media
