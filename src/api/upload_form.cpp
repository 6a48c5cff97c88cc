#include "api/upload_form.h"

#include <boost/json.hpp>
#include <charconv>

#include "api/encode.h"
#include "api/usage_headers.h"
#include "core/error.h"

namespace chronotrail::api {
namespace {

// Text fields are small; a larger one is not what the form is for.
constexpr size_t kMaxFieldBytes = 16 * 1024;

std::optional<std::uint64_t> ContentLength(const http::Request& req) {
  std::string_view v = req.header("Content-Length");
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (v.empty() || ec != std::errc() || end != v.data() + v.size()) return std::nullopt;
  return n;
}

std::optional<double> ParseNumber(const std::string& text) {
  std::string t = Trim(text);
  double v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
  return v;
}

// The `message` of the upload response: what happened, and the start of the text found.
// (Built by appending: GCC 12 warns falsely on chains of string concatenation here.)
std::string UploadMessage(const MediaUploaded& up) {
  const Media& m = up.media;
  std::string msg = m.type == MediaType::kVoice ? "Voice recording" : "Photo";
  if (up.duplicate) return msg.append(" was already uploaded; returning the earlier copy");
  switch (m.status) {
    case ProcessingStatus::kCompleted: {
      const std::string& text = m.text.empty() ? m.description.value_or(std::string()) : m.text;
      msg.append(" uploaded and processed successfully.");
      if (!text.empty()) {
        msg.append(" ").append(text, 0, 100);
        if (text.size() > 100) msg.append("...");
      }
      return msg;
    }
    case ProcessingStatus::kFailed:
      return msg.append(" uploaded, but processing failed");
    default:
      return msg.append(" uploaded; processing continues (see GET /api/v1/media/")
          .append(m.id)
          .append("/info)");
  }
}

}  // namespace

UploadForm::UploadForm(const MediaService& media, const User& user, MediaType type,
                       const http::Request& req)
    : media_(media),
      user_(user),
      type_(type),
      reader_(http::MultipartReader::BoundaryOf(req.header("Content-Type")), *this) {
  upload_ = media_.BeginUpload(user_, type_, ContentLength(req));
}

void UploadForm::Write(std::string_view bytes) {
  reader_.Feed(bytes);
}

void UploadForm::OnPartBegin(const http::PartHead& head) {
  current_ = head.name;
  in_file_ = head.name == "file";
  if (in_file_) {
    if (have_file_) throw ApiError(ErrorKind::kBadRequest, "Send one file per upload");
    have_file_ = true;
    filename_ = head.filename;
  } else {
    fields_[current_];  // present, even if empty
  }
}

void UploadForm::OnPartData(std::string_view bytes) {
  if (in_file_) return upload_->Write(bytes);
  std::string& value = fields_[current_];
  if (value.size() + bytes.size() > kMaxFieldBytes) {
    throw ApiError(ErrorKind::kBadRequest, "Form field '" + current_ + "' is too long");
  }
  value.append(bytes);
}

void UploadForm::OnPartEnd() {
  current_.clear();
  in_file_ = false;
}

MediaFields UploadForm::DecodeFields() {
  MediaFields f;
  f.filename = filename_;
  if (filename_ && !IsPlainText(*filename_)) {
    f.errors.Add("file", "has a name that is not UTF-8 text");
  }
  for (const auto& [name, value] : fields_) {
    if (!IsPlainText(value)) f.errors.Add(name, "must be UTF-8 text without NUL");
  }
  auto field = [&](const char* name) -> const std::string* {
    auto it = fields_.find(name);
    return it == fields_.end() || Trim(it->second).empty() ? nullptr : &it->second;
  };
  if (const std::string* t = field("timestamp")) {
    f.timestamp = ParseIsoTime(Trim(*t));
    if (!f.timestamp) f.errors.Add("timestamp", "must be an ISO-8601 time");
  }
  for (const char* name : {"longitude", "latitude"}) {
    if (const std::string* v = field(name)) {
      std::optional<double> n = ParseNumber(*v);
      if (!n) f.errors.Add(name, "must be a number");
      (std::string_view(name) == "longitude" ? f.place.longitude : f.place.latitude) = n;
    }
  }
  if (const std::string* a = field("address")) f.place.address = Trim(*a);
  if (const std::string* n = field("names")) {
    std::vector<std::string> names;
    size_t start = 0;
    while (start <= n->size()) {
      size_t comma = n->find(',', start);
      if (comma == std::string::npos) comma = n->size();
      std::string item = Trim(std::string_view(*n).substr(start, comma - start));
      if (!item.empty()) names.push_back(std::move(item));
      start = comma + 1;
    }
    f.place.names = std::move(names);
  }
  return f;
}

http::Response UploadForm::Finish() {
  reader_.Finish();
  if (!have_file_) {
    FieldErrors errors;
    errors.Add("file", "is required");
    errors.ThrowIfAny();
  }
  MediaUploaded up = media_.CompleteUpload(user_, type_, *upload_, DecodeFields());
  const Media& m = up.media;
  JsonWriter w;
  w.BeginObject();
  w.Key("file_id").String(m.id);
  w.Key("file_type").String(MediaTypeName(m.type));
  w.Key("file_size").Int(m.file_size);
  w.Key("processing_status").String(ProcessingStatusName(m.status));
  w.Key("message").String(UploadMessage(up));
  w.Key("error_details").Optional(m.error_details);
  w.Key("duplicate").Bool(up.duplicate);
  w.Key("media");
  api::Write(w, m);
  w.EndObject();
  http::Response res = http::Response::JsonText(up.duplicate ? 200 : 201, w.Take());
  if (up.usage) res = WithUsage(std::move(res), *up.usage);
  return res;
}

}  // namespace chronotrail::api
