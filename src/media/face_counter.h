// FaceCounter: how many people face the camera in a photo, by OpenCV's frontal-face Haar cascade
// (Debian's opencv-data).
//
// A count, not an identity: nothing about a face is kept. The image is searched at most 512 px on
// its longer side, with windows 20% apart in size (~15 ms a photo, against ~95 ms at 800 px and
// 10%: the difference between a pipeline that costs about what OCR alone costs and one that
// costs half as much again), so faces smaller than about 1/20 of that side (a crowd far away)
// are not counted; the detector wants several overlapping hits per face (min_neighbors) because a
// single hit is often a pattern in text or foliage.
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
  int max_side = 512;
  double scale_step = 1.2;  // between the window sizes tried
  int min_neighbors = 5;
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
