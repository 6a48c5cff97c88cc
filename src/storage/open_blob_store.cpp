#include "storage/open_blob_store.h"

#include <filesystem>

#include "aws/credentials.h"
#include "storage/blob/local_blob_store.h"
#include "storage/blob/s3_blob_store.h"

namespace chronotrail {

std::unique_ptr<BlobStore> OpenBlobStore(const Config& config) {
  if (config.s3_bucket_name.empty()) {
    return std::make_unique<LocalBlobStore>(std::filesystem::path(config.data_dir) / "media");
  }
  S3Settings settings;
  settings.bucket = config.s3_bucket_name;
  settings.region = config.aws_region;
  settings.endpoint_url = config.s3_endpoint_url;
  return std::make_unique<S3BlobStore>(settings,
                                       aws::CredentialsFromEnvironment(aws::ProcessEnvironment()));
}

}  // namespace chronotrail
