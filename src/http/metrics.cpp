#include "http/metrics.h"

#include <cstdio>
#include <sstream>

namespace chronotrail::http {

Metrics::Metrics() : started_(SystemClock::Instance().Now()) {}

void Metrics::RequestFinished(const std::string& method, const std::string& route, int status,
                              double seconds) {
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  std::lock_guard lock(mu_);
  Series& s = series_[{method, route, status}];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

std::string Metrics::Render() const {
  std::ostringstream out;
  out << "# HELP chronotrail_build_info Version of the running server.\n"
         "# TYPE chronotrail_build_info gauge\n"
         "chronotrail_build_info{version=\"" CHRONOTRAIL_VERSION "\"} 1\n";
  double uptime = double(SystemClock::Instance().Now() - started_) / kMicrosPerSecond;
  out << "# HELP chronotrail_uptime_seconds Seconds since the server started.\n"
         "# TYPE chronotrail_uptime_seconds gauge\n"
         "chronotrail_uptime_seconds "
      << uptime << "\n";
  out << "# HELP chronotrail_http_requests_in_flight Requests being served now.\n"
         "# TYPE chronotrail_http_requests_in_flight gauge\n"
         "chronotrail_http_requests_in_flight "
      << in_flight_.load(std::memory_order_relaxed) << "\n";

  std::lock_guard lock(mu_);
  out << "# HELP chronotrail_http_requests_total Requests served, by route and status.\n"
         "# TYPE chronotrail_http_requests_total counter\n";
  for (const auto& [key, s] : series_) {
    const auto& [method, route, status] = key;
    out << "chronotrail_http_requests_total{method=\"" << method << "\",route=\"" << route
        << "\",status=\"" << status << "\"} " << s.count << "\n";
  }
  out << "# HELP chronotrail_http_request_duration_seconds Time to serve a request.\n"
         "# TYPE chronotrail_http_request_duration_seconds histogram\n";
  for (const auto& [key, s] : series_) {
    const auto& [method, route, status] = key;
    std::string labels = "method=\"" + method + "\",route=\"" + route + "\",status=\"" +
                         std::to_string(status) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << "chronotrail_http_request_duration_seconds_bucket{" << labels << ",le=\""
          << kBuckets[i] << "\"} " << s.buckets[i] << "\n";
    }
    out << "chronotrail_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
        << s.count << "\n";
    out << "chronotrail_http_request_duration_seconds_sum{" << labels << "} " << s.sum << "\n";
    out << "chronotrail_http_request_duration_seconds_count{" << labels << "} " << s.count << "\n";
  }
  return out.str();
}

}  // namespace chronotrail::http
