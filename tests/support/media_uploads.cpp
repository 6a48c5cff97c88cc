#include "support/media_uploads.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <thread>

#include "media/media_samples.h"
#include "support/json_access.h"
#include "support/multipart_body.h"

namespace chronotrail::testing {

HttpResponse Upload(ApiClient& user, std::string_view route, std::string_view filename,
                    std::string_view bytes, const FormFields& fields) {
  MultipartBody form;
  for (const auto& [name, value] : fields) form.Field(name, value);
  form.File("file", filename, "application/octet-stream", bytes);
  return user.send(http::verb::post, route, form.body(), {{"Content-Type", form.content_type()}});
}

HttpResponse UploadFile(ApiClient& user, std::string_view route, const std::filesystem::path& file,
                        const FormFields& fields) {
  return Upload(user, route, file.filename().string(), ReadFileBytes(file), fields);
}

HttpResponse StreamUpload(HttpClient& connection, const std::string& token, std::string_view route,
                          const std::filesystem::path& file, std::string_view filename,
                          const Headers& extra) {
  MultipartBody form;
  const std::string head = form.FileHead("file", filename, "application/octet-stream");
  const std::string tail = form.Tail();
  const std::uintmax_t length = head.size() + std::filesystem::file_size(file) + tail.size();
  std::string request = "POST " + std::string(route) +
                        " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(connection.port()) +
                        "\r\nAuthorization: Bearer " + token +
                        "\r\nContent-Type: " + form.content_type() +
                        "\r\nContent-Length: " + std::to_string(length) + "\r\n";
  for (const auto& [name, value] : extra) request += name + ": " + value + "\r\n";
  request += "\r\n" + head;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::string piece(1 << 20, '\0');
  try {
    connection.send_raw(request);
    while (in) {
      in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
      if (in.gcount() > 0) {
        connection.send_raw(std::string_view(piece.data(), static_cast<size_t>(in.gcount())));
      }
    }
    connection.send_raw(tail);
  } catch (const std::exception&) {
    // The server stopped reading (an early refusal closes the connection): its answer is waiting.
  }
  return connection.read_response();
}

boost::json::value WaitUntilProcessed(ApiClient& user, const std::string& id,
                                      std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    HttpResponse info = user.get("/api/v1/media/" + id + "/info");
    if (info.status != 200) {
      throw std::runtime_error("GET info of " + id + ": " + std::to_string(info.status) + " " +
                               info.body);
    }
    boost::json::value media = info.json();
    std::string status = StringAt(media, "processing_status");
    if ((status != "pending" && status != "processing") ||
        std::chrono::steady_clock::now() > deadline) {
      return media;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::int64_t MediaTotal(ApiClient& user) {
  HttpResponse response = user.get("/api/v1/media");
  if (response.status != 200) return -1;
  return At(response.json(), "total").to_number<std::int64_t>();
}

std::int64_t ContentUsed(ApiClient& user) {
  HttpResponse response = user.get("/api/v1/usage");
  if (response.status != 200) return -1;
  return At(response.json(), "content.used").to_number<std::int64_t>();
}

std::vector<std::filesystem::path> StoredFiles(const std::filesystem::path& data_dir,
                                               const std::string& id) {
  std::vector<std::filesystem::path> found;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(data_dir / "media", ec), end;
       !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().find(id) != std::string::npos) found.push_back(it->path());
  }
  return found;
}

void MakeTextPhoto(const std::filesystem::path& out, const std::string& text) {
  MakeTextImage(out, text, "DejaVu-Sans", 40);
}

void WriteNoiseWav(const std::filesystem::path& out, std::uint64_t bytes, unsigned seed) {
  if (bytes < 44) throw std::invalid_argument("a WAV file has a 44-byte header");
  std::string piece;
  auto put = [&piece](std::uint32_t value, int size) {
    for (int i = 0; i < size; ++i) piece += static_cast<char>((value >> (8 * i)) & 0xff);
  };
  const auto data_bytes = static_cast<std::uint32_t>(bytes - 44);
  piece = "RIFF";
  put(data_bytes + 36, 4);
  piece += "WAVEfmt ";
  put(16, 4);     // the fmt chunk's size
  put(1, 2);      // PCM
  put(1, 2);      // mono
  put(16000, 4);  // samples a second
  put(32000, 4);  // bytes a second
  put(2, 2);      // bytes a frame
  put(16, 2);     // bits a sample
  piece += "data";
  put(data_bytes, 4);
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file.write(piece.data(), static_cast<std::streamsize>(piece.size()));
  std::mt19937_64 noise(seed);
  std::string block(1 << 20, '\0');
  for (std::uint64_t left = data_bytes; left > 0;) {
    for (size_t i = 0; i + 8 <= block.size(); i += 8) {
      std::uint64_t v = noise();
      std::memcpy(block.data() + i, &v, 8);
    }
    auto n = static_cast<std::streamsize>(std::min<std::uint64_t>(left, block.size()));
    file.write(block.data(), n);
    left -= static_cast<std::uint64_t>(n);
  }
  if (!file.flush()) throw std::runtime_error("cannot write " + out.string());
}

void MakeNoisePhoto(const std::filesystem::path& out, int width, int height, unsigned seed) {
  Shell("convert -seed " + std::to_string(seed) + " -size " + std::to_string(width) + "x" +
        std::to_string(height) + " xc:gray +noise Random -depth 8 PNG24:" + Quoted(out.string()));
}

}  // namespace chronotrail::testing
