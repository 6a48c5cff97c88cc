#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace chronotrail::testing {

// A real PostgreSQL server for tests, run by tests/support/postgres-cluster on 127.0.0.1.
//
// Shared(): under ctest, the server the `postgres` fixture started for the whole run (its state
// directory in TEST_POSTGRES_STATE_DIR); when the test binary runs by itself, one started on
// first use and destroyed when the process exits. A test that stops its server must own one:
// construct a PostgresCluster of its own.
class PostgresCluster {
 public:
  // Starts a new server with its state in a fresh temporary directory.
  PostgresCluster();
  ~PostgresCluster();  // destroys the server and its files (unless borrowed from the fixture)
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  static PostgresCluster& Shared();

  // The superuser URL of the `postgres` database.
  const std::string& admin_url() const { return admin_url_; }
  // A new, empty database: its URL.
  std::string CreateDatabase() const;

  // Stops the server (keeping its data) and starts it again on the same port.
  void Stop();
  void Start();

 private:
  explicit PostgresCluster(std::filesystem::path borrowed_state);
  void Run(const char* command) const;

  std::filesystem::path state_;
  bool owned_ = true;
  std::string admin_url_;
};

// A fresh database on the shared server, dropped on destruction.
class TestDatabase {
 public:
  TestDatabase();
  ~TestDatabase();
  const std::string& url() const { return url_; }

 private:
  std::string url_;
};

}  // namespace chronotrail::testing
