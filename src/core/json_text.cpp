#include "core/json_text.h"

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

namespace chronotrail {
namespace {

void AppendString(boost::json::string_view s, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 15]);
        } else {
          out.push_back(ch);  // input was validated UTF-8 by the parser or is our own
        }
    }
  }
  out.push_back('"');
}

template <class T>
void AppendNumber(T v, std::string& out) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, end);
}

}  // namespace

void AppendJsonText(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: AppendNumber(v.get_int64(), out); break;
    case boost::json::kind::uint64: AppendNumber(v.get_uint64(), out); break;
    case boost::json::kind::double_:
      if (std::isfinite(v.get_double())) {
        AppendNumber(v.get_double(), out);
      } else {
        out += "null";
      }
      break;
    case boost::json::kind::string: AppendString(v.get_string(), out); break;
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonText(item, out);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        AppendString(kv.key(), out);
        out.push_back(':');
        AppendJsonText(kv.value(), out);
      }
      out.push_back('}');
      break;
    }
  }
}

std::string ToJsonText(const boost::json::value& value) {
  std::string out;
  out.reserve(256);
  AppendJsonText(value, out);
  return out;
}

}  // namespace chronotrail
