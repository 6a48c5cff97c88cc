#include "media/image_decode.h"

#include <libheif/heif.h>

#include <memory>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "media/unprocessable.h"

namespace chronotrail::media {
namespace {}  // namespace

cv::Mat ToRgb8(cv::Mat image) {
  if (image.depth() == CV_16U) {
    cv::Mat narrow;
    image.convertTo(narrow, CV_8U, 1.0 / 257.0);
    image = narrow;
  } else if (image.depth() != CV_8U) {
    cv::Mat narrow;
    image.convertTo(narrow, CV_8U);
    image = narrow;
  }
  cv::Mat rgb;
  switch (image.channels()) {
    case 1:
      cv::cvtColor(image, rgb, cv::COLOR_GRAY2RGB);
      break;
    case 3:
      cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
      break;
    case 4: {
      rgb.create(image.rows, image.cols, CV_8UC3);
      for (int y = 0; y < image.rows; ++y) {
        const cv::Vec4b* in = image.ptr<cv::Vec4b>(y);
        cv::Vec3b* out = rgb.ptr<cv::Vec3b>(y);
        for (int x = 0; x < image.cols; ++x) {
          int alpha = in[x][3];
          for (int c = 0; c < 3; ++c) {
            // BGRA in, RGB out, over white.
            out[x][2 - c] =
                cv::saturate_cast<uchar>((in[x][c] * alpha + 255 * (255 - alpha)) / 255);
          }
        }
      }
      break;
    }
    default:
      throw Unprocessable("the image has an unsupported number of colour channels");
  }
  return rgb;
}

namespace {

cv::Mat DecodeWithOpenCv(std::string_view bytes, const std::string& label) {
  cv::Mat raw(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
  cv::Mat image;
  try {
    // Orientation is ours to apply: EXIF was already read, and HEIF has its own.
    image = cv::imdecode(raw, cv::IMREAD_UNCHANGED | cv::IMREAD_IGNORE_ORIENTATION);
  } catch (const cv::Exception&) {
    image.release();
  }
  if (image.empty() || image.rows == 0 || image.cols == 0) {
    throw Unprocessable("the " + label + " data cannot be decoded (corrupt or truncated)");
  }
  return ToRgb8(image);
}

struct HeifDeleter {
  void operator()(heif_context* c) const { heif_context_free(c); }
  void operator()(heif_image_handle* h) const { heif_image_handle_release(h); }
  void operator()(heif_image* i) const { heif_image_release(i); }
};

void CheckHeif(const heif_error& error) {
  if (error.code != heif_error_Ok) {
    throw Unprocessable(std::string("the HEIF data cannot be decoded: ") +
                        (error.message ? error.message : "unknown error"));
  }
}

cv::Mat DecodeWithLibheif(std::string_view bytes) {
  std::unique_ptr<heif_context, HeifDeleter> context(heif_context_alloc());
  CheckHeif(heif_context_read_from_memory_without_copy(context.get(), bytes.data(), bytes.size(),
                                                       nullptr));
  heif_image_handle* raw_handle = nullptr;
  CheckHeif(heif_context_get_primary_image_handle(context.get(), &raw_handle));
  std::unique_ptr<heif_image_handle, HeifDeleter> handle(raw_handle);
  heif_image* raw_image = nullptr;
  // Default options: the container's rotation (irot) and mirroring (imir) are applied.
  CheckHeif(heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB,
                              heif_chroma_interleaved_RGB, nullptr));
  std::unique_ptr<heif_image, HeifDeleter> image(raw_image);
  int stride = 0;
  const uint8_t* pixels =
      heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
  int width = heif_image_get_width(image.get(), heif_channel_interleaved);
  int height = heif_image_get_height(image.get(), heif_channel_interleaved);
  if (!pixels || width <= 0 || height <= 0) {
    throw Unprocessable("the HEIF data cannot be decoded: no image plane");
  }
  // Copied out: the plane belongs to the heif_image freed on return.
  return cv::Mat(height, width, CV_8UC3, const_cast<uint8_t*>(pixels), size_t(stride)).clone();
}

}  // namespace

cv::Mat ApplyOrientation(const cv::Mat& image, int orientation) {
  cv::Mat out;
  switch (orientation) {
    case 2:  // mirrored left-right
      cv::flip(image, out, 1);
      return out;
    case 3:  // upside down
      cv::rotate(image, out, cv::ROTATE_180);
      return out;
    case 4:  // mirrored top-bottom
      cv::flip(image, out, 0);
      return out;
    case 5:  // mirrored along the main diagonal
      cv::transpose(image, out);
      return out;
    case 6:  // stored turned a quarter counter-clockwise: turn it clockwise
      cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE);
      return out;
    case 7: {  // mirrored along the other diagonal
      cv::Mat transposed;
      cv::transpose(image, transposed);
      cv::flip(transposed, out, -1);
      return out;
    }
    case 8:
      cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE);
      return out;
    default:
      return image;
  }
}

cv::Mat DecodeImage(std::string_view bytes, const std::optional<DetectedType>& type,
                    int orientation) {
  if (bytes.empty()) throw Unprocessable("the file is empty");
  const std::string mime = type ? type->mime : "";
  if (mime == "image/heic" || mime == "image/heif") return DecodeWithLibheif(bytes);
  cv::Mat rgb = mime == "image/gif" ? DecodeWithFfmpeg(bytes)
                                    : DecodeWithOpenCv(bytes, type ? type->label : "image");
  return ApplyOrientation(rgb, orientation);
}

}  // namespace chronotrail::media
