// An accepted upload is processed even when the server that accepted it dies first: the job is in
// the durable queue with the record, and the next server's workers take it. An upload cut short
// by the death leaves no file behind once the server is back.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "media/media_samples.h"
#include "support/api_assertions.h"
#include "support/json_access.h"
#include "support/media_uploads.h"
#include "support/multipart_body.h"
#include "support/server_process.h"
#include "support/temp_dir.h"

namespace chronotrail::testing {
namespace {

using namespace std::chrono_literals;

TEST(HttpMediaCrashSafety, AnUploadAcceptedBeforeSigkillIsProcessedAfterRestart) {
  TempDir samples;
  MakeTextPhoto(samples.path() / "ticket.jpg", "Ferry ticket Tuesday");
  // Nobody processes, and the upload does not wait: it is answered as still processing.
  ServerProcess server({{"MEDIA_WORKERS", "0"}, {"MEDIA_WAIT_SECONDS", "0"}});
  std::string token = server.create_token(UniqueEmail(), "pro");
  std::string photo, voice;
  {
    ApiClient ana(server.port(), token);
    HttpResponse created = UploadFile(ana, kPhotos, samples.path() / "ticket.jpg");
    ASSERT_TRUE(HasStatus(created, 201));
    EXPECT_EQ(StringAt(created.json(), "processing_status"), "processing");
    EXPECT_EQ(StringAt(created.json(), "media.extracted_text"), "");
    photo = StringAt(created.json(), "file_id");
    HttpResponse spoken = UploadFile(ana, kVoice, ShortSpeechWav());
    ASSERT_TRUE(HasStatus(spoken, 201));
    voice = StringAt(spoken.json(), "file_id");
  }
  server.send_signal(SIGKILL);
  ASSERT_EQ(server.wait_for_exit(5s), 128 + SIGKILL);

  server.restart({{"MEDIA_WORKERS", "2"}});
  ApiClient ana(server.port(), token);
  boost::json::value processed = WaitUntilProcessed(ana, photo, 20s);
  ASSERT_EQ(StringAt(processed, "processing_status"), "completed") << processed;
  for (const char* word : {"ferry", "ticket", "tuesday"}) {
    EXPECT_TRUE(ContainsWord(StringAt(processed, "extracted_text"), word)) << processed;
  }
  boost::json::value transcribed = WaitUntilProcessed(ana, voice, 20s);
  ASSERT_EQ(StringAt(transcribed, "processing_status"), "completed") << transcribed;
  EXPECT_TRUE(ContainsWord(StringAt(transcribed, "extracted_text"), "young man")) << transcribed;
  // Both went from the spool into storage before they were acknowledged.
  std::error_code ec;
  EXPECT_TRUE(std::filesystem::is_empty(server.data_dir() / "spool", ec) || ec);
}

TEST(HttpMediaCrashSafety, TheSpoolFileOfAnUploadCutShortBySigkillIsRemovedOnRestart) {
  TempDir samples;
  WriteNoiseWav(samples.path() / "long.wav", 20 << 20);
  ServerProcess server(Environment{{"MEDIA_WORKERS", "0"}});
  std::string token = server.create_token(UniqueEmail(), "pro");
  const std::filesystem::path spool = server.data_dir() / "spool";
  auto spooled_bytes = [&spool] {
    std::uintmax_t bytes = 0;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(spool, ec), end; !ec && it != end;
         it.increment(ec)) {
      std::error_code gone;  // a file may go between listing and measuring
      std::uintmax_t size = it->file_size(gone);
      if (!gone) bytes += size;
    }
    return bytes;
  };
  // Half of the body, and then the server dies.
  HttpClient connection(server.port());
  MultipartBody form;
  std::string head = form.FileHead("file", "long.wav", "audio/wav");
  connection.send_raw(
      std::string("POST ") + kVoice + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
      token + "\r\nContent-Type: " + form.content_type() + "\r\nContent-Length: " +
      std::to_string(head.size() + (20 << 20) + form.Tail().size()) + "\r\n\r\n" + head);
  std::string wav = ReadFileBytes(samples.path() / "long.wav");
  connection.send_raw(std::string_view(wav).substr(0, 10 << 20));
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (spooled_bytes() < (9u << 20) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GE(spooled_bytes(), 9u << 20) << "the upload did not reach the spool";
  server.send_signal(SIGKILL);
  ASSERT_EQ(server.wait_for_exit(5s), 128 + SIGKILL);
  ASSERT_GE(spooled_bytes(), 9u << 20);

  server.restart();
  EXPECT_EQ(spooled_bytes(), 0u) << "the dead upload's spool file is still there";
  EXPECT_TRUE(server.wait_for_stdout("spool_swept", 1s));
  // Uploads go on as before.
  ApiClient ana(server.port(), token);
  EXPECT_TRUE(HasStatus(UploadFile(ana, kVoice, ShortSpeechWav()), 201));
}

}  // namespace
}  // namespace chronotrail::testing
