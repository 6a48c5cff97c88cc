// Who may see what, for every route the server has: the route table comes from the server itself
// (`chronotrail routes`), and every route is called with no token, a malformed token, an expired
// token, the token of a deleted user, and another user's token on Ana's ids. Refusals are exactly
// 401 (bad tokens), 404 (another user's record) or 403 (operator routes); no response to anyone
// else holds a byte of Ana's data; and Ana's data is as it was. A route added to the server without
// a line in kCases below fails the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/time.h"
#include "services/auth/local_issuer.h"
#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/payloads.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

// What another user's token may do on a route.
enum class Scope {
  kPublic,      // anyone: no token needed, and nothing of Ana in the answer
  kOwnRecord,   // Ana's record by its id: 404 for anyone else
  kOwnData,     // the caller's own data (lists, creation, profile, questions): never Ana's
  kOperator,    // operators only: 403 for other signed-in users
  kOwnAccount,  // deletes the caller: called last, with a user made for it
};

// How a route is called: the id of Ana's that fills {id}, and the body.
enum class IdOf { kNone, kNote, kVisit, kMedia, kUser };
enum class Body { kNone, kNote, kVisit, kProfile, kQuery, kPhoto, kVoice, kTier, kConfirm };

struct Case {
  Scope scope;
  IdOf id = IdOf::kNone;
  Body body = Body::kNone;
};

// Every route of the server, by "METHOD pattern" as `chronotrail routes` prints it.
const std::map<std::string, Case> kCases = {
    {"GET /", {Scope::kPublic}},
    {"GET /api/v1", {Scope::kPublic}},
    {"GET /health", {Scope::kPublic}},
    {"GET /health/ready", {Scope::kPublic}},
    {"GET /metrics", {Scope::kPublic}},
    {"GET /openapi.json", {Scope::kPublic}},
    {"GET /api/v1/openapi.json", {Scope::kPublic}},
    {"GET /docs", {Scope::kPublic}},
    {"GET /api/v1/auth/me", {Scope::kOwnData}},
    {"PATCH /api/v1/auth/me", {Scope::kOwnData, IdOf::kNone, Body::kProfile}},
    {"POST /api/v1/locations", {Scope::kOwnData, IdOf::kNone, Body::kVisit}},
    {"GET /api/v1/locations", {Scope::kOwnData}},
    {"GET /api/v1/locations/{id}", {Scope::kOwnRecord, IdOf::kVisit}},
    {"PUT /api/v1/locations/{id}", {Scope::kOwnRecord, IdOf::kVisit, Body::kVisit}},
    {"DELETE /api/v1/locations/{id}", {Scope::kOwnRecord, IdOf::kVisit}},
    {"POST /api/v1/notes", {Scope::kOwnData, IdOf::kNone, Body::kNote}},
    {"GET /api/v1/notes", {Scope::kOwnData}},
    {"GET /api/v1/notes/{id}", {Scope::kOwnRecord, IdOf::kNote}},
    {"PUT /api/v1/notes/{id}", {Scope::kOwnRecord, IdOf::kNote, Body::kNote}},
    {"DELETE /api/v1/notes/{id}", {Scope::kOwnRecord, IdOf::kNote}},
    {"POST /api/v1/photos", {Scope::kOwnData, IdOf::kNone, Body::kPhoto}},
    {"POST /api/v1/voice", {Scope::kOwnData, IdOf::kNone, Body::kVoice}},
    {"GET /api/v1/media", {Scope::kOwnData}},
    {"GET /api/v1/media/{id}", {Scope::kOwnRecord, IdOf::kMedia}},
    {"GET /api/v1/media/{id}/info", {Scope::kOwnRecord, IdOf::kMedia}},
    {"GET /api/v1/media/{id}/download-url", {Scope::kOwnRecord, IdOf::kMedia}},
    // Public: a signed URL is its own credential; without one, Ana's bytes stay hidden.
    {"GET /api/v1/media/{id}/content", {Scope::kPublic, IdOf::kMedia}},
    {"DELETE /api/v1/media/{id}", {Scope::kOwnRecord, IdOf::kMedia}},
    {"POST /api/v1/query", {Scope::kOwnData, IdOf::kNone, Body::kQuery}},
    {"POST /api/v1/query/", {Scope::kOwnData, IdOf::kNone, Body::kQuery}},
    {"GET /api/v1/usage", {Scope::kOwnData}},
    {"GET /api/v1/subscription", {Scope::kOwnData}},
    {"GET /api/v1/usage/subscription", {Scope::kOwnData}},
    {"GET /api/v1/export", {Scope::kOwnData}},
    {"GET /api/v1/admin/users", {Scope::kOperator}},
    {"PATCH /api/v1/admin/users/{id}", {Scope::kOperator, IdOf::kUser, Body::kTier}},
    {"DELETE /api/v1/account", {Scope::kOwnAccount, IdOf::kNone, Body::kConfirm}},
};

