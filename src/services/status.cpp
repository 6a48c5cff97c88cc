#include "services/status.h"

#include <exception>

namespace chronotrail {

bool StatusService::DatabaseReady() const {
  try {
    store_.Ping();
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace chronotrail
