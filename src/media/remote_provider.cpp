#include "media/remote_provider.h"

#include <openssl/evp.h>

#include <boost/json.hpp>

#include "core/error.h"
#include "net/http_fetch.h"

namespace chronotrail::media {
namespace {

std::string HostOf(const std::string& url) {
  std::size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return url.substr(start, url.find('/', start) - start);
}

// The provider's own explanation, when its error body is {"error": {"message": ...}} (or a
// string there), so an operator sees "invalid api key" rather than only a status.
std::string ProviderMessage(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const boost::json::value* error = v.as_object().if_contains("error");
  if (!error) return "";
  if (error->is_string()) return std::string(error->as_string());
  if (error->is_object()) {
    if (const boost::json::value* m = error->as_object().if_contains("message");
        m && m->is_string())
      return std::string(m->as_string());
  }
  return "";
}

}  // namespace

std::string PostToProvider(const RemoteProviderSettings& settings, const std::string& path,
                           const std::string& content_type, std::string body, const char* what) {
  net::HttpRequest request;
  request.method = "POST";
  std::string base = settings.base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  request.url = base + path;
  request.headers.emplace_back("Content-Type", content_type);
  request.headers.emplace_back("Accept", "application/json");
  if (!settings.api_key.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + settings.api_key);
  }
  request.body = std::move(body);
  request.timeout_ms = settings.timeout_ms;
  net::HttpResponse response = net::HttpFetch(request);
  if (response.status < 200 || response.status > 299) {
    std::string message = ProviderMessage(response.body);
    throw ApiError(ErrorKind::kUnavailable,
                   std::string("the ") + what + " provider " + HostOf(request.url) + " answered " +
                       std::to_string(response.status) + (message.empty() ? "" : ": " + message));
  }
  return std::move(response.body);
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
  out.resize(std::size_t(n));
  return out;
}

}  // namespace chronotrail::media
