// config/{dev,staging,prod}.env are what the CDK app puts in the container's environment: each
// must load with the server's own loader (which refuses unknown keys), and together with what the
// infrastructure adds (as ECS injects it) must give a configuration the server starts with.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/config.h"

namespace chronotrail {
namespace {

std::string EnvFile(const std::string& environment) {
  return std::string(CHRONOTRAIL_SOURCE_DIR) + "/config/" + environment + ".env";
}

// What infrastructure/cdk/lib/container-settings.ts adds to every task, with made-up values.
std::vector<std::string> InfrastructureValues() {
  return {"DB_HOST=chronotrail.abc123.us-east-1.rds.amazonaws.com",
          "DB_PORT=5432",
          "DB_NAME=chronotrail",
          "DB_USER=chronotrail",
          "DB_PASSWORD=not-a-real-password",
          "S3_BUCKET_NAME=chronotrail-dev-media-111111111111",
          "AWS_REGION=us-east-1",
          "COGNITO_USER_POOL_ID=us-east-1_AbC123",
          "COGNITO_CLIENT_ID=1example23456789",
          "TRUSTED_PROXIES=10.0.0.0/16",
          "CHRONOTRAIL_DATA_DIR=/var/lib/chronotrail"};
}

Config LoadWithInfrastructure(const std::map<std::string, std::string>& file_values) {
  std::vector<std::string> entries = InfrastructureValues();
  std::vector<char*> environ;
  for (std::string& e : entries) environ.push_back(e.data());
  environ.push_back(nullptr);
  return LoadConfig(file_values, environ.data());
}

class EnvFileTest : public ::testing::TestWithParam<std::string> {};

TEST_P(EnvFileTest, LoadsWithTheServersLoaderAndTheInfrastructureValues) {
  std::map<std::string, std::string> values;
  ASSERT_NO_THROW(values = ReadEnvFile(EnvFile(GetParam())));
  Config config;
  ASSERT_NO_THROW(config = LoadWithInfrastructure(values));
  // Deployed servers use the shared services, never the container's disk.
  EXPECT_EQ(config.auth_mode, "oidc");
  EXPECT_TRUE(config.UsesPostgres());
  EXPECT_EQ(config.db_sslmode, "require");
  EXPECT_FALSE(config.cors_origins.empty());
  EXPECT_GT(config.rate_limit_per_minute, 0);
}

TEST_P(EnvFileTest, HoldsNoSecretsAndNothingTheInfrastructureProvides) {
  std::map<std::string, std::string> values = ReadEnvFile(EnvFile(GetParam()));
  for (const char* key : {"DATABASE_URL", "DB_PASSWORD", "DB_HOST", "DB_USER", "DATABASE_READ_URL",
                          "S3_BUCKET_NAME", "COGNITO_USER_POOL_ID", "COGNITO_CLIENT_ID",
                          "AWS_REGION", "TRUSTED_PROXIES", "CHRONOTRAIL_DATA_DIR"}) {
    EXPECT_EQ(values.count(key), 0u) << key << " in " << GetParam() << ".env";
  }
}

INSTANTIATE_TEST_SUITE_P(Environments, EnvFileTest, ::testing::Values("dev", "staging", "prod"));

TEST(EnvFile, ProdIsStricterThanDev) {
  Config dev = LoadWithInfrastructure(ReadEnvFile(EnvFile("dev")));
  Config prod = LoadWithInfrastructure(ReadEnvFile(EnvFile("prod")));
  EXPECT_EQ(dev.log_level, LogLevel::kDebug);
  EXPECT_EQ(prod.log_level, LogLevel::kInfo);
  EXPECT_FALSE(prod.enable_api_docs);
  EXPECT_EQ(std::find(prod.cors_origins.begin(), prod.cors_origins.end(), "*"),
            prod.cors_origins.end());
}

TEST(EnvFile, AnUnknownKeyIsRefused) {
  // The guard the three files rely on: a misspelt name fails loudly instead of being ignored.
  std::string path = ::testing::TempDir() + "/unknown.env";
  FILE* f = fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  fputs("LOG_LEVEL=info\nOPENSEARCH_URL=http://localhost:9200\n", f);
  fclose(f);
  EXPECT_THROW(ReadEnvFile(path), ConfigError);
}

}  // namespace
}  // namespace chronotrail
