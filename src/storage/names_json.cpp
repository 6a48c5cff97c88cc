#include "storage/names_json.h"

#include <boost/json.hpp>

namespace chronotrail {

std::string EncodeNames(const std::vector<std::string>& names) {
  boost::json::array a;
  for (const std::string& n : names) a.emplace_back(n);
  return boost::json::serialize(a);
}

std::vector<std::string> DecodeNames(const std::string& json) {
  std::vector<std::string> out;
  if (json == "[]") return out;
  // Parsed into a stack buffer: this runs for every row read.
  unsigned char buffer[2048];
  boost::json::monotonic_resource memory(buffer, sizeof buffer);
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec, &memory);
  if (ec || !v.is_array()) return out;
  for (const auto& item : v.as_array()) {
    if (item.is_string()) out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace chronotrail
