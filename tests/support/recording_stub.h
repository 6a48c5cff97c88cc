#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "support/loopback_http_server.h"

namespace chronotrail::testing {

// The stub of a remote provider: a LoopbackHttpServer that keeps every request it receives (for
// the test to check the exact wire format) and answers each with `answer(request)`.
struct RecordingStub {
  using Request = LoopbackHttpServer::Request;
  using Response = LoopbackHttpServer::Response;

  explicit RecordingStub(std::function<Response(const Request&)> answer)
      : server([this, answer](const Request& r) {
          std::lock_guard<std::mutex> lock(mu);
          requests.push_back(r);
          return answer(r);
        }) {}

  // A copy of the requests so far (the stub may still be receiving).
  std::vector<Request> Requests() {
    std::lock_guard<std::mutex> lock(mu);
    return requests;
  }

  std::mutex mu;
  std::vector<Request> requests;
  LoopbackHttpServer server;
};

// A request header's value ("" when absent); `name` lower-case.
inline std::string HeaderOf(const LoopbackHttpServer::Request& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

}  // namespace chronotrail::testing
