#include "media/remote_describer.h"

#include <algorithm>
#include <boost/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/error.h"
#include "media/exif.h"
#include "media/image_decode.h"

namespace chronotrail::media {
namespace {

// choices[0].message.content: a string, or (some servers) a list of {"type": "text", "text"}.
std::optional<std::string> ContentOf(const boost::json::value& answer) {
  if (!answer.is_object()) return std::nullopt;
  const boost::json::value* choices = answer.as_object().if_contains("choices");
  if (!choices || !choices->is_array() || choices->as_array().empty()) return std::nullopt;
  const boost::json::value& first = choices->as_array()[0];
  if (!first.is_object()) return std::nullopt;
  const boost::json::value* message = first.as_object().if_contains("message");
  if (!message || !message->is_object()) return std::nullopt;
  const boost::json::value* content = message->as_object().if_contains("content");
  if (!content) return std::nullopt;
  if (content->is_string()) return std::string(content->as_string());
  if (!content->is_array()) return std::nullopt;
  std::string text;
  for (const boost::json::value& part : content->as_array()) {
    if (!part.is_object()) continue;
    const boost::json::value* t = part.as_object().if_contains("text");
    if (t && t->is_string()) text += t->as_string();
  }
  return text;
}

}  // namespace

std::string PhotoForProvider(std::string_view photo, const DetectedType& type, int max_side) {
  cv::Mat rgb = DecodeImage(photo, type, ReadExif(photo).orientation);
  int longer = std::max(rgb.cols, rgb.rows);
  if (longer > max_side) {
    double scale = double(max_side) / longer;
    cv::Mat smaller;
    cv::resize(rgb, smaller, cv::Size(), scale, scale, cv::INTER_AREA);
    rgb = smaller;
  }
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 85});
  return std::string(jpeg.begin(), jpeg.end());
}

OpenAiVisionDescriber::OpenAiVisionDescriber(RemoteProviderSettings settings, VisionOptions options)
    : settings_(std::move(settings)), options_(std::move(options)) {}

std::string OpenAiVisionDescriber::Describe(std::string_view photo, const DetectedType& type) {
  const std::string jpeg = PhotoForProvider(photo, type, options_.max_side);
  boost::json::object text_part{{"type", "text"}, {"text", options_.prompt}};
  boost::json::object image_part{
      {"type", "image_url"},
      {"image_url", boost::json::object{{"url", "data:image/jpeg;base64," + Base64Encode(jpeg)}}}};
  boost::json::object message{{"role", "user"},
                              {"content", boost::json::array{text_part, image_part}}};
  boost::json::object request{{"model", settings_.model},
                              {"max_tokens", options_.max_tokens},
                              {"messages", boost::json::array{message}}};
  std::string answer = PostToProvider(settings_, "/chat/completions", "application/json",
                                      boost::json::serialize(request), "vision");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(answer, ec);
  std::optional<std::string> content = ec ? std::nullopt : ContentOf(v);
  if (!content) {
    throw ApiError(ErrorKind::kUnavailable,
                   "the vision provider's answer has no choices[0].message.content");
  }
  return *content;
}

}  // namespace chronotrail::media
