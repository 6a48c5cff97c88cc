// multipart/form-data bodies as browsers and phone apps send uploads (RFC 7578): text fields and
// files, each a part with its Content-Disposition, between boundary lines.
//
//   MultipartBody form;
//   form.Field("timestamp", "2024-03-12T09:14:00Z").File("file", "receipt.jpg", "image/jpeg",
//   bytes); client.send(http::verb::post, "/api/v1/photos", form.body(), {{"Content-Type",
//               form.content_type()}});
//
// A file too large to hold in memory is sent as FileHead(...), then its bytes, then Tail().
#pragma once

#include <string>
#include <string_view>

namespace chronotrail::testing {

class MultipartBody {
 public:
  MultipartBody();

  MultipartBody& Field(std::string_view name, std::string_view value);
  // A file part; `filename` may hold any UTF-8 (it goes out as the raw bytes, as browsers send it).
  MultipartBody& File(std::string_view name, std::string_view filename,
                      std::string_view content_type, std::string_view bytes);

  // "multipart/form-data; boundary=…"
  std::string content_type() const;
  // Every part added so far and the closing boundary.
  std::string body() const;

  // The parts added so far and the head of one more file part, whose bytes the caller sends next
  // and follows with Tail().
  std::string FileHead(std::string_view name, std::string_view filename,
                       std::string_view content_type) const;
  // What ends a body after the bytes of the file begun by FileHead: the closing boundary.
  std::string Tail() const;

  const std::string& boundary() const { return boundary_; }

 private:
  std::string boundary_;
  std::string parts_;  // every complete part, each starting with its boundary line
};

}  // namespace chronotrail::testing
