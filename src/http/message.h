// The request and response types that handlers see. A Request wraps the parsed Beast message
// with what routing and authentication found out; a Response is what a handler returns.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model.h"

namespace chronotrail::http {

namespace beast_http = boost::beast::http;
using RawRequest = beast_http::request<beast_http::string_body>;

class Request {
 public:
  Request(const RawRequest& raw, std::string request_id);

  beast_http::verb method() const { return raw_.method(); }
  std::string_view method_text() const { return raw_.method_string(); }
  std::string_view path() const { return path_; }
  std::string_view body() const { return raw_.body(); }
  const std::string& request_id() const { return request_id_; }
  // Empty when the header is absent.
  std::string_view header(std::string_view name) const;

  // The first value of query parameter `name`, percent-decoded; nullopt when absent.
  // Throws ApiError(kBadRequest) for a malformed query string.
  std::optional<std::string> query(std::string_view name) const;

  // The value of path parameter `name` (e.g. "id" in /notes/{id}); empty when absent.
  const std::string& param(std::string_view name) const;
  void set_params(std::vector<std::pair<std::string, std::string>> params) {
    params_ = std::move(params);
  }

  // The authenticated caller. Only valid on routes that require authentication.
  const User& user() const { return *user_; }
  bool has_user() const { return user_.has_value(); }
  void set_user(User user) { user_ = std::move(user); }
  // Whether the caller's token carries the operator role.
  bool is_admin() const { return admin_; }
  void set_admin(bool admin) { admin_ = admin; }

  // The body as a JSON object. Throws ApiError: kUnsupportedMediaType when Content-Type is not
  // application/json, kInvalidJson when the body is not a JSON object.
  boost::json::object json_body() const;

 private:
  const RawRequest& raw_;
  std::string request_id_;
  std::string_view path_;
  std::string_view query_;
  std::vector<std::pair<std::string, std::string>> params_;
  std::optional<User> user_;
  bool admin_ = false;
};

// A body made while it is sent: each call returns the next piece, and an empty string at the end.
// Calls happen one at a time on the connection's thread and may block (database, files); a throw
// aborts the connection, since the status line has already gone out.
using BodyStream = std::function<std::string()>;

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  BodyStream stream;  // when set, replaces `body`: sent with chunked transfer encoding, or with
                      // Content-Length when stream_length says how long it will be
  std::optional<std::uint64_t> stream_length;

  static Response Json(int status, const boost::json::value& value);
  // A body that is already JSON text.
  static Response JsonText(int status, std::string json);
  static Response NoContent();
  static Response Text(int status, std::string body, std::string content_type);
};

}  // namespace chronotrail::http
