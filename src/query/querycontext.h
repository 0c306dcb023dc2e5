#pragma once

#include "core/error.h"
#include "querykey.h"

#include <QJsonValue>
#include <functional>
#include <memory>

namespace Ops {

//! \brief What a query function receives: the key, and the one-shot way to settle the fetch.
//!
//! The Qt counterpart of query-core's `queryFn({ queryKey, signal })` returning a promise.
//! `resolve` / `reject` may be called synchronously or later, from the thread the client lives
//! in; only the first call counts, and none counts after the fetch was cancelled. A transport
//! registers `onCancel` to abort its request (e.g. `QNetworkReply::abort`).
class QueryContext
{
public:
    using Completion = std::function<void(bool ok, const QJsonValue &data, const Ops::Error &error)>;

    QueryContext(QueryKey key, Completion completion);

    [[nodiscard]] const QueryKey &key() const;
    void resolve(const QJsonValue &data) const;
    void reject(const Ops::Error &error) const;
    //! \a fn runs once if the fetch is cancelled before it settled (immediately if it already was).
    void onCancel(std::function<void()> fn) const;
    [[nodiscard]] bool isCancelled() const;
    [[nodiscard]] bool isSettled() const;

    //! Called by the client: marks the fetch cancelled and runs the cancel callback.
    void cancel() const;

private:
    struct State;
    std::shared_ptr<State> d;
};

//! A query function: starts fetching `context.key()` and settles the context.
using QueryFn = std::function<void(const QueryContext &context)>;

} // namespace Ops
