#include "cli/runtime.h"

#include "storage/open_store.h"

namespace chronotrail::cli {

Runtime::Runtime(const Config& c)
    : config(c),
      store(OpenRecordStore(c)),
      migrations_applied(store->Migrate()),
      issuer(LocalIssuer::Open(c.data_dir)),
      verifier(*issuer),
      usage(*store, c.limits, SystemClock::Instance()),
      accounts(*store, verifier, usage, SystemClock::Instance()),
      timeline(*store, usage, SystemClock::Instance()),
      status(*store),
      user_data(*store) {}

}  // namespace chronotrail::cli
