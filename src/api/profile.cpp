// /api/v1/auth/me: the caller's own profile.
#include <boost/json.hpp>

#include "api/encode.h"
#include "api/json_fields.h"
#include "api/routes.h"

namespace chronotrail::api {

void AddProfileRoutes(http::Router& router, const Services& s) {
  const AccountService& accounts = s.accounts;
  router.Add(verb::get, "/api/v1/auth/me", Access::kAuthenticated,
             [](Request& req) { return Response::JsonText(200, Encode(req.user())); });
  router.Add(verb::patch, "/api/v1/auth/me", Access::kAuthenticated, [&accounts](Request& req) {
    boost::json::object body = req.json_body();
    ProfileChanges changes;
    JsonFields f(body, changes.errors);
    changes.display_name = f.String("display_name");
    changes.timezone = f.String("timezone");
    return Response::JsonText(200, Encode(accounts.UpdateProfile(req.user(), std::move(changes))));
  });
}

}  // namespace chronotrail::api
