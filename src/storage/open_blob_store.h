// Chooses and opens the media blob store a configuration names.
#pragma once

#include <memory>

#include "core/config.h"
#include "storage/blob/blob_store.h"

namespace chronotrail {

// S3 (with credentials from the process environment: static keys or the ECS task role) when
// config.s3_bucket_name is set, else files under config.data_dir/media. Throws
// ApiError(kUnavailable) when the store cannot be opened or its settings cannot work.
std::unique_ptr<BlobStore> OpenBlobStore(const Config& config);

}  // namespace chronotrail
