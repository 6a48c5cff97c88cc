#include "core/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <vector>

namespace chronotrail {
namespace {

// Builds an environ-style array from "KEY=VALUE" strings.
class Env {
 public:
  Env(std::initializer_list<std::string> entries) : strings_(entries) {
    for (auto& s : strings_) pointers_.push_back(s.data());
    pointers_.push_back(nullptr);
  }
  char** get() { return pointers_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<char*> pointers_;
};

TEST(Config, DefaultsMatchTheDocumentation) {
  Env env{"PATH=/usr/bin"};
  Config c = LoadConfig({}, env.get());
  EXPECT_EQ(c.port, 8000);
  EXPECT_EQ(c.host, "0.0.0.0");
  EXPECT_EQ(c.data_dir, "./data");
  EXPECT_EQ(c.auth_mode, "local");
  EXPECT_EQ(c.SqlitePath(), "./data/chronotrail.db");
  EXPECT_GE(c.http_threads, 1);
  EXPECT_TRUE(c.enable_api_docs);
}

TEST(Config, EnvironmentOverridesTheEnvFile) {
  Env env{"PORT=9000", "CORS_ORIGINS=https://a.example, https://b.example"};
  Config c = LoadConfig({{"PORT", "7000"}, {"LOG_LEVEL", "debug"}}, env.get());
  EXPECT_EQ(c.port, 9000);
  EXPECT_EQ(c.log_level, LogLevel::kDebug);
  EXPECT_EQ(c.cors_origins, (std::vector<std::string>{"https://a.example", "https://b.example"}));
}

TEST(Config, InvalidValueNamesTheSetting) {
  Env env{"PORT=abc"};
  try {
    LoadConfig({}, env.get());
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("PORT"), std::string::npos);
  }
  Env range{"PORT=70000"};
  EXPECT_THROW(LoadConfig({}, range.get()), ConfigError);
  Env flag{"ENABLE_API_DOCS=maybe"};
  EXPECT_THROW(LoadConfig({}, flag.get()), ConfigError);
  Env mode{"AUTH_MODE=none"};
  EXPECT_THROW(LoadConfig({}, mode.get()), ConfigError);
}

TEST(Config, UnknownChronotrailVariableIsAnError) {
  Env env{"CHRONOTRAIL_DATADIR=/tmp"};
  try {
    LoadConfig({}, env.get());
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("CHRONOTRAIL_DATADIR"), std::string::npos);
  }
}

TEST(EnvFile, ReadsKeyValueLinesAndRejectsUnknownKeys) {
  std::string path = ::testing::TempDir() + "/chronotrail-test.env";
  {
    std::ofstream f(path);
    f << "# comment\n\nexport PORT=8123\nLOG_LEVEL=\"warn\"\n";
  }
  auto values = ReadEnvFile(path);
  EXPECT_EQ(values.at("PORT"), "8123");
  EXPECT_EQ(values.at("LOG_LEVEL"), "warn");
  {
    std::ofstream f(path);
    f << "PORT=1\nNOT_A_SETTING=1\n";
  }
  try {
    ReadEnvFile(path);
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("NOT_A_SETTING"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(":2"), std::string::npos);
  }
  EXPECT_THROW(ReadEnvFile(path + ".missing"), ConfigError);
}

TEST(Config, MediaProvidersAreOfflineByDefault) {
  Env env{"PATH=/usr/bin"};
  Config c = LoadConfig({}, env.get());
  EXPECT_EQ(c.providers.transcriber, "pocketsphinx");
  EXPECT_EQ(c.providers.photo_describer, "offline");
  EXPECT_EQ(c.providers.photo_text, "tesseract");
  EXPECT_EQ(c.providers.photo_labels, "none");
}

TEST(Config, MediaProvidersAreCheckedAtStart) {
  Env openai{"TRANSCRIBER=openai", "OPENAI_BASE_URL=http://127.0.0.1:8080/v1",
             "OPENAI_API_KEY=sk-secret", "PHOTO_DESCRIBER=openai", "OPENAI_VISION_MODEL=llava"};
  Config c = LoadConfig({}, openai.get());
  EXPECT_EQ(c.providers.transcriber, "openai");
  EXPECT_EQ(c.providers.openai_base_url, "http://127.0.0.1:8080/v1");
  EXPECT_EQ(c.providers.openai_api_key, "sk-secret");
  EXPECT_EQ(c.providers.openai_vision_model, "llava");

  auto error_of = [](std::initializer_list<std::string> entries) -> std::string {
    Env env(entries);
    try {
      LoadConfig({}, env.get());
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "(accepted)";
  };
  EXPECT_NE(error_of({"TRANSCRIBER=whisper"}).find("TRANSCRIBER"), std::string::npos);
  EXPECT_NE(error_of({"PHOTO_TEXT=ocr"}).find("tesseract, aws-textract or aws-rekognition"),
            std::string::npos);
  EXPECT_NE(error_of({"OPENAI_BASE_URL=api.openai.com"}).find("OPENAI_BASE_URL"),
            std::string::npos);
  // Amazon Transcribe reads voice notes from S3: the media must be there.
  EXPECT_NE(error_of({"TRANSCRIBER=aws-transcribe"}).find("S3_BUCKET_NAME"), std::string::npos);
  EXPECT_NE(error_of({"TRANSCRIBER=aws-transcribe", "S3_BUCKET_NAME=b",
                      "S3_ENDPOINT_URL=http://127.0.0.1:9000"})
                .find("S3_ENDPOINT_URL"),
            std::string::npos);
  EXPECT_NE(error_of({"TRANSCRIBER=aws-transcribe", "S3_BUCKET_NAME=b", "TRANSCRIBE_LANGUAGE=en"})
                .find("en-US"),
            std::string::npos);
  EXPECT_EQ(error_of({"TRANSCRIBER=aws-transcribe", "S3_BUCKET_NAME=b"}), "(accepted)");
}

TEST(Settings, EveryOneIsDocumentedInTheReadme) {
  std::ifstream readme(CHRONOTRAIL_SOURCE_DIR "/README.md");
  std::string text((std::istreambuf_iterator<char>(readme)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  for (const SettingInfo& s : AllSettings()) {
    EXPECT_NE(text.find(std::string("`") + s.name + "`"), std::string::npos) << s.name;
  }
}

}  // namespace
}  // namespace chronotrail
