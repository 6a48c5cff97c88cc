#include "http/multipart.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"

namespace chronotrail::http {
namespace {

ApiError Malformed(const std::string& why) {
  return ApiError(ErrorKind::kBadRequest, "Malformed multipart body: " + why);
}

// ASCII case-insensitive equality. Not beast::iequals: Boost 1.81's reads one byte past the end of
// its arguments when they differ only in case, which is out of bounds for a view into a buffer.
bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads `name=value` parameters after the first ';' of a header value; values may be quoted
// (with backslash escapes). Calls `on(name_lower, value)` for each.
template <class F>
void ForEachParameter(std::string_view value, F on) {
  size_t i = value.find(';');
  while (i != std::string_view::npos && i < value.size()) {
    ++i;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    size_t eq = value.find('=', i);
    if (eq == std::string_view::npos) return;
    std::string name(Trim(value.substr(i, eq - i)));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    i = eq + 1;
    std::string v;
    if (i < value.size() && value[i] == '"') {
      ++i;
      while (i < value.size() && value[i] != '"') {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        v += value[i++];
      }
      i = value.find(';', i);
    } else {
      size_t end = value.find(';', i);
      v = std::string(Trim(value.substr(i, end == std::string_view::npos ? end : end - i)));
      i = end;
    }
    on(name, v);
  }
}

// RFC 5987 ext-value: charset'language'percent-encoded. UTF-8 only; nullopt otherwise.
std::optional<std::string> DecodeExtValue(std::string_view v) {
  size_t q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  size_t q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos || !IEquals(v.substr(0, q1), "utf-8")) {
    return std::nullopt;
  }
  std::string out;
  for (size_t i = q2 + 1; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += v[i];
    }
  }
  return out;
}

}  // namespace

std::string MultipartReader::BoundaryOf(std::string_view content_type) {
  std::string_view type = Trim(content_type.substr(0, content_type.find(';')));
  if (!IEquals(type, "multipart/form-data")) {
    throw ApiError(ErrorKind::kUnsupportedMediaType,
                   "Content-Type must be multipart/form-data with the file in a part named "
                   "'file'");
  }
  std::string boundary;
  ForEachParameter(content_type, [&](const std::string& name, const std::string& value) {
    if (name == "boundary") boundary = value;
  });
  // RFC 2046: 1 to 70 characters.
  if (boundary.empty() || boundary.size() > 70) {
    throw Malformed("the Content-Type has no valid boundary");
  }
  return boundary;
}

MultipartReader::MultipartReader(std::string_view boundary, PartHandler& handler)
    : handler_(handler), delimiter_("\r\n--" + std::string(boundary)) {
  // The first boundary may open the body without a line break before it: pretend there was one.
  buffer_ = "\r\n";
}

void MultipartReader::Feed(std::string_view bytes) {
  if (state_ == State::kEpilogue) return;
  buffer_.append(bytes);
  while (Step()) {
  }
}

void MultipartReader::Finish() {
  if (state_ != State::kEpilogue) throw Malformed("the body ended before the closing boundary");
}

bool MultipartReader::Step() {
  switch (state_) {
    case State::kPreamble: {
      size_t at = buffer_.find(delimiter_);
      if (at == std::string::npos) {
        // Keep only what could still be the start of a delimiter.
        if (buffer_.size() >= delimiter_.size())
          buffer_.erase(0, buffer_.size() - delimiter_.size());
        return false;
      }
      buffer_.erase(0, at + delimiter_.size());
      state_ = State::kAfterBoundary;
      return true;
    }
    case State::kAfterBoundary: {
      if (buffer_.size() < 2) return false;
      if (buffer_.compare(0, 2, "--") == 0) {
        state_ = State::kEpilogue;
        buffer_.clear();
        return false;
      }
      // Transport padding (spaces) may follow a boundary before its line break.
      size_t eol = buffer_.find("\r\n");
      if (eol == std::string::npos) {
        if (buffer_.size() > 256) throw Malformed("no line break after a boundary");
        return false;
      }
      if (!Trim(std::string_view(buffer_).substr(0, eol)).empty()) {
        throw Malformed("unexpected bytes after a boundary");
      }
      buffer_.erase(0, eol + 2);
      state_ = State::kHeaders;
      return true;
    }
    case State::kHeaders: {
      size_t end = buffer_.find("\r\n\r\n");
      // A part with no headers at all starts directly with the blank line.
      if (buffer_.compare(0, 2, "\r\n") == 0) end = 0;
      if (end == std::string::npos) {
        if (buffer_.size() > kMaxPartHeaderBytes) throw Malformed("part headers are too long");
        return false;
      }
      if (end > kMaxPartHeaderBytes) throw Malformed("part headers are too long");
      ParseHeaders(std::string_view(buffer_).substr(0, end));
      buffer_.erase(0, end == 0 ? 2 : end + 4);
      state_ = State::kBody;
      return true;
    }
    case State::kBody: {
      size_t at = buffer_.find(delimiter_);
      if (at == std::string::npos) {
        // Everything except a tail that might be the start of the delimiter is part data.
        if (buffer_.size() >= delimiter_.size()) {
          size_t safe = buffer_.size() - (delimiter_.size() - 1);
          handler_.OnPartData(std::string_view(buffer_).substr(0, safe));
          buffer_.erase(0, safe);
        }
        return false;
      }
      if (at > 0) handler_.OnPartData(std::string_view(buffer_).substr(0, at));
      handler_.OnPartEnd();
      buffer_.erase(0, at + delimiter_.size());
      state_ = State::kAfterBoundary;
      return true;
    }
    case State::kEpilogue:
      return false;
  }
  return false;
}

void MultipartReader::ParseHeaders(std::string_view block) {
  PartHead head;
  bool form_data = false;
  while (!block.empty()) {
    size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) throw Malformed("a part header has no ':'");
    std::string_view name = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (IEquals(name, "Content-Disposition")) {
      form_data = IEquals(Trim(value.substr(0, value.find(';'))), "form-data");
      std::optional<std::string> ext_filename;
      ForEachParameter(value, [&](const std::string& param, const std::string& v) {
        if (param == "name") head.name = v;
        if (param == "filename") head.filename = v;
        if (param == "filename*") ext_filename = DecodeExtValue(v);
      });
      if (ext_filename) head.filename = ext_filename;
    } else if (IEquals(name, "Content-Type")) {
      head.content_type = std::string(value);
    }
  }
  if (!form_data || head.name.empty()) {
    throw Malformed("every part needs 'Content-Disposition: form-data; name=…'");
  }
  handler_.OnPartBegin(head);
}

}  // namespace chronotrail::http
