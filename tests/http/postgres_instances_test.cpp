// Scale-out: the real server on a real PostgreSQL. Two instances share one database (any one may
// serve any request, limits stay exact across them), the database may be given as the DB_*
// fields ECS injects, and /health/ready follows the database down and back up without a restart;
// under load, a restart of the database costs only 503s, never an acknowledged write.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "support/api_client.h"
#include "support/json_access.h"
#include "support/postgres_cluster.h"
#include "support/server_process.h"
#include "support/temp_dir.h"
#include "support/usage_limits.h"

namespace chronotrail::testing {
namespace {

// A token for a new user of `tier`, minted with the instances' shared key and database.
std::string TokenFor(const std::filesystem::path& data_dir, const Environment& env,
                     const std::string& email, const std::string& tier) {
  CommandResult r =
      RunCommand({"token", "create", "--email", email, "--tier", tier}, data_dir, env);
  if (r.exit_code != 0) throw std::runtime_error("token create failed: " + r.stderr_text);
  std::string token = r.stdout_text;
  while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) token.pop_back();
  return token;
}

class PostgresInstances : public ::testing::Test {
 protected:
  void SetUp() override {
    // One data directory for both: with local sign-in it holds the key both must verify with;
    // the records themselves live in PostgreSQL only.
    env_ = {{"DATABASE_URL", db_.url()}, {"CHRONOTRAIL_DATA_DIR", shared_.path().string()}};
    a_ = std::make_unique<ServerProcess>(env_);
    b_ = std::make_unique<ServerProcess>(env_);
  }

  TestDatabase db_;
  TempDir shared_;
  Environment env_;
  std::unique_ptr<ServerProcess> a_, b_;
};

TEST_F(PostgresInstances, AVisitMadeThroughOneIsReadChangedAndDeletedThroughTheOther) {
  std::string token = TokenFor(shared_.path(), env_, UniqueEmail("pg"), "pro");
  ApiClient via_a(a_->port(), token), via_b(b_->port(), token);

  boost::json::object visit = RecentVisit();
  visit["description"] = "coffee with Rui";
  HttpResponse created = via_a.post("/api/v1/locations", visit);
  ASSERT_EQ(created.status, 201) << created.body;
  boost::json::value created_json = created.json();
  std::string id = StringAt(created_json, "id");

  HttpResponse read = via_b.get("/api/v1/locations/" + id);
  ASSERT_EQ(read.status, 200) << read.body;
  boost::json::value read_json = read.json();
  EXPECT_EQ(StringAt(read_json, "description"), "coffee with Rui");

  HttpResponse changed = via_b.put("/api/v1/locations/" + id, {{"description", "tea instead"}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  HttpResponse reread = via_a.get("/api/v1/locations/" + id);
  boost::json::value reread_json = reread.json();
  EXPECT_EQ(StringAt(reread_json, "description"), "tea instead");

  EXPECT_EQ(via_a.del("/api/v1/locations/" + id).status, 204);
  EXPECT_EQ(via_b.get("/api/v1/locations/" + id).status, 404);
}

TEST_F(PostgresInstances, AFollowUpQuestionMayReachTheOtherInstance) {
  // Behind a load balancer the follow-up lands on any instance: the session lives in the
  // database, not in the instance that answered the first question.
  std::string token = TokenFor(shared_.path(), env_, UniqueEmail("pg"), "pro");
  ApiClient via_a(a_->port(), token), via_b(b_->port(), token);
  auto visit = [&](const char* time, const char* name) {
    HttpResponse r = via_a.post("/api/v1/locations",
                                {{"visit_time", time}, {"names", {name}}, {"duration", 20}});
    EXPECT_EQ(r.status, 201) << r.body;
    return StringAt(r.json(), "id");
  };
  visit("2024-03-12T09:14:00Z", "Blue Bottle Coffee");
  std::string before = visit("2024-03-11T08:30:00Z", "Corner Coffee");

  HttpResponse first =
      via_a.post("/api/v1/query",
                 {{"query", "where did I have coffee on 12 March 2024?"}, {"timezone", "UTC"}});
  ASSERT_EQ(first.status, 200) << first.body;
  std::string session = StringAt(first.json(), "session_id");
  HttpResponse second =
      via_b.post("/api/v1/query",
                 {{"query", "and the day before?"}, {"session_id", session}, {"timezone", "UTC"}});
  ASSERT_EQ(second.status, 200) << second.body;
  boost::json::value answer = second.json();
  ASSERT_FALSE(answer.at("sources").as_array().empty()) << answer;
  EXPECT_EQ(StringAt(answer.at("sources").as_array().front(), "id"), before) << answer;
}

TEST_F(PostgresInstances, TheDailyLimitHoldsExactlyUnderConcurrentRequestsToBoth) {
  StayClearOfMidnight();
  std::string token = TokenFor(shared_.path(), env_, UniqueEmail("pg-free"), "free");  // 3 a day
  constexpr int kRequests = 12;
  std::vector<int> statuses(kRequests);
  std::latch start(kRequests);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&, i] {
      ApiClient client(i % 2 ? a_->port() : b_->port(), token);
      start.arrive_and_wait();
      statuses[i] = client.post("/api/v1/notes", RecentNote()).status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 3);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 429), kRequests - 3);

