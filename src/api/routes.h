// The API's route table: every resource handler file adds its routes here. Handlers are thin:
// decode the request, call one service, encode the result. No SQL, no business rules.
#pragma once

#include "core/config.h"
#include "http/metrics.h"
#include "http/router.h"
#include "services/accounts.h"
#include "services/media.h"
#include "services/query.h"
#include "services/status.h"
#include "services/timeline.h"
#include "services/usage.h"
#include "services/user_data.h"

namespace chronotrail::api {

// The vocabulary of every handler file.
using boost::beast::http::verb;
using http::Access;
using http::Request;
using http::Response;

// What handlers may call. The services outlive the router; this struct need not (handlers
// capture the services, not the struct).
struct Services {
  const Config& config;
  const AccountService& accounts;
  const TimelineService& timeline;
  const MediaService& media;
  const QueryService& query;
  const UsageService& usage;
  const StatusService& status;
  const UserDataService& user_data;
  const http::Metrics& metrics;
};

// Registers every route of the API.
void AddRoutes(http::Router& router, const Services& services);

// One function per resource file.
void AddSystemRoutes(http::Router& router, const Services& services);
void AddProfileRoutes(http::Router& router, const Services& services);
void AddLocationRoutes(http::Router& router, const Services& services);
void AddNoteRoutes(http::Router& router, const Services& services);
void AddMediaRoutes(http::Router& router, const Services& services);
void AddQueryRoutes(http::Router& router, const Services& services);
void AddUsageRoutes(http::Router& router, const Services& services);
void AddAdminRoutes(http::Router& router, const Services& services);
void AddAccountRoutes(http::Router& router, const Services& services);

}  // namespace chronotrail::api
