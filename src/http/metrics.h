// Metrics: request counts and latency histograms by route and status, requests in flight,
// uptime and build information, rendered in the Prometheus text exposition format.
// Routes are recorded by pattern ("/api/v1/notes/{id}"), never by raw path, so the number of
// series stays bounded whatever clients send.
#pragma once

#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

#include "core/time.h"

namespace chronotrail::http {

class Metrics {
 public:
  Metrics();

  // Thread-safe.
  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished(const std::string& method, const std::string& route, int status,
                       double seconds);

  // The whole exposition. Thread-safe.
  std::string Render() const;

 private:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    5};
  struct Series {
    std::uint64_t count = 0;
    double sum = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};
  };

  Micros started_;
  std::atomic<long> in_flight_{0};
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, Series> series_;
};

}  // namespace chronotrail::http
