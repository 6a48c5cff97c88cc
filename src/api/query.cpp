// /api/v1/query: questions in plain English about the user's own timeline.
#include <boost/json.hpp>

#include "api/json_fields.h"
#include "api/routes.h"
#include "api/usage_headers.h"
#include "core/json_writer.h"

namespace chronotrail::api {
namespace {

QueryInput ReadQueryInput(const Request& req) {
  boost::json::object body = req.json_body();
  QueryInput in;
  JsonFields f(body, in.errors);
  in.query = ValueOf(f.String("query"));
  in.session_id = ValueOf(f.String("session_id"));
  in.timezone = ValueOf(f.String("timezone"));
  return in;
}

void WritePlace(JsonWriter& w, const Place& p) {
  if (!p.coordinates && !p.address && p.names.empty()) {
    w.Null();
    return;
  }
  w.BeginObject();
  if (p.coordinates) {
    w.Key("longitude").Double(p.coordinates->longitude);
    w.Key("latitude").Double(p.coordinates->latitude);
  } else {
    w.Key("longitude").Null().Key("latitude").Null();
  }
  w.Key("address").Optional(p.address).Key("names").BeginArray();
  for (const std::string& n : p.names) w.String(n);
  w.EndArray().EndObject();
}

void WriteOptionalTime(JsonWriter& w, const char* key, const std::optional<Micros>& t) {
  w.Key(key);
  if (t) {
    w.Time(*t);
  } else {
    w.Null();
  }
}

std::string Encode(const QueryAnswer& a) {
  JsonWriter w(2048);
  w.BeginObject().Key("answer").String(a.answer).Key("sources").BeginArray();
  for (const QuerySource& s : a.sources) {
    w.BeginObject().Key("id").String(s.id).Key("type").String(s.type);
    w.Key("content").String(s.content).Key("timestamp").Time(s.timestamp);
    w.Key("score").Double(s.score).Key("location");
    WritePlace(w, s.place);
    w.EndObject();
  }
  w.EndArray().Key("media_references").BeginArray();
  for (const MediaReference& m : a.media) {
    w.BeginObject().Key("media_id").String(m.media_id).Key("media_type").String(m.media_type);
    w.Key("description").String(m.description).Key("timestamp").Time(m.timestamp);
    w.Key("location");
    WritePlace(w, m.place);
    w.EndObject();
  }
  w.EndArray();
  w.Key("session_id").String(a.session_id).Key("timestamp").Time(a.timestamp);
  const QueryInterpretation& i = a.interpretation;
  w.Key("interpretation").BeginObject().Key("time_range").BeginObject();
  WriteOptionalTime(w, "from", i.scope.from);
  WriteOptionalTime(w, "to", i.scope.to);
  w.Key("text").String(i.scope.time_text).EndObject();
  w.Key("places").BeginArray();
  for (const std::string& p : i.scope.places) w.String(p);
  w.EndArray().Key("types").BeginArray();
  for (const std::string& t : i.types) w.String(t);
  w.EndArray().Key("intent").String(i.intent).Key("keywords").BeginArray();
  for (const std::string& k : i.scope.keywords) w.String(k);
  w.EndArray().Key("timezone").String(i.timezone);
  WriteOptionalTime(w, "history_limited_to", i.scope.history_cut);
  w.EndObject().EndObject();
  return w.Take();
}

}  // namespace

void AddQueryRoutes(http::Router& router, const Services& s) {
  const QueryService& query = s.query;
  // The original clients post to "/query/"; both spellings answer.
  for (const char* path : {"/api/v1/query", "/api/v1/query/"}) {
    router.Add(verb::post, path, Access::kAuthenticated, [&query](Request& req) {
      Counted<QueryAnswer> answered = query.Ask(req.user(), ReadQueryInput(req));
      return WithUsage(Response::JsonText(200, Encode(answered.value)), answered.usage);
    });
  }
}

}  // namespace chronotrail::api