struct Route {
  http::verb method;
  std::string pattern;
  std::string access;  // public, user, admin
  std::string key() const { return std::string(http::to_string(method)) + " " + pattern; }
};

// A word no other data of the run contains: found in a response, it can only be Ana's.
constexpr const char* kSecret = "quokkaxylophone";

class HttpAuthorizationMatrix : public ::testing::Test {
 protected:
  void SetUp() override {
    // Hundreds of refused tokens come from one address here: the failure limit (tested
    // elsewhere) would turn some 401s into 429s.
    server_.emplace(Environment{{"AUTH_FAILURES_PER_MINUTE", "0"}, {"MEDIA_WAIT_SECONDS", "0"}});
    ana_.emplace(server_->port(), server_->create_token(UniqueEmail("ana"), "pro"));
    boost::json::object note = ValidNote();
    note["text_content"] = std::string("Met the ") + kSecret + " keeper at the zoo";
    ids_[IdOf::kNote] = StringAt(CreateRecord(*ana_, "/api/v1/notes", note), "id");
    boost::json::object visit = ValidVisit();
    visit["description"] = std::string("Fed the ") + kSecret;
    ids_[IdOf::kVisit] = StringAt(CreateRecord(*ana_, "/api/v1/locations", visit), "id");
    HttpResponse photo = Upload(*ana_, kPhotos, std::string(kSecret) + ".png", PhotoBytes(kSecret));
    ASSERT_TRUE(HasStatus(photo, 201));
    ids_[IdOf::kMedia] = StringAt(photo.json(), "file_id");
    WaitUntilProcessed(*ana_, ids_[IdOf::kMedia]);  // so that its info no longer changes
    boost::json::value me = ana_->get("/api/v1/auth/me").json();
    ids_[IdOf::kUser] = StringAt(me, "id");
    ana_email_ = StringAt(me, "email");
  }

  std::vector<Route> ServedRoutes() {
    CommandResult listed =
        RunCommand({"routes"}, server_->data_dir(),
                   {{"AUTH_FAILURES_PER_MINUTE", "0"}, {"MEDIA_WAIT_SECONDS", "0"}},
                   std::chrono::seconds(60));  // it loads what `serve` loads: slow under ASan
    EXPECT_EQ(listed.exit_code, 0) << listed.stderr_text;
    std::vector<Route> routes;
    std::istringstream lines(listed.stdout_text);
    std::string method, pattern, access;
    while (lines >> method >> pattern >> access) {
      routes.push_back({http::string_to_verb(method), pattern, access});
    }
    return routes;
  }

