#include "aws/json_service.h"

#include <boost/json.hpp>

namespace chronotrail::aws {
namespace {

constexpr const char* kContentType = "application/x-amz-json-1.1";

// The string member `key` of `object`, or "".
std::string StringField(const boost::json::object& object, const char* key) {
  const boost::json::value* v = object.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : "";
}

// AWS JSON errors are {"__type": "[namespace#]Type", "message" | "Message": text}.
ServiceError ErrorOf(const std::string& service, const net::HttpResponse& response) {
  std::string type;
  std::string message;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(response.body, ec);
  if (!ec && v.is_object()) {
    type = StringField(v.as_object(), "__type");
    message = StringField(v.as_object(), "message");
    if (message.empty()) message = StringField(v.as_object(), "Message");
  }
  if (type.empty()) type = response.Header("x-amzn-errortype").value_or("");
  type = type.substr(type.find('#') + 1);  // npos + 1 == 0: kept whole
  type = type.substr(0, type.find(':'));   // the header may carry ":http://..." after it
  std::string text = service;
  text.append(" answered ").append(std::to_string(response.status));
  if (!type.empty()) text.append(" ").append(type);
  if (!message.empty()) text.append(": ").append(message);
  return ServiceError(type, response.status, text);
}

std::string Capitalised(std::string name) {
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

}  // namespace

JsonService::JsonService(JsonServiceOptions options,
                         std::shared_ptr<CredentialProvider> credentials, const Clock& clock)
    : options_(std::move(options)) {
  name_ = Capitalised(options_.service) + " (" + options_.region + ")";
  if (options_.region.empty()) throw ApiError(ErrorKind::kUnavailable, name_ + " needs a region");
  if (!credentials) throw ApiError(ErrorKind::kUnavailable, name_ + " needs AWS credentials");
  call_.endpoint = ResolveEndpoint(options_.service + "." + options_.region + ".amazonaws.com",
                                   options_.endpoint_url, name_);
  call_.scope = {options_.region, options_.service};
  call_.credentials = std::move(credentials);
  call_.clock = &clock;
  call_.timeout_ms = options_.timeout_ms;
}

boost::json::object JsonService::Call(const std::string& operation,
                                      const boost::json::object& input) const {
  std::string target = options_.target_prefix;
  target.append(".").append(operation);
  // Every operation is a POST to "/".
  const net::HttpResponse response =
      call_.Post("/", {{"Content-Type", kContentType}, {"X-Amz-Target", std::move(target)}},
                 boost::json::serialize(input));
  if (response.status != 200) throw ErrorOf(name_, response);
  boost::system::error_code ec;
  boost::json::value answer = boost::json::parse(response.body, ec);
  if (ec || !answer.is_object()) {
    throw ApiError(ErrorKind::kUnavailable,
                   name_ + " answered " + operation + " with something not JSON");
  }
  return std::move(answer.as_object());
}

}  // namespace chronotrail::aws
