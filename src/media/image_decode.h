// Image decoding: the bytes of a photo to one upright 8-bit RGB buffer, which OCR, face
// detection and the colour summary then all read (each photo is decoded once).
//
// Decoders: OpenCV for JPEG, PNG and WebP; libheif for HEIC/HEIF (which applies the container's
// own rotation and mirroring); FFmpeg for GIF (OpenCV 4.6 has no GIF reader; the first frame is
// taken). Transparent pixels are put on white, as a viewer shows them. A truncated file whose
// decoder still yields an image is accepted: the missing part is grey or black, not an error.
#pragma once

#include <opencv2/core.hpp>
#include <string_view>

#include "media/media_type.h"

namespace chronotrail::media {

// Decodes `bytes`, whose type DetectType found (or nullopt: then OpenCV tries), and turns the
// result upright by the EXIF `orientation` (1..8; ignored for HEIF, already applied there).
// Returns a CV_8UC3 matrix in RGB order. Throws Unprocessable when nothing can be decoded.
cv::Mat DecodeImage(std::string_view bytes, const std::optional<DetectedType>& type,
                    int orientation);

// The first frame of a GIF (or any single image FFmpeg reads) as RGB; image_decode_ffmpeg.cpp.
cv::Mat DecodeWithFfmpeg(std::string_view bytes);

// Any image as OpenCV holds it (grey, BGR or BGRA; 8 or 16 bits) to 8-bit RGB, alpha put on
// white.
cv::Mat ToRgb8(cv::Mat image);

// Turns an image as stored into the image as meant to be seen, per EXIF orientation 1..8.
cv::Mat ApplyOrientation(const cv::Mat& image, int orientation);

}  // namespace chronotrail::media
