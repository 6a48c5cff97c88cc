// /api/v1/admin/users: operators list users and change their subscription. Only tokens with the
// operator role reach these handlers (Access::kAdmin); everyone else gets 403.
#include <boost/json.hpp>

#include "api/encode.h"
#include "api/json_fields.h"
#include "api/routes.h"

namespace chronotrail::api {
namespace {

// A user as operators see it: the profile plus the tier in force.
void WriteAdminView(JsonWriter& w, const User& u, const UsageService& usage) {
  w.BeginObject().Key("user");
  Write(w, u);
  w.Key("tier_in_force").String(TierName(usage.EffectiveTier(u))).EndObject();
}

}  // namespace

void AddAdminRoutes(http::Router& router, const Services& s) {
  const AccountService& accounts = s.accounts;
  const UsageService& usage = s.usage;
  router.Add(verb::get, "/api/v1/admin/users", Access::kAdmin, [&accounts, &usage](Request&) {
    std::vector<User> users = accounts.ListUsers();
    JsonWriter w(256 * (users.size() + 1));
    w.BeginObject().Key("users").BeginArray();
    for (const User& u : users) WriteAdminView(w, u, usage);
    w.EndArray().Key("total").Int(static_cast<std::int64_t>(users.size())).EndObject();
    return Response::JsonText(200, w.Take());
  });
  router.Add(verb::patch, "/api/v1/admin/users/{id}", Access::kAdmin,
             [&accounts, &usage](Request& req) {
               boost::json::object body = req.json_body();
               FieldErrors errors;
               JsonFields f(body, errors);
               Patch<std::string> tier_text = f.String("subscription_tier");
               Patch<Micros> expires = f.Time("subscription_expires_at");
               std::optional<Tier> tier;
               if (tier_text && !(*tier_text && (tier = ParseTier(**tier_text)))) {
                 errors.Add("subscription_tier", "must be free, premium or pro");
               }
               errors.ThrowIfAny();
               User u = accounts.ChangeSubscription(req.param("id"), tier, expires);
               JsonWriter w;
               WriteAdminView(w, u, usage);
               return Response::JsonText(200, w.Take());
             });
}

}  // namespace chronotrail::api
