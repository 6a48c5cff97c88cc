// AccountService: who is calling (bearer token → user), local users for the CLI, and profiles.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/validation.h"
#include "services/auth/local_issuer.h"
#include "services/usage.h"
#include "storage/record_store.h"

namespace chronotrail {

// The profile fields a user may change; absent fields are kept.
struct ProfileChanges {
  FieldErrors errors;  // problems already found while decoding the request
  Patch<std::string> display_name;
  Patch<std::string> timezone;
};

class AccountService {
 public:
  AccountService(RecordStore& store, const TokenVerifier& verifier, const UsageService& usage,
                 const Clock& clock)
      : store_(store), verifier_(verifier), usage_(usage), clock_(clock) {}

  // The user a bearer token speaks for, and whether it carries the operator role. A local token
  // names its user by id; a token of another issuer names a person by (issuer, subject), who
  // becomes a user on first sight, with the token's email and name. Throws
  // ApiError(kUnauthenticated) when the token is bad or its local user no longer exists, and
  // kUnavailable when the issuer's keys cannot be fetched.
  struct Caller {
    User user;
    bool admin = false;
  };
  Caller Authenticate(std::string_view token) const;

  // Finds the local user with this email (case-insensitive), creating it with `tier` (free when
  // not given); an explicit `tier` also updates an existing user. Throws kValidation for a bad
  // email.
  User EnsureLocalUser(std::string_view email, std::optional<Tier> tier) const;

  // Applies `changes` to the user's profile and returns the result. Throws kValidation. A new
  // time zone carries today's usage over to the new local day.
  User UpdateProfile(const User& user, ProfileChanges changes) const;

  // Operators: every user; the users with an email; a new tier (and expiry, none when absent) for
  // every user with that email, returned as updated (empty when there is no such user).
  std::vector<User> ListUsers() const { return store_.ListUsers(); }
  std::vector<User> FindByEmail(std::string_view email) const;
  std::vector<User> SetTier(std::string_view email, Tier tier, std::optional<Micros> until) const;
  // The same for one user by id (the admin API); NOT_FOUND when there is none. Absent fields are
  // kept; a null expiry removes it.
  User ChangeSubscription(const std::string& user_id, std::optional<Tier> tier,
                          Patch<Micros> expires_at) const;

 private:
  // The user of an identity from an OpenID issuer, created when it is new.
  User SignedInUser(const Identity& identity) const;

  RecordStore& store_;
  const TokenVerifier& verifier_;
  const UsageService& usage_;
  const Clock& clock_;
};

}  // namespace chronotrail
