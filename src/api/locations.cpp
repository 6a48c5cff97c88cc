// /api/v1/locations: location visits.
#include <boost/json.hpp>

#include "api/encode.h"
#include "api/json_fields.h"
#include "api/list_params.h"
#include "api/routes.h"
#include "api/usage_headers.h"

namespace chronotrail::api {
namespace {

VisitInput ReadVisitInput(const Request& req) {
  boost::json::object body = req.json_body();
  VisitInput in;
  JsonFields f(body, in.errors);
  in.visit_time = ValueOf(f.Time("visit_time"));
  in.place = ReadPlaceInput(f);
  in.duration = ValueOf(f.Integer("duration"));
  in.description = ValueOf(f.String("description"));
  return in;
}

VisitChanges ReadVisitChanges(const Request& req) {
  boost::json::object body = req.json_body();
  VisitChanges in;
  JsonFields f(body, in.errors);
  in.description = f.String("description");
  in.address = f.String("address");
  in.names = f.StringList("names");
  in.duration = f.Integer("duration");
  return in;
}

}  // namespace

void AddLocationRoutes(http::Router& router, const Services& s) {
  // Handlers outlive `s`: capture the services themselves, never `s`.
  const TimelineService& timeline = s.timeline;
  router.Add(verb::post, "/api/v1/locations", Access::kAuthenticated, [&timeline](Request& req) {
    auto created = timeline.CreateVisit(req.user(), ReadVisitInput(req));
    return WithUsage(Response::JsonText(201, Encode(created.value)), created.usage);
  });
  router.Add(verb::get, "/api/v1/locations", Access::kAuthenticated, [&timeline](Request& req) {
    ListQuery query = ReadListQuery(req);
    return Response::JsonText(
        200, EncodePage(timeline.ListVisits(req.user(), query), query.page, "visits"));
  });
  router.Add(
      verb::get, "/api/v1/locations/{id}", Access::kAuthenticated, [&timeline](Request& req) {
        return Response::JsonText(200, Encode(timeline.GetVisit(req.user(), req.param("id"))));
      });
  router.Add(
      verb::put, "/api/v1/locations/{id}", Access::kAuthenticated, [&timeline](Request& req) {
        return Response::JsonText(
            200, Encode(timeline.UpdateVisit(req.user(), req.param("id"), ReadVisitChanges(req))));
      });
  router.Add(verb::delete_, "/api/v1/locations/{id}", Access::kAuthenticated,
             [&timeline](Request& req) {
               timeline.DeleteVisit(req.user(), req.param("id"));
               return Response::NoContent();
             });
}

}  // namespace chronotrail::api
