#include "api/routes.h"

namespace chronotrail::api {

void AddRoutes(http::Router& router, const Services& services) {
  AddSystemRoutes(router, services);
  AddProfileRoutes(router, services);
  AddLocationRoutes(router, services);
  AddNoteRoutes(router, services);
  AddMediaRoutes(router, services);
  AddQueryRoutes(router, services);
  AddUsageRoutes(router, services);
  AddAdminRoutes(router, services);
  AddAccountRoutes(router, services);
}

}  // namespace chronotrail::api