  static std::string PhotoBytes(const std::string& text) {
    TempDir dir;
    MakeTextPhoto(dir.path() / "p.png", text);
    std::ifstream in(dir.path() / "p.png", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::string Target(const Route& route, const Case& c) const {
    std::string target = route.pattern;
    size_t at = target.find("{id}");
    if (at != std::string::npos) target.replace(at, 4, ids_.at(c.id));
    return target;
  }

  // Calls `route` as `caller` with the body its case gives.
  HttpResponse Call(ApiClient& caller, const Route& route, const Case& c) {
    const std::string target = Target(route, c);
    switch (c.body) {
      case Body::kPhoto:
        return Upload(caller, target, "mine.png", PhotoBytes("MINE"));
      case Body::kVoice: {
        TempDir dir;
        WriteNoiseWav(dir.path() / "v.wav", 32'044);
        return UploadFile(caller, target, dir.path() / "v.wav");
      }
      case Body::kNone:
        return caller.send(route.method, target, "");
      default:
        break;
    }
    boost::json::object body;
    if (c.body == Body::kNote) body = ValidNote();
    if (c.body == Body::kVisit) body = ValidVisit();
    if (c.body == Body::kProfile) body = {{"display_name", "Somebody"}};
    // Words of Ana's note, not the secret itself, which the answer would echo as a keyword.
    if (c.body == Body::kQuery) body = {{"query", "who did I meet at the zoo?"}};
    if (c.body == Body::kTier) body = {{"subscription_tier", "pro"}};
    if (c.body == Body::kConfirm) body = {{"confirm", true}};
    return caller.send(route.method, target, boost::json::serialize(body),
                       {{"Content-Type", "application/json"}});
  }

  // Ana's data in `response`, other than the id the caller put in the path itself.
  ::testing::AssertionResult HoldsNothingOfAna(const HttpResponse& response,
                                               const std::string& target) const {
    std::vector<std::string> marks = {kSecret, ana_email_};
    for (const auto& [kind, id] : ids_) {
      if (target.find(id) == std::string::npos) marks.push_back(id);
    }
    for (const std::string& mark : marks) {
      if (response.body.find(mark) != std::string::npos) {
        return ::testing::AssertionFailure() << "the answer (" << response.status << ") holds '"
                                             << mark << "': " << response.body;
      }
    }
    return ::testing::AssertionSuccess();
  }

  // Ana's records as Ana reads them.
  std::string Snapshot() {
    std::string all;
    for (const std::string& path :
         {"/api/v1/notes/" + ids_.at(IdOf::kNote), "/api/v1/locations/" + ids_.at(IdOf::kVisit),
          "/api/v1/media/" + ids_.at(IdOf::kMedia) + "/info"}) {
      HttpResponse r = ana_->get(path);
      all += std::to_string(r.status) + " " + r.body + "\n";
    }
    return all;
  }

  std::optional<ServerProcess> server_;
  std::optional<ApiClient> ana_;
  std::map<IdOf, std::string> ids_;
  std::string ana_email_;
};

TEST_F(HttpAuthorizationMatrix, EveryRouteRefusesBadTokensAndOtherUsersSeeNothingOfAna) {
  std::vector<Route> routes = ServedRoutes();
  ASSERT_GE(routes.size(), kCases.size() - 3) << "the route table is missing";
  for (const Route& route : routes) {
    EXPECT_TRUE(kCases.count(route.key()))
        << route.key() << " is not in the authorization matrix: add it to kCases";
  }
  for (const auto& [key, c] : kCases) {
    bool served =
        std::any_of(routes.begin(), routes.end(), [&](const Route& r) { return r.key() == key; });
    EXPECT_TRUE(served) << key << " is in kCases but not served";
  }
  const std::string before = Snapshot();

  // The callers who are nobody: no token, a malformed one, Ana's own but expired, and the token
  // of a user who deleted their account.
  const auto issuer = LocalIssuer::Open(server_->data_dir().string());
  const Micros two_hours_ago = SystemClock::Instance().Now() - 2 * 3600 * kMicrosPerSecond;
  std::string gone_token = server_->create_token(UniqueEmail("gone"));
  {
    ApiClient gone(server_->port(), gone_token);
    ASSERT_TRUE(HasStatus(gone.post("/api/v1/notes", ValidNote()), 201));
    ASSERT_TRUE(HasStatus(gone.send(http::verb::delete_, "/api/v1/account", R"({"confirm":true})",
                                    {{"Content-Type", "application/json"}}),
                          204));
  }
  const std::vector<std::pair<std::string, std::string>> nobodies = {
      {"no token", ""},
      {"a malformed token", "not.a.token"},
      {"an expired token", issuer->Mint(ids_[IdOf::kUser], ana_email_, two_hours_ago, 3600)},
      {"a deleted user's token", gone_token},
  };
  ApiClient bob(server_->port(), server_->create_token(UniqueEmail("bob"), "pro"));

  for (const Route& route : routes) {
    auto it = kCases.find(route.key());
    if (it == kCases.end() || route.access == "public") continue;
    const Case& c = it->second;
    for (const auto& [who, token] : nobodies) {
      ApiClient nobody(server_->port(), token);
      HttpResponse r = Call(nobody, route, c);
      EXPECT_TRUE(IsError(r, 401, "AUTHENTICATION_ERROR")) << route.key() << " with " << who;
      EXPECT_TRUE(HoldsNothingOfAna(r, Target(route, c))) << route.key() << " with " << who;
    }
  }

  // Another user, on every route (deleting an account last, with a user made for it).
  for (const Route& route : routes) {
    auto it = kCases.find(route.key());
    if (it == kCases.end()) continue;
    const Case& c = it->second;
    std::optional<ApiClient> other;
    if (c.scope == Scope::kOwnAccount) {
      other.emplace(server_->port(), server_->create_token(UniqueEmail("leaver")));
    }
    ApiClient& caller = other ? *other : bob;
    HttpResponse r = Call(caller, route, c);
    SCOPED_TRACE(route.key() + " as another user");
    switch (c.scope) {
      case Scope::kOwnRecord:
        EXPECT_TRUE(IsError(r, 404, "NOT_FOUND"));
        break;
      case Scope::kOperator:
        EXPECT_TRUE(IsError(r, 403, "FORBIDDEN"));
        break;
      case Scope::kPublic:
        // Without a signature, Ana's bytes are refused to anyone.
        if (c.id == IdOf::kMedia) {
          EXPECT_TRUE(r.status >= 400 && r.status < 500) << r.status;
        }
        EXPECT_LT(r.status, 500) << r.body;
        break;
      case Scope::kOwnData:
      case Scope::kOwnAccount:
        EXPECT_LT(r.status, 500) << r.body;
        break;
    }
    EXPECT_TRUE(HoldsNothingOfAna(r, Target(route, c)));
  }

  EXPECT_EQ(Snapshot(), before) << "Ana's records changed";
  EXPECT_TRUE(HasStatus(ana_->get("/api/v1/auth/me"), 200));
}

}  // namespace
}  // namespace chronotrail::testing
