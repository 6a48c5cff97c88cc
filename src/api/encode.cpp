#include "api/encode.h"

#include <boost/json.hpp>

#include "services/auth/token_verifier.h"

namespace chronotrail::api {
namespace {

template <class T>
boost::json::value OrNull(const std::optional<T>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

boost::json::value TimeOrNull(const std::optional<Micros>& t) {
  return t ? boost::json::value(FormatIsoTime(*t)) : boost::json::value(nullptr);
}

void EncodePlace(const Place& place, boost::json::object& out) {
  out["longitude"] = place.coordinates ? boost::json::value(place.coordinates->longitude) : nullptr;
  out["latitude"] = place.coordinates ? boost::json::value(place.coordinates->latitude) : nullptr;
  out["address"] = OrNull(place.address);
  boost::json::array names;
  for (const std::string& n : place.names) names.emplace_back(n);
  out["names"] = std::move(names);
}

}  // namespace

boost::json::object Encode(const User& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"display_name", OrNull(u.display_name)},
          {"subscription_tier", TierName(u.tier)},
          {"subscription_expires_at", TimeOrNull(u.subscription_expires_at)},
          {"timezone", OrNull(u.timezone)},
          {"oauth_provider", u.auth_issuer == kLocalIssuer ? "local" : u.auth_issuer},
          {"profile_picture_url", nullptr},
          {"created_at", FormatIsoTime(u.created_at)},
          {"updated_at", FormatIsoTime(u.updated_at)}};
}

boost::json::object Encode(const Visit& v) {
  boost::json::object out;
  out.reserve(11);
  out["id"] = v.id;
  out["user_id"] = v.user_id;
  EncodePlace(v.place, out);
  out["visit_time"] = FormatIsoTime(v.visit_time);
  out["duration"] = OrNull(v.duration_minutes);
  out["description"] = OrNull(v.description);
  out["created_at"] = FormatIsoTime(v.created_at);
  out["updated_at"] = FormatIsoTime(v.updated_at);
  return out;
}

boost::json::object Encode(const Note& n) {
  boost::json::object out;
  out.reserve(10);
  out["id"] = n.id;
  out["user_id"] = n.user_id;
  out["text_content"] = n.text;
  out["timestamp"] = FormatIsoTime(n.timestamp);
  EncodePlace(n.place, out);
  out["created_at"] = FormatIsoTime(n.created_at);
  out["updated_at"] = FormatIsoTime(n.updated_at);
  return out;
}

}  // namespace chronotrail::api
