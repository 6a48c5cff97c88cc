#include "core/json_writer.h"

#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "core/time.h"

namespace chronotrail {
namespace {

// Bytes that must be escaped inside a JSON string: a table, since this is the hottest loop of
// every response.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = t['\\'] = true;
  return t;
}();

void AppendEscaped(std::string_view s, std::string& out) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    // Copy the longest run that needs no escaping in one go (input is valid UTF-8).
    const char* run = p;
    while (p < end && !kNeedsEscape[static_cast<unsigned char>(*p)]) ++p;
    out.append(run, p);
    if (p == end) break;
    unsigned char c = static_cast<unsigned char>(*p++);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
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

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) out_.push_back(',');
    has_items_.back() = true;
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_.push_back('{');
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_.push_back('[');
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  has_items_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendEscaped(key, out_);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view v) {
  BeforeValue();
  AppendEscaped(v, out_);
  return *this;
}

JsonWriter& JsonWriter::Time(Micros t) {
  BeforeValue();
  char buf[kMaxIsoTimeLength];
  out_.push_back('"');
  out_.append(buf, FormatIsoTime(t, buf));
  out_.push_back('"');
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t v) {
  BeforeValue();
  AppendNumber(v, out_);
  return *this;
}

JsonWriter& JsonWriter::Double(double v) {
  BeforeValue();
  if (std::isfinite(v)) {
    AppendNumber(v, out_);
  } else {
    out_ += "null";
  }
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  BeforeValue();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::Value(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null:
      return Null();
    case boost::json::kind::bool_:
      return Bool(v.get_bool());
    case boost::json::kind::int64:
      return Int(v.get_int64());
    case boost::json::kind::uint64:
      BeforeValue();
      AppendNumber(v.get_uint64(), out_);
      return *this;
    case boost::json::kind::double_:
      return Double(v.get_double());
    case boost::json::kind::string:
      return String(v.get_string());
    case boost::json::kind::array:
      BeginArray();
      for (const auto& item : v.get_array()) Value(item);
      return EndArray();
    case boost::json::kind::object:
      BeginObject();
      for (const auto& kv : v.get_object()) Key(kv.key()).Value(kv.value());
      return EndObject();
  }
  return *this;
}

std::string ToJsonText(const boost::json::value& value) {
  JsonWriter w;
  w.Value(value);
  return w.Take();
}

}  // namespace chronotrail
