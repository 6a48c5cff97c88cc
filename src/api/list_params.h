// Decoding of the list query string shared by every list route:
// ?start_date=&end_date=&page=&page_size=
#pragma once

#include "http/message.h"
#include "services/timeline.h"

namespace chronotrail::api {

// Reads and checks the list parameters. A date alone ("2024-03-12") as end_date means the end of
// that day. Throws ApiError(kValidation) naming every bad parameter.
ListQuery ReadListQuery(const http::Request& req);

}  // namespace chronotrail::api
