#include "support/json_text.h"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <stdexcept>

namespace chronotrail::testing {
namespace {

void Append(const boost::json::value& value, std::string& out) {
  switch (value.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : value.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::string(key));
        out += ':';
        Append(member, out);
      }
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const boost::json::value& item : value.get_array()) {
        if (!first) out += ',';
        first = false;
        Append(item, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::double_: {
      // The shortest fixed-point text that reads back as the same double.
      char text[400];
      auto [end, ec] =
          std::to_chars(text, text + sizeof text, value.get_double(), std::chars_format::fixed);
      if (ec != std::errc()) throw std::runtime_error("cannot write a double as JSON");
      out.append(text, end);
      return;
    }
    default:
      out += boost::json::serialize(value);  // Strings, integers, booleans and null.
  }
}

}  // namespace

std::string ToJsonText(const boost::json::value& value) {
  std::string out;
  Append(value, out);
  return out;
}

}  // namespace chronotrail::testing
