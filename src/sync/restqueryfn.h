#pragma once

#include "query/querycontext.h"

namespace Ops {

class ApiClient;

//! \brief The query function that maps a query key onto the REST API.
//!
//! `["orders"]` → `GET /api/orders`; `["orders", "ORD-1"]` → `GET /api/orders/ORD-1`; an object
//! part becomes query parameters (`["orders", {"status": "new"}]` → `?status=new`). Cancelling
//! the query aborts the HTTP request. Each answer's event-log position reaches the ApiClient's
//! positionObserved() signal.
[[nodiscard]] QueryFn restQueryFn(ApiClient *api);

} // namespace Ops
