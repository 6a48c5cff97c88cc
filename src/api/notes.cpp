// /api/v1/notes: text notes.
#include <boost/json.hpp>

#include "api/encode.h"
#include "api/json_fields.h"
#include "api/list_params.h"
#include "api/routes.h"
#include "api/usage_headers.h"

namespace chronotrail::api {
namespace {

NoteInput ReadNoteInput(const Request& req) {
  boost::json::object body = req.json_body();
  NoteInput in;
  JsonFields f(body, in.errors);
  in.text = ValueOf(f.String("text_content"));
  in.timestamp = ValueOf(f.Time("timestamp"));
  in.place = ReadPlaceInput(f);
  return in;
}

NoteChanges ReadNoteChanges(const Request& req) {
  boost::json::object body = req.json_body();
  NoteChanges in;
  JsonFields f(body, in.errors);
  in.text = f.String("text_content");
  in.timestamp = f.Time("timestamp");
  in.longitude = f.Number("longitude");
  in.latitude = f.Number("latitude");
  in.address = f.String("address");
  in.names = f.StringList("names");
  return in;
}

}  // namespace

void AddNoteRoutes(http::Router& router, const Services& s) {
  // Handlers outlive `s`: capture the services themselves, never `s`.
  const TimelineService& timeline = s.timeline;
  router.Add(verb::post, "/api/v1/notes", Access::kAuthenticated, [&timeline](Request& req) {
    auto created = timeline.CreateNote(req.user(), ReadNoteInput(req));
    return WithUsage(Response::JsonText(201, Encode(created.value)), created.usage);
  });
  router.Add(verb::get, "/api/v1/notes", Access::kAuthenticated, [&timeline](Request& req) {
    ListQuery query = ReadListQuery(req);
    return Response::JsonText(
        200, EncodePage(timeline.ListNotes(req.user(), query), query.page, "notes"));
  });
  router.Add(verb::get, "/api/v1/notes/{id}", Access::kAuthenticated, [&timeline](Request& req) {
    return Response::JsonText(200, Encode(timeline.GetNote(req.user(), req.param("id"))));
  });
  router.Add(verb::put, "/api/v1/notes/{id}", Access::kAuthenticated, [&timeline](Request& req) {
    return Response::JsonText(
        200, Encode(timeline.UpdateNote(req.user(), req.param("id"), ReadNoteChanges(req))));
  });
  router.Add(verb::delete_, "/api/v1/notes/{id}", Access::kAuthenticated,
             [&timeline](Request& req) {
               timeline.DeleteNote(req.user(), req.param("id"));
               return Response::NoContent();
             });
}

}  // namespace chronotrail::api
