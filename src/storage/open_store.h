// Chooses and opens the record store a configuration names.
#pragma once

#include <memory>

#include "core/config.h"
#include "storage/record_store.h"

namespace chronotrail {

// Opens (creating directories and files as needed) the store named by config.database_url.
// Does not migrate. Throws ApiError(kUnavailable) when it cannot be opened.
std::unique_ptr<RecordStore> OpenRecordStore(const Config& config);

}  // namespace chronotrail