  ApiClient via_a(a_->port(), token), via_b(b_->port(), token);
  HttpResponse list = via_b.get("/api/v1/notes");
  boost::json::value list_json = list.json();
  EXPECT_EQ(At(list_json, "total").to_number<int>(), 3);
  HttpResponse usage = via_a.get("/api/v1/usage");
  boost::json::value usage_json = usage.json();
  EXPECT_EQ(At(usage_json, "content.used").to_number<int>(), 3);
}

TEST(PostgresFields, TheDatabaseMayBeGivenAsSeparateFieldsAndThePasswordIsNeverLogged) {
  TestDatabase db;
  // postgresql://postgres@127.0.0.1:PORT/NAME?sslmode=disable, taken apart.
  const std::string& url = db.url();
  size_t host = url.find('@') + 1, colon = url.find(':', host), slash = url.find('/', colon);
  std::string port = url.substr(colon + 1, slash - colon - 1);
  std::string name = url.substr(slash + 1, url.find('?') - slash - 1);
  const std::string secret = "s3cret-" + name;  // the test server trusts loopback: unused
  Environment fields = {{"DB_HOST", "127.0.0.1"}, {"DB_PORT", port},
                        {"DB_NAME", name},        {"DB_USER", "postgres"},
                        {"DB_PASSWORD", secret},  {"DB_SSLMODE", "disable"}};
  ServerProcess server(fields);
  HttpResponse ready = ApiClient(server.port(), "").get("/health/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  ApiClient user(server.port(), TokenFor(server.data_dir(), fields, UniqueEmail("f"), "pro"));
  EXPECT_EQ(user.post("/api/v1/notes", RecentNote()).status, 201);
  EXPECT_TRUE(server.wait_for_stdout("\"database\":\"postgresql://127.0.0.1:" + port + "/" + name,
                                     std::chrono::seconds(2)))
      << server.stdout_text();
  EXPECT_EQ(server.stdout_text().find(secret), std::string::npos);
  EXPECT_EQ(server.stderr_text().find(secret), std::string::npos);
}

TEST(PostgresOutage, ReadinessFollowsTheDatabaseDownAndBackWithoutARestart) {
  PostgresCluster cluster;  // its own server: this test stops it
  std::string url = cluster.CreateDatabase();
  Environment env = {{"DATABASE_URL", url}, {"DB_STATEMENT_TIMEOUT_MS", "2000"}};
  ServerProcess server(env);
  ApiClient anonymous(server.port(), "");
  ASSERT_EQ(anonymous.get("/health/ready").status, 200);
  std::string token = TokenFor(server.data_dir(), env, UniqueEmail("outage"), "pro");
  ASSERT_EQ(ApiClient(server.port(), token).post("/api/v1/notes", RecentNote()).status, 201);

  cluster.Stop();
  HttpResponse down = ApiClient(server.port(), "").get("/health/ready");
  EXPECT_EQ(down.status, 503) << down.body;
  // A request needing the database says to come back later, and nothing about where it lives.
  HttpResponse refused = ApiClient(server.port(), token).get("/api/v1/notes");
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_TRUE(refused.has_header("Retry-After")) << refused.body;
  EXPECT_EQ(refused.body.find("127.0.0.1"), std::string::npos) << refused.body;

  cluster.Start();
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = ApiClient(server.port(), "").get("/health/ready").status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200);
  HttpResponse back = ApiClient(server.port(), token).get("/api/v1/notes");
  EXPECT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(server.running());
}

TEST(PostgresOutage, UnderLoadEveryAnswerIsSuccessOr503AndAcknowledgedNotesSurvive) {
  PostgresCluster cluster;  // its own server: this test restarts it
  Environment env = {{"DATABASE_URL", cluster.CreateDatabase()},
                     {"DB_STATEMENT_TIMEOUT_MS", "2000"}};
  ServerProcess server(env);
  std::string token = TokenFor(server.data_dir(), env, UniqueEmail("load"), "pro");

  // Two writers and a reader run through a stop and a start of the database.
  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::vector<std::string> acknowledged, unexpected;
  std::atomic<int> refused{0};
  auto load = [&](bool write) {
    ApiClient client(server.port(), token);
    while (!stop) {
      HttpResponse r = write ? client.post("/api/v1/notes", RecentNote())
                             : client.get("/api/v1/notes?page_size=5");
      std::lock_guard lock(mutex);
      if (r.status == 201) {
        acknowledged.push_back(StringAt(r.json(), "id"));
      } else if (r.status == 503) {
        ++refused;
      } else if (r.status != 200) {
        unexpected.push_back(std::to_string(r.status) + " " + r.body);
      }
    }
  };
  std::vector<std::thread> clients;
  clients.emplace_back(load, true);
  clients.emplace_back(load, true);
  clients.emplace_back(load, false);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  cluster.Stop();
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  cluster.Start();
  // Until writes succeed again, without restarting the server.
  const size_t before = [&] {
    std::lock_guard lock(mutex);
    return acknowledged.size();
  }();
  for (int i = 0; i < 100; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::lock_guard lock(mutex);
    if (acknowledged.size() > before + 5) break;
  }
  stop = true;
  for (std::thread& c : clients) c.join();

  EXPECT_EQ(unexpected, std::vector<std::string>{});
  EXPECT_GT(refused.load(), 0) << "no request noticed the database was down";
  EXPECT_GT(acknowledged.size(), before + 5) << "writes did not resume";
  ApiClient client(server.port(), token);
  for (const std::string& id : acknowledged) {
    EXPECT_EQ(client.get("/api/v1/notes/" + id).status, 200) << id;
  }
  EXPECT_TRUE(server.running());
}

}  // namespace
}  // namespace chronotrail::testing
