// UploadForm: the body of POST /photos and POST /voice (multipart/form-data) as it arrives —
// the `file` part streams into a MediaUpload; the other fields (timestamp, longitude, latitude,
// address, names) are small, kept, and decoded when the body ends.
#pragma once

#include <memory>
#include <string>

#include "http/multipart.h"
#include "http/router.h"
#include "services/media.h"

namespace chronotrail::api {

class UploadForm : public http::BodySink, private http::PartHandler {
 public:
  // Starts the upload (limits are checked against the announced Content-Length here). Throws
  // ApiError for a request that is not a multipart form or cannot fit.
  UploadForm(const MediaService& media, const User& user, MediaType type, const http::Request& req);

  void Write(std::string_view bytes) override;
  http::Response Finish() override;

 private:
  void OnPartBegin(const http::PartHead& head) override;
  void OnPartData(std::string_view bytes) override;
  void OnPartEnd() override;

  // Decodes the kept text fields (names are comma-separated).
  MediaFields DecodeFields();

  const MediaService& media_;
  const User user_;
  const MediaType type_;
  std::unique_ptr<MediaUpload> upload_;
  http::MultipartReader reader_;
  std::string current_;  // the field being read ("" between parts)
  bool in_file_ = false;
  bool have_file_ = false;
  std::optional<std::string> filename_;
  std::map<std::string, std::string> fields_;
};

}  // namespace chronotrail::api
