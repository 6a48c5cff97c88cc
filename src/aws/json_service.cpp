#include "aws/json_service.h"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "aws/sigv4.h"
#include "core/digest.h"
#include "net/http_fetch.h"

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
    : options_(std::move(options)), credentials_(std::move(credentials)), clock_(clock) {
  name_ = Capitalised(options_.service) + " (" + options_.region + ")";
  if (options_.region.empty()) throw ApiError(ErrorKind::kUnavailable, name_ + " needs a region");
  if (!credentials_) throw ApiError(ErrorKind::kUnavailable, name_ + " needs AWS credentials");
  scheme_ = "https";
  host_ = options_.service + "." + options_.region + ".amazonaws.com";
  if (!options_.endpoint_url.empty()) {
    auto endpoint = boost::urls::parse_uri(options_.endpoint_url);
    if (!endpoint || (endpoint->scheme() != "http" && endpoint->scheme() != "https") ||
        endpoint->encoded_host().empty()) {
      throw ApiError(ErrorKind::kUnavailable, "the " + name_ + " endpoint is not an http(s) URL");
    }
    scheme_ = std::string(endpoint->scheme());
    host_ = std::string(endpoint->encoded_host_and_port());
  }
}

boost::json::object JsonService::Call(const std::string& operation,
                                      const boost::json::object& input) const {
  const std::string payload = boost::json::serialize(input);
  std::string target = options_.target_prefix;
  target.append(".").append(operation);
  RequestToSign to_sign;  // its path is already "/", every operation's
  to_sign.method = "POST";
  to_sign.host = host_;
  to_sign.headers = {{"Content-Type", kContentType}, {"X-Amz-Target", std::move(target)}};
  to_sign.payload_hash = Sha256Hex(payload);
  const HeaderSignature signature = SignWithHeaders(
      credentials_->Get(), {options_.region, options_.service}, to_sign, clock_.Now());

  net::HttpRequest request;
  request.method = "POST";
  request.url = scheme_ + "://" + host_ + "/";
  request.headers.emplace_back("Host", host_);
  request.headers.insert(request.headers.end(), to_sign.headers.begin(), to_sign.headers.end());
  request.headers.insert(request.headers.end(), signature.headers.begin(), signature.headers.end());
  request.body = payload;
  request.timeout_ms = options_.timeout_ms;
  const net::HttpResponse response = net::HttpFetch(request);
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
