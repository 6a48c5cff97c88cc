#include "http/router.h"

#include <boost/url/decode_view.hpp>
#include <boost/url/pct_string_view.hpp>

namespace chronotrail::http {
namespace {

std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;  // paths begin with '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

std::string Decode(std::string_view segment) {
  // Boost.URL 1.81 may read its input as a C string: hand it a terminated copy.
  std::string terminated(segment);
  auto encoded = boost::urls::make_pct_string_view(terminated);
  if (!encoded) return std::string(segment);  // not valid percent-encoding: match it literally
  boost::urls::decode_view decoded = **encoded;
  return std::string(decoded.begin(), decoded.end());
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(beast_http::verb method, std::string pattern, Access access, Handler handler) {
  Route route{method, pattern, access, std::move(handler), nullptr, {}};
  for (std::string_view s : Split(pattern)) route.segments.emplace_back(s);
  routes_.push_back(std::move(route));
}

void Router::AddUpload(beast_http::verb method, std::string pattern, Access access,
                       UploadHandler upload) {
  Add(method, std::move(pattern), access, nullptr);
  routes_.back().upload = std::move(upload);
}

Match Router::Find(beast_http::verb method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  // A trailing slash names the same resource ("/usage/" as "/usage"), as the original clients
  // send both forms.
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  std::vector<std::string_view> parts = Split(path);
  beast_http::verb wanted = method == beast_http::verb::head ? beast_http::verb::get : method;
  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool same = true;
    for (size_t i = 0; i < parts.size() && same; ++i) {
      const std::string& seg = route.segments[i];
      if (IsParam(seg)) {
        std::string value = Decode(parts[i]);
        same = !value.empty();
        params.emplace_back(seg.substr(1, seg.size() - 2), std::move(value));
      } else {
        same = seg == parts[i];
      }
    }
    if (!same) continue;
    match.allowed.emplace_back(beast_http::to_string(route.method));
    if (route.method == wanted && !match.route) {
      match.route = &route;
      match.params = std::move(params);
    }
  }
  return match;
}

}  // namespace chronotrail::http
