#include "services/user_data.h"

#include "core/error.h"

namespace chronotrail {

std::vector<Visit> UserDataService::VisitsPage(const User& user, int page) const {
  return store_.ListVisits(user.id, {}, {page, kExportPageSize}).items;
}

std::vector<Note> UserDataService::NotesPage(const User& user, int page) const {
  return store_.ListNotes(user.id, {}, {page, kExportPageSize}).items;
}

std::vector<Media> UserDataService::MediaPage(const User& user, int page) const {
  return store_.ListMedia(user.id, std::nullopt, {}, {page, kExportPageSize}).items;
}

std::string UserDataService::MediaBytes(const Media& media, std::int64_t offset,
                                        std::int64_t max_bytes) const {
  if (offset >= media.file_size) return {};
  std::string piece;
  blobs_.Get(media.blob_key, ByteRange{offset, offset + max_bytes - 1}, [&](std::string_view b) {
    piece.append(b);
    return true;
  });
  return piece;
}

void UserDataService::DeleteAccount(const User& user) const {
  if (!store_.DeleteUser(user.id)) throw ApiError::NotFound("User");
}

}  // namespace chronotrail
