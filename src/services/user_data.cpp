#include "services/user_data.h"

#include "core/error.h"

namespace chronotrail {

std::vector<Visit> UserDataService::VisitsPage(const User& user, int page) const {
  return store_.ListVisits(user.id, {}, {page, kExportPageSize}).items;
}

std::vector<Note> UserDataService::NotesPage(const User& user, int page) const {
  return store_.ListNotes(user.id, {}, {page, kExportPageSize}).items;
}

void UserDataService::DeleteAccount(const User& user) const {
  if (!store_.DeleteUser(user.id)) throw ApiError::NotFound("User");
}

}  // namespace chronotrail
