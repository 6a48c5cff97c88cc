#include "cli/runtime.h"

#include "storage/open_blob_store.h"
#include "storage/open_store.h"

namespace chronotrail::cli {

Runtime::Runtime(const Config& c)
    : config(c),
      store(OpenRecordStore(c)),
      migrations_applied(store->Migrate()),
      blobs(OpenBlobStore(c)),
      issuer(LocalIssuer::Open(c.data_dir)),
      verifier(*issuer),
      usage(*store, c.limits, SystemClock::Instance()),
      accounts(*store, verifier, usage, SystemClock::Instance()),
      timeline(*store, usage, SystemClock::Instance()),
      status(*store) {}

}  // namespace chronotrail::cli
