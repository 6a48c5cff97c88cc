#include "api/encode.h"

#include <boost/json.hpp>

#include "services/auth/token_verifier.h"

namespace chronotrail::api {
namespace {

void WriteTime(JsonWriter& w, const char* key, Micros t) {
  w.Key(key).String(FormatIsoTime(t));
}

void WritePlace(JsonWriter& w, const Place& place) {
  if (place.coordinates) {
    w.Key("longitude").Double(place.coordinates->longitude);
    w.Key("latitude").Double(place.coordinates->latitude);
  } else {
    w.Key("longitude").Null().Key("latitude").Null();
  }
  w.Key("address").Optional(place.address);
  w.Key("names").BeginArray();
  for (const std::string& n : place.names) w.String(n);
  w.EndArray();
}

}  // namespace

void Write(JsonWriter& w, const User& u) {
  w.BeginObject();
  w.Key("id").String(u.id).Key("email").String(u.email);
  w.Key("display_name").Optional(u.display_name);
  w.Key("subscription_tier").String(TierName(u.tier));
  w.Key("subscription_expires_at");
  if (u.subscription_expires_at) {
    w.Time(*u.subscription_expires_at);
  } else {
    w.Null();
  }
  w.Key("timezone").Optional(u.timezone);
  w.Key("oauth_provider").String(u.auth_issuer == kLocalIssuer ? "local" : u.auth_issuer);
  w.Key("profile_picture_url").Null();
  WriteTime(w, "created_at", u.created_at);
  WriteTime(w, "updated_at", u.updated_at);
  w.EndObject();
}

void Write(JsonWriter& w, const Visit& v) {
  w.BeginObject();
  w.Key("id").String(v.id).Key("user_id").String(v.user_id);
  WritePlace(w, v.place);
  WriteTime(w, "visit_time", v.visit_time);
  w.Key("duration").Optional(v.duration_minutes);
  w.Key("description").Optional(v.description);
  WriteTime(w, "created_at", v.created_at);
  WriteTime(w, "updated_at", v.updated_at);
  w.EndObject();
}

void Write(JsonWriter& w, const Note& n) {
  w.BeginObject();
  w.Key("id").String(n.id).Key("user_id").String(n.user_id);
  w.Key("text_content").String(n.text);
  WriteTime(w, "timestamp", n.timestamp);
  WritePlace(w, n.place);
  WriteTime(w, "created_at", n.created_at);
  WriteTime(w, "updated_at", n.updated_at);
  w.EndObject();
}

void Write(JsonWriter& w, const Media& m) {
  w.BeginObject();
  w.Key("id").String(m.id).Key("user_id").String(m.user_id);
  w.Key("file_type").String(MediaTypeName(m.type));
  w.Key("content_type").String(m.content_type);
  w.Key("original_filename").Optional(m.original_filename);
  w.Key("file_size").Int(m.file_size);
  w.Key("sha256").String(m.sha256);
  WriteTime(w, "timestamp", m.timestamp);
  w.Key("location");
  if (m.place.coordinates || m.place.address || !m.place.names.empty()) {
    w.BeginObject();
    WritePlace(w, m.place);
    w.EndObject();
  } else {
    w.Null();
  }
  w.Key("processing_status").String(ProcessingStatusName(m.status));
  w.Key("error_details").Optional(m.error_details);
  w.Key("extracted_text").String(m.text);
  w.Key("description").Optional(m.description);
  boost::system::error_code ec;
  boost::json::value facts = boost::json::parse(m.facts_json, ec);
  w.Key("metadata").Value(ec ? boost::json::value(boost::json::object()) : facts);
  WriteTime(w, "created_at", m.created_at);
  WriteTime(w, "updated_at", m.updated_at);
  w.EndObject();
}

}  // namespace chronotrail::api
