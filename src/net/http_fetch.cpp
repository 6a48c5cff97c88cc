#include "net/http_fetch.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "core/error.h"

namespace chronotrail::net {
namespace {

// curl_global_init is not thread-safe; run it once before the first handle.
void GlobalInit() {
  static const bool done = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)done;
}

struct Transfer {
  CURL* handle = nullptr;
  const HttpRequest* request = nullptr;
  const BodySink* sink = nullptr;
  const HeadCallback* on_head = nullptr;
  HttpResponse response;
  std::string_view pending_body;  // the not-yet-sent part of request->body
  bool sink_refused = false;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response.headers.clear();  // a new response (after 100-continue or a redirect)
    t->response.status = 0;
    return line.size();
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  t->response.headers.emplace_back(Lower(line.substr(0, colon)), std::string(value));
  return line.size();
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view piece(data, size * count);
  if (t->response.status == 0) {
    // Headers are complete once the body starts: the status decides where the body goes.
    long code = 0;
    curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &code);
    t->response.status = static_cast<int>(code);
    if (t->on_head && *t->on_head && t->response.status / 100 == 2) (*t->on_head)(t->response);
  }
  if (t->sink && *t->sink && t->response.status / 100 == 2) {
    if (!(*t->sink)(piece)) {
      t->sink_refused = true;
      return 0;  // aborts the transfer
    }
  } else {
    t->response.body.append(piece);
  }
  return piece.size();
}

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t capacity = size * count;
  if (t->request->body_source) return t->request->body_source(buffer, capacity);
  size_t n = std::min(capacity, t->pending_body.size());
  std::copy_n(t->pending_body.data(), n, buffer);
  t->pending_body.remove_prefix(n);
  return n;
}

std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

HttpResponse HttpFetch(const HttpRequest& request, const BodySink& sink,
                       const HeadCallback& on_head) {
  GlobalInit();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw ApiError::Unavailable("HTTP client could not start");
  CURL* h = curl.get();

  Transfer t;
  t.handle = h;
  t.request = &request;
  t.sink = &sink;
  t.on_head = &on_head;
  t.pending_body = request.body;

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout_ms));
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);

  const bool has_body = request.body_source || !request.body.empty();
  const curl_off_t length = request.body_source ? static_cast<curl_off_t>(request.body_length)
                                                : static_cast<curl_off_t>(request.body.size());
  if (request.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET" && !has_body) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    // UPLOAD sends exactly `length` bytes from OnRead with the method set below.
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, OnRead);
    curl_easy_setopt(h, CURLOPT_READDATA, &t);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, has_body ? length : curl_off_t{0});
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  curl_slist* list = nullptr;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    list = curl_slist_append(list, line.c_str());
  }
  // No "Expect: 100-continue" round trip, and no implicit content type.
  list = curl_slist_append(list, "Expect:");
  bool has_type = std::any_of(request.headers.begin(), request.headers.end(),
                              [](const auto& hv) { return Lower(hv.first) == "content-type"; });
  if (!has_type) list = curl_slist_append(list, "Content-Type:");
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(list,
                                                                          curl_slist_free_all);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);

  CURLcode rc = curl_easy_perform(h);
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  t.response.status = static_cast<int>(code);
  if (rc != CURLE_OK) {
    std::string why =
        t.sink_refused ? "the response could not be stored" : std::string(curl_easy_strerror(rc));
    throw ApiError(ErrorKind::kUnavailable, HostOf(request.url) + ": " + why);
  }
  return std::move(t.response);
}

}  // namespace chronotrail::net
