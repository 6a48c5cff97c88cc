// Names of the question enums and the JSON view of a Question (for the CLI and tests).
#include <boost/json.hpp>

#include "nlp/question.h"

namespace chronotrail::nlp {
namespace {

const char* PlaceKindName(PlaceKind kind) {
  switch (kind) {
    case PlaceKind::kPhrase:
      return "phrase";
    case PlaceKind::kKnown:
      return "known";
    case PlaceKind::kCity:
      return "city";
    case PlaceKind::kCountry:
      return "country";
  }
  return "phrase";
}

boost::json::array Strings(const std::vector<std::string>& list) {
  boost::json::array out;
  for (const std::string& s : list) out.emplace_back(s);
  return out;
}

boost::json::object PlaceJson(const PlaceMatch& m) {
  boost::json::object o;
  o["text"] = m.text;
  o["kind"] = PlaceKindName(m.kind);
  if (!m.known_name.empty()) o["known_name"] = m.known_name;
  if (m.city) {
    o["city"] = m.city->name;
    o["country_code"] = m.city->country_code;
    o["latitude"] = m.city->latitude;
    o["longitude"] = m.city->longitude;
    o["radius_km"] = RadiusKm(*m.city);
  }
  if (m.country) o["country"] = m.country->code;
  return o;
}

}  // namespace

const char* IntentName(Intent intent) {
  switch (intent) {
    case Intent::kFind:
      return "find";
    case Intent::kWhere:
      return "where";
    case Intent::kWhen:
      return "when";
    case Intent::kWhenFirst:
      return "when_first";
    case Intent::kWhenLast:
      return "when_last";
    case Intent::kWhat:
      return "what";
    case Intent::kWho:
      return "who";
    case Intent::kYesNo:
      return "yes_no";
    case Intent::kHowMany:
      return "how_many";
    case Intent::kHowLong:
      return "how_long";
  }
  return "find";
}

const char* RecordTypeName(RecordType type) {
  switch (type) {
    case RecordType::kVisit:
      return "visit";
    case RecordType::kNote:
      return "note";
    case RecordType::kPhoto:
      return "photo";
    case RecordType::kVoice:
      return "voice";
  }
  return "note";
}

const char* AggregateName(Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::kNone:
      return "none";
    case Aggregate::kMost:
      return "most";
    case Aggregate::kAverage:
      return "average";
    case Aggregate::kAll:
      return "all";
  }
  return "none";
}

std::string QuestionJson(const Question& q) {
  boost::json::object o;
  o["intent"] = IntentName(q.intent);
  o["aggregate"] = AggregateName(q.aggregate);
  boost::json::array types, prefer, places;
  for (RecordType t : q.types) types.emplace_back(RecordTypeName(t));
  for (RecordType t : q.prefer) prefer.emplace_back(RecordTypeName(t));
  for (const PlaceMatch& m : q.place_matches) places.emplace_back(PlaceJson(m));
  o["types"] = std::move(types);
  o["prefer"] = std::move(prefer);
  if (q.time) {
    o["time"] = boost::json::parse(TimeExpressionJson(*q.time));
    o["time_text"] = q.time_text;
  } else {
    o["time"] = nullptr;
  }
  o["places"] = std::move(places);
  o["keywords"] = Strings(q.keywords);
  o["stems"] = Strings(q.stems);
  o["people"] = Strings(q.people);
  o["subject"] = q.subject;
  return boost::json::serialize(o);
}

}  // namespace chronotrail::nlp
