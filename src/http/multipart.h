// MultipartReader: a push parser for multipart/form-data bodies (RFC 7578 over RFC 2046), fed the
// body in pieces of any size as they arrive from the socket, so a file part streams on to its
// destination without ever being held whole in memory.
//
// Each part is reported as OnPartBegin (its name, file name and type), any number of OnPartData
// calls, and OnPartEnd. Part headers are limited (kMaxPartHeaderBytes) because they are buffered;
// part bodies are not. Preamble and epilogue are ignored.
//
// Errors: ApiError(kBadRequest) for a malformed body (no boundary, a part without
// Content-Disposition form-data and a name, headers too long, the body ending before the closing
// boundary). Whatever a handler throws passes through Feed/Finish unchanged.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chronotrail::http {

struct PartHead {
  std::string name;                     // the form field
  std::optional<std::string> filename;  // present for file parts (may be empty)
  std::string content_type;             // as the client declared it; "" when absent
};

class PartHandler {
 public:
  virtual ~PartHandler() = default;
  virtual void OnPartBegin(const PartHead& head) = 0;
  virtual void OnPartData(std::string_view bytes) = 0;
  virtual void OnPartEnd() = 0;
};

class MultipartReader {
 public:
  static constexpr std::size_t kMaxPartHeaderBytes = 16 * 1024;

  // The boundary parameter of a "multipart/form-data; boundary=…" Content-Type. Throws
  // ApiError(kUnsupportedMediaType) for another type, kBadRequest for a missing or invalid
  // boundary.
  static std::string BoundaryOf(std::string_view content_type);

  MultipartReader(std::string_view boundary, PartHandler& handler);

  // Parses the next bytes of the body.
  void Feed(std::string_view bytes);
  // The body has ended: throws kBadRequest unless the closing boundary was seen.
  void Finish();

 private:
  enum class State { kPreamble, kAfterBoundary, kHeaders, kBody, kEpilogue };

  // Processes what buffer_ holds; returns false when more bytes are needed.
  bool Step();
  void ParseHeaders(std::string_view block);

  PartHandler& handler_;
  std::string delimiter_;  // "\r\n--" + boundary
  std::string buffer_;     // bytes received but not yet consumed
  State state_ = State::kPreamble;
};

}  // namespace chronotrail::http
