// StatusService: whether the service's dependencies answer, for readiness checks.
#pragma once

#include "storage/record_store.h"

namespace chronotrail {

class StatusService {
 public:
  explicit StatusService(RecordStore& store) : store_(store) {}
  // True when the record store answers a trivial query. Never throws.
  bool DatabaseReady() const;

 private:
  RecordStore& store_;
};

}  // namespace chronotrail
