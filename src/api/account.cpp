// /api/v1/export and /api/v1/account: a person takes all of their data away, or has it removed.
#include <boost/json.hpp>
#include <memory>

#include "api/encode.h"
#include "api/routes.h"
#include "core/zip_writer.h"

namespace chronotrail::api {
namespace {

// What the archive holds, for whoever opens it.
constexpr const char* kReadme =
    "ChronoTrail export\n"
    "\n"
    "profile.json   your profile\n"
    "visits.jsonl   every location visit, one JSON object per line, newest first\n"
    "notes.jsonl    every text note, one JSON object per line, newest first\n"
    "media.jsonl    every photo and voice note: metadata, extracted text, newest first\n"
    "media/         the original files, named by media id\n"
    "\n"
    "The fields are those of the API (docs/API.md); times are UTC, ISO-8601.\n";

// The export archive, made a piece at a time as the client reads it: each step writes at most one
// page of records, so memory stays flat however much there is.
class ExportArchive {
 public:
  ExportArchive(const UserDataService& data, User user, Micros now)
      : data_(data),
        user_(std::move(user)),
        now_(now),
        zip_([this](std::string_view bytes) { out_.append(bytes); }) {}

  // The next bytes of the archive; empty once it is complete.
  std::string Next() {
    while (out_.empty() && stage_ != Stage::kDone) Step();
    return std::move(out_);
  }

 private:
  enum class Stage { kReadme, kProfile, kVisits, kNotes, kMedia, kMediaFiles, kFinish, kDone };

  // Media files are copied this much at a time.
  static constexpr std::int64_t kPieceBytes = 1 << 20;

  void Step() {
    switch (stage_) {
      case Stage::kReadme:
        Entry("README.txt", kReadme);
        stage_ = Stage::kProfile;
        break;
      case Stage::kProfile:
        Entry("profile.json", Encode(user_) + "\n");
        stage_ = Stage::kVisits;
        zip_.BeginEntry("visits.jsonl", now_, true);
        break;
      case Stage::kVisits:
        if (!Lines(data_.VisitsPage(user_, ++page_))) {
          zip_.EndEntry();
          zip_.BeginEntry("notes.jsonl", now_, true);
          stage_ = Stage::kNotes;
          page_ = 0;
        }
        break;
      case Stage::kNotes:
        if (!Lines(data_.NotesPage(user_, ++page_))) {
          zip_.EndEntry();
          zip_.BeginEntry("media.jsonl", now_, true);
          stage_ = Stage::kMedia;
          page_ = 0;
        }
        break;
      case Stage::kMedia:
        if (!Lines(data_.MediaPage(user_, ++page_))) {
          zip_.EndEntry();
          stage_ = Stage::kMediaFiles;
          page_ = 0;
        }
        break;
      case Stage::kMediaFiles:
        CopyMediaPiece();
        break;
      case Stage::kFinish:
        zip_.Finish();
        stage_ = Stage::kDone;
        break;
      case Stage::kDone:
        break;
    }
  }

  // One step of copying the original files: the next piece of the current file, or the start of
  // the next file (a page of media records is read at a time).
  void CopyMediaPiece() {
    if (file_ < media_.size()) {
      const Media& m = media_[file_];
      if (offset_ == 0) zip_.BeginEntry("media/" + m.id + "." + Extension(m), m.created_at, false);
      std::string piece = data_.MediaBytes(m, offset_, kPieceBytes);
      zip_.Write(piece);
      offset_ += static_cast<std::int64_t>(piece.size());
      if (piece.empty() || offset_ >= m.file_size) {
        zip_.EndEntry();
        ++file_;
        offset_ = 0;
      }
      return;
    }
    media_ = data_.MediaPage(user_, ++page_);
    file_ = 0;
    if (media_.empty()) stage_ = Stage::kFinish;
  }

  static std::string Extension(const Media& m) {
    static const std::pair<const char*, const char*> kTypes[] = {
        {"image/jpeg", "jpg"},  {"image/png", "png"},   {"image/webp", "webp"},
        {"image/heic", "heic"}, {"image/heif", "heif"}, {"image/gif", "gif"},
        {"audio/wav", "wav"},   {"audio/mpeg", "mp3"},  {"audio/mp4", "m4a"},
        {"audio/aac", "aac"},   {"audio/ogg", "ogg"},   {"audio/webm", "webm"},
        {"audio/flac", "flac"}};
    for (const auto& [mime, ext] : kTypes) {
      if (m.content_type == mime) return ext;
    }
    return "bin";
  }

  void Entry(const char* name, std::string_view content) {
    zip_.BeginEntry(name, now_, true);
    zip_.Write(content);
    zip_.EndEntry();
  }

  // Writes one page of records as JSON Lines; false when the page is empty (the end).
  template <class T>
  bool Lines(const std::vector<T>& page) {
    if (page.empty()) return false;
    std::string lines;
    lines.reserve(400 * page.size());
    for (const T& item : page) {
      lines += Encode(item);
      lines += '\n';
    }
    zip_.Write(lines);
    return true;
  }

  const UserDataService& data_;
  const User user_;
  const Micros now_;
  std::string out_;
  ZipWriter zip_;
  Stage stage_ = Stage::kReadme;
  int page_ = 0;
  std::vector<Media> media_;  // the page of media whose files are being copied
  size_t file_ = 0;
  std::int64_t offset_ = 0;
};

}  // namespace

void AddAccountRoutes(http::Router& router, const Services& s) {
  // Handlers outlive `s`: capture the services themselves, never `s`.
  const UserDataService& data = s.user_data;
  router.Add(verb::get, "/api/v1/export", Access::kAuthenticated, [&data](Request& req) {
    auto archive = std::make_shared<ExportArchive>(data, req.user(), SystemClock::Instance().Now());
    Response res;
    res.content_type = "application/zip";
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"chronotrail-export.zip\"");
    res.stream = [archive] { return archive->Next(); };
    return res;
  });
  router.Add(verb::delete_, "/api/v1/account", Access::kAuthenticated, [&data](Request& req) {
    boost::json::object body = req.json_body();
    const boost::json::value* confirm = body.if_contains("confirm");
    if (!confirm || !confirm->is_bool() || !confirm->get_bool()) {
      throw ApiError::Validation(
          {{"confirm", "must be true: deleting an account removes all of its data for good"}});
    }
    data.DeleteAccount(req.user());
    return Response::NoContent();
  });
}

}  // namespace chronotrail::api
