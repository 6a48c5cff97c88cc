#include "services/accounts.h"

#include <algorithm>

#include "core/ids.h"

namespace chronotrail {

AccountService::Caller AccountService::Authenticate(std::string_view token) const {
  Identity identity = verifier_.Verify(token, clock_.Now());
  std::optional<User> user;
  if (identity.issuer == kLocalIssuer) {
    user = store_.FindUser(identity.subject);
  } else {
    user = SignedInUser(identity);
  }
  if (!user) throw ApiError::Unauthenticated("User not found");
  return {std::move(*user), identity.admin};
}

User AccountService::ChangeSubscription(const std::string& user_id, std::optional<Tier> tier,
                                        Patch<Micros> expires_at) const {
  std::optional<User> user = IsUuid(user_id) ? store_.FindUser(user_id) : std::nullopt;
  if (!user) throw ApiError::NotFound("User");
  if (tier) user->tier = *tier;
  if (expires_at) user->subscription_expires_at = *expires_at;
  user->updated_at = clock_.Now();
  if (!store_.UpdateUser(*user)) throw ApiError::NotFound("User");
  return *user;
}

namespace {

// Emails are compared trimmed and in lower case.
std::string NormalizeEmail(std::string_view email_in) {
  std::string email = Trim(email_in);
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return email;
}

}  // namespace

User AccountService::SignedInUser(const Identity& identity) const {
  if (auto known = store_.FindUserBySignIn(identity.issuer, identity.subject)) return *known;
  Micros now = clock_.Now();
  User fresh;
  fresh.id = NewId();
  fresh.email = identity.email ? NormalizeEmail(*identity.email) : std::string();
  if (identity.name) {
    std::string name = Trim(*identity.name);
    // A name the profile could not hold is left out rather than cut in the middle of a word.
    if (!name.empty() && CharCount(name) <= limits::kMaxDisplayNameChars) {
      fresh.display_name = std::move(name);
    }
  }
  fresh.tier = Tier::kFree;
  fresh.auth_issuer = identity.issuer;
  fresh.auth_subject = identity.subject;
  fresh.created_at = fresh.updated_at = now;
  // Two first requests at once both get here; the store keeps one user and returns it to both.
  return store_.FindOrCreateUser(fresh);
}

std::vector<User> AccountService::FindByEmail(std::string_view email) const {
  return store_.FindUsersByEmail(NormalizeEmail(email));
}

std::vector<User> AccountService::SetTier(std::string_view email, Tier tier,
                                          std::optional<Micros> until) const {
  std::vector<User> users = FindByEmail(email);
  Micros now = clock_.Now();
  for (User& u : users) {
    u.tier = tier;
    u.subscription_expires_at = until;
    u.updated_at = now;
    store_.UpdateUser(u);
  }
  return users;
}

User AccountService::EnsureLocalUser(std::string_view email_in, std::optional<Tier> tier) const {
  std::string email = NormalizeEmail(email_in);
  size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == email.size() || email.size() > 254 ||
      email.find_first_of(" \t\r\n") != std::string::npos) {
    FieldErrors errors;
    errors.Add("email", "must be an email address");
    errors.ThrowIfAny();
  }
  Micros now = clock_.Now();
  User fresh;
  fresh.id = NewId();
  fresh.email = email;
  fresh.tier = tier.value_or(Tier::kFree);
  fresh.auth_issuer = std::string(kLocalIssuer);
  fresh.auth_subject = email;
  fresh.created_at = fresh.updated_at = now;
  User user = store_.FindOrCreateUser(fresh);
  if (tier && user.tier != *tier) {
    user.tier = *tier;
    user.updated_at = now;
    store_.UpdateUser(user);
  }
  return user;
}

User AccountService::UpdateProfile(const User& current, ProfileChanges changes) const {
  FieldErrors& errors = changes.errors;
  User user = current;
  if (changes.display_name && !errors.Has("display_name")) {
    std::optional<std::string> name = *changes.display_name;
    if (name) name = Trim(*name);
    if (name && name->empty()) name.reset();
    if (name) CheckMaxChars(*name, limits::kMaxDisplayNameChars, "display_name", errors);
    user.display_name = name;
  }
  if (changes.timezone && !errors.Has("timezone")) {
    const std::optional<std::string>& tz = *changes.timezone;
    if (tz && !IsKnownTimeZone(*tz)) errors.Add("timezone", "must be an IANA time zone name");
    user.timezone = tz;
  }
  errors.ThrowIfAny();
  user.updated_at = clock_.Now();
  if (user.timezone != current.timezone) {
    // Carried before the change is saved: counted requests never see a fresh day meanwhile.
    store_.CarryUsage(user.id, usage_.Today(current).date, usage_.Today(user).date);
  }
  if (!store_.UpdateUser(user)) throw ApiError::NotFound("User");
  return user;
}

}  // namespace chronotrail
