#include "support/postgres_cluster.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "core/ids.h"
#include "storage/postgres/connection.h"

namespace chronotrail::testing {
namespace {

const std::string kScript = std::string(CHRONOTRAIL_SOURCE_DIR) + "/tests/support/postgres-cluster";

std::string ReadUrl(const std::filesystem::path& state) {
  std::ifstream in(state / "url");
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error("no PostgreSQL URL in " + state.string());
  return url;
}

// postgresql://postgres@127.0.0.1:PORT/postgres?sslmode=disable with another database name.
std::string WithDatabase(const std::string& admin_url, const std::string& name) {
  size_t slash = admin_url.find("/postgres?");
  return admin_url.substr(0, slash) + "/" + name + admin_url.substr(slash + 9);
}

}  // namespace

PostgresCluster::PostgresCluster()
    : state_(std::filesystem::temp_directory_path() / ("ct-pg-" + NewId())) {
  Run("start");
  admin_url_ = ReadUrl(state_);
}

PostgresCluster::PostgresCluster(std::filesystem::path borrowed_state)
    : state_(std::move(borrowed_state)), owned_(false), admin_url_(ReadUrl(state_)) {}

PostgresCluster::~PostgresCluster() {
  if (!owned_) return;
  try {
    Run("destroy");
  } catch (...) {
  }
  std::filesystem::remove_all(state_);
}

PostgresCluster& PostgresCluster::Shared() {
  static std::unique_ptr<PostgresCluster> shared = [] {
    const char* fixture = std::getenv("TEST_POSTGRES_STATE_DIR");
    if (fixture && std::filesystem::exists(std::filesystem::path(fixture) / "url")) {
      return std::unique_ptr<PostgresCluster>(new PostgresCluster(fixture));
    }
    return std::make_unique<PostgresCluster>();
  }();
  return *shared;
}

void PostgresCluster::Run(const char* command) const {
  std::string line = kScript + " " + command + " '" + state_.string() + "'";
  if (std::system(line.c_str()) != 0) throw std::runtime_error("failed: " + line);
}

void PostgresCluster::Stop() {
  Run("stop");
}
void PostgresCluster::Start() {
  Run("start");
}

std::string PostgresCluster::CreateDatabase() const {
  std::string name = "t_" + NewId();
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  pg::Connection admin(admin_url_, 30000);
  admin.Exec("CREATE DATABASE " + name);
  return WithDatabase(admin_url_, name);
}

TestDatabase::TestDatabase() : url_(PostgresCluster::Shared().CreateDatabase()) {}

TestDatabase::~TestDatabase() {
  try {
    size_t slash = url_.rfind('/');
    std::string name = url_.substr(slash + 1, url_.find('?') - slash - 1);
    pg::Connection admin(PostgresCluster::Shared().admin_url(), 30000);
    admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  } catch (...) {
  }
}

}  // namespace chronotrail::testing
