#include "http/message.h"

#include <boost/json.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>

#include "core/error.h"
#include "core/json_writer.h"

namespace chronotrail::http {

Request::Request(const RawRequest& raw, std::string request_id)
    : raw_(raw), request_id_(std::move(request_id)) {
  std::string_view target = raw_.target();
  size_t q = target.find('?');
  path_ = target.substr(0, q);
  if (q != std::string_view::npos) query_ = target.substr(q + 1);
}

std::string_view Request::header(std::string_view name) const {
  auto it = raw_.find(name);
  if (it == raw_.end()) return {};
  return it->value();
}

std::optional<std::string> Request::query(std::string_view name) const {
  if (query_.empty()) return std::nullopt;
  // Boost.URL 1.81's parse_query reads its argument with strlen(): give it a terminated copy.
  std::string terminated(query_);
  auto parsed = boost::urls::parse_query(terminated);
  if (!parsed) throw ApiError(ErrorKind::kBadRequest, "Malformed query string");
  for (auto param : *parsed) {
    // '+' stays a plus sign: times with offsets ("+01:00") arrive unencoded from many clients.
    if (param.key.decode() == name) return param.has_value ? param.value.decode() : std::string();
  }
  return std::nullopt;
}

const std::string& Request::param(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [key, value] : params_) {
    if (key == name) return value;
  }
  return kEmpty;
}

namespace {

// A NUL character in a string: valid JSON, but no text of ours has one, PostgreSQL cannot store
// one in text (libpq would cut the string there), and C libraries downstream would see the text
// end early. Refused at the door so that every store keeps exactly what it was sent.
bool ContainsNul(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::string:
      return v.get_string().find('\0') != boost::json::string::npos;
    case boost::json::kind::array:
      for (const boost::json::value& item : v.get_array()) {
        if (ContainsNul(item)) return true;
      }
      return false;
    case boost::json::kind::object:
      for (const auto& [key, item] : v.get_object()) {
        if (key.find('\0') != std::string_view::npos || ContainsNul(item)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

boost::json::object Request::json_body() const {
  std::string_view type = header("Content-Type");
  std::string_view media = type.substr(0, type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media.size() != 16 || !std::equal(media.begin(), media.end(), "application/json",
                                        [](char a, char b) { return std::tolower(a) == b; })) {
    throw ApiError(ErrorKind::kUnsupportedMediaType, "The body must be application/json");
  }
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 32;
  boost::json::value v = boost::json::parse(body(), ec, {}, options);
  if (ec) throw ApiError(ErrorKind::kInvalidJson, "The body is not valid JSON: " + ec.message());
  if (!v.is_object()) throw ApiError(ErrorKind::kInvalidJson, "The body must be a JSON object");
  if (ContainsNul(v)) {
    throw ApiError(ErrorKind::kInvalidJson, "The body's strings must not contain \\u0000");
  }
  return std::move(v.as_object());
}

Response Response::Json(int status, const boost::json::value& value) {
  Response r;
  r.status = status;
  r.body = ToJsonText(value);
  return r;
}

Response Response::JsonText(int status, std::string json) {
  Response r;
  r.status = status;
  r.body = std::move(json);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

}  // namespace chronotrail::http
