// A clock that says what the test tells it.
#pragma once

#include "core/time.h"

namespace chronotrail::testing {

class FixedClock : public Clock {
 public:
  explicit FixedClock(const char* iso) : now(*ParseIsoTime(iso)) {}
  Micros Now() const override { return now; }
  Micros now;
};

}  // namespace chronotrail::testing
