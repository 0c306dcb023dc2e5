#pragma once

#include <functional>

#include <QPointer>

#include "api/apiclient.h"
#include "query/querycontext.h"

namespace Ops {

//! Sends \a request through \a api for the fetch or mutation behind \a context, and settles the
//! context with the answer: \a settle decides when given; otherwise a success resolves with the
//! answer's JSON and a failure rejects with its error. Cancelling the context aborts the call.
//! Without an ApiClient (gone, or never set) the context is rejected as cancelled.
void sendRequest(const QPointer<ApiClient> &api, const ApiRequest &request,
    const QueryContext &context, std::function<void(const ApiResult &)> settle = {});

} // namespace Ops
