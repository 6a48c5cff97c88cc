// Request targets: the path and query string of every request. Input: the request target. It
// reaches our code as it does in the server: Beast parses the request line (so only targets Beast
// accepts get further), Router::Find matches the path against the API's route patterns and
// decodes path parameters with Boost.URL, and ReadListQuery reads the list parameters through
// Request::query (Boost.URL's query parser). ApiError is the expected way to reject a target.
#include <boost/beast/http.hpp>
#include <cstdint>
#include <string>

#include "api/list_params.h"
#include "core/error.h"
#include "fuzz_input.h"
#include "http/router.h"

namespace {

using namespace chronotrail;
using fuzz::Check;
namespace beast_http = http::beast_http;

// The shapes of the API's routes (src/api): literal segments and {parameters}.
const http::Router& Routes() {
  static const http::Router router = [] {
    http::Router r;
    auto ok = [](http::Request&) { return http::Response::NoContent(); };
    for (const char* pattern :
         {"/", "/health", "/health/ready", "/metrics", "/docs", "/openapi.json", "/api/v1",
          "/api/v1/auth/me", "/api/v1/usage", "/api/v1/locations", "/api/v1/locations/{id}",
          "/api/v1/notes", "/api/v1/notes/{id}", "/api/v1/media/{id}", "/api/v1/media/{id}/info",
          "/api/v1/media/{id}/content", "/api/v1/admin/users/{id}"}) {
      r.Add(beast_http::verb::get, pattern, http::Access::kAuthenticated, ok);
      r.Add(beast_http::verb::delete_, pattern, http::Access::kAuthenticated, ok);
    }
    return r;
  }();
  return router;
}

void CheckMatch(const http::Match& match, std::string_view path) {
  if (!match.route) return;
  Check(!path.empty() && path.front() == '/', "a route matched a path without a leading '/'");
  for (const auto& [name, value] : match.params) {
    Check(!name.empty() && !value.empty(), "a route matched with an empty parameter");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string message = "GET ";
  message.append(fuzz::AsText(data, size));
  message.append(" HTTP/1.1\r\nHost: fuzz\r\n\r\n");
  beast_http::request_parser<beast_http::string_body> parser;
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(message), ec);
  if (ec || !parser.is_done()) return 0;
  const http::RawRequest& raw = parser.get();
  http::Request req(raw, "fuzz");

  for (auto method : {beast_http::verb::get, beast_http::verb::head, beast_http::verb::delete_}) {
    CheckMatch(Routes().Find(method, req.path()), req.path());
  }
  try {
    ListQuery query = api::ReadListQuery(req);
    Check(query.page.page >= 1, "accepted a page below 1");
    Check(query.page.page_size >= 1 && query.page.page_size <= 100, "accepted a bad page size");
    if (query.range.from && query.range.to) {
      Check(*query.range.from <= *query.range.to, "accepted a window that ends before it starts");
    }
  } catch (const ApiError&) {
    // A malformed query string or bad list parameters: the expected rejections.
  }
  return 0;
}
