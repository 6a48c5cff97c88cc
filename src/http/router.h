// Router: maps (method, path) to a handler. Patterns are literal segments and `{name}`
// parameters, e.g. "/api/v1/notes/{id}". A path that matches some route but not the method is
// reported with the methods that would match (for 405 and its Allow header). HEAD is served by
// the GET route of the same path.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace chronotrail::http {

using Handler = std::function<Response(Request&)>;

// A request body consumed as it arrives (uploads) instead of being read whole first. Write gets
// the body's bytes in order; Finish runs after the last and makes the response. Either may throw
// ApiError to end the request with that error. A sink destroyed unfinished (error, client gone)
// must discard whatever it kept.
class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual void Write(std::string_view bytes) = 0;
  virtual Response Finish() = 0;
};

// Starts an upload once the request's headers (and the caller) are known: checks what can be
// checked before the body arrives, and returns the sink for the body.
using UploadHandler = std::function<std::unique_ptr<BodySink>(Request&)>;

// Who may call a route: anyone, any signed-in user, or a signed-in operator (403 for others).
enum class Access { kPublic, kAuthenticated, kAdmin };

struct Route {
  beast_http::verb method;
  std::string pattern;
  Access access;
  Handler handler;
  UploadHandler upload;               // set instead of `handler` for streamed uploads
  std::vector<std::string> segments;  // the pattern split at '/'
};

struct Match {
  const Route* route = nullptr;                             // null: no route for the method
  std::vector<std::pair<std::string, std::string>> params;  // path parameters, decoded
  std::vector<std::string> allowed;                         // methods of the path, if it exists
  bool path_exists() const { return route || !allowed.empty(); }
};

class Router {
 public:
  // Registers a route. Routes are fixed before the server starts; not thread-safe.
  void Add(beast_http::verb method, std::string pattern, Access access, Handler handler);
  // Registers a route whose body streams into a BodySink (see UploadHandler).
  void AddUpload(beast_http::verb method, std::string pattern, Access access, UploadHandler upload);

  // Finds the route for `method` and `path`. Thread-safe (read-only).
  Match Find(beast_http::verb method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace chronotrail::http
