#include "support/multipart_body.h"

#include <atomic>

namespace chronotrail::testing {
namespace {

// A name as a quoted-string: quote and backslash escaped with a backslash (RFC 7578 section 4.2
// allows it; the server reads quoted-strings so), line breaks percent-encoded as browsers do.
std::string QuotedName(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

MultipartBody::MultipartBody() {
  // Like a browser's: long, unlikely in any content, and different for every body.
  static std::atomic<int> counter{0};
  boundary_ = "----ChronoTrailTestBoundary7MA4YWxk" + std::to_string(++counter);
}

MultipartBody& MultipartBody::Field(std::string_view name, std::string_view value) {
  parts_ += "--" + boundary_ + "\r\nContent-Disposition: form-data; name=" + QuotedName(name) +
            "\r\n\r\n";
  parts_.append(value);
  parts_ += "\r\n";
  return *this;
}

MultipartBody& MultipartBody::File(std::string_view name, std::string_view filename,
                                   std::string_view content_type, std::string_view bytes) {
  std::string head = FileHead(name, filename, content_type);
  parts_ = std::move(head);
  parts_.append(bytes);
  parts_ += "\r\n";
  return *this;
}

std::string MultipartBody::content_type() const {
  return "multipart/form-data; boundary=" + boundary_;
}

std::string MultipartBody::body() const {
  return parts_ + "--" + boundary_ + "--\r\n";
}

std::string MultipartBody::FileHead(std::string_view name, std::string_view filename,
                                    std::string_view content_type) const {
  return parts_ + "--" + boundary_ +
         "\r\nContent-Disposition: form-data; name=" + QuotedName(name) +
         "; filename=" + QuotedName(filename) + "\r\nContent-Type: " + std::string(content_type) +
         "\r\n\r\n";
}

std::string MultipartBody::Tail() const {
  return "\r\n--" + boundary_ + "--\r\n";
}

}  // namespace chronotrail::testing
