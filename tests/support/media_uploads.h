// Uploading photos and voice notes through the HTTP API, as the app does, and reading back what
// the server made of them.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/api_client.h"
#include "support/http_client.h"

namespace chronotrail::testing {

inline constexpr const char* kPhotos = "/api/v1/photos";
inline constexpr const char* kVoice = "/api/v1/voice";

// Form fields sent before the file, in order ("timestamp", "longitude", …).
using FormFields = std::vector<std::pair<std::string, std::string>>;

// POST `route` with `bytes` as the `file` part named `filename` (declared as
// application/octet-stream: the server decides the type from the bytes), after `fields`.
HttpResponse Upload(ApiClient& user, std::string_view route, std::string_view filename,
                    std::string_view bytes, const FormFields& fields = {});
// The same with the bytes of a file on disk.
HttpResponse UploadFile(ApiClient& user, std::string_view route, const std::filesystem::path& file,
                        const FormFields& fields = {});

// POST `route` with the file at `file` streamed from disk in 1 MiB pieces over `connection`
// (Content-Length announced), so the test never holds the file in memory. When the server answers
// early and stops reading, the rest is not sent and its answer is returned.
HttpResponse StreamUpload(HttpClient& connection, const std::string& token, std::string_view route,
                          const std::filesystem::path& file, std::string_view filename,
                          const Headers& extra = {});

// GET /api/v1/media/{id}/info until processing_status is neither "pending" nor "processing", or
// `timeout` passed; returns the last info (throws when it is not 200).
boost::json::value WaitUntilProcessed(ApiClient& user, const std::string& id,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(60));

// `total` of GET /api/v1/media (-1 when the list fails).
std::int64_t MediaTotal(ApiClient& user);
// content.used of GET /api/v1/usage (-1 when it fails).
std::int64_t ContentUsed(ApiClient& user);

// Files under DATA_DIR/media whose name contains `id` (the stored bytes of that media).
std::vector<std::filesystem::path> StoredFiles(const std::filesystem::path& data_dir,
                                               const std::string& id);

// A photo (JPEG, ImageMagick) showing `text` in large plain letters, for OCR.
void MakeTextPhoto(const std::filesystem::path& out, const std::string& text);

// A valid WAV file (16 kHz mono 16-bit PCM) of exactly `bytes` bytes (at least 44) whose samples
// are noise from `seed`, written in pieces: any size costs the test no memory.
void WriteNoiseWav(const std::filesystem::path& out, std::uint64_t bytes, unsigned seed = 1);

// A PNG of `width` x `height` pixels of colour noise, which does not compress: about 3 bytes a
// pixel.
void MakeNoisePhoto(const std::filesystem::path& out, int width, int height, unsigned seed = 1);

}  // namespace chronotrail::testing
